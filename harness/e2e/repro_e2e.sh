#!/bin/sh
# Reproducers that run: a run against the embedded mock writes repro/<rule>.sh; each script,
# pointed by KC_ENDPOINT at a freshly started mock-kms, exits 0 against the clean mock and 1
# against `mock-kms --fault <rule>`; against nothing it exits 2. The rules cover every kind
# of step the scripts judge: refusals (AWS CLI), raw requests and the error shape (curl),
# key states, a clock move (mock-kms --test-hooks), decrypting to the original plaintext,
# output values, file comparisons, a burst, and a second identity. Profile 2026: scripts of
# rotation, several materials and imported HMAC/asymmetric material, run with Debian's AWS CLI
# (2022 model) through the 2026 model the run writes beside them (repro/aws-data), against
# `mock-kms --profile 2026` and a fault their steps show.
#
# usage: repro_e2e.sh KMSCONFORM MOCK_KMS KEY_CACHE
set -u
if [ "${1:-}" = --one ]; then
  # --one MOCK CACHE W SCRIPT FAULT PROFILE: one script against a fresh mock (FAULT "clean":
  # none); prints "<exit code> <rule> <fault> <its output file>".
  MOCK=$2; CACHE=$3; W=$4
  d=$(mktemp -d "$W/m.XXXXXX")
  extra="--profile $7"
  [ "$6" != clean ] && extra="$extra --fault $6"
  # shellcheck disable=SC2086
  "$MOCK" --port 0 --test-hooks --credentials "$W/credentials" --key-cache "$CACHE" $extra \
    > "$d/mock.out" 2>&1 &
  pid=$!
  port=""
  for _ in $(seq 100); do
    port=$(sed -n 's/^listening on //p' "$d/mock.out")
    [ -n "$port" ] && break
    sleep 0.05
  done
  OTHER_AWS_ACCESS_KEY_ID=KCOTHER OTHER_AWS_SECRET_ACCESS_KEY=kc-other-secret \
    KC_ENDPOINT="http://127.0.0.1:$port" env -u AWS_DATA_PATH sh "$5" > "$d/script.out" 2>&1
  rc=$?
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  echo "$rc $(basename "$5" .sh) $6 $d/script.out"
  exit 0
fi
KC=$1
MOCK=$2
CACHE=$3
[ -x /usr/bin/aws ] || { echo "skip: the AWS CLI v2 (/usr/bin/aws) is not installed"; exit 77; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
RULES="ikm.token-bound-to-key proto.error-shape state.key-state-table ikm.token-expired
ikm.lifecycle gpfi.response-shape gpfi.fresh-wrapping-key proto.robustness ikm.no-cross-account"
only=$(echo $RULES | tr ' ' ',')
"$KC" run --key-cache "$CACHE" --seed 11 --only "$only" --report-dir "$W/run" > "$W/run.out" 2>&1 ||
  { echo "FAIL: the run against the embedded mock"; cat "$W/run.out"; exit 1; }
printf 'test test 111122223333\nKCOTHER kc-other-secret 444455556666\n' > "$W/credentials"
# Profile 2026, each rule with a fault its script's steps show.
RULES26="rot.on-demand:rot.on-demand:2 rot.list-rotations:rot.list-rotations:2
dikm.key-material-id:dikm.key-material-id:2 ikm.hmac-in-use:ikm.hmac-in-use:2
ikm.asymmetric-in-use:ikm.asymmetric-in-use"
only26=$(for r in $RULES26; do echo "${r%%:*}"; done | tr '\n' ',' | sed 's/,$//')
"$KC" run --profile 2026 --key-cache "$CACHE" --seed 11 --only "$only26" --report-dir "$W/run26" \
  > "$W/run26.out" 2>&1 ||
  { echo "FAIL: the profile-2026 run against the embedded mock"; cat "$W/run26.out"; exit 1; }

failures=0
for rule in $RULES; do
  script="$W/run/repro/$rule.sh"
  [ -x "$script" ] || { echo "FAIL: $script is missing or not executable"; failures=$((failures + 1)); continue; }
  echo "$script clean 2022"
  echo "$script $rule 2022"
done > "$W/jobs"
for r in $RULES26; do
  rule=${r%%:*}
  script="$W/run26/repro/$rule.sh"
  [ -x "$script" ] || { echo "FAIL: $script is missing or not executable"; failures=$((failures + 1)); continue; }
  echo "$script clean 2026"
  echo "$script ${r#*:} 2026"
done >> "$W/jobs"
# Two at a time: the AWS CLI is the cost (about 0.6 s of CPU per call).
xargs -P 2 -n 3 sh "$0" --one "$MOCK" "$CACHE" "$W" < "$W/jobs" > "$W/results"
while read -r rc rule fault out; do
  want=0
  [ "$fault" != clean ] && want=1
  if [ "$rc" -eq "$want" ]; then
    echo "ok: repro/$rule.sh against the $( [ "$fault" = clean ] && echo "clean mock" || echo "mock with --fault $fault"): exit $rc"
  else
    echo "FAIL: repro/$rule.sh against the mock ($fault) exited $rc, not $want; its output:"
    sed 's/^/    /' "$out"
    failures=$((failures + 1))
  fi
done < "$W/results"
[ "$(wc -l < "$W/results")" -eq "$(wc -l < "$W/jobs")" ] || { echo "FAIL: some scripts did not report"; failures=$((failures + 1)); }
# Nothing listening: exit 2 with the reason.
KC_ENDPOINT=http://127.0.0.1:9 sh "$W/run/repro/ikm.token-bound-to-key.sh" > "$W/dead.out" 2>&1
rc=$?
if [ "$rc" -eq 2 ] && grep -q "could not run" "$W/dead.out"; then
  echo "ok: against nothing: exit 2"
else
  echo "FAIL: against nothing: exit $rc"; cat "$W/dead.out"; failures=$((failures + 1))
fi
# A missing tool: exit 2.
AWS=/nonexistent/aws KC_ENDPOINT=http://127.0.0.1:9 sh "$W/run/repro/ikm.token-bound-to-key.sh" \
  > "$W/tool.out" 2>&1
rc=$?
if [ "$rc" -eq 2 ] && grep -q "is missing" "$W/tool.out"; then
  echo "ok: without the AWS CLI: exit 2"
else
  echo "FAIL: without the AWS CLI: exit $rc"; failures=$((failures + 1))
fi
[ "$failures" -eq 0 ] || { echo "$failures failures"; exit 1; }
echo "all reproducers behaved"
