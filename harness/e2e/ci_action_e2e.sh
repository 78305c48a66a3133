#!/bin/sh
# ci_action_e2e.sh KMSCONFORM MOCK_KMS KEY_CACHE SOURCE: the GitHub Action
# (.github/actions/kmsconform) outside GitHub. Its `check` step is a script; run here with
# GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, against a spawned mock-kms:
#   - clean mock, budget 3: run and explore exit 0 (and fuzz, where kmsconform has it), the
#     reports (report.html, junit.xml) are where the upload step takes them, exit=0;
#   - a planted fault, budget 0: run=1 and exit=1 (the action's last step then fails), and
#     the step itself exits 0 so that the reports are uploaded first; no explore;
#   - bad inputs exit 2 with a message;
#   - action.yml: the inputs spawn, profile and budget, and every KC_* it passes is read.
set -u
kc=$1
mock=$2
cache=$3
src=$4
ci="$src/.github/actions/kmsconform/kmsconform-ci"
W=$(mktemp -d "${TMPDIR:-/tmp}/kc-ci-action-XXXXXX")
trap 'rm -rf "$W"' EXIT
failures=0
check() {
  what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; failures=$((failures + 1)); fi
}

# 1. The clean mock.
KMSCONFORM="$kc" KC_SPAWN="$mock --port {port} --key-cache $cache" KC_BUDGET=3 \
  KC_NAME="mock under test" KC_REPORT_DIR="$W/clean" GITHUB_OUTPUT="$W/clean.out" \
  GITHUB_STEP_SUMMARY="$W/clean.md" sh "$ci" check > "$W/clean.log" 2>&1
rc=$?
check "clean: the step exits 0 (got $rc)" test "$rc" -eq 0
check "clean: run=0" grep -qx 'run=0' "$W/clean.out"
check "clean: explore=0" grep -qx 'explore=0' "$W/clean.out"
check "clean: exit=0" grep -qx 'exit=0' "$W/clean.out"
if "$kc" fuzz --help > /dev/null 2>&1; then
  check "clean: fuzz=0 (kmsconform has fuzz)" grep -qx 'fuzz=0' "$W/clean.out"
else
  check "clean: no fuzz (this kmsconform has none)" sh -c "! grep -q '^fuzz=' '$W/clean.out'"
  check "clean: says it did not fuzz" grep -q 'no fuzz command' "$W/clean.log"
fi
for f in run/report.html run/junit.xml run/report.json explore/report.html explore/junit.xml; do
  check "clean: $f for the upload" test -s "$W/clean/$f"
done
check "clean: --name reaches the report" grep -q 'mock under test' "$W/clean/run/report.html"
check "clean: the summary page has the console" grep -q '### kmsconform run: exit 0' "$W/clean.md"
[ "$failures" -eq 0 ] || tail -n 40 "$W/clean.log"

# 2. A planted fault: run fails its rule.
KMSCONFORM="$kc" KC_SPAWN="$mock --port {port} --key-cache $cache --fault ikm.token-bound-to-key" \
  KC_BUDGET=0 KC_REPORT_DIR="$W/fault" GITHUB_OUTPUT="$W/fault.out" \
  sh "$ci" check > "$W/fault.log" 2>&1
rc=$?
check "fault: the step still exits 0 (the upload comes first; got $rc)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || tail -n 20 "$W/fault.log"
check "fault: run=1" grep -qx 'run=1' "$W/fault.out"
check "fault: exit=1" grep -qx 'exit=1' "$W/fault.out"
check "fault: budget 0 explores nothing" sh -c "! grep -q '^explore=' '$W/fault.out'"
check "fault: the rule is named on the console" grep -q 'ikm.token-bound-to-key' "$W/fault.log"
check "fault: junit.xml has the failure" grep -q '<failure' "$W/fault/run/junit.xml"

# 3. Bad inputs.
bad() {  # bad MESSAGE VAR=VALUE...
  message=$1
  shift
  env KMSCONFORM="$kc" KC_SPAWN="$mock --port {port}" KC_REPORT_DIR="$W/bad" "$@" \
    sh "$ci" check > "$W/bad.log" 2>&1
  rc=$?
  check "bad input $*: exit 2" test "$rc" -eq 2
  check "bad input $*: '$message'" grep -qF "$message" "$W/bad.log"
}
bad "has no {port}" KC_SPAWN="$mock --port 4566"
bad "the input 'spawn' is required" KC_SPAWN=
bad "profile: '2024' is not 2022 or 2026" KC_PROFILE=2024
bad "budget: '1m' is not a number of seconds" KC_BUDGET=1m
bad "clock: 'fake' is not none, faketime or mock-hook" KC_CLOCK=fake
sh "$ci" deploy > "$W/usage.log" 2>&1
rc=$?
check "an unknown step exits 2" test "$rc" -eq 2
check "an unknown step prints the usage" grep -qF 'usage: kmsconform-ci install|check' "$W/usage.log"

# 4. action.yml.
check "action.yml: inputs spawn, profile, budget; steps call kmsconform-ci" python3 -c "
import re, sys, yaml
a = yaml.safe_load(open('$src/.github/actions/kmsconform/action.yml'))
assert a['runs']['using'] == 'composite'
assert {'spawn', 'profile', 'budget'} <= set(a['inputs']), a['inputs']
assert a['inputs']['spawn'].get('required') is True
steps = a['runs']['steps']
runs = [s.get('run', '') for s in steps]
assert any('kmsconform-ci\" install' in r for r in runs) and any('kmsconform-ci\" check' in r for r in runs)
script = open('$ci').read()
for s in steps:
    for k, v in (s.get('env') or {}).items():
        # every input passed is read, by the script or by the step's own shell text
        assert k in script or k in s.get('run', ''), k + ' is read by nothing'
    assert '\${{' not in s.get('run', ''), 'an expression pasted into a shell: ' + s.get('run', '')
assert any(s.get('uses', '').startswith('actions/upload-artifact@') and s.get('if') == 'always()' for s in steps)
"

[ "$failures" -eq 0 ] || { echo "ci_action_e2e: $failures check(s) failed"; exit 1; }
echo "ci_action_e2e: all checks passed"
