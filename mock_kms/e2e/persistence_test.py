"""mock-kms --state-dir: nothing acknowledged is lost (DESIGN.md, "--state-dir").

A client thread creates keys and imports material in a loop, recording every acknowledged
change; the server is killed with SIGKILL in the middle of it and restarted on the same
directory. Every acknowledged key and import must be there: DescribeKey states, Decrypt of
ciphertexts made before the kill, and a token issued before the kill (for a key in
PendingImport) still imports. Then the journal's tail is corrupted (garbage appended; a
record cut in the middle): the server starts, says so on stderr, and keeps the prefix.
"""

import http.client
import json
import os
import shutil
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mockkms  # noqa: E402

if not mockkms.have_cryptography():
    mockkms.skip("the python `cryptography` package is not installed")

IMPORT_ARGS = {"ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}


class Load(threading.Thread):
    """Creates keys and imports material until the server goes away."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.created = []    # key ids whose CreateKey was acknowledged
        self.imported = {}   # key id -> (material, plaintext, ciphertext) acknowledged
        self.stopped = threading.Event()

    def call(self, conn, target, body):
        conn.request("POST", "/", body=json.dumps(body),
                     headers={"X-Amz-Target": "TrentService." + target,
                              "Content-Type": mockkms.JSON_11})
        resp = conn.getresponse()
        data = resp.read()
        if resp.status != 200:
            raise RuntimeError(f"{target}: {resp.status} {data[:200]!r}")
        return json.loads(data)

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            while not self.stopped.is_set():
                key_id = self.call(conn, "CreateKey", {"Origin": "EXTERNAL"})["KeyMetadata"]["KeyId"]
                self.created.append(key_id)
                p = self.call(conn, "GetParametersForImport",
                              {"KeyId": key_id, "WrappingAlgorithm": "RSAES_OAEP_SHA_256",
                               "WrappingKeySpec": "RSA_2048"})
                material = os.urandom(32)
                wrapped = mockkms.wrap(mockkms.unb64(p["PublicKey"]), material)
                self.call(conn, "ImportKeyMaterial",
                          {"KeyId": key_id, "ImportToken": p["ImportToken"],
                           "EncryptedKeyMaterial": mockkms.b64(wrapped), **IMPORT_ARGS})
                plaintext = os.urandom(20)
                ct = self.call(conn, "Encrypt", {"KeyId": key_id,
                                                 "Plaintext": mockkms.b64(plaintext)})
                self.imported[key_id] = (material, plaintext, ct["CiphertextBlob"])
        except (OSError, http.client.HTTPException, RuntimeError, json.JSONDecodeError):
            pass  # the server was killed: whatever was not acknowledged may be lost
        finally:
            conn.close()


def check_state(c, server, load, pending, label):
    """Every acknowledged key and import of `load` and the `pending` key are on `server`."""
    for key_id in load.created:
        status, _, body = server.request("DescribeKey", {"KeyId": key_id})
        if not c.equal(status, 200, f"{label}: DescribeKey {key_id} ({body[:120]})"):
            continue
        state = json.loads(body)["KeyMetadata"]["KeyState"]
        if key_id in load.imported:
            c.equal(state, "Enabled", f"{label}: imported key {key_id} state")
        else:
            # Created, and maybe imported without the reply: either state is acknowledged.
            c.check(state in ("PendingImport", "Enabled"), f"{label}: key {key_id} state", state)
    for key_id, (_, plaintext, blob) in load.imported.items():
        status, _, body = server.request("Decrypt", {"CiphertextBlob": blob})
        ok = status == 200 and mockkms.unb64(json.loads(body)["Plaintext"]) == plaintext
        c.check(ok, f"{label}: Decrypt of a ciphertext made before the kill ({key_id})",
                body[:160])
    status, _, body = server.request("DescribeKey", {"KeyId": pending["key_id"]})
    c.check(status == 200 and json.loads(body)["KeyMetadata"]["KeyState"] == "PendingImport",
            f"{label}: the PendingImport key", body[:160])


def main():
    c = mockkms.Checker("persistence_test")
    state = mockkms.temp_dir("mock-kms-state-")
    cache = mockkms.key_cache_args()

    server = mockkms.MockKms("--state-dir", state, *cache)
    # A key in PendingImport with a token issued before the kill.
    key_id = server.call("CreateKey", {"Origin": "EXTERNAL"})["KeyMetadata"]["KeyId"]
    params = server.call("GetParametersForImport", {
        "KeyId": key_id, "WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": "RSA_2048"})
    pending = {"key_id": key_id, "params": params}

    load = Load(server.port)
    load.start()
    deadline = time.monotonic() + 20
    while len(load.imported) < 15 and time.monotonic() < deadline and load.is_alive():
        time.sleep(0.05)
    code, _ = server.kill()  # SIGKILL, mid-load
    load.stopped.set()
    load.join(timeout=15)
    c.check(len(load.imported) >= 15, "the load imported material before the kill",
            len(load.imported))
    print(f"  acknowledged before SIGKILL: {len(load.created)} keys, "
          f"{len(load.imported)} imports")

    with mockkms.MockKms("--state-dir", state, *cache) as server:
        check_state(c, server, load, pending, "after SIGKILL")
        # A token issued before the kill still imports (tokens survive a restart).
        material = os.urandom(32)
        wrapped = mockkms.wrap(mockkms.unb64(params["PublicKey"]), material)
        status, _, body = server.request("ImportKeyMaterial", {
            "KeyId": key_id, "ImportToken": params["ImportToken"],
            "EncryptedKeyMaterial": mockkms.b64(wrapped), **IMPORT_ARGS})
        c.equal(status, 200, f"import with a token issued before the kill ({body[:160]})")
        # And the PendingImport key is back to PendingImport for the checks below.
        server.call("DeleteImportedKeyMaterial", {"KeyId": key_id})
        status, _, body = server.request("ListKeys", {"Limit": 1000})
        total = len(json.loads(body)["Keys"])
        c.check(total >= len(load.created) + 1, "ListKeys after the restart", total)
        server.kill()

    journal = os.path.join(state, "journal")
    c.check(os.path.isfile(journal), "DIR/journal exists", os.listdir(state))

    # Garbage after the last record: the server starts, says so, keeps everything.
    with open(journal, "ab") as f:
        f.write(b"\x00\x00\x01\x00garbage that is no journal record" * 3)
    with mockkms.MockKms("--state-dir", state, *cache) as server:
        check_state(c, server, load, pending, "after garbage")
        time.sleep(0.2)
        c.check("journal" in server.stderr_text(), "the garbage is reported on stderr",
                server.stderr_text())
        server.kill()

    # A record cut in the middle: the prefix is kept (at most that one key's change lost).
    size = os.path.getsize(journal)
    with open(journal, "r+b") as f:
        f.truncate(size - 7)
    with mockkms.MockKms("--state-dir", state, *cache) as server:
        time.sleep(0.2)
        c.check("journal" in server.stderr_text(), "the torn record is reported on stderr",
                server.stderr_text())
        status, _, body = server.request("ListKeys", {"Limit": 1000})
        total = len(json.loads(body)["Keys"]) if status == 200 else 0
        c.check(total >= len(load.created), "the prefix is kept after a torn record",
                f"{total} keys, {len(load.created) + 1} before")
        survivors = sum(
            1 for k, (_, plaintext, blob) in load.imported.items()
            if server.request("Decrypt", {"CiphertextBlob": blob})[0] == 200)
        c.check(survivors >= len(load.imported) - 1, "ciphertexts still decrypt",
                f"{survivors} of {len(load.imported)}")
    shutil.rmtree(state, ignore_errors=True)
    c.finish()


if __name__ == "__main__":
    main()
