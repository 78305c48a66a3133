"""mock-kms --auth sigv4 with a --credentials file, driven by the real AWS CLI v2: the right
credentials work; a wrong secret is InvalidSignatureException; an unknown access key is
UnrecognizedClientException; two identities in two accounts see each other's keys as
NotFoundException (gpfi.no-cross-account, for real).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mockkms  # noqa: E402
from aws_cli_test import AWS, aws, aws_env  # noqa: E402

KEY_A, SECRET_A, ACCOUNT_A = "AKIDSIGV4E2EACCOUNTA", "sigv4/e2e/Secret+A0123456789", "111111111111"
KEY_B, SECRET_B, ACCOUNT_B = "AKIDSIGV4E2EACCOUNTB", "sigv4/e2e/Secret+B0123456789", "222222222222"


def main():
    if not os.access(AWS, os.X_OK):
        mockkms.skip(f"{AWS} (AWS CLI v2) is not installed")
    c = mockkms.Checker("sigv4_auth_test")
    work = mockkms.temp_dir("mock-kms-sigv4-")
    credentials = os.path.join(work, "identities")
    with open(credentials, "w") as f:
        f.write("# two identities, two accounts\n")
        f.write(f"{KEY_A} {SECRET_A} {ACCOUNT_A}\n")
        f.write(f"{KEY_B} {SECRET_B} {ACCOUNT_B}  # the other account\n")

    with mockkms.MockKms("--auth", "sigv4", "--credentials", credentials, "--region",
                         "eu-west-1", *mockkms.key_cache_args()) as server:
        env_a = aws_env(work, KEY_A, SECRET_A)
        env_b = aws_env(work, KEY_B, SECRET_B)
        code, out, err = aws(server, env_a, "create-key", "--origin", "EXTERNAL")
        c.equal(code, 0, f"create-key as A ({err.strip()})")
        arn = out["KeyMetadata"]["Arn"] if code == 0 else "arn:missing"
        # The account is the signer's; the region the credential scope's (us-east-1 here,
        # not the server's --region).
        c.check(arn.startswith(f"arn:aws:kms:us-east-1:{ACCOUNT_A}:key/"), "A's key ARN", arn)
        code, out, err = aws(server, env_a, "describe-key", "--key-id", arn)
        c.equal(code, 0, f"describe-key as A ({err.strip()})")

        # Another account: the ARN names a key B cannot see.
        code, out, err = aws(server, env_b, "describe-key", "--key-id", arn)
        c.check(code != 0 and "NotFoundException" in err, "describe-key of A's key as B",
                err.strip())
        code, out, err = aws(server, env_b, "get-parameters-for-import", "--key-id", arn,
                             "--wrapping-algorithm", "RSAES_OAEP_SHA_256",
                             "--wrapping-key-spec", "RSA_2048")
        c.check(code != 0 and "NotFoundException" in err, "GPFI of A's key as B", err.strip())
        code, out, err = aws(server, env_b, "list-keys")
        c.check(code == 0 and out["Keys"] == [], "B lists no keys", out)

        code, out, err = aws(server, aws_env(work, KEY_A, "wrong-secret"), "list-keys")
        c.check(code != 0 and "InvalidSignatureException" in err, "wrong secret", err.strip())
        code, out, err = aws(server, aws_env(work, "AKIDNOTINTHEFILE0000", SECRET_A),
                             "list-keys")
        c.check(code != 0 and "UnrecognizedClientException" in err, "unknown access key",
                err.strip())
        # No secret is ever printed.
        c.check(SECRET_A not in server.stderr_text() and SECRET_B not in server.stderr_text(),
                "no secret on stderr")
    c.finish()


if __name__ == "__main__":
    main()
