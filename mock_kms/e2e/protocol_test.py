"""mock-kms protocol robustness over real sockets (proto.*), and its command line.

Malformed JSON is 400 SerializationException with x-amzn-RequestId (proto.malformed-json);
an unknown target is 400 UnknownOperationException (proto.unknown-operation); a body over
64 KiB is an AWS-style error and the server keeps serving; 300 idle keep-alive
connections do not delay a new request past 1 s; after a burst of malformed requests the
server still answers correctly (proto.robustness); SIGTERM stops it promptly with exit 0.
Bad flags exit 2 with a message; --fault list prints the faults (RULE-ID, RULE-ID:2); --help.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mockkms  # noqa: E402

# One line per rule: its fault and its second fault (another mechanism).
FAULTS = """
gpfi.origin-external-only gpfi.origin-external-only:2
gpfi.no-asymmetric gpfi.no-asymmetric:2
gpfi.no-hmac gpfi.no-hmac:2
gpfi.no-cross-account gpfi.no-cross-account:2
gpfi.wrapping-key-spec gpfi.wrapping-key-spec:2
gpfi.wrapping-algorithm gpfi.wrapping-algorithm:2
gpfi.required-members gpfi.required-members:2
gpfi.key-not-found gpfi.key-not-found:2
gpfi.key-state gpfi.key-state:2
gpfi.response-shape gpfi.response-shape:2
gpfi.validity-24h gpfi.validity-24h:2
gpfi.fresh-wrapping-key gpfi.fresh-wrapping-key:2
ikm.token-same-response ikm.token-same-response:2
ikm.token-bound-to-key ikm.token-bound-to-key:2
ikm.token-tampered ikm.token-tampered:2
ikm.token-expired ikm.token-expired:2
ikm.algorithm-bound ikm.algorithm-bound:2
ikm.origin-external-only ikm.origin-external-only:2
ikm.no-asymmetric ikm.no-asymmetric:2
ikm.no-hmac ikm.no-hmac:2
ikm.no-cross-account ikm.no-cross-account:2
ikm.key-state ikm.key-state:2
ikm.material-length ikm.material-length:2
ikm.reimport-same-material ikm.reimport-same-material:2
ikm.valid-to ikm.valid-to:2
ikm.lifecycle ikm.lifecycle:2
ikm.material-expiry ikm.material-expiry:2
ikm.material-format ikm.material-format:2
ikm.large-material-wrap ikm.large-material-wrap:2
ikm.asymmetric-in-use ikm.asymmetric-in-use:2
ikm.hmac-in-use ikm.hmac-in-use:2
ikm.import-type ikm.import-type:2
ikm.reimport-existing ikm.reimport-existing:2
ikm.new-material-symmetric-only ikm.new-material-symmetric-only:2
dikm.origin-external-only dikm.origin-external-only:2
dikm.lifecycle dikm.lifecycle:2
dikm.key-material-id dikm.key-material-id:2
rot.on-demand rot.on-demand:2
rot.limit rot.limit:2
rot.list-rotations rot.list-rotations:2
proto.input-validation proto.input-validation:2
proto.error-shape proto.error-shape:2
proto.malformed-json proto.malformed-json:2
proto.unknown-operation proto.unknown-operation:2
proto.timestamp-forms proto.timestamp-forms:2
proto.key-id-forms proto.key-id-forms:2
proto.robustness proto.robustness:2
state.key-state-table state.key-state-table:2
""".split()


def error_type(body):
    try:
        return json.loads(body).get("__type")
    except (json.JSONDecodeError, AttributeError):
        return None


def check_error(c, reply, status, type_name, what):
    code, headers, body = reply
    c.equal(code, status, f"{what}: status")
    c.equal(error_type(body), type_name, f"{what}: __type")
    c.check(bool(headers.get("x-amzn-requestid")), f"{what}: x-amzn-RequestId", headers)
    c.check(headers.get("content-type", "").startswith(mockkms.JSON_11),
            f"{what}: Content-Type", headers.get("content-type"))
    c.check(isinstance(json.loads(body).get("message"), str) if error_type(body) else False,
            f"{what}: message", body)


def raw_exchange(sock, data):
    """Sends data and reads one reply with a Content-Length body: (status, body)."""
    sock.sendall(data)
    buffer = b""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            return 0, b""
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return int(head.split(b" ")[1]), rest[:length]


def post(target, body):
    body = body.encode() if isinstance(body, str) else body
    return (f"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: TrentService.{target}\r\n"
            f"Content-Type: application/x-amz-json-1.1\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode() + body


def protocol(c):
    with mockkms.MockKms(*mockkms.key_cache_args()) as server:
        # proto.malformed-json
        for body in ["{", "{\"KeyId\": }", "[]", "\"KeyId\"", "{\"KeyId\": 5}", "\xff"]:
            check_error(c, server.request("DescribeKey", body), 400, "SerializationException",
                        f"malformed body {body!r}")
        # proto.unknown-operation
        check_error(c, server.request("NoSuchOperation", "{}"), 400,
                    "UnknownOperationException", "unknown target")
        check_error(c, server.request(None, "{}"), 400, "UnknownOperationException",
                    "no target")
        check_error(c, server.request(None, None, method="GET"), 400,
                    "UnknownOperationException", "GET /")
        check_error(c, server.request(None, "{}", path="/_mock/clock"), 400,
                    "UnknownOperationException", "clock hook without --test-hooks")
        # An X-Amz-Target of bytes that are not UTF-8: the error body is still valid JSON
        # (UTF-8), the bad bytes replaced by U+FFFD in the message.
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
            request = (b"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: TrentService.\xff\xfe"
                       b"Nope\xc3\r\nContent-Type: application/x-amz-json-1.1\r\n"
                       b"Content-Length: 2\r\n\r\n{}")
            status, body = raw_exchange(s, request)
            c.equal(status, 400, "a non-UTF-8 X-Amz-Target: status")
            try:
                decoded = json.loads(body.decode("utf-8"))
                c.equal(decoded.get("__type"), "UnknownOperationException",
                        "a non-UTF-8 X-Amz-Target: __type")
                c.check("\ufffd" in decoded.get("message", ""),
                        "a non-UTF-8 X-Amz-Target: U+FFFD in the message", decoded)
            except (UnicodeDecodeError, json.JSONDecodeError) as e:
                c.check(False, "a non-UTF-8 X-Amz-Target: the body is valid UTF-8 JSON",
                        f"{e}: {body!r}")
        # Content-Type with parameters; an empty body means {}.
        status, headers, body = server.request(
            "ListKeys", "", headers={"Content-Type": "application/x-amz-json-1.1; charset=utf-8"})
        c.equal(status, 200, f"charset parameter and empty body ({body})")
        c.check(bool(headers.get("x-amzn-requestid")), "success has x-amzn-RequestId")
        status, _, body = server.request(None, None, method="GET", path="/_mock/health")
        c.equal(status, 200, "GET /_mock/health")

        # Body over 64 KiB: an AWS error, and the same connection keeps serving.
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
            status, body = raw_exchange(s, post("CreateKey", " " * (64 * 1024 + 1)))
            c.equal(status, 413, "oversized body: status")
            c.equal(error_type(body), "RequestEntityTooLargeException", "oversized body: __type")
            status, body = raw_exchange(s, post("ListKeys", "{}"))
            c.equal(status, 200, "the request after an oversized body")
        status, _, _ = server.request("ListKeys", "{}")
        c.equal(status, 200, "a new connection after an oversized body")

        # proto.robustness: a burst of malformed requests, then a correct answer.
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
            for _ in range(100):
                raw_exchange(s, post("DescribeKey", "{{{"))
            status, body = raw_exchange(s, post("CreateKey", "{}"))
            c.equal(status, 200, "CreateKey after 100 malformed requests")

        # 300 idle keep-alive connections must not starve a new request.
        idle = []
        try:
            for _ in range(300):
                idle.append(socket.create_connection(("127.0.0.1", server.port), timeout=10))
            time.sleep(0.3)
            start = time.monotonic()
            status, _, _ = server.request("ListKeys", "{}", timeout=5)
            elapsed = time.monotonic() - start
            c.equal(status, 200, "a request with 300 idle connections open")
            c.check(elapsed < 1.0, "answered within 1 s with 300 idle connections",
                    f"{elapsed:.3f} s")
        finally:
            for s in idle:
                s.close()

        # SIGTERM: exit 0, promptly, even with connections open.
        keep = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        code, seconds = server.stop()
        keep.close()
        c.equal(code, 0, "exit code after SIGTERM")
        c.check(seconds < 3, "SIGTERM stops the server promptly", f"{seconds:.2f} s")

    # SIGINT too.
    server = mockkms.MockKms(*mockkms.key_cache_args())
    code, seconds = server.stop(sig=2)
    c.equal(code, 0, "exit code after SIGINT")


def command_line(c):
    def run(*args):
        return subprocess.run([mockkms.binary(), *args], capture_output=True, text=True,
                              timeout=30, stdin=subprocess.DEVNULL)

    p = run("--fault", "list")
    c.equal(p.returncode, 0, "--fault list exit code")
    c.equal(p.stdout.split(), FAULTS, "--fault list prints the faults")
    c.equal(len(p.stdout.splitlines()), len(FAULTS), "--fault list: one per line")
    p = run("--help")
    c.equal(p.returncode, 0, "--help exit code")
    for flag in ["--host", "--port", "--profile", "--region", "--auth", "--credentials",
                 "--state-dir", "--key-pool", "--key-cache", "--fault", "--test-hooks"]:
        c.check(flag in p.stdout, f"--help mentions {flag}")

    work = mockkms.temp_dir("mock-kms-cli-")
    bad_credentials = os.path.join(work, "bad")
    with open(bad_credentials, "w") as f:
        f.write("AKIDONLY s3cr3t-value\n")
    bad = [
        (["--bogus"], "unknown flag"),
        (["--port"], "needs a value"),
        (["--port", "http"], "--port"),
        (["--port", "99999"], "--port"),
        (["--profile", "2024"], "--profile"),
        (["--auth", "magic"], "--auth"),
        (["--auth", "sigv4"], "--credentials"),
        (["--fault", "no.such-rule"], "--fault"),
        (["--key-pool", "-3"], "--key-pool"),
        (["--credentials", os.path.join(work, "missing")], "cannot read"),
        (["--credentials", bad_credentials], "line 1"),
        (["--state-dir", os.path.join(work, "bad"), "--port", "0"], "state"),
    ]
    for args, needle in bad:
        p = run(*args)
        c.equal(p.returncode, 2, f"exit code of mock-kms {' '.join(args)}")
        c.check(needle in p.stderr and p.stderr.count("\n") == 1,
                f"one clear message for {' '.join(args)}", p.stderr)
        c.check("s3cr3t" not in p.stderr, f"no secret in the message for {' '.join(args)}")
        c.equal(p.stdout, "", f"nothing on stdout for {' '.join(args)}")


def environment(c):
    """MOCK_KMS_* variables: the same checks and messages as the flags, and a flag wins."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("MOCK_KMS_")}

    def run(env, *args):
        return subprocess.run([mockkms.binary(), *args], capture_output=True, text=True,
                              timeout=30, stdin=subprocess.DEVNULL, env=dict(base, **env))

    for name, value, flag in [("MOCK_KMS_PORT", "http", "--port"),
                              ("MOCK_KMS_PROFILE", "2024", "--profile"),
                              ("MOCK_KMS_AUTH", "magic", "--auth"),
                              ("MOCK_KMS_KEY_POOL", "-3", "--key-pool"),
                              ("MOCK_KMS_FAULT", "no.such-rule", "--fault")]:
        p = run({name: value})
        c.equal(p.returncode, 2, f"exit code with {name}={value}")
        by_flag = run({}, flag, value)
        c.equal(p.stderr, by_flag.stderr.replace(flag, name, 1),
                f"{name}={value}: the message of {flag} {value}, naming the variable")
        c.equal(p.stdout, "", f"nothing on stdout with {name}={value}")
    p = run({"MOCK_KMS_TEST_HOOKS": "maybe"})
    c.check(p.returncode == 2 and p.stderr.startswith("mock-kms: MOCK_KMS_TEST_HOOKS: 'maybe'"),
            "a bad MOCK_KMS_TEST_HOOKS: exit 2 and a message", p.stderr)
    # The variables apply: MOCK_KMS_TEST_HOOKS turns on the clock hook, MOCK_KMS_PROFILE
    # shows in the health answer.
    with mockkms.MockKms(*mockkms.key_cache_args(),
                         env=dict(base, MOCK_KMS_TEST_HOOKS="1", MOCK_KMS_PROFILE="2026")) as m:
        status, _, body = m.request(None, '{"advance_seconds": 1}', path="/_mock/clock")
        c.equal(status, 200, "MOCK_KMS_TEST_HOOKS=1: POST /_mock/clock")
        status, _, body = m.request(None, "", method="GET", path="/_mock/health")
        c.check('"profile":"2026"' in body, "MOCK_KMS_PROFILE=2026 applies", body)
    # A flag wins over its variable, also over a bad one (--port 0 of MockKms over "http").
    with mockkms.MockKms("--profile", "2022", *mockkms.key_cache_args(),
                         env=dict(base, MOCK_KMS_PORT="http", MOCK_KMS_PROFILE="2026")) as m:
        status, _, body = m.request(None, "", method="GET", path="/_mock/health")
        c.check('"profile":"2022"' in body, "--profile wins over MOCK_KMS_PROFILE", body)
        c.check("ignoring" not in m.stderr_text(), "no warning for known variables")
    # The port comes from MOCK_KMS_PORT when no flag gives it.
    with mockkms.MockKms(*mockkms.key_cache_args(), port_flag=False,
                         env=dict(base, MOCK_KMS_PORT="0", MOCK_KMS_PROFLE="2026")) as m:
        c.check(m.port > 0, "MOCK_KMS_PORT=0: an ephemeral port")
        c.check("ignoring MOCK_KMS_PROFLE" in m.stderr_text(),
                "an unknown MOCK_KMS_* variable is named on stderr", m.stderr_text())
    p = run({}, "--version")
    c.equal(p.returncode, 0, "--version exit code")
    c.check(re.fullmatch(r"mock-kms \d+\.\d+\.\d+ \(commit ([0-9a-f]{7,40}(-dirty)?|unknown)\)\n",
                         p.stdout) is not None, "--version: version and commit", p.stdout)


def main():
    c = mockkms.Checker("protocol_test")
    protocol(c)
    command_line(c)
    environment(c)
    c.finish()


if __name__ == "__main__":
    main()
