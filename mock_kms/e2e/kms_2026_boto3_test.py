"""boto3 against `mock-kms --profile 2026`, with the 2026 KMS model from testdata/aws-data
(AWS_DATA_PATH, set before boto3 loads a model: Debian's boto3 carries the 2022 model).

Flows, with local checks by the `cryptography` package and hmac:
 1. RSA_2048 and ECC_NIST_P256 SIGN_VERIFY keys with imported private keys: get_public_key
    equals the public half; sign/verify both ways; a changed signature is
    kms.exceptions.KMSInvalidSignatureException.
 2. an HMAC_256 key: generate_mac equals a local HMAC; verify_mac; a changed MAC is
    kms.exceptions.KMSInvalidMacException.
 3. two materials on a symmetric key, rotate_key_on_demand, list_key_rotations, old and
    new ciphertexts decrypt; deleting the first material makes the key PendingImport
    (KMSInvalidStateException) until it is reimported.
 4. --state-dir: the materials, a rotation, a material pending rotation and a deleted one
    survive kill -9 and a restart.
Skipped where boto3 or cryptography is missing (run_e2e.sh picks a python with boto3).
"""

import hashlib
import hmac
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
os.environ["AWS_DATA_PATH"] = os.path.join(HERE, "testdata", "aws-data")
sys.path.insert(0, HERE)
import mockkms  # noqa: E402

try:
    import boto3
    import botocore.config
except ImportError:
    mockkms.skip("boto3 is not installed for this python")
if not mockkms.have_cryptography():
    mockkms.skip("the python `cryptography` package is not installed")

from cryptography.exceptions import InvalidSignature  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa  # noqa: E402


def client(server):
    return boto3.client(
        "kms", endpoint_url=server.endpoint, region_name="us-east-1",
        aws_access_key_id="AKIDMOCKKMSBOTO32026", aws_secret_access_key="e2e/boto3/2026",
        config=botocore.config.Config(retries={"max_attempts": 1}))


def imported_key(kms, spec, usage, material, algorithm="RSA_AES_KEY_WRAP_SHA_256", **kwargs):
    key_id = kms.create_key(Origin="EXTERNAL", KeySpec=spec, KeyUsage=usage)["KeyMetadata"]["KeyId"]
    return key_id, import_into(kms, key_id, material, algorithm, **kwargs)


def import_into(kms, key_id, material, algorithm="RSAES_OAEP_SHA_256", **kwargs):
    p = kms.get_parameters_for_import(KeyId=key_id, WrappingAlgorithm=algorithm,
                                      WrappingKeySpec="RSA_2048")
    return kms.import_key_material(
        KeyId=key_id, ImportToken=p["ImportToken"],
        EncryptedKeyMaterial=mockkms.wrap(p["PublicKey"], material, algorithm),
        ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE", **kwargs)


def raises(c, exception_class, call, what):
    try:
        call()
    except exception_class:
        c.check(True, what)
        return
    except Exception as e:  # noqa: BLE001
        c.check(False, what, f"{type(e).__name__}: {e}")
        return
    c.check(False, what, "it succeeded")


def signing(c, kms):
    message = b"kmsconform: imported asymmetric material in use"
    cases = [
        ("RSA_2048", rsa.generate_private_key(public_exponent=65537, key_size=2048),
         [("RSASSA_PSS_SHA_256",
           lambda pub, sig: pub.verify(sig, message, padding.PSS(
               mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())),
          ("RSASSA_PKCS1_V1_5_SHA_384",
           lambda pub, sig: pub.verify(sig, message, padding.PKCS1v15(), hashes.SHA384()))],
         lambda priv: priv.sign(message, padding.PKCS1v15(), hashes.SHA384()),
         "RSASSA_PKCS1_V1_5_SHA_384"),
        ("ECC_NIST_P256", ec.generate_private_key(ec.SECP256R1()),
         [("ECDSA_SHA_256", lambda pub, sig: pub.verify(sig, message, ec.ECDSA(hashes.SHA256())))],
         lambda priv: priv.sign(message, ec.ECDSA(hashes.SHA256())), "ECDSA_SHA_256"),
    ]
    for spec, private, algorithms, local_sign, local_alg in cases:
        der = private.private_bytes(serialization.Encoding.DER,
                                    serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
        spki = private.public_key().public_bytes(serialization.Encoding.DER,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo)
        key_id, out = imported_key(kms, spec, "SIGN_VERIFY", der)
        c.check(len(out.get("KeyMaterialId", "")) == 64, f"{spec}: KeyMaterialId", out)
        pub = kms.get_public_key(KeyId=key_id)
        c.equal(pub["PublicKey"], spki, f"{spec}: get_public_key = the imported key's")
        c.equal(pub["KeySpec"], spec, f"{spec}: KeySpec")
        public = serialization.load_der_public_key(pub["PublicKey"])
        for alg, verify_locally in algorithms:
            sig = kms.sign(KeyId=key_id, Message=message, MessageType="RAW",
                           SigningAlgorithm=alg)["Signature"]
            try:
                verify_locally(public, sig)
                c.check(True, f"{spec} {alg}: the signature verifies locally")
            except InvalidSignature:
                c.check(False, f"{spec} {alg}: the signature verifies locally")
            c.equal(kms.verify(KeyId=key_id, Message=message, Signature=sig,
                               SigningAlgorithm=alg)["SignatureValid"], True,
                    f"{spec} {alg}: verify")
            changed = bytes([sig[0] ^ 1]) + sig[1:]
            raises(c, kms.exceptions.KMSInvalidSignatureException,
                   lambda: kms.verify(KeyId=key_id, Message=message, Signature=changed,
                                      SigningAlgorithm=alg),
                   f"{spec} {alg}: a changed signature")
        c.equal(kms.verify(KeyId=key_id, Message=message, Signature=local_sign(private),
                           SigningAlgorithm=local_alg)["SignatureValid"], True,
                f"{spec}: a local signature verifies on the mock")


def mac(c, kms):
    material = os.urandom(48)
    key_id, _ = imported_key(kms, "HMAC_256", "GENERATE_VERIFY_MAC", material,
                             "RSAES_OAEP_SHA_256")
    message = b"kmsconform: imported HMAC material in use"
    out = kms.generate_mac(KeyId=key_id, Message=message, MacAlgorithm="HMAC_SHA_256")
    c.equal(out["Mac"], hmac.new(material, message, hashlib.sha256).digest(),
            "generate_mac = a local HMAC")
    c.equal(kms.verify_mac(KeyId=key_id, Message=message, MacAlgorithm="HMAC_SHA_256",
                           Mac=out["Mac"])["MacValid"], True, "verify_mac")
    raises(c, kms.exceptions.KMSInvalidMacException,
           lambda: kms.verify_mac(KeyId=key_id, Message=message, MacAlgorithm="HMAC_SHA_256",
                                  Mac=b"\0" * 32), "a changed MAC")
    raises(c, kms.exceptions.InvalidKeyUsageException,
           lambda: kms.generate_mac(KeyId=key_id, Message=message, MacAlgorithm="HMAC_SHA_512"),
           "another key's MAC algorithm")


def rotation(c, kms):
    key_id = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    m1, m2 = os.urandom(32), os.urandom(32)
    m1_id = import_into(kms, key_id, m1)["KeyMaterialId"]
    c1 = kms.encrypt(KeyId=key_id, Plaintext=b"one")["CiphertextBlob"]
    m2_id = import_into(kms, key_id, m2, ImportType="NEW_KEY_MATERIAL",
                        KeyMaterialDescription="second")["KeyMaterialId"]
    listed = kms.list_key_rotations(KeyId=key_id, IncludeKeyMaterial="ALL_KEY_MATERIAL")
    c.equal([(e["KeyMaterialId"], e["KeyMaterialState"], e["ImportState"])
             for e in listed["Rotations"]],
            [(m1_id, "CURRENT", "IMPORTED"), (m2_id, "PENDING_ROTATION", "IMPORTED")],
            "list_key_rotations before the rotation")
    kms.rotate_key_on_demand(KeyId=key_id)
    c.equal(kms.describe_key(KeyId=key_id)["KeyMetadata"].get("CurrentKeyMaterialId"), m2_id,
            "CurrentKeyMaterialId after the rotation")
    c2 = kms.encrypt(KeyId=key_id, Plaintext=b"two")["CiphertextBlob"]
    d1 = kms.decrypt(CiphertextBlob=c1)
    c.equal((d1["Plaintext"], d1.get("KeyMaterialId")), (b"one", m1_id), "old ciphertext")
    d2 = kms.decrypt(CiphertextBlob=c2)
    c.equal((d2["Plaintext"], d2.get("KeyMaterialId")), (b"two", m2_id), "new ciphertext")
    rotations = kms.list_key_rotations(KeyId=key_id)["Rotations"]
    c.equal([(e["KeyMaterialId"], e["RotationType"], e["KeyMaterialDescription"])
             for e in rotations], [(m2_id, "ON_DEMAND", "second")], "ROTATIONS_ONLY")
    kms.delete_imported_key_material(KeyId=key_id, KeyMaterialId=m1_id)
    c.equal(kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"], "PendingImport",
            "after deleting the first material")
    raises(c, kms.exceptions.KMSInvalidStateException, lambda: kms.decrypt(CiphertextBlob=c2),
           "decrypt while a material is missing")
    import_into(kms, key_id, m1)  # ImportType omitted: EXISTING_KEY_MATERIAL
    c.equal(kms.decrypt(CiphertextBlob=c1)["Plaintext"], b"one", "old ciphertext again")
    c.equal(kms.decrypt(CiphertextBlob=c2)["Plaintext"], b"two", "new ciphertext again")
    raises(c, kms.exceptions.UnsupportedOperationException,
           lambda: kms.rotate_key_on_demand(KeyId=key_id), "no material pending rotation")


def restart(c, state_dir):
    """Materials, rotations and states survive kill -9 and a restart with --state-dir."""
    args = ("--profile", "2026", "--state-dir", state_dir, *mockkms.key_cache_args())
    with mockkms.MockKms(*args) as server:
        kms = client(server)
        key_id = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
        m1 = os.urandom(32)
        import_into(kms, key_id, m1)
        c1 = kms.encrypt(KeyId=key_id, Plaintext=b"one")["CiphertextBlob"]
        m2_id = import_into(kms, key_id, os.urandom(32),
                            ImportType="NEW_KEY_MATERIAL")["KeyMaterialId"]
        kms.rotate_key_on_demand(KeyId=key_id)
        c2 = kms.encrypt(KeyId=key_id, Plaintext=b"two")["CiphertextBlob"]
        m3_id = import_into(kms, key_id, os.urandom(32), ImportType="NEW_KEY_MATERIAL",
                            KeyMaterialDescription="pending")["KeyMaterialId"]
        m1_id = kms.list_key_rotations(KeyId=key_id, IncludeKeyMaterial="ALL_KEY_MATERIAL")[
            "Rotations"][0]["KeyMaterialId"]
        kms.delete_imported_key_material(KeyId=key_id, KeyMaterialId=m1_id)
        before = kms.list_key_rotations(KeyId=key_id, IncludeKeyMaterial="ALL_KEY_MATERIAL")
        server.kill()
    with mockkms.MockKms(*args) as server:
        kms = client(server)
        after = kms.list_key_rotations(KeyId=key_id, IncludeKeyMaterial="ALL_KEY_MATERIAL")
        c.equal(after["Rotations"], before["Rotations"], "restart: the same materials")
        meta = kms.describe_key(KeyId=key_id)["KeyMetadata"]
        c.equal((meta["KeyState"], meta.get("CurrentKeyMaterialId")), ("PendingImport", m2_id),
                "restart: the state and the current material")
        import_into(kms, key_id, m1)
        c.equal(kms.decrypt(CiphertextBlob=c1)["Plaintext"], b"one", "restart: old ciphertext")
        c.equal(kms.decrypt(CiphertextBlob=c2)["Plaintext"], b"two", "restart: new ciphertext")
        kms.rotate_key_on_demand(KeyId=key_id)
        c.equal(kms.describe_key(KeyId=key_id)["KeyMetadata"].get("CurrentKeyMaterialId"), m3_id,
                "restart: the pending material rotates in")


def main():
    c = mockkms.Checker("kms_2026_boto3_test")
    with mockkms.MockKms("--profile", "2026", *mockkms.key_cache_args()) as server:
        kms = client(server)
        for flow in (signing, mac, rotation):
            try:
                flow(c, kms)
            except Exception as e:  # noqa: BLE001: report and go on with the next flow
                c.check(False, f"{flow.__name__} raised", f"{type(e).__name__}: {e}")
    state_dir = mockkms.temp_dir("mock-kms-2026-state-")
    try:
        restart(c, state_dir)
    except Exception as e:  # noqa: BLE001
        c.check(False, "restart raised", f"{type(e).__name__}: {e}")
    finally:
        shutil.rmtree(state_dir, ignore_errors=True)
    c.finish()


if __name__ == "__main__":
    main()
