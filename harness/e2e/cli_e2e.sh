#!/bin/sh
# kmsconform's command line as a user runs it: the main job against the embedded mock, the
# report files, `rules`, `matrix`, a spawned mock under libfaketime, a target that never
# comes up, a dead endpoint, bad flags.
#   cli_e2e.sh KMSCONFORM MOCK_KMS KEY_CACHE
set -u
KC=$1
MOCK=$2
CACHE=$3
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() { # check DESCRIPTION COMMAND...: the command must succeed
  d=$1; shift
  if "$@"; then echo "ok: $d"; else fail "$d"; fi
}

# 1. The main job: the embedded mock, every rule passes, four report files, the path printed.
"$KC" run --key-cache "$CACHE" --report-dir "$W/main" --seed 7 > "$W/main.out" 2> "$W/main.err"
rc=$?
[ "$rc" -eq 0 ] || { fail "kmsconform run exited $rc"; cat "$W/main.out" "$W/main.err"; }
check "summary line: 37 rules, 37 pass" grep -q "37 rules (profile 2022, embedded .*: 37 pass, 0 fail" "$W/main.out"
check "the report path is printed" grep -q "^report: $W/main/report.html" "$W/main.out"
for f in report.json junit.xml report.md report.html; do
  check "$f written" test -s "$W/main/$f"
done
check "report.json has the schema" grep -q '"schema": *"kmsconform-report/1"' "$W/main/report.json"
check "junit has 37 testcases" sh -c "[ \$(grep -c '<testcase' '$W/main/junit.xml') -eq 37 ]"
# No secret reaches a report: the signature and the secret key are redacted.
check "no signature in the report" sh -c "! grep -Eq 'Signature=[0-9a-f]{64}' '$W/main/report.json'"

# 2. The 2026 profile.
rc=0
"$KC" run --profile 2026 --key-cache "$CACHE" --report-dir "$W/p2026" --seed 7 > "$W/p2026.out" 2>&1 || rc=$?
check "profile 2026: exit code 0 (a skip is no failure)" [ "$rc" -eq 0 ]
check "profile 2026: 44 rules, all judged pass (ikm.edwards-mldsa: skip)" \
  grep -q "44 rules (profile 2026, embedded .*: 43 pass, 0 fail, 0 warn, 1 skip, 0 error" "$W/p2026.out"

# 3. rules and matrix.
"$KC" rules > "$W/rules.out" || fail "kmsconform rules"
check "rules lists the catalogue" grep -q "ikm.token-bound-to-key" "$W/rules.out"
"$KC" rules --profile 2026 > "$W/rules26.out" || fail "kmsconform rules --profile 2026"
"$KC" rules --profile 2022 > "$W/rules22.out" || fail "kmsconform rules --profile 2022"
for id in ikm.material-format ikm.large-material-wrap ikm.asymmetric-in-use ikm.hmac-in-use \
          ikm.edwards-mldsa ikm.import-type ikm.reimport-existing ikm.new-material-symmetric-only \
          dikm.key-material-id rot.on-demand rot.limit rot.list-rotations; do
  check "rules --profile 2026 lists $id" grep -q "^$id " "$W/rules26.out"
  check "rules --profile 2022 leaves $id out" sh -c "! grep -q '^$id ' '$W/rules22.out'"
done
"$KC" matrix "$W/main/report.json" "$W/p2026/report.json" -o "$W/matrix" > /dev/null || fail "matrix"
check "matrix.html written" test -s "$W/matrix/matrix.html"
check "matrix.md written" test -s "$W/matrix/matrix.md"
# Folders stand for their report.json; cells link to each run's report.html.
"$KC" matrix "$W/main" "$W/p2026" -o "$W/matrix2" > /dev/null || fail "matrix of folders"
check "matrix of folders: links to the runs" grep -q 'href="../main/report.html#rule-' "$W/matrix2/matrix.html"
mkdir -p "$W/broken/report.json"
"$KC" matrix "$W/broken" -o "$W/matrix3" > /dev/null 2> "$W/matrix3.err"
check "matrix: an unreadable report exits 2" test $? -eq 2
check "matrix: an unreadable report says why" grep -q 'cannot read .*Is a directory' "$W/matrix3.err"

# 4. A spawned mock under libfaketime: the time rules are judged, not skipped.
if [ -e /usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 ]; then
  "$KC" run --spawn "$MOCK --port {port} --key-cache $CACHE" --clock faketime \
    --only ikm.token-expired,ikm.material-expiry,gpfi.validity-24h \
    --report-dir "$W/faketime" > "$W/faketime.out" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] || { fail "faketime run exited $rc"; cat "$W/faketime.out"; }
  check "faketime: the time rules pass" grep -q "3 rules (profile 2022, spawn .*: 3 pass" "$W/faketime.out"
  check "faketime: clock recorded" grep -q '"clock": *"faketime"' "$W/faketime/report.json"
else
  echo "skip: libfaketime is not installed"
fi

# 5. A spawned mock with the clock hook.
"$KC" run --spawn "$MOCK --port {port} --test-hooks --key-cache $CACHE" --clock mock-hook \
  --only ikm.token-expired --report-dir "$W/hook" > "$W/hook.out" 2>&1
check "mock-hook: the expired-token rule passes" grep -q "1 rules (profile 2022, spawn .*: 1 pass" "$W/hook.out"

# A mock whose clock an earlier run already moved (18 days): the run starts from the mock's
# time, so ParametersValidTo and expiry are judged against it, not against this machine's.
"$MOCK" --port 0 --test-hooks --key-cache "$CACHE" > "$W/moved.log" 2>&1 &
moved_pid=$!
moved_port=""
for _ in $(seq 100); do
  moved_port=$(sed -n 's/^listening on //p' "$W/moved.log")
  [ -n "$moved_port" ] && break
  sleep 0.05
done
curl -s -X POST "http://127.0.0.1:$moved_port/_mock/clock" -d '{"advance_seconds": 1555200}' > /dev/null
"$KC" run --endpoint "http://127.0.0.1:$moved_port" --clock mock-hook \
  --only gpfi.validity-24h,ikm.token-expired,ikm.material-expiry --report-dir "$W/moved" \
  > "$W/moved.out" 2>&1
check "mock-hook, clock moved before the run: the time rules pass" \
  grep -q "3 rules (profile 2022, endpoint .*: 3 pass" "$W/moved.out"
kill "$moved_pid" 2>/dev/null
wait "$moved_pid" 2>/dev/null

# 6. Without clock control the time rules are skipped with the reason.
"$KC" run --spawn "$MOCK --port {port} --key-cache $CACHE" --only ikm.token-expired \
  --report-dir "$W/noclock" > "$W/noclock.out" 2>&1
check "no clock: skipped, exit 0" test $? -eq 0
check "no clock: the reason" grep -q "no clock control" "$W/noclock/report.json"
check "no clock: the console says the skip and why" \
  grep -q "^skip  ikm.token-expired: no clock control" "$W/noclock.out"
# A clock that cannot move (mock-hook without --test-hooks): the reason, said once.
"$KC" run --spawn "$MOCK --port {port} --key-cache $CACHE" --clock mock-hook \
  --only ikm.token-expired --report-dir "$W/nohook" > "$W/nohook.out" 2>&1
check "no hook: skipped, exit 0" test $? -eq 0
check "no hook: the reason names --test-hooks" grep -q "test-hooks" "$W/nohook.out"
check "no hook: the reason is said once" \
  sh -c "[ \$(grep -o 'clock did not move' '$W/nohook.out' | wc -l) -eq 1 ]"
# --name: the target's name in the report's title.
"$KC" run --spawn "$MOCK --port {port} --key-cache $CACHE" --name "my emulator" \
  --only gpfi.key-state --report-dir "$W/named" > /dev/null 2>&1
check "--name: the report's title" grep -q "<h1>kmsconform report: my emulator</h1>" "$W/named/report.html"
check "--name: report.json target.name" grep -q '"name": *"my emulator"' "$W/named/report.json"

# 7. A target that never comes up: exit 2, a clear message with its output, nothing left behind.
marker="kc-e2e-never-$$"
"$KC" run --spawn "sh -c 'echo starting $marker; exec sleep 300' # {port}" --spawn-timeout 1 \
  --report-dir "$W/never" > "$W/never.out" 2> "$W/never.err"
rc=$?
check "never up: exit 2" test "$rc" -eq 2
check "never up: the message" grep -q "did not accept connections" "$W/never.err"
check "never up: its output" grep -q "starting $marker" "$W/never.err"
sleep 0.5
# "[k]c-..." matches the emulator's command line but not this check's own.
check "never up: no process left" sh -c "! pgrep -f '[k]${marker#k}' >/dev/null"
"$KC" run --spawn "sh -c 'echo boom >&2; exit 3' # {port}" --report-dir "$W/boom" \
  > /dev/null 2> "$W/boom.err"
check "crashing emulator: exit 2" test $? -eq 2
check "crashing emulator: exit code and output" grep -q "exit code 3" "$W/boom.err"

# 8. Set-up mistakes are "could not run" (exit 2), not failing rules, and leave no report.
"$KC" run --endpoint http://127.0.0.1:9 --timeout 2 --report-dir "$W/dead" > "$W/dead.out" 2>&1
check "nothing listening: exit 2" test $? -eq 2
check "nothing listening: the message" grep -q "nothing is listening on http://127.0.0.1:9" "$W/dead.out"
check "nothing listening: no report folder" test ! -e "$W/dead"
if command -v python3 >/dev/null 2>&1; then
  # A plain HTTP server that is not KMS.
  python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$W" > "$W/http.out" 2>&1 &
  http_pid=$!
  port=""
  for _ in $(seq 50); do
    port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$W/http.out" | head -1)
    [ -n "$port" ] && break
    sleep 0.1
  done
  "$KC" run --endpoint "http://127.0.0.1:$port" --report-dir "$W/notkms" > "$W/notkms.out" 2>&1
  check "not a KMS endpoint: exit 2" test $? -eq 2
  check "not a KMS endpoint: the message" grep -q "HTTP 501.*is this a KMS endpoint?" "$W/notkms.out"
  kill "$http_pid" 2>/dev/null
fi
# An unwritable report folder: exit 2 before the target is even started.
mkdir -p "$W/ro" && chmod 500 "$W/ro"
if ! touch "$W/ro/x" 2>/dev/null; then
  "$KC" run --spawn "sh -c 'touch $W/spawned; exec sleep 300' # {port}" \
    --report-dir "$W/ro/report" > "$W/ro.out" 2>&1
  check "unwritable report folder: exit 2" test $? -eq 2
  check "unwritable report folder: the message" grep -q "cannot write the report directory" "$W/ro.out"
  check "unwritable report folder: the target was never started" test ! -e "$W/spawned"
else
  echo "skip: running as root, a read-only folder is writable"
  # As root: a path under a regular file cannot be a folder.
  : > "$W/file"
  "$KC" run --spawn "sh -c 'touch $W/spawned; exec sleep 300' # {port}" \
    --report-dir "$W/file/report" > "$W/ro.out" 2>&1
  check "unwritable report folder: exit 2" test $? -eq 2
  check "unwritable report folder: the message" grep -q "cannot write the report directory" "$W/ro.out"
  check "unwritable report folder: the target was never started" test ! -e "$W/spawned"
fi
chmod 700 "$W/ro"
# Two runs started in the same second write two folders (the default names never collide).
mkdir -p "$W/twice"
( cd "$W/twice" && "$KC" run --key-cache "$CACHE" --only gpfi.key-state > a.out 2>&1 & \
  cd "$W/twice" && "$KC" run --key-cache "$CACHE" --only gpfi.key-state > b.out 2>&1 & wait )
check "two runs in one second: two report folders" \
  sh -c "[ \$(find '$W/twice/reports' -name report.json | wc -l) -eq 2 ]"
# A second identity in the same account is a set-up mistake: the cross-account rules are
# errors that say so, not failures.
"$KC" run --spawn "$MOCK --port {port} --key-cache $CACHE" --other-account-key OTHER:secret \
  --only gpfi.no-cross-account,ikm.no-cross-account --report-dir "$W/sameacct" > "$W/sameacct.out" 2>&1
check "same-account second identity: exit 1" test $? -eq 1
check "same-account second identity: two errors, no fail" \
  grep -q "2 rules (profile 2022, spawn .*: 0 pass, 0 fail, 0 warn, 0 skip, 2 error" "$W/sameacct.out"
check "same-account second identity: the message" \
  grep -q "error gpfi.no-cross-account: the second identity is in the same account (111122223333) as the first: give mock-kms \`--credentials\` with two accounts" "$W/sameacct.out"
# A spawned emulator's output is kept beside the report, and the report links it.
check "mock-hook run: target.log kept" test -s "$W/hook/target.log"
check "mock-hook run: report.json names target.log" grep -q '"log": *"target.log"' "$W/hook/report.json"
check "mock-hook run: report.html links target.log" grep -q 'href="target.log"' "$W/hook/report.html"

# 9. Bad flags: a message and exit 2.
for args in "run --bogus" "run --profile 1999" "run --jobs 0" "frobnicate" "run --only no.such-rule"; do
  # shellcheck disable=SC2086
  "$KC" $args > "$W/bad.out" 2> "$W/bad.err"
  rc=$?
  [ "$rc" -eq 2 ] || fail "'$args' exited $rc, not 2"
  [ -s "$W/bad.err" ] || fail "'$args' printed no message"
done

if [ "$failures" -gt 0 ]; then
  echo "$failures checks failed"
  exit 1
fi
echo "all checks passed"
