#!/usr/bin/env python3
"""Every refusal the clean mock's run counts rests on a control that succeeded in that run.

Runs `kmsconform run` against the embedded mock in both profiles and reads report.json with
Python's json module (not the harness's own reader), then, for every rule that is not a
fail or error:

  - every probe exchange the target refused (HTTP 4xx) is judged by at least one check
    (checks[].exchange names the exchange's seq): a refusal nobody judged would be a
    verdict resting on nothing;
  - every check of such an exchange that counts (pass or warn) says it rests on a refusal
    (refusal: true) and names at least one control;
  - every control it names is in the rule's controls with status "passed", and the
    transcript holds at least one exchange of that control answered 2xx: the premise was
    shown on the target, in the same run, not asserted by a flag.

It also fails when the run has fewer refusals than the scenarios are known to make (so the
test cannot pass by judging nothing), and prints a line per rule.

usage: controls_test.py KMSCONFORM WORKDIR KEY_CACHE
"""

import json
import os
import subprocess
import sys

# The scenarios make many more; a run with fewer refusals judged is broken.
MIN_REFUSALS = {"2022": 80, "2026": 110}


def run(kmsconform, workdir, cache, profile):
    out = os.path.join(workdir, "run-" + profile)
    p = subprocess.run(
        [kmsconform, "run", "--profile", profile, "--seed", "7", "--report-dir", out,
         "--key-cache", cache],
        capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        sys.exit("kmsconform run --profile %s exited %d\n%s\n%s" %
                 (profile, p.returncode, p.stdout, p.stderr))
    with open(os.path.join(out, "report.json"), encoding="utf-8") as f:
        return json.load(f)


def check_rule(rule, problems):
    rid = rule["id"]
    if rule["status"] in ("fail", "error"):
        problems.append("%s: %s against the clean mock: %s" % (rid, rule["status"], rule["reason"]))
        return 0
    controls = {c["id"]: c for c in rule.get("controls", [])}
    evidence = rule.get("evidence", [])
    control_ok = {}
    for cid, c in controls.items():
        shown = [e for e in evidence
                 if e.get("control") == cid and e.get("response")
                 and 200 <= e["response"]["status"] < 300]
        control_ok[cid] = c["status"] == "passed" and bool(shown)
    checks_of = {}
    for c in rule.get("checks", []):
        checks_of.setdefault(c.get("exchange", 0), []).append(c)
    refusals = 0
    for e in evidence:
        if not e.get("probe") or not e.get("response"):
            continue
        status = e["response"]["status"]
        if not 400 <= status < 500:
            continue
        refusals += 1
        judged = checks_of.get(e.get("seq", 0), [])
        counted = [c for c in judged if c["verdict"] in ("pass", "warn")]
        if not judged:
            problems.append("%s: the refused probe #%s (%s) is judged by no check" %
                            (rid, e.get("seq"), e["step"]))
        for c in counted:
            if not c.get("refusal"):
                problems.append("%s: check '%s' counts a refused probe but is not marked a "
                                "refusal" % (rid, c["what"]))
            names = c.get("controls", [])
            if not names:
                problems.append("%s: check '%s' counts a refusal without a control" %
                                (rid, c["what"]))
            for cid in names:
                if cid not in controls:
                    problems.append("%s: check '%s' names an unknown control %s" %
                                    (rid, c["what"], cid))
                elif not control_ok[cid]:
                    problems.append(
                        "%s: check '%s' counts a refusal whose control %s (%s) did not succeed "
                        "on the target (status %s)" %
                        (rid, c["what"], cid, controls[cid]["what"], controls[cid]["status"]))
    # Checks marked as refusals that count must rest on succeeded controls too, whatever the
    # exchange.
    for c in rule.get("checks", []):
        if c.get("refusal") and c["verdict"] in ("pass", "warn"):
            names = c.get("controls", [])
            if not names or not all(control_ok.get(cid) for cid in names):
                problems.append("%s: refusal check '%s' lacks a succeeded control" %
                                (rid, c["what"]))
    return refusals


def main():
    kmsconform, workdir, cache = sys.argv[1:4]
    os.makedirs(workdir, exist_ok=True)
    problems = []
    for profile in ("2022", "2026"):
        report = run(kmsconform, workdir, cache, profile)
        total = 0
        for rule in report["rules"]:
            n = check_rule(rule, problems)
            total += n
            print("%s %-28s %-5s refused probes: %2d, controls: %s" % (
                profile, rule["id"], rule["status"], n,
                ", ".join("%s %s" % (c["id"], c["status"]) for c in rule.get("controls", []))))
        if total < MIN_REFUSALS[profile]:
            problems.append("profile %s: only %d refused probes were judged (expected at least "
                            "%d): the scenarios judged less than they should" %
                            (profile, total, MIN_REFUSALS[profile]))
        print("profile %s: %d refused probes, each resting on a succeeded control" %
              (profile, total))
    if problems:
        print("\n".join(["FAILED:"] + problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
