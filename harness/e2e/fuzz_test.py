#!/usr/bin/env python3
"""kmsconform fuzz end to end (label fuzz-live), one case per ctest entry:

  fuzz_test.py KMSCONFORM MOCK_KMS KEY_CACHE WORKDIR CASE

  clean-2022, clean-2026  the clean embedded mock: no finding in 10 s; at least 90% of the
                          requests that are neither framing nor signature faults reach the
                          operation's decoder; the report has a row per fuzz rule and a
                          per-class table
  faults-a, faults-b      each fault of proto.error-shape, proto.malformed-json,
                          proto.unknown-operation, proto.robustness and proto.input-validation
                          (and their :2 variants), spawned: fuzz fails that fault's rule, and
                          the finding's reproducer shows it again against a fresh mock with the
                          same fault (exit 1) and not against the clean mock (exit 0)
  limits                  --rate, --max-requests, --allow-remote, bad flags
  moto                    moto_server (skipped when absent): a report with 5xx findings,
                          distinct and minimised; moto restarted, every reproducer reproduces
Exit 77 (skip) when the case cannot run here.
"""
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

KC, MOCK, CACHE, WORK, CASE = sys.argv[1:6]
FAILURES = []


def fail(msg):
    print("FAIL:", msg)
    FAILURES.append(msg)


def check(cond, msg):
    print(("ok: " if cond else "FAIL: ") + msg)
    if not cond:
        FAILURES.append(msg)
    return cond


def fuzz(args, report, timeout=120):
    shutil.rmtree(report, ignore_errors=True)
    cmd = [KC, "fuzz", "--report-dir", report] + args
    start = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    p.elapsed = time.time() - start
    return p


def load(report):
    with open(os.path.join(report, "report.json")) as f:
        return json.load(f)


def rows(doc):
    return {r["id"]: r for r in doc["rules"]}


FUZZ_RULES = ["proto.error-shape", "proto.malformed-json", "proto.unknown-operation",
              "proto.input-validation", "proto.robustness"]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_process(cmd, port, timeout=30):
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return p
        except OSError:
            if p.poll() is not None:
                return None
            time.sleep(0.1)
    stop_process(p)
    return None


def stop_process(p):
    if p is None:
        return
    try:
        os.killpg(p.pid, signal.SIGTERM)
    except OSError:
        pass
    try:
        p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()


def run_repro(script, endpoint):
    env = dict(os.environ, KC_ENDPOINT=endpoint, AWS_ACCESS_KEY_ID="test",
               AWS_SECRET_ACCESS_KEY="test")
    p = subprocess.run(["sh", script], capture_output=True, text=True, env=env, timeout=120)
    return p.returncode, p.stdout + p.stderr


def clean(profile):
    report = os.path.join(WORK, "clean-" + profile)
    p = fuzz(["--key-cache", CACHE, "--profile", profile, "--budget", "10", "--seed", "11"], report)
    check(p.returncode == 0, "profile %s: the clean mock gives exit 0 (got %d)\n%s%s"
          % (profile, p.returncode, p.stdout[-2000:], p.stderr[-2000:]))
    check(p.elapsed < 10 + 10 + 5, "the run ends within budget + 10 s (took %.1f s)" % p.elapsed)
    doc = load(report)
    r = rows(doc)
    for rule in FUZZ_RULES:
        check(rule in r and r[rule]["status"] == "pass",
              "%s passes (%s)" % (rule, r.get(rule, {}).get("reason")))
        check(r.get(rule, {}).get("fuzz", {}).get("judged", 0) > 0, "%s judged requests" % rule)
    f = doc["fuzz"]
    check(f["requests"] > 2000, "more than 2000 requests in 10 s (%d)" % f["requests"])
    classes = {c["class"]: c for c in f["classes"]}
    for c in ("structure", "value", "syntax", "header", "framing", "signature"):
        check(classes.get(c, {}).get("sent", 0) > 0, "class %s was sent" % c)
    body = [c for name, c in classes.items() if name not in ("framing", "signature")]
    sent = sum(c["sent"] for c in body)
    reached = sum(c["reached_decoder"] for c in body)
    check(sent > 0 and reached >= 0.9 * sent,
          "at least 90%% of non-framing, non-signature requests reach the decoder (%d of %d)"
          % (reached, sent))
    check(all(c["findings"] == 0 for c in f["classes"]), "no request showed a finding")
    md = open(os.path.join(report, "report.md")).read()
    check("## Fuzzing" in md and "| framing |" in md, "report.md has the per-class table")
    html = open(os.path.join(report, "report.html")).read()
    check("<h2>Fuzzing</h2>" in html, "report.html has the per-class table")


FAULTS = {
    "faults-a": ["proto.error-shape", "proto.error-shape:2", "proto.malformed-json",
                 "proto.malformed-json:2", "proto.unknown-operation"],
    "faults-b": ["proto.unknown-operation:2", "proto.robustness", "proto.robustness:2",
                 "proto.input-validation", "proto.input-validation:2"],
}


def faults(which):
    for fault in FAULTS[which]:
        rule = fault.split(":")[0]
        report = os.path.join(WORK, which + "-" + fault.replace(":", "_"))
        spawn = "%s --port {port} --key-cache %s --fault %s" % (MOCK, CACHE, fault)
        p = fuzz(["--spawn", spawn, "--budget", "4", "--seed", "5"], report)
        if not check(p.returncode == 1, "%s: exit 1 (got %d)" % (fault, p.returncode)):
            print(p.stdout[-3000:], p.stderr[-3000:])
            continue
        r = rows(load(report))
        row = r.get(rule, {})
        check(row.get("status") == "fail", "%s: %s fails (%s: %s)"
              % (fault, rule, row.get("status"), row.get("reason")))
        findings = row.get("fuzz", {}).get("findings", [])
        check(len(findings) > 0, "%s: %s has findings" % (fault, rule))
        keys = [(f["class"], f["label"]) for f in findings]
        check(len(keys) == len(set(keys)), "%s: findings are distinct by class and label" % fault)
        # The first finding's reproducer shows the fault again on a fresh mock with it, and
        # not on the clean mock.
        failing = [f for f in findings if f["verdict"] == "fail"]
        if not failing:
            continue
        script = os.path.join(report, "repro", failing[0]["file"] + ".sh")
        check(os.path.exists(script) and os.path.exists(script[:-3] + ".bin"),
              "%s: the reproducer and its bytes are written" % fault)
        for with_fault, expected in ((True, 1), (False, 0)):
            port = free_port()
            cmd = [MOCK, "--port", str(port), "--key-cache", CACHE]
            if with_fault:
                cmd += ["--fault", fault]
            m = start_process(cmd, port)
            if m is None:
                fail("%s: mock-kms did not start" % fault)
                continue
            try:
                rc, out = run_repro(script, "http://127.0.0.1:%d" % port)
            finally:
                stop_process(m)
            check(rc == expected, "%s: reproducer %s against the %s mock exits %d (got %d)\n%s"
                  % (fault, failing[0]["file"], "faulty" if with_fault else "clean", expected,
                     rc, out[-1500:] if rc != expected else ""))


def limits():
    # --rate: the requests of a 3 s run at 200/s.
    report = os.path.join(WORK, "rate")
    p = fuzz(["--key-cache", CACHE, "--budget", "3", "--rate", "200", "--seed", "3"], report)
    check(p.returncode == 0, "--rate run: exit 0 (%d) %s" % (p.returncode, p.stderr[-500:]))
    n = load(report)["fuzz"]["requests"]
    check(300 <= n <= 3 * 200 + 10, "--rate 200 for 3 s sends 300..610 requests (%d)" % n)
    # --max-requests: never more.
    report = os.path.join(WORK, "max")
    p = fuzz(["--key-cache", CACHE, "--budget", "20", "--max-requests", "150", "--seed", "3"],
             report)
    check(p.returncode == 0, "--max-requests run: exit 0 (%d)" % p.returncode)
    n = load(report)["fuzz"]["requests"]
    check(n <= 150, "--max-requests 150 sends at most 150 requests (%d)" % n)
    check(p.elapsed < 15, "--max-requests ends the run early (%.1f s)" % p.elapsed)
    # Controls: against a target that refuses kmsconform's signature, every mutated request is
    # refused too, which proves nothing: no rule may pass.
    creds = os.path.join(WORK, "other-credentials")
    with open(creds, "w") as f:
        f.write("AKIDSOMEONEELSE secret-of-someone-else 444455556666\n")
    report = os.path.join(WORK, "controls")
    p = fuzz(["--spawn", "%s --port {port} --key-cache %s --auth sigv4 --credentials %s"
              % (MOCK, CACHE, creds), "--budget", "2", "--seed", "3"], report)
    check(p.returncode == 1, "refused controls: exit 1 (%d) %s" % (p.returncode, p.stderr[-500:]))
    if os.path.exists(os.path.join(report, "report.json")):
        r = rows(load(report))
        for rule in FUZZ_RULES:
            row = r.get(rule, {})
            check(row.get("status") in ("error", "fail"),
                  "refused controls: %s does not pass (%s: %s)"
                  % (rule, row.get("status"), row.get("reason")))
            ctl = (row.get("controls") or [{}])[0]
            check(ctl.get("status") == "failed", "refused controls: %s's control failed (%s)"
                  % (rule, ctl))
    report = os.path.join(WORK, "controls-ok")
    p = fuzz(["--key-cache", CACHE, "--budget", "2", "--seed", "3"], report)
    r = rows(load(report))
    check(all(r[rule]["controls"][0]["status"] == "passed" for rule in FUZZ_RULES),
          "a clean run's controls passed")
    # Remote targets only with --allow-remote.
    report = os.path.join(WORK, "remote")
    p = fuzz(["--endpoint", "http://192.0.2.1:4566", "--budget", "1"], report)
    check(p.returncode == 2 and "--allow-remote" in p.stderr,
          "a remote target without --allow-remote: exit 2 naming --allow-remote (%d: %s)"
          % (p.returncode, p.stderr.strip()))
    check(not os.path.exists(os.path.join(report, "report.json")), "... and no report")
    p = fuzz(["--endpoint", "http://192.0.2.1:4566", "--budget", "1", "--allow-remote",
              "--timeout", "1"], report)
    check("warning" in p.stderr and "remote" in p.stderr,
          "--allow-remote warns (%s)" % p.stderr.strip()[:300])
    check(p.returncode == 2, "... and an unreachable target is exit 2 (%d)" % p.returncode)
    for args, what in ((["--rate", "0"], "--rate 0"), (["--rate", "x"], "--rate x"),
                       (["--max-requests", "0"], "--max-requests 0"),
                       (["--budget", "-1"], "--budget -1"),
                       (["--endpoint", "https://kms.us-east-1.amazonaws.com"], "https"),
                       (["--nope"], "an unknown flag")):
        p = subprocess.run([KC, "fuzz"] + args, capture_output=True, text=True, timeout=30)
        check(p.returncode == 2 and p.stderr.startswith("kmsconform: "),
              "%s: exit 2 with a message (%d: %s)" % (what, p.returncode, p.stderr.strip()[:200]))
    p = subprocess.run([KC, "fuzz", "--help"], capture_output=True, text=True, timeout=30)
    check(p.returncode == 0 and "--max-requests" in p.stdout and "--allow-remote" in p.stdout,
          "fuzz --help documents the flags")


def moto():
    moto_server = shutil.which("moto_server")
    if moto_server is None:
        print("SKIP: moto_server is not installed")
        sys.exit(77)
    report = os.path.join(WORK, "moto")
    p = fuzz(["--spawn", moto_server + " -p {port}", "--budget", "20", "--seed", "1",
              "--spawn-timeout", "60"], report, timeout=200)
    check(p.returncode == 1, "moto: exit 1 (findings) (got %d)\n%s" % (p.returncode, p.stderr[-2000:]))
    check(p.elapsed < 20 + 10 + 15, "the run ends within budget + 10 s, plus moto's start (%.1f s)"
          % p.elapsed)
    doc = load(report)
    findings = []
    for row in doc["rules"]:
        for f in row.get("fuzz", {}).get("findings", []):
            findings.append((row["id"], f))
    check(any(f["kind"] == "5xx" for _, f in findings), "moto: at least one 5xx finding")
    keys = [(r, f["class"], f["label"]) for r, f in findings]
    check(len(keys) == len(set(keys)), "moto: no two findings share (rule, class, label)")
    check(all(f["minimal_request"] or f["class"] == "liveness" for _, f in findings),
          "moto: every finding has its minimal request")
    # moto restarted: every reproducer shows its finding again.
    port = free_port()
    m = start_process([moto_server, "-p", str(port)], port, timeout=60)
    if m is None:
        fail("moto_server did not start again")
        return
    try:
        for rule, f in findings:
            script = os.path.join(report, "repro", f["file"] + ".sh")
            rc, out = run_repro(script, "http://127.0.0.1:%d" % port)
            check(rc == 1, "moto: %s %s/%s reproduces (exit %d)%s"
                  % (rule, f["class"], f["label"], rc, "" if rc == 1 else "\n" + out[-1500:]))
    finally:
        stop_process(m)


os.makedirs(WORK, exist_ok=True)
if CASE.startswith("clean-"):
    clean(CASE[len("clean-"):])
elif CASE in FAULTS:
    faults(CASE)
elif CASE == "limits":
    limits()
elif CASE == "moto":
    moto()
else:
    print("unknown case", CASE)
    sys.exit(2)
if FAILURES:
    print("%d failure(s)" % len(FAILURES))
    sys.exit(1)
print("all passed")
