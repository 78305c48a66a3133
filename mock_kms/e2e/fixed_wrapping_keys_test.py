"""mock-kms --test-hooks --fixed-wrapping-keys N: a ring of N wrapping key pairs per size.

With N = 2, three GetParametersForImport responses carry public keys 1 and 3 equal, 1 and 2
different (also when RSA_3072 requests come in between: each size has its own ring, profile
2026), from the compiled test keys (no --key-cache) and from the shared key cache. As
documented (mock_kms/model/fixed_key_source.h), material wrapped for response 1 then imports
with response 3's token, and is still refused with response 2's (ikm.token-same-response holds
between responses whose pairs differ). Without --test-hooks, or with N outside 1..1024, the
flag exits 2 with one clear message.
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mockkms  # noqa: E402


def gpfi(server, key_id, spec="RSA_2048"):
    return server.call("GetParametersForImport", {
        "KeyId": key_id, "WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": spec})


def ring_of_two(c, label, *extra):
    with mockkms.MockKms("--test-hooks", "--fixed-wrapping-keys", "2", "--profile", "2026",
                         *extra) as server:
        key_id = server.call("CreateKey", {"Origin": "EXTERNAL"})["KeyMetadata"]["KeyId"]
        first = gpfi(server, key_id)
        gpfi(server, key_id, "RSA_3072")
        second = gpfi(server, key_id)
        gpfi(server, key_id, "RSA_3072")
        third = gpfi(server, key_id)
        c.check(first["PublicKey"] == third["PublicKey"],
                f"{label}: responses 1 and 3 carry the same public key")
        c.check(first["PublicKey"] != second["PublicKey"],
                f"{label}: responses 1 and 2 carry different public keys")
        c.check(first["ImportToken"] != third["ImportToken"],
                f"{label}: each response still has its own token")
        if mockkms.have_cryptography():
            wrapped = mockkms.b64(mockkms.wrap(mockkms.unb64(first["PublicKey"]), os.urandom(32)))

            def import_with(params):
                return server.request("ImportKeyMaterial", {
                    "KeyId": key_id, "ImportToken": params["ImportToken"],
                    "EncryptedKeyMaterial": wrapped,
                    "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"})

            status, _, body = import_with(second)
            c.equal(status, 400, f"{label}: material for response 1 with response 2's token")
            c.check("InvalidCiphertextException" in body, f"{label}: refused as AWS does", body)
            status, _, body = import_with(third)
            c.equal(status, 200, f"{label}: material for response 1 with response 3's token "
                    "imports (the documented consequence of a shared pair)")
        code, _ = server.stop()
        c.equal(code, 0, f"{label}: exit code after SIGTERM")
        c.equal(server.stderr_text(), "", f"{label}: nothing on stderr")


def refused(c):
    def run(*args):
        return subprocess.run([mockkms.binary(), "--port", "0", *args], capture_output=True,
                              text=True, timeout=30, stdin=subprocess.DEVNULL)

    for args, needle in [
        (["--fixed-wrapping-keys", "2"], "--fixed-wrapping-keys needs --test-hooks"),
        (["--test-hooks", "--fixed-wrapping-keys", "0"], "(1..1024)"),
        (["--test-hooks", "--fixed-wrapping-keys", "1025"], "(1..1024)"),
        (["--test-hooks", "--fixed-wrapping-keys", "two"], "(1..1024)"),
    ]:
        p = run(*args)
        what = "mock-kms " + " ".join(args)
        c.equal(p.returncode, 2, f"exit code of {what}")
        c.check(needle in p.stderr and p.stderr.count("\n") == 1,
                f"one clear message for {what}", p.stderr)
        c.equal(p.stdout, "", f"nothing on stdout for {what}")
    p = subprocess.run([mockkms.binary(), "--help"], capture_output=True, text=True, timeout=30)
    c.check("--fixed-wrapping-keys N" in p.stdout, "--help documents --fixed-wrapping-keys")


def main():
    c = mockkms.Checker("fixed_wrapping_keys_test")
    ring_of_two(c, "compiled test keys")
    ring_of_two(c, "key cache", *mockkms.key_cache_args())
    refused(c)
    c.finish()


if __name__ == "__main__":
    main()
