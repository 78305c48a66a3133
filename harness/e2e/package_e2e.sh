#!/bin/sh
# package_e2e.sh BUILD SOURCE KEY_CACHE: the Debian package end to end (README, "Install,
# package, version"). In BUILD: `cpack -G DEB`; then `dpkg -x` into a temporary root and, from
# there, with the working directory and the caches outside the source and build trees:
#   - the package: its name, a Depends computed by dpkg-shlibdeps (the package of every
#     library the binaries link, with a version), apt can install it here (simulated);
#   - both programs' --version (the build's version and commit);
#   - `kmsconform run` (the embedded mock) passes every rule, with the default key cache;
#   - `mock-kms` answers Debian's AWS CLI v2 (/usr/bin/aws) through the import flow;
#   - each man page holds its program's --help (and each command's), line by line;
#   - the docs, the licences of the data, the systemd unit.
# Exit 0 pass, 1 fail, 77 skipped: no dpkg-deb (not a Debian system), or no /usr/bin/aws
# (then only after everything else passed).
set -u
build=$1
src=$2
cache=$3

if ! command -v dpkg-deb > /dev/null 2>&1; then
  echo "SKIP: no dpkg-deb: not a Debian system"
  exit 77
fi
if ! command -v dpkg-shlibdeps > /dev/null 2>&1; then
  echo "FAIL: no dpkg-shlibdeps (package dpkg-dev): run scripts/install-deps"
  exit 1
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/kc-package-XXXXXX")
mock_pid=""
cleanup() {
  [ -n "$mock_pid" ] && kill "$mock_pid" 2> /dev/null
  rm -rf "$W"
}
trap cleanup EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
check() {
  what=$1
  shift
  if "$@"; then echo "ok: $what"; else fail "$what"; fi
}

# 1. The package.
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
arch=$(dpkg --print-architecture)
if ! (cd "$build" && cpack -G DEB -B "$W/pkg") > "$W/cpack.log" 2>&1; then
  cat "$W/cpack.log"
  echo "FAIL: cpack -G DEB"
  exit 1
fi
deb="$W/pkg/kmsconform_${version}_${arch}.deb"
if [ ! -f "$deb" ]; then
  ls "$W/pkg"
  echo "FAIL: cpack -G DEB did not write kmsconform_${version}_${arch}.deb"
  exit 1
fi
echo "ok: cpack -G DEB wrote $(basename "$deb")"
check "the package is named kmsconform" test "$(dpkg-deb -f "$deb" Package)" = kmsconform
check "the package's version is $version" test "$(dpkg-deb -f "$deb" Version)" = "$version"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
root="$W/root"
dpkg -x "$deb" "$root" || { echo "FAIL: dpkg -x"; exit 1; }
kc="$root/usr/bin/kmsconform"
mock="$root/usr/bin/mock-kms"
# Every library either binary links comes from a package that Depends names with a version
# (dpkg-shlibdeps writes "libssl3 (>= 3.0.0)"; a hand-written list would miss some).
for bin in "$kc" "$mock"; do
  for soname in $(objdump -p "$bin" | awk '/NEEDED/ {print $2}'); do
    path=$(ldd "$bin" | awk -v s="$soname" '$1 == s {print $3}')
    owner=""
    for p in "$path" "$(readlink -f "$path")" "/usr$path" "${path#/usr}"; do
      owner=$(dpkg -S "$p" 2> /dev/null | head -n 1 | cut -d: -f1) && [ -n "$owner" ] && break
    done
    if [ -z "$owner" ]; then
      fail "no package owns $soname ($path) of $(basename "$bin")"
    else
      check "Depends names $owner (>= ...) for $soname of $(basename "$bin")" \
        sh -c "echo '$depends' | tr ',' '\n' | sed 's/^ *//' |
               awk -v p='$owner' 'index(\$0, p \" (>= \") == 1 { found = 1 } END { exit !found }'"
    fi
  done
done
if command -v apt-get > /dev/null 2>&1; then
  check "apt-get can install the package here (simulated)" \
    sh -c "apt-get install -s -q '$deb' > '$W/apt.log' 2>&1 && grep -q '^Inst kmsconform' '$W/apt.log'"
fi

# 2. What it installs.
for f in usr/bin/kmsconform usr/bin/mock-kms \
  usr/share/man/man1/kmsconform.1.gz usr/share/man/man1/mock-kms.1.gz \
  usr/share/doc/kmsconform/README.md usr/share/doc/kmsconform/CONTRACT.md \
  usr/share/doc/kmsconform/licenses/aws-kms-api-model/LICENSE \
  usr/share/doc/kmsconform/licenses/aws-sigv4-test-suite/LICENSE \
  usr/share/doc/kmsconform/licenses/wycheproof/LICENSE \
  usr/share/doc/kmsconform/examples/mock-kms/docker-compose.yml \
  usr/lib/systemd/system/mock-kms.service; do
  check "the package has /$f" test -s "$root/$f"
done
check "the unit starts /usr/bin/mock-kms" grep -qx 'ExecStart=/usr/bin/mock-kms' \
  "$root/usr/lib/systemd/system/mock-kms.service"
check "the binaries are stripped" sh -c "! objdump -h '$kc' | grep -q debug_info"

# 3. Run from the root, away from the source and build trees.
cd "$W" || exit 1
export XDG_CACHE_HOME="$W/cache" HOME="$W/home"
mkdir -p "$XDG_CACHE_HOME/kmsconform" "$HOME"
# A warm default key cache (the run then waits for no RSA key generation).
[ -f "$cache" ] && cp "$cache" "$XDG_CACHE_HOME/kmsconform/wrapping-keys.bin"
for prog in kmsconform mock-kms; do
  out=$("$root/usr/bin/$prog" --version)
  check "$prog --version: version and commit ($out)" \
    sh -c "echo '$out' | grep -Eqx '$prog $version \\(commit ([0-9a-f]{7,40}(-dirty)?|unknown)\\)'"
  check "$prog --version is the build's" test "$out" = "$("$build/bin/$prog" --version)"
done
if command -v git > /dev/null 2>&1 && git -C "$src" rev-parse HEAD > /dev/null 2>&1 &&
   [ "$(cd "$src" && pwd -P)" = "$(cd "$(git -C "$src" rev-parse --show-toplevel)" && pwd -P)" ]; then
  head=$(git -C "$src" rev-parse --short=12 HEAD)
  check "--version names the source's commit ($head)" \
    sh -c "'$kc' --version | grep -q '(commit $head'"
fi

"$kc" run --report-dir "$W/report" --seed 7 > "$W/run.out" 2>&1
rc=$?
check "kmsconform run (embedded) from the package exits 0" test "$rc" -eq 0
[ "$rc" -eq 0 ] || tail -n 30 "$W/run.out"
check "kmsconform run: every rule passes" python3 -c "
import json, sys
s = json.load(open('$W/report/report.json'))['summary']
sys.exit(0 if s['pass'] > 0 and s['fail'] == 0 and s['error'] == 0 else 1)"
check "kmsconform run: report.html written" test -s "$W/report/report.html"
check "kmsconform run: the default key cache (\$XDG_CACHE_HOME/kmsconform)" \
  test -s "$XDG_CACHE_HOME/kmsconform/wrapping-keys.bin"

# 4. mock-kms from the package against Debian's AWS CLI v2, the port from MOCK_KMS_PORT.
aws_missing=no
if [ ! -x /usr/bin/aws ]; then
  aws_missing=yes
else
  MOCK_KMS_PORT=0 "$mock" --key-cache "$XDG_CACHE_HOME/kmsconform/wrapping-keys.bin" \
    > "$W/mock.out" 2> "$W/mock.err" &
  mock_pid=$!
  port=""
  for _ in $(seq 1 300); do
    port=$(sed -n 's/^listening on //p' "$W/mock.out")
    [ -n "$port" ] && break
    sleep 0.1
  done
  if [ -z "$port" ]; then
    fail "mock-kms from the package did not start: $(cat "$W/mock.err")"
  else
    export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 \
      AWS_CONFIG_FILE="$W/none" AWS_SHARED_CREDENTIALS_FILE="$W/none" AWS_PAGER=""
    kms() { /usr/bin/aws --endpoint-url "http://127.0.0.1:$port" kms "$@"; }
    key=$(kms create-key --origin EXTERNAL --query KeyMetadata.KeyId --output text)
    check "aws kms create-key --origin EXTERNAL" test -n "$key"
    kms get-parameters-for-import --key-id "$key" --wrapping-algorithm RSAES_OAEP_SHA_256 \
      --wrapping-key-spec RSA_2048 --query '[ImportToken,PublicKey]' --output text \
      > "$W/params.txt"
    cut -f1 "$W/params.txt" | base64 -d > "$W/token.bin"
    cut -f2 "$W/params.txt" | base64 -d > "$W/pub.der"
    check "aws kms get-parameters-for-import" test -s "$W/token.bin" -a -s "$W/pub.der"
    openssl rand -out "$W/material.bin" 32
    openssl pkeyutl -encrypt -pubin -keyform DER -inkey "$W/pub.der" \
      -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256 \
      -in "$W/material.bin" -out "$W/wrapped.bin"
    check "aws kms import-key-material" kms import-key-material --key-id "$key" \
      --import-token "fileb://$W/token.bin" --encrypted-key-material "fileb://$W/wrapped.bin" \
      --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE
    state=$(kms describe-key --key-id "$key" --query KeyMetadata.KeyState --output text)
    check "aws kms describe-key: Enabled after the import (was: $state)" test "$state" = Enabled
    kill "$mock_pid"
    wait "$mock_pid"
    check "mock-kms stops with exit 0 on SIGTERM" test $? -eq 0
    mock_pid=""
  fi
fi

# 5. The man pages are the --help texts (rendered by man where it is installed).
for prog in kmsconform mock-kms; do
  page="$root/usr/share/man/man1/$prog.1.gz"
  gzip -dc "$page" > "$W/$prog.1"
  "$root/usr/bin/$prog" --help > "$W/$prog.help"
  if [ "$prog" = kmsconform ]; then
    for cmd in $(sed -n 's/^  kmsconform \([a-z][a-z]*\) .*/\1/p' "$W/$prog.help"); do
      "$kc" "$cmd" --help >> "$W/$prog.help"
      check "the man page of kmsconform has a section for '$cmd'" \
        grep -q "^\\.SH \"kmsconform $cmd\"" "$W/$prog.1"
    done
  fi
  if command -v man > /dev/null 2>&1; then
    LC_ALL=C MANWIDTH=250 man -l "$W/$prog.1" 2> /dev/null | col -bx > "$W/$prog.txt"
    missing=0
    while IFS= read -r line; do
      trimmed=$(printf '%s' "$line" | sed 's/^ *//; s/ *$//')
      [ -z "$trimmed" ] && continue
      if ! grep -qF -- "$trimmed" "$W/$prog.txt"; then
        echo "  not in man $prog: $trimmed"
        missing=$((missing + 1))
      fi
    done < "$W/$prog.help"
    check "man $prog shows every line of its --help" test "$missing" -eq 0
  else
    echo "note: no man: the pages are not rendered"
    check "the man page of $prog names every flag of its --help" sh -c "
      for f in \$(grep -o -- '--[a-z][a-z-]*' '$W/$prog.help' | sort -u); do
        grep -qF -- \"\$(printf '%s' \"\$f\" | sed 's/-/\\\\\\\\-/g')\" '$W/$prog.1' || exit 1
      done"
  fi
done

if [ "$failures" -ne 0 ]; then
  echo "package_e2e: $failures check(s) failed"
  exit 1
fi
if [ "$aws_missing" = yes ]; then
  echo "SKIP: everything else passed, but there is no /usr/bin/aws (Debian's awscli): mock-kms was not checked against the AWS CLI"
  exit 77
fi
echo "package_e2e: all checks passed"
