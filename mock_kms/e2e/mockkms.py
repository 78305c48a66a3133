"""Shared helpers of the mock-kms end-to-end tests: start the real binary on an ephemeral
port, talk raw HTTP to it, wrap key material, and report checks.

Environment (set by mock_kms/e2e/CMakeLists.txt):
  KC_MOCK_KMS      path of the mock-kms binary under test
  KC_E2E_CACHE     a --key-cache file shared by the e2e tests (so they start warm)
Every test exits 0 (pass), 1 (fail, with what failed printed) or 77 (skipped: a client is
missing).
"""

import base64
import http.client
import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77
TARGET_PREFIX = "TrentService."
JSON_11 = "application/x-amz-json-1.1"


def skip(reason):
    print(f"SKIP: {reason}")
    sys.exit(SKIP)


def binary():
    path = os.environ.get("KC_MOCK_KMS")
    if not path or not os.access(path, os.X_OK):
        print("FAIL: KC_MOCK_KMS does not name the mock-kms binary")
        sys.exit(1)
    return path


def key_cache_args():
    cache = os.environ.get("KC_E2E_CACHE")
    return ["--key-cache", cache] if cache else []


class Checker:
    """Collects failed checks; a test runs to the end and reports all of them."""

    def __init__(self, name):
        self.name = name
        self.failures = []
        self.checks = 0

    def check(self, condition, what, detail=""):
        self.checks += 1
        if not condition:
            message = f"{what}" + (f": {detail}" if detail != "" else "")
            self.failures.append(message)
            print(f"  FAILED: {message}", flush=True)
        return condition

    def equal(self, actual, expected, what):
        return self.check(actual == expected, what, f"expected {expected!r}, got {actual!r}")

    def finish(self):
        if self.failures:
            print(f"{self.name}: {len(self.failures)} of {self.checks} checks failed")
            for f in self.failures:
                print(f"  - {f}")
            sys.exit(1)
        print(f"{self.name}: all {self.checks} checks passed")
        sys.exit(0)


class MockKms:
    """A mock-kms process on an ephemeral port. Use as a context manager."""

    def __init__(self, *args, ready_timeout=30, env=None, program=None, port_flag=True):
        """env: the whole environment of the process (default: this one's); program: another
        mock-kms binary; port_flag=False leaves --port 0 out (env must then give the port)."""
        self.args = [program or binary(), *(["--port", "0"] if port_flag else []), *args]
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env)
        self.stderr_lines = []
        self._stderr_thread = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stderr_thread.start()
        self.port = self._read_port(ready_timeout)
        self.endpoint = f"http://127.0.0.1:{self.port}"

    def _drain_stderr(self):
        for line in self.proc.stderr:
            self.stderr_lines.append(line.rstrip("\n"))

    def _read_port(self, timeout):
        deadline = time.monotonic() + timeout
        line = ""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.1)
            if ready:
                line = self.proc.stdout.readline()
                break
            if self.proc.poll() is not None:
                break
        m = re.fullmatch(r"listening on (\d+)\n", line)
        if not m:
            self.proc.kill()
            self.proc.wait()
            self._stderr_thread.join(timeout=5)
            raise RuntimeError(f"mock-kms did not start ({self.args}): stdout {line!r}, "
                               f"stderr {self.stderr_lines!r}")
        return int(m.group(1))

    def stderr_text(self):
        self._stderr_thread.join(timeout=0.5)
        return "\n".join(self.stderr_lines)

    def stop(self, sig=signal.SIGTERM, timeout=10):
        """Sends sig and waits; returns (exit code, seconds it took)."""
        if self.proc.poll() is not None:
            return self.proc.returncode, 0.0
        start = time.monotonic()
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self._stderr_thread.join(timeout=5)
        return code, time.monotonic() - start

    def kill(self):
        return self.stop(signal.SIGKILL)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    # ---- raw HTTP (AWS JSON 1.1, no signature: for --auth none servers) ----

    def request(self, target, body, headers=None, method="POST", path="/", timeout=10):
        """One request on a fresh connection; returns (status, headers dict, body text)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            h = {"Content-Type": JSON_11}
            if target is not None:
                h["X-Amz-Target"] = TARGET_PREFIX + target
            h.update(headers or {})
            if isinstance(body, (dict, list)):
                body = json.dumps(body)
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            data = resp.read().decode("utf-8", "replace")
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
        finally:
            conn.close()

    def call(self, target, body):
        """A request that must succeed: returns the decoded JSON output."""
        status, _, data = self.request(target, body)
        if status != 200:
            raise RuntimeError(f"{target} answered {status}: {data}")
        return json.loads(data)


def b64(data):
    return base64.b64encode(data).decode()


def unb64(text):
    return base64.b64decode(text)


def temp_dir(prefix):
    return tempfile.mkdtemp(prefix=prefix)


# ---- wrapping, with the `cryptography` package (optional: callers skip without it) ----

def have_cryptography():
    try:
        import cryptography  # noqa: F401
        return True
    except ImportError:
        return False


def wrap(public_key_der, material, algorithm="RSAES_OAEP_SHA_256"):
    """material wrapped as an importer does for ImportKeyMaterial (CONTRACT.md)."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives import keywrap

    public_key = serialization.load_der_public_key(public_key_der)
    sha = hashes.SHA1 if algorithm.endswith("SHA_1") else hashes.SHA256
    oaep = padding.OAEP(mgf=padding.MGF1(algorithm=sha()), algorithm=sha(), label=None)
    if algorithm.startswith("RSAES_OAEP"):
        return public_key.encrypt(material, oaep)
    if algorithm == "RSAES_PKCS1_V1_5":
        return public_key.encrypt(material, padding.PKCS1v15())
    if algorithm.startswith("RSA_AES_KEY_WRAP"):
        aes_key = os.urandom(32)
        return public_key.encrypt(aes_key, oaep) + keywrap.aes_key_wrap_with_padding(
            aes_key, material)
    raise ValueError(algorithm)
