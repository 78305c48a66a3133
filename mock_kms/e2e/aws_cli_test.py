"""The real AWS CLI v2 (/usr/bin/aws) against mock-kms: the seed's import flow end to end.

create-key --origin EXTERNAL; get-parameters-for-import (the seed's example); wrap 32
random bytes with openssl pkeyutl (RSAES_OAEP_SHA_256, and once RSAES_OAEP_SHA_1);
import-key-material (KEY_MATERIAL_DOES_NOT_EXPIRE, and once with --valid-to);
describe-key; encrypt/decrypt; delete-imported-key-material; reimport. Outputs are checked
field by field (gpfi.response-shape, gpfi.validity-24h, ikm.lifecycle, dikm.lifecycle).
"""

import datetime
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mockkms  # noqa: E402

AWS = "/usr/bin/aws"


def aws_env(workdir, access_key="AKIDMOCKKMSE2E000001", secret="e2e/secret/key"):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({
        "AWS_ACCESS_KEY_ID": access_key,
        "AWS_SECRET_ACCESS_KEY": secret,
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_PAGER": "",
        "AWS_CONFIG_FILE": os.path.join(workdir, "config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(workdir, "credentials"),
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_RETRY_MODE": "standard",
    })
    return env


def aws(server, env, *args):
    """Runs aws kms ARGS; returns (exit code, parsed stdout or None, stderr)."""
    cmd = [AWS, "kms", *args, "--endpoint-url", server.endpoint, "--output", "json"]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    out = None
    if p.stdout.strip():
        try:
            out = json.loads(p.stdout)
        except json.JSONDecodeError:
            out = p.stdout
    return p.returncode, out, p.stderr


def parse_time(value):
    """AWS CLI v2 prints timestamps as ISO 8601 (or epoch numbers with another format)."""
    if isinstance(value, (int, float)):
        return float(value)
    return datetime.datetime.fromisoformat(value).timestamp()


def openssl(*args, **kwargs):
    return subprocess.run(["openssl", *args], capture_output=True, timeout=60, **kwargs)


def main():
    if not os.access(AWS, os.X_OK):
        mockkms.skip(f"{AWS} (AWS CLI v2) is not installed")
    if shutil.which("openssl") is None:
        mockkms.skip("openssl is not installed")
    version = subprocess.run([AWS, "--version"], capture_output=True, text=True).stdout
    if not version.startswith("aws-cli/2."):
        mockkms.skip(f"{AWS} is not the AWS CLI v2: {version.strip()}")

    c = mockkms.Checker("aws_cli_test")
    work = mockkms.temp_dir("mock-kms-aws-cli-")
    env = aws_env(work)

    def path(name):
        return os.path.join(work, name)

    def write(name, data):
        with open(path(name), "wb") as f:
            f.write(data)
        return path(name)

    with mockkms.MockKms(*mockkms.key_cache_args()) as server:
        # create-key --origin EXTERNAL: PendingImport, not enabled.
        code, out, err = aws(server, env, "create-key", "--origin", "EXTERNAL",
                             "--description", "kmsconform e2e")
        if not c.equal(code, 0, f"create-key exit code ({err})"):
            c.finish()
        meta = out["KeyMetadata"]
        key_id, arn = meta["KeyId"], meta["Arn"]
        c.equal(arn, f"arn:aws:kms:us-east-1:111122223333:key/{key_id}", "create-key Arn")
        c.equal(meta["Origin"], "EXTERNAL", "create-key Origin")
        c.equal(meta["KeyState"], "PendingImport", "create-key KeyState")
        c.equal(meta["Enabled"], False, "create-key Enabled")
        c.equal(meta.get("KeyManager"), "CUSTOMER", "create-key KeyManager")
        c.equal(meta.get("KeySpec"), "SYMMETRIC_DEFAULT", "create-key KeySpec")

        def import_material(material, algorithm, md, *expiry):
            """GPFI (the seed's example), wrap with openssl, import. Returns the GPFI output."""
            code, params, err = aws(server, env, "get-parameters-for-import", "--key-id",
                                    key_id, "--wrapping-algorithm", algorithm,
                                    "--wrapping-key-spec", "RSA_2048")
            if not c.equal(code, 0, f"get-parameters-for-import {algorithm} ({err})"):
                return None
            now = datetime.datetime.now(datetime.timezone.utc).timestamp()
            # gpfi.response-shape: KeyId is the ARN even for a bare id.
            c.equal(params["KeyId"], arn, "GPFI KeyId")
            valid_to = parse_time(params["ParametersValidTo"])
            # gpfi.validity-24h
            c.check(abs(valid_to - (now + 86400)) < 120, "GPFI ParametersValidTo = now + 24 h",
                    f"{valid_to - now} s ahead")
            public_der = mockkms.unb64(params["PublicKey"])
            write("public.der", public_der)
            text = openssl("pkey", "-pubin", "-inform", "DER", "-in", path("public.der"),
                           "-noout", "-text", text=True)
            c.check(text.returncode == 0 and "Public-Key: (2048 bit)" in text.stdout,
                    "GPFI PublicKey is an RSA-2048 SPKI", text.stdout[:80] + text.stderr)
            token = mockkms.unb64(params["ImportToken"])
            c.check(1 <= len(token) <= 6144, "GPFI ImportToken is 1..6144 bytes", len(token))
            write("token.bin", token)
            write("material.bin", material)
            wrapped = openssl("pkeyutl", "-encrypt", "-pubin", "-keyform", "DER",
                              "-inkey", path("public.der"), "-in", path("material.bin"),
                              "-out", path("wrapped.bin"),
                              "-pkeyopt", "rsa_padding_mode:oaep",
                              "-pkeyopt", f"rsa_oaep_md:{md}", "-pkeyopt", f"rsa_mgf1_md:{md}")
            c.equal(wrapped.returncode, 0, f"openssl pkeyutl ({wrapped.stderr!r})")
            code, out, err = aws(server, env, "import-key-material", "--key-id", key_id,
                                 "--encrypted-key-material", f"fileb://{path('wrapped.bin')}",
                                 "--import-token", f"fileb://{path('token.bin')}", *expiry)
            c.equal(code, 0, f"import-key-material {algorithm} ({err})")
            return params

        material = os.urandom(32)
        import_material(material, "RSAES_OAEP_SHA_256", "sha256",
                        "--expiration-model", "KEY_MATERIAL_DOES_NOT_EXPIRE")

        # ikm.lifecycle: Enabled, ExpirationModel set, no ValidTo.
        code, out, err = aws(server, env, "describe-key", "--key-id", arn)
        meta = out["KeyMetadata"] if code == 0 else {}
        c.equal(meta.get("KeyState"), "Enabled", "describe-key after import: KeyState")
        c.equal(meta.get("Enabled"), True, "describe-key after import: Enabled")
        c.equal(meta.get("ExpirationModel"), "KEY_MATERIAL_DOES_NOT_EXPIRE",
                "describe-key after import: ExpirationModel")
        c.check("ValidTo" not in meta, "describe-key after import: no ValidTo", meta)
        c.equal(meta.get("Origin"), "EXTERNAL", "describe-key Origin")

        # Encrypt / decrypt with the imported material (fileb:// blobs).
        plaintext = os.urandom(48)
        write("plain.bin", plaintext)
        code, out, err = aws(server, env, "encrypt", "--key-id", key_id,
                             "--plaintext", f"fileb://{path('plain.bin')}")
        c.equal(code, 0, f"encrypt ({err})")
        ciphertext = mockkms.unb64(out["CiphertextBlob"]) if code == 0 else b""
        c.equal(out.get("KeyId") if code == 0 else None, arn, "encrypt KeyId")
        write("cipher.bin", ciphertext)

        def decrypt():
            return aws(server, env, "decrypt", "--ciphertext-blob",
                       f"fileb://{path('cipher.bin')}")

        code, out, err = decrypt()
        c.equal(code, 0, f"decrypt ({err})")
        c.equal(mockkms.unb64(out["Plaintext"]) if code == 0 else None, plaintext,
                "decrypt gives the plaintext back")

        # dikm.lifecycle: PendingImport, Enabled=false, ExpirationModel removed.
        code, out, err = aws(server, env, "delete-imported-key-material", "--key-id", key_id)
        c.equal(code, 0, f"delete-imported-key-material ({err})")
        code, out, err = aws(server, env, "describe-key", "--key-id", key_id)
        meta = out["KeyMetadata"] if code == 0 else {}
        c.equal(meta.get("KeyState"), "PendingImport", "describe-key after delete: KeyState")
        c.equal(meta.get("Enabled"), False, "describe-key after delete: Enabled")
        c.check("ExpirationModel" not in meta, "describe-key after delete: no ExpirationModel",
                meta)
        code, out, err = decrypt()
        c.check(code != 0 and "KMSInvalidStateException" in err,
                "decrypt without material: KMSInvalidStateException", err.strip())

        # Reimport the same material with RSAES_OAEP_SHA_1 and an expiry (--valid-to).
        valid_to = (datetime.datetime.now(datetime.timezone.utc) +
                    datetime.timedelta(days=30)).replace(microsecond=0)
        import_material(material, "RSAES_OAEP_SHA_1", "sha1", "--expiration-model",
                        "KEY_MATERIAL_EXPIRES", "--valid-to",
                        valid_to.strftime("%Y-%m-%dT%H:%M:%SZ"))
        code, out, err = aws(server, env, "describe-key", "--key-id", key_id)
        meta = out["KeyMetadata"] if code == 0 else {}
        c.equal(meta.get("KeyState"), "Enabled", "describe-key after reimport: KeyState")
        c.equal(meta.get("ExpirationModel"), "KEY_MATERIAL_EXPIRES",
                "describe-key after reimport: ExpirationModel")
        c.check("ValidTo" in meta and abs(parse_time(meta["ValidTo"]) - valid_to.timestamp()) < 1,
                "describe-key after reimport: ValidTo", meta.get("ValidTo"))
        code, out, err = decrypt()
        c.equal(code, 0, f"decrypt after reimport ({err})")
        c.equal(mockkms.unb64(out["Plaintext"]) if code == 0 else None, plaintext,
                "decrypt after reimport gives the plaintext back")

    shutil.rmtree(work, ignore_errors=True)
    c.finish()


if __name__ == "__main__":
    main()
