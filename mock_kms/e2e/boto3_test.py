"""boto3 against mock-kms: the import flow, and every error case checked by the botocore
exception class a real application would catch (CONTRACT.md rule ids in the comments).

Run by the first of `python3` and `/usr/bin/python3` that can import boto3 (run_e2e.sh).
The profile-2026 RSA_AES_KEY_WRAP case needs the `cryptography` package (skipped without
it); the wrapping of the other cases does too, so without it the whole test is skipped.
"""

import os
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mockkms  # noqa: E402

try:
    import boto3
    import botocore.config
    import botocore.exceptions
except ImportError:
    mockkms.skip("boto3 is not installed for this python")
if not mockkms.have_cryptography():
    mockkms.skip("the python `cryptography` package is not installed")

ACCOUNT = "111122223333"


def client(server):
    return boto3.client(
        "kms", endpoint_url=server.endpoint, region_name="us-east-1",
        aws_access_key_id="AKIDMOCKKMSBOTO3E2E1", aws_secret_access_key="e2e/boto3/secret",
        config=botocore.config.Config(retries={"max_attempts": 1}))


class Flow:
    def __init__(self, c, kms):
        self.c = c
        self.kms = kms

    def external_key(self, **kwargs):
        return self.kms.create_key(Origin="EXTERNAL", **kwargs)["KeyMetadata"]

    def params(self, key_id, algorithm="RSAES_OAEP_SHA_256", spec="RSA_2048"):
        return self.kms.get_parameters_for_import(KeyId=key_id, WrappingAlgorithm=algorithm,
                                                  WrappingKeySpec=spec)

    def imported(self, key_id, material, algorithm="RSAES_OAEP_SHA_256", **kwargs):
        p = self.params(key_id, algorithm)
        kwargs.setdefault("ExpirationModel", "KEY_MATERIAL_DOES_NOT_EXPIRE")
        return self.kms.import_key_material(
            KeyId=key_id, ImportToken=p["ImportToken"],
            EncryptedKeyMaterial=mockkms.wrap(p["PublicKey"], material, algorithm), **kwargs)

    def expect_error(self, exception_name, call, message=None, what=""):
        """call() must raise kms.exceptions.<exception_name>, the botocore class of a modeled
        error; for an error the KMS model does not list (ValidationException), a ClientError
        whose code is exception_name."""
        exception_class = getattr(self.kms.exceptions, exception_name, None)
        if exception_class is None:
            exception_class = botocore.exceptions.ClientError
        try:
            result = call()
        except exception_class as e:
            self.c.equal(e.response["Error"]["Code"], exception_name, f"{what}: error code")
            if message is not None:
                self.c.equal(e.response["Error"]["Message"], message, f"{what}: message")
            self.c.check(e.response["ResponseMetadata"]["HTTPStatusCode"] == 400,
                         f"{what}: HTTP 400", e.response["ResponseMetadata"]["HTTPStatusCode"])
            self.c.check(bool(e.response["ResponseMetadata"].get("RequestId")),
                         f"{what}: x-amzn-RequestId")
            return e
        except Exception as e:  # noqa: BLE001: report what was raised instead
            self.c.check(False, f"{what}: expected {exception_name}", f"{type(e).__name__}: {e}")
            return None
        self.c.check(False, f"{what}: expected {exception_name}", f"success: {result}")
        return None


def happy_path(f):
    c, kms = f.c, f.kms
    meta = f.external_key()
    key_id, arn = meta["KeyId"], meta["Arn"]
    c.equal(meta["KeyState"], "PendingImport", "CreateKey EXTERNAL: KeyState")
    c.equal(meta["Enabled"], False, "CreateKey EXTERNAL: Enabled")
    p = f.params(key_id)
    c.equal(p["KeyId"], arn, "GPFI KeyId is the ARN")  # gpfi.response-shape
    c.check(abs(p["ParametersValidTo"].timestamp() - (time.time() + 86400)) < 120,
            "GPFI ParametersValidTo = now + 24 h")  # gpfi.validity-24h
    material = os.urandom(32)
    kms.import_key_material(KeyId=arn, ImportToken=p["ImportToken"],
                            EncryptedKeyMaterial=mockkms.wrap(p["PublicKey"], material),
                            ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    d = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    c.equal(d["KeyState"], "Enabled", "after import: KeyState")  # ikm.lifecycle
    c.equal(d["ExpirationModel"], "KEY_MATERIAL_DOES_NOT_EXPIRE", "after import: ExpirationModel")
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"attack at dawn")["CiphertextBlob"]
    c.equal(kms.decrypt(CiphertextBlob=blob)["Plaintext"], b"attack at dawn", "decrypt")
    kms.delete_imported_key_material(KeyId=key_id)
    d = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    c.equal(d["KeyState"], "PendingImport", "after delete: KeyState")  # dikm.lifecycle
    c.check("ExpirationModel" not in d, "after delete: no ExpirationModel", d)
    # ikm.reimport-same-material: the same material comes back, with an expiry this time.
    valid_to = int(time.time()) + 7 * 86400
    f.imported(key_id, material, "RSAES_OAEP_SHA_1", ExpirationModel="KEY_MATERIAL_EXPIRES",
               ValidTo=valid_to)
    d = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    c.equal(d["KeyState"], "Enabled", "after reimport: KeyState")
    c.equal(int(d["ValidTo"].timestamp()), valid_to, "after reimport: ValidTo")
    c.equal(kms.decrypt(CiphertextBlob=blob)["Plaintext"], b"attack at dawn",
            "decrypt after reimport")
    # ikm.reimport-same-material: different material is refused.
    kms.delete_imported_key_material(KeyId=key_id)
    f.expect_error("IncorrectKeyMaterialException", lambda: f.imported(key_id, os.urandom(32)),
                   what="reimport of different material")


def error_cases(f):
    kms = f.kms
    # gpfi.key-not-found (texts confirmed on DescribeKey)
    missing = str(uuid.uuid4())
    f.expect_error("NotFoundException", lambda: kms.describe_key(KeyId=missing),
                   f"Key 'arn:aws:kms:us-east-1:{ACCOUNT}:key/{missing}' does not exist",
                   "DescribeKey of a missing key")
    f.expect_error("NotFoundException", lambda: kms.describe_key(KeyId="xyz"),
                   "Invalid keyId 'xyz'", "DescribeKey of a malformed key id")
    f.expect_error("NotFoundException", lambda: f.params(missing), what="GPFI of a missing key")

    # gpfi.origin-external-only (confirmed text)
    aws_key = kms.create_key()["KeyMetadata"]
    f.expect_error("UnsupportedOperationException", lambda: f.params(aws_key["KeyId"]),
                   f"{aws_key['Arn']} origin is AWS_KMS which is not valid for this operation.",
                   "GPFI on an AWS_KMS key")

    a = f.external_key()
    b = f.external_key()
    pa = f.params(a["KeyId"])
    material = os.urandom(32)
    # ikm.token-bound-to-key
    f.expect_error("InvalidImportTokenException", lambda: kms.import_key_material(
        KeyId=b["KeyId"], ImportToken=pa["ImportToken"],
        EncryptedKeyMaterial=mockkms.wrap(pa["PublicKey"], material),
        ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE"), what="token of another key")
    # ikm.token-tampered
    token = bytearray(pa["ImportToken"])
    token[len(token) // 2] ^= 0x01
    f.expect_error("InvalidImportTokenException", lambda: kms.import_key_material(
        KeyId=a["KeyId"], ImportToken=bytes(token),
        EncryptedKeyMaterial=mockkms.wrap(pa["PublicKey"], material),
        ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE"), what="tampered token")
    # ikm.token-same-response: wrapped for response A, imported with response B's token.
    pa2 = f.params(a["KeyId"])
    f.expect_error("InvalidCiphertextException", lambda: kms.import_key_material(
        KeyId=a["KeyId"], ImportToken=pa2["ImportToken"],
        EncryptedKeyMaterial=mockkms.wrap(pa["PublicKey"], material),
        ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE"), what="another response's public key")
    # ikm.algorithm-bound: the token says OAEP-SHA-256, the material is OAEP-SHA-1.
    f.expect_error("InvalidCiphertextException", lambda: kms.import_key_material(
        KeyId=a["KeyId"], ImportToken=pa["ImportToken"],
        EncryptedKeyMaterial=mockkms.wrap(pa["PublicKey"], material, "RSAES_OAEP_SHA_1"),
        ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE"), what="another wrapping algorithm")
    # ikm.material-length
    f.expect_error("IncorrectKeyMaterialException", lambda: kms.import_key_material(
        KeyId=a["KeyId"], ImportToken=pa["ImportToken"],
        EncryptedKeyMaterial=mockkms.wrap(pa["PublicKey"], os.urandom(16)),
        ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE"), what="16-byte material")
    # ikm.valid-to (confirmed text): the default model KEY_MATERIAL_EXPIRES needs ValidTo.
    f.expect_error("ValidationException", lambda: kms.import_key_material(
        KeyId=a["KeyId"], ImportToken=pa["ImportToken"],
        EncryptedKeyMaterial=mockkms.wrap(pa["PublicKey"], material)),
        "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES",
        "missing ValidTo")
    # gpfi.wrapping-key-spec: RSA_4096 is not in the 2022 contract.
    f.expect_error("ValidationException", lambda: f.params(a["KeyId"], spec="RSA_4096"),
                   what="RSA_4096 in profile 2022")
    # ikm.lifecycle: a failed import changed nothing; Encrypt in PendingImport (confirmed).
    f.expect_error("KMSInvalidStateException",
                   lambda: kms.encrypt(KeyId=a["KeyId"], Plaintext=b"x"),
                   f"{a['Arn']} is pending import.", "Encrypt in PendingImport")
    # gpfi.key-state
    kms.schedule_key_deletion(KeyId=b["KeyId"], PendingWindowInDays=7)
    f.expect_error("KMSInvalidStateException", lambda: f.params(b["KeyId"]),
                   f"{b['Arn']} is pending deletion.", "GPFI on a PendingDeletion key")
    # The valid import still works after all those refusals.
    kms.import_key_material(KeyId=a["KeyId"], ImportToken=pa["ImportToken"],
                            EncryptedKeyMaterial=mockkms.wrap(pa["PublicKey"], material),
                            ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    f.c.equal(kms.describe_key(KeyId=a["KeyId"])["KeyMetadata"]["KeyState"], "Enabled",
              "import after the refusals")


def expired_token(c):
    # ikm.token-expired: the clock hook moves the server's time past ParametersValidTo.
    with mockkms.MockKms("--test-hooks", *mockkms.key_cache_args()) as server:
        f = Flow(c, client(server))
        key = f.external_key()
        p = f.params(key["KeyId"])
        status, _, body = server.request(None, '{"advance_seconds": 86401}', path="/_mock/clock")
        c.equal(status, 200, f"POST /_mock/clock ({body})")
        f.expect_error("ExpiredImportTokenException", lambda: f.kms.import_key_material(
            KeyId=key["KeyId"], ImportToken=p["ImportToken"],
            EncryptedKeyMaterial=mockkms.wrap(p["PublicKey"], os.urandom(32)),
            ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE"), what="expired token")


def profile_2026(c):
    # Profile 2026: an RSA_2048 private key imported with RSA_AES_KEY_WRAP_SHA_256.
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    with mockkms.MockKms("--profile", "2026", *mockkms.key_cache_args()) as server:
        f = Flow(c, client(server))
        key = f.external_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        der = private.private_bytes(serialization.Encoding.DER,
                                    serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
        out = f.imported(key["KeyId"], der, "RSA_AES_KEY_WRAP_SHA_256")
        d = f.kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
        c.equal(d["KeyState"], "Enabled", "2026 RSA import: KeyState")
        if "KeyMaterialId" in out or "KeyId" in out:
            c.equal(out.get("KeyId"), key["Arn"], "2026 ImportKeyMaterial KeyId")
            kmid = out.get("KeyMaterialId", "")
            c.check(len(kmid) == 64 and all(ch in "0123456789abcdef" for ch in kmid),
                    "2026 ImportKeyMaterial KeyMaterialId is 64 hex", kmid)
        else:
            print("  note: this botocore predates KeyMaterialId; its check is skipped")


def main():
    c = mockkms.Checker("boto3_test")
    print(f"boto3 {boto3.__version__} on {sys.executable}")
    with mockkms.MockKms(*mockkms.key_cache_args()) as server:
        f = Flow(c, client(server))
        happy_path(f)
        error_cases(f)
    expired_token(c)
    profile_2026(c)
    c.finish()


if __name__ == "__main__":
    main()
