"""The real AWS CLI v2 (/usr/bin/aws) against `mock-kms --profile 2026`, with the 2026 KMS
model from testdata/aws-data (AWS_DATA_PATH): Debian's CLI carries the 2022 model, which has
no RotateKeyOnDemand, ListKeyRotations or ImportType.

Flows (everything else by openssl and the standard library):
 1. an RSA_2048 SIGN_VERIFY key with an imported private key (RSA_AES_KEY_WRAP_SHA_256,
    wrapped with openssl as AWS's guide does): get-public-key equals the key's public half;
    sign (PSS and PKCS#1 v1.5) verifies with openssl and with verify; an openssl signature
    verifies on the mock; a changed signature is KMSInvalidSignatureException.
 2. an HMAC_256 key with imported material: generate-mac equals a local HMAC; verify-mac.
 3. a symmetric key with two materials: import M1, encrypt, import M2 as NEW_KEY_MATERIAL
    (PENDING_ROTATION), rotate-key-on-demand, list-key-rotations (both IncludeKeyMaterial
    values, paging), describe-key's CurrentKeyMaterialId, old and new ciphertexts decrypt;
    delete M1 by KeyMaterialId: PendingImport, decrypt refused; reimport M1: both decrypt.
 4. `mock-kms --profile 2022`: rotate-key-on-demand and list-key-rotations are
    UnknownOperationException (the 2022 model has neither).
"""

import base64
import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mockkms  # noqa: E402

AWS = "/usr/bin/aws"
AWS_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata", "aws-data")


def aws_env(workdir):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({
        "AWS_ACCESS_KEY_ID": "AKIDMOCKKMSE2E000026",
        "AWS_SECRET_ACCESS_KEY": "e2e/secret/2026",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_PAGER": "",
        "AWS_CONFIG_FILE": os.path.join(workdir, "config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(workdir, "credentials"),
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_RETRY_MODE": "standard",
        "AWS_DATA_PATH": AWS_DATA,
    })
    return env


class Cli:
    def __init__(self, server, env, checker):
        self.server = server
        self.env = env
        self.c = checker

    def run(self, *args):
        """aws kms ARGS: (exit code, parsed stdout or None, stderr)."""
        cmd = [AWS, "kms", *args, "--endpoint-url", self.server.endpoint, "--output", "json"]
        p = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=120)
        out = None
        if p.stdout.strip():
            try:
                out = json.loads(p.stdout)
            except json.JSONDecodeError:
                out = p.stdout
        return p.returncode, out, p.stderr

    def ok(self, *args):
        """A call that must succeed: its output (None when it failed, which is recorded)."""
        code, out, err = self.run(*args)
        if not self.c.equal(code, 0, f"aws kms {args[0]} exit code ({err.strip()})"):
            return None
        return out if out is not None else {}

    def refused(self, error, *args):
        code, _, err = self.run(*args)
        self.c.check(code != 0 and error in err, f"aws kms {args[0]} refused with {error}",
                     f"exit {code}: {err.strip()}")


def openssl(*args):
    p = subprocess.run(["openssl", *args], capture_output=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args)}: {p.stderr.decode(errors='replace')}")
    return p.stdout


class Work:
    def __init__(self):
        self.dir = mockkms.temp_dir("mock-kms-2026-cli-")

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, data):
        with open(self.path(name), "wb") as f:
            f.write(data)
        return self.path(name)

    def read(self, name):
        with open(self.path(name), "rb") as f:
            return f.read()


def wrap_with_openssl(w, public_key_b64, material_file, algorithm, tag):
    """The material wrapped for ImportKeyMaterial with openssl, as AWS's import guide does:
    RSAES_OAEP_SHA_* with pkeyutl; RSA_AES_KEY_WRAP_SHA_* as an ephemeral AES-256 key under
    RSA-OAEP followed by the material under AES key wrap with padding (RFC 5649)."""
    pub = w.write(f"{tag}-wrapping.der", base64.b64decode(public_key_b64))
    md = "sha1" if algorithm.endswith("SHA_1") else "sha256"
    oaep = ["-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", f"rsa_oaep_md:{md}",
            "-pkeyopt", f"rsa_mgf1_md:{md}"]
    if algorithm.startswith("RSAES_OAEP"):
        openssl("pkeyutl", "-encrypt", "-pubin", "-inkey", pub, "-keyform", "DER", *oaep,
                "-in", material_file, "-out", w.path(f"{tag}-wrapped.bin"))
        return w.path(f"{tag}-wrapped.bin")
    aes = os.urandom(32)
    aes_file = w.write(f"{tag}-aes.bin", aes)
    openssl("pkeyutl", "-encrypt", "-pubin", "-inkey", pub, "-keyform", "DER", *oaep,
            "-in", aes_file, "-out", w.path(f"{tag}-aes-wrapped.bin"))
    openssl("enc", "-id-aes256-wrap-pad", "-K", aes.hex(), "-iv", "A65959A6",
            "-in", material_file, "-out", w.path(f"{tag}-material-wrapped.bin"))
    os.remove(aes_file)
    return w.write(f"{tag}-wrapped.bin",
                   w.read(f"{tag}-aes-wrapped.bin") + w.read(f"{tag}-material-wrapped.bin"))


def import_material(cli, w, key_id, material_file, algorithm, tag, *extra):
    p = cli.ok("get-parameters-for-import", "--key-id", key_id, "--wrapping-algorithm",
               algorithm, "--wrapping-key-spec", "RSA_2048")
    if p is None:
        return None
    token = w.write(f"{tag}-token.bin", base64.b64decode(p["ImportToken"]))
    wrapped = wrap_with_openssl(w, p["PublicKey"], material_file, algorithm, tag)
    return cli.ok("import-key-material", "--key-id", key_id, "--import-token", f"fileb://{token}",
                  "--encrypted-key-material", f"fileb://{wrapped}",
                  "--expiration-model", "KEY_MATERIAL_DOES_NOT_EXPIRE", *extra)


def rsa_sign_verify(cli, w):
    c = cli.c
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
            "-out", w.path("rsa.pem"))
    openssl("pkcs8", "-topk8", "-nocrypt", "-in", w.path("rsa.pem"), "-outform", "DER",
            "-out", w.path("rsa-pkcs8.der"))
    openssl("pkey", "-in", w.path("rsa.pem"), "-pubout", "-out", w.path("rsa-pub.pem"))
    spki = openssl("pkey", "-in", w.path("rsa.pem"), "-pubout", "-outform", "DER")
    meta = cli.ok("create-key", "--origin", "EXTERNAL", "--key-spec", "RSA_2048",
                  "--key-usage", "SIGN_VERIFY")
    if meta is None:
        return
    key_id = meta["KeyMetadata"]["KeyId"]
    out = import_material(cli, w, key_id, w.path("rsa-pkcs8.der"), "RSA_AES_KEY_WRAP_SHA_256",
                          "rsa")
    if out is None:
        return
    c.check(len(out.get("KeyMaterialId", "")) == 64, "RSA import: KeyMaterialId", out)
    c.equal(cli.ok("describe-key", "--key-id", key_id)["KeyMetadata"]["KeyState"], "Enabled",
            "RSA key Enabled after import")
    pub = cli.ok("get-public-key", "--key-id", key_id)
    c.equal(base64.b64decode(pub["PublicKey"]), spki, "get-public-key = the imported key's")
    c.equal(pub["KeySpec"], "RSA_2048", "get-public-key KeySpec")
    c.check("RSASSA_PSS_SHA_256" in pub.get("SigningAlgorithms", []),
            "get-public-key SigningAlgorithms", pub)
    message = w.write("message.txt", b"kmsconform: imported RSA material in use\n")
    for alg, padding in (("RSASSA_PSS_SHA_256", ["-sigopt", "rsa_padding_mode:pss",
                                                 "-sigopt", "rsa_pss_saltlen:-1"]),
                         ("RSASSA_PKCS1_V1_5_SHA_256", [])):
        sig = cli.ok("sign", "--key-id", key_id, "--message", f"fileb://{message}",
                     "--message-type", "RAW", "--signing-algorithm", alg)
        if sig is None:
            continue
        sig_file = w.write(f"sig-{alg}.bin", base64.b64decode(sig["Signature"]))
        # The mock's signature verifies with openssl.
        p = subprocess.run(["openssl", "dgst", "-sha256", "-verify", w.path("rsa-pub.pem"),
                            *padding, "-signature", sig_file, message], capture_output=True)
        c.check(p.returncode == 0, f"{alg}: openssl verifies the mock's signature",
                p.stdout + p.stderr)
        v = cli.ok("verify", "--key-id", key_id, "--message", f"fileb://{message}",
                   "--message-type", "RAW", "--signing-algorithm", alg, "--signature",
                   f"fileb://{sig_file}")
        c.equal((v or {}).get("SignatureValid"), True, f"{alg}: verify")
        # An openssl signature verifies on the mock (the digest as DIGEST, too).
        local = w.path(f"local-{alg}.bin")
        openssl("dgst", "-sha256", "-sign", w.path("rsa.pem"), *padding, "-out", local, message)
        v = cli.ok("verify", "--key-id", key_id, "--message", f"fileb://{message}",
                   "--signing-algorithm", alg, "--signature", f"fileb://{local}")
        c.equal((v or {}).get("SignatureValid"), True, f"{alg}: the mock verifies openssl's")
        digest = w.write("digest.bin", hashlib.sha256(w.read("message.txt")).digest())
        v = cli.ok("verify", "--key-id", key_id, "--message", f"fileb://{digest}",
                   "--message-type", "DIGEST", "--signing-algorithm", alg, "--signature",
                   f"fileb://{local}")
        c.equal((v or {}).get("SignatureValid"), True, f"{alg}: verify of the DIGEST")
        changed = bytearray(w.read(f"sig-{alg}.bin"))
        changed[7] ^= 0x01
        bad = w.write("bad-sig.bin", bytes(changed))
        cli.refused("KMSInvalidSignatureException", "verify", "--key-id", key_id, "--message",
                    f"fileb://{message}", "--signing-algorithm", alg, "--signature",
                    f"fileb://{bad}")
    cli.refused("InvalidKeyUsageException", "sign", "--key-id", key_id, "--message",
                f"fileb://{message}", "--signing-algorithm", "ECDSA_SHA_256")


def hmac_mac(cli, w):
    c = cli.c
    material = os.urandom(32)
    material_file = w.write("hmac-material.bin", material)
    meta = cli.ok("create-key", "--origin", "EXTERNAL", "--key-spec", "HMAC_256",
                  "--key-usage", "GENERATE_VERIFY_MAC")
    if meta is None:
        return
    key_id = meta["KeyMetadata"]["KeyId"]
    if import_material(cli, w, key_id, material_file, "RSAES_OAEP_SHA_256", "hmac") is None:
        return
    message = w.write("mac-message.txt", b"kmsconform: imported HMAC material in use")
    out = cli.ok("generate-mac", "--key-id", key_id, "--mac-algorithm", "HMAC_SHA_256",
                 "--message", f"fileb://{message}")
    if out is None:
        return
    mac = base64.b64decode(out["Mac"])
    c.equal(mac, hmac.new(material, w.read("mac-message.txt"), hashlib.sha256).digest(),
            "generate-mac = a local HMAC-SHA-256 with the imported material")
    mac_file = w.write("mac.bin", mac)
    v = cli.ok("verify-mac", "--key-id", key_id, "--mac-algorithm", "HMAC_SHA_256", "--message",
               f"fileb://{message}", "--mac", f"fileb://{mac_file}")
    c.equal((v or {}).get("MacValid"), True, "verify-mac")
    bad = w.write("bad-mac.bin", bytes([mac[0] ^ 1]) + mac[1:])
    cli.refused("KMSInvalidMacException", "verify-mac", "--key-id", key_id, "--mac-algorithm",
                "HMAC_SHA_256", "--message", f"fileb://{message}", "--mac", f"fileb://{bad}")


def two_materials(cli, w):
    c = cli.c
    meta = cli.ok("create-key", "--origin", "EXTERNAL")
    if meta is None:
        return
    key_id = meta["KeyMetadata"]["KeyId"]
    m1 = w.write("m1.bin", os.urandom(32))
    m2 = w.write("m2.bin", os.urandom(32))
    first = import_material(cli, w, key_id, m1, "RSAES_OAEP_SHA_256", "m1")
    if first is None:
        return
    m1_id = first["KeyMaterialId"]
    plain1 = w.write("plain1.txt", b"made under the first material")
    c1 = cli.ok("encrypt", "--key-id", key_id, "--plaintext", f"fileb://{plain1}")["CiphertextBlob"]
    second = import_material(cli, w, key_id, m2, "RSAES_OAEP_SHA_1", "m2", "--import-type",
                             "NEW_KEY_MATERIAL", "--key-material-description", "second material")
    if second is None:
        return
    m2_id = second["KeyMaterialId"]
    c.check(m2_id != m1_id, "two materials, two ids")
    listed = cli.ok("list-key-rotations", "--key-id", key_id, "--include-key-material",
                    "ALL_KEY_MATERIAL")
    states = {e["KeyMaterialId"]: e.get("KeyMaterialState") for e in listed["Rotations"]}
    c.equal(states, {m1_id: "CURRENT", m2_id: "PENDING_ROTATION"}, "before rotation")
    c.equal(cli.ok("describe-key", "--key-id", key_id)["KeyMetadata"].get("CurrentKeyMaterialId"),
            m1_id, "CurrentKeyMaterialId before rotation")
    rotated = cli.ok("rotate-key-on-demand", "--key-id", key_id)
    c.check(rotated is not None and "KeyId" in rotated, "rotate-key-on-demand", rotated)
    c.equal(cli.ok("describe-key", "--key-id", key_id)["KeyMetadata"].get("CurrentKeyMaterialId"),
            m2_id, "CurrentKeyMaterialId after rotation")
    plain2 = w.write("plain2.txt", b"made under the second material")
    c2 = cli.ok("encrypt", "--key-id", key_id, "--plaintext", f"fileb://{plain2}")["CiphertextBlob"]

    def decrypt(blob, what):
        f = w.write("blob.bin", base64.b64decode(blob))
        return cli.ok("decrypt", "--ciphertext-blob", f"fileb://{f}") or {}

    d1 = decrypt(c1, "c1")
    c.equal(base64.b64decode(d1.get("Plaintext", "")), w.read("plain1.txt"), "old ciphertext")
    c.equal(d1.get("KeyMaterialId"), m1_id, "old ciphertext: its own material")
    d2 = decrypt(c2, "c2")
    c.equal(base64.b64decode(d2.get("Plaintext", "")), w.read("plain2.txt"), "new ciphertext")
    c.equal(d2.get("KeyMaterialId"), m2_id, "new ciphertext: the new material")
    rotations = cli.ok("list-key-rotations", "--key-id", key_id)["Rotations"]
    c.equal([(e["KeyMaterialId"], e.get("RotationType")) for e in rotations],
            [(m2_id, "ON_DEMAND")], "list-key-rotations (ROTATIONS_ONLY)")
    c.check("RotationDate" in rotations[0], "the rotation has a RotationDate", rotations)
    page = cli.ok("list-key-rotations", "--key-id", key_id, "--include-key-material",
                  "ALL_KEY_MATERIAL", "--limit", "1")
    c.equal(page.get("Truncated"), True, "a page of one is truncated")
    rest = cli.ok("list-key-rotations", "--key-id", key_id, "--include-key-material",
                  "ALL_KEY_MATERIAL", "--marker", page.get("NextMarker", "none"))
    c.equal([e["KeyMaterialId"] for e in page["Rotations"] + (rest or {}).get("Rotations", [])],
            [m1_id, m2_id], "paging through both materials")
    # Deleting M1 (permanently associated) makes the key PendingImport.
    deleted = cli.ok("delete-imported-key-material", "--key-id", key_id, "--key-material-id",
                     m1_id)
    c.equal((deleted or {}).get("KeyMaterialId"), m1_id, "delete-imported-key-material by id")
    c.equal(cli.ok("describe-key", "--key-id", key_id)["KeyMetadata"]["KeyState"],
            "PendingImport", "after deleting M1")
    f = w.write("blob.bin", base64.b64decode(c2))
    cli.refused("KMSInvalidStateException", "decrypt", "--ciphertext-blob", f"fileb://{f}")
    # M1 back (ImportType omitted: EXISTING_KEY_MATERIAL): both ciphertexts decrypt.
    import_material(cli, w, key_id, m1, "RSAES_OAEP_SHA_256", "m1-again")
    c.equal(cli.ok("describe-key", "--key-id", key_id)["KeyMetadata"]["KeyState"], "Enabled",
            "after reimporting M1")
    c.equal(base64.b64decode(decrypt(c1, "c1").get("Plaintext", "")), w.read("plain1.txt"),
            "old ciphertext after the reimport")
    c.equal(base64.b64decode(decrypt(c2, "c2").get("Plaintext", "")), w.read("plain2.txt"),
            "new ciphertext after the reimport")
    # No material pending rotation: the refusal.
    cli.refused("UnsupportedOperationException", "rotate-key-on-demand", "--key-id", key_id)


def main():
    if not os.access(AWS, os.X_OK):
        mockkms.skip(f"{AWS} (AWS CLI v2) is not installed")
    if shutil.which("openssl") is None:
        mockkms.skip("openssl is not installed")
    version = subprocess.run([AWS, "--version"], capture_output=True, text=True).stdout
    if not version.startswith("aws-cli/2."):
        mockkms.skip(f"{AWS} is not the AWS CLI v2: {version.strip()}")
    c = mockkms.Checker("kms_2026_cli_test")
    w = Work()
    with mockkms.MockKms("--profile", "2026", *mockkms.key_cache_args()) as server:
        cli = Cli(server, aws_env(w.dir), c)
        rsa_sign_verify(cli, w)
        hmac_mac(cli, w)
        two_materials(cli, w)
    # Profile 2022: the operations its model lacks are unknown, whatever the client knows.
    with mockkms.MockKms("--profile", "2022", *mockkms.key_cache_args()) as server:
        cli = Cli(server, aws_env(w.dir), c)
        key_id = (cli.ok("create-key") or {}).get("KeyMetadata", {}).get("KeyId", "none")
        cli.refused("UnknownOperationException", "rotate-key-on-demand", "--key-id", key_id)
        cli.refused("UnknownOperationException", "list-key-rotations", "--key-id", key_id)
    shutil.rmtree(w.dir, ignore_errors=True)
    c.finish()


if __name__ == "__main__":
    main()
