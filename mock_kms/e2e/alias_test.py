"""The real AWS CLI v2 (/usr/bin/aws) against mock-kms: aliases end to end.

create-alias, list-aliases (also --key-id, and --page-size 1 so that the CLI follows
NextMarker), describe-key / encrypt / decrypt with --key-id alias/... and the alias ARN,
update-alias, delete-alias; the refusals clients see (an existing name, a reserved name, an
alias where only a key id or key ARN is accepted, a missing alias); and that the aliases
survive a restart of mock-kms with --state-dir, also after kill -9.
"""

import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mockkms  # noqa: E402
from aws_cli_test import AWS, aws, aws_env, parse_time  # noqa: E402

ACCOUNT = "111122223333"
REGION = "us-east-1"


def alias_arn(name):
    return f"arn:aws:kms:{REGION}:{ACCOUNT}:{name}"


def key_arn(key_id):
    return f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{key_id}"


def main():
    if not os.access(AWS, os.X_OK):
        mockkms.skip(f"{AWS} (AWS CLI v2) is not installed")
    version = subprocess.run([AWS, "--version"], capture_output=True, text=True).stdout
    if not version.startswith("aws-cli/2."):
        mockkms.skip(f"{AWS} is not the AWS CLI v2: {version.strip()}")

    c = mockkms.Checker("alias_test")
    work = mockkms.temp_dir("mock-kms-alias-")
    state = os.path.join(work, "state")
    env = aws_env(work)

    def path(name):
        return os.path.join(work, name)

    def refused(out, error_type, what, text=None):
        """An aws call that must fail with error_type (and text in the message, if given)."""
        code, _, err = out
        c.check(code != 0 and f"({error_type})" in err, f"{what}: {error_type}", err.strip())
        if text is not None:
            c.check(text in err, f"{what}: message has {text!r}", err.strip())

    def aliases(server, *args):
        """list-aliases ARGS: {AliasName: entry}."""
        code, out, err = aws(server, env, "list-aliases", *args)
        if not c.equal(code, 0, f"list-aliases {' '.join(args)} ({err.strip()})"):
            return {}
        return {a["AliasName"]: a for a in out["Aliases"]}

    with open(path("plain.bin"), "wb") as f:
        plaintext = os.urandom(40)
        f.write(plaintext)

    server = mockkms.MockKms("--state-dir", state, *mockkms.key_cache_args())
    try:
        keys = []
        for _ in range(2):
            code, out, err = aws(server, env, "create-key", "--description", "alias e2e")
            if not c.equal(code, 0, f"create-key ({err.strip()})"):
                c.finish()
            keys.append(out["KeyMetadata"]["KeyId"])
        first, second = keys

        # create-alias: no output; list-aliases shows the entry as AWS does.
        code, out, err = aws(server, env, "create-alias", "--alias-name", "alias/e2e-app",
                             "--target-key-id", first)
        c.equal(code, 0, f"create-alias ({err.strip()})")
        c.equal(out, None, "create-alias prints nothing")
        entry = aliases(server).get("alias/e2e-app", {})
        c.equal(entry.get("AliasArn"), alias_arn("alias/e2e-app"), "list-aliases AliasArn")
        c.equal(entry.get("TargetKeyId"), first, "list-aliases TargetKeyId is the key id")
        c.check("CreationDate" in entry and "LastUpdatedDate" in entry,
                "list-aliases CreationDate and LastUpdatedDate", entry)
        created = parse_time(entry["CreationDate"]) if "CreationDate" in entry else 0
        c.equal(list(aliases(server, "--key-id", first)), ["alias/e2e-app"],
                "list-aliases --key-id (the first key)")
        c.equal(list(aliases(server, "--key-id", key_arn(second))), [],
                "list-aliases --key-id (the second key's ARN)")

        # describe-key, encrypt and decrypt by alias name and alias ARN.
        for key_id in ("alias/e2e-app", alias_arn("alias/e2e-app")):
            code, out, err = aws(server, env, "describe-key", "--key-id", key_id)
            c.equal(out["KeyMetadata"]["KeyId"] if code == 0 else err.strip(), first,
                    f"describe-key --key-id {key_id}")
        code, out, err = aws(server, env, "encrypt", "--key-id", "alias/e2e-app",
                             "--plaintext", f"fileb://{path('plain.bin')}")
        c.equal(code, 0, f"encrypt --key-id alias/e2e-app ({err.strip()})")
        c.equal(out.get("KeyId") if code == 0 else None, key_arn(first), "encrypt KeyId")
        with open(path("cipher.bin"), "wb") as f:
            f.write(mockkms.unb64(out["CiphertextBlob"]) if code == 0 else b"")

        def decrypt(server, key_id):
            return aws(server, env, "decrypt", "--key-id", key_id,
                       "--ciphertext-blob", f"fileb://{path('cipher.bin')}")

        for key_id in ("alias/e2e-app", alias_arn("alias/e2e-app")):
            code, out, err = decrypt(server, key_id)
            c.equal(mockkms.unb64(out["Plaintext"]) if code == 0 else err.strip(), plaintext,
                    f"decrypt --key-id {key_id}")

        # The refusals a client sees.
        refused(aws(server, env, "create-alias", "--alias-name", "alias/e2e-app",
                    "--target-key-id", second), "AlreadyExistsException", "create-alias twice",
                f"An alias with the name {alias_arn('alias/e2e-app')} already exists")
        refused(aws(server, env, "create-alias", "--alias-name", "alias/aws/e2e",
                    "--target-key-id", first), "InvalidAliasNameException",
                "create-alias alias/aws/...")
        refused(aws(server, env, "create-alias", "--alias-name", "e2e",
                    "--target-key-id", first), "ValidationException", "create-alias without alias/",
                'Alias must start with the prefix "alias/"')
        refused(aws(server, env, "get-parameters-for-import", "--key-id", "alias/e2e-app",
                    "--wrapping-algorithm", "RSAES_OAEP_SHA_256", "--wrapping-key-spec",
                    "RSA_2048"),
                "NotFoundException", "get-parameters-for-import --key-id alias/...",
                "Invalid keyId 'alias/e2e-app'")
        refused(aws(server, env, "describe-key", "--key-id", "alias/e2e-none"),
                "NotFoundException", "describe-key of a missing alias",
                f"Alias {alias_arn('alias/e2e-none')} is not found.")

        # update-alias: the alias now names the second key; LastUpdatedDate moves.
        code, out, err = aws(server, env, "update-alias", "--alias-name", "alias/e2e-app",
                             "--target-key-id", key_arn(second))
        c.equal(code, 0, f"update-alias ({err.strip()})")
        code, out, err = aws(server, env, "describe-key", "--key-id", "alias/e2e-app")
        c.equal(out["KeyMetadata"]["KeyId"] if code == 0 else err.strip(), second,
                "describe-key after update-alias")
        entry = aliases(server).get("alias/e2e-app", {})
        c.equal(entry.get("TargetKeyId"), second, "list-aliases after update-alias")
        c.check(parse_time(entry.get("LastUpdatedDate", 0)) >= created,
                "LastUpdatedDate after update-alias", entry)
        code, out, err = decrypt(server, "alias/e2e-app")
        c.check(code != 0 and "(IncorrectKeyException)" in err,
                "decrypt with an alias of another key: IncorrectKeyException", err.strip())

        # delete-alias: gone, the key stays; a second delete is NotFoundException.
        code, _, err = aws(server, env, "create-alias", "--alias-name", "alias/e2e-gone",
                           "--target-key-id", first)
        c.equal(code, 0, f"create-alias alias/e2e-gone ({err.strip()})")
        code, out, err = aws(server, env, "delete-alias", "--alias-name", "alias/e2e-gone")
        c.equal(code, 0, f"delete-alias ({err.strip()})")
        c.equal(out, None, "delete-alias prints nothing")
        refused(aws(server, env, "delete-alias", "--alias-name", "alias/e2e-gone"),
                "NotFoundException", "delete-alias twice")
        refused(aws(server, env, "describe-key", "--key-id", "alias/e2e-gone"),
                "NotFoundException", "describe-key after delete-alias")
        code, out, err = aws(server, env, "describe-key", "--key-id", first)
        c.equal(out["KeyMetadata"]["KeyState"] if code == 0 else err.strip(), "Enabled",
                "the key stays after delete-alias")

        # Paging: --page-size 1 makes the CLI send Limit=1 and follow every NextMarker.
        for i in range(4):
            code, _, err = aws(server, env, "create-alias", "--alias-name", f"alias/e2e-page-{i}",
                               "--target-key-id", first)
            c.equal(code, 0, f"create-alias alias/e2e-page-{i} ({err.strip()})")
        before = aliases(server)
        paged = aliases(server, "--page-size", "1")
        c.equal(sorted(paged), sorted(before), "list-aliases --page-size 1 finds every alias")
        c.equal(len(before), 5, "alias/e2e-app and four alias/e2e-page-N")
        code, out, err = aws(server, env, "list-aliases", "--max-items", "2")
        c.check(code == 0 and len(out["Aliases"]) == 2 and "NextToken" in out,
                "list-aliases --max-items 2: a page and a next token", out or err.strip())

        # A restart, even after kill -9, keeps every acknowledged alias.
        server.kill()
        server = mockkms.MockKms("--state-dir", state, *mockkms.key_cache_args())
        after = aliases(server)
        c.equal(after, before, "list-aliases after kill -9 and restart (names, targets, dates)")
        code, out, err = aws(server, env, "describe-key", "--key-id", "alias/e2e-app")
        c.equal(out["KeyMetadata"]["KeyId"] if code == 0 else err.strip(), second,
                "describe-key by alias after restart")
        code, out, err = decrypt(server, "alias/e2e-page-0")
        c.equal(mockkms.unb64(out["Plaintext"]) if code == 0 else err.strip(), plaintext,
                "decrypt by alias after restart")
        code, _, err = aws(server, env, "delete-alias", "--alias-name", "alias/e2e-page-0")
        c.equal(code, 0, f"delete-alias after restart ({err.strip()})")
        server.stop()
        server = mockkms.MockKms("--state-dir", state, *mockkms.key_cache_args())
        c.check("alias/e2e-page-0" not in aliases(server),
                "a deletion after the restart survives the next one")
    finally:
        server.stop()
    shutil.rmtree(work, ignore_errors=True)
    c.finish()


if __name__ == "__main__":
    main()
