#!/bin/sh
# build_info_test.sh SOURCE BUILD: the commit --version names (cmake/KcBuildInfo.cmake).
#   1. in the source's git checkout: `git rev-parse --short=12 HEAD` (+ "-dirty" exactly when
#      tracked files differ), the same as the built programs print;
#   2. KC_GIT_COMMIT wins;
#   3. a copy of the sources inside another repository (here: under this checkout) is not
#      mistaken for it: "unknown";
#   4. the source tarball (`cpack --config CPackSourceConfig.cmake`) has no .git, configures
#      and builds the build-info library, and says "unknown".
set -u
src=$1
build=$2
W=$(mktemp -d "${TMPDIR:-/tmp}/kc-build-info-XXXXXX")
trap 'rm -rf "$W"' EXIT
failures=0
check() {
  what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; failures=$((failures + 1)); fi
}
commit_of() {  # commit_of SOURCE [KC_GIT_COMMIT]
  cmake -DKC_SOURCE_DIR="$1" -DKC_OUTPUT="$W/out.h" -DKC_GIT_COMMIT="${2:-}" \
    -P "$src/cmake/KcBuildInfo.cmake" || return 1
  sed -n 's/^#define KC_GIT_COMMIT "\(.*\)"$/\1/p' "$W/out.h"
}

if command -v git > /dev/null 2>&1 && git -C "$src" rev-parse HEAD > /dev/null 2>&1; then
  want=$(git -C "$src" rev-parse --short=12 HEAD)
  if [ -n "$(git -C "$src" status --porcelain --untracked-files=no)" ]; then
    want="$want-dirty"
  fi
  got=$(commit_of "$src")
  check "the checkout's commit ($want; got $got)" test "$got" = "$want"
  # The programs: the commit (whether the tree was dirty at build time is the build's).
  head=$(git -C "$src" rev-parse --short=12 HEAD)
  for prog in kmsconform mock-kms; do
    check "$prog --version names $head" sh -c "'$build/bin/$prog' --version | grep -qF '(commit $head'"
  done
  nested="$build/build-info-test-src"
  rm -rf "$nested"
  mkdir -p "$nested/cmake"
  cp "$src/cmake/KcBuildInfo.cmake" "$nested/cmake/"
  got=$(commit_of "$nested")
  check "sources inside another repository: unknown (got $got)" test "$got" = unknown
  rm -rf "$nested"
else
  echo "note: $src is not a git checkout: only the cases without git are checked"
fi
got=$(commit_of "$src" 0123456789ab)
check "KC_GIT_COMMIT wins (got $got)" test "$got" = 0123456789ab
got=$(commit_of "$src" 'a"b\c')
check "KC_GIT_COMMIT cannot break the C string (got $got)" test "$got" = "a_b_c"

# The source tarball.
if ! cpack --config "$build/CPackSourceConfig.cmake" -B "$W/pkg" > "$W/cpack.log" 2>&1; then
  cat "$W/cpack.log"
  echo "FAIL: cpack --config CPackSourceConfig.cmake"
  exit 1
fi
tarball=$(ls "$W"/pkg/kmsconform-*-Source.tar.gz 2> /dev/null | head -n 1)
check "cpack writes a source tarball" test -n "$tarball"
if [ -n "$tarball" ]; then
  mkdir "$W/x"
  tar -xzf "$tarball" -C "$W/x"
  top=$(ls "$W/x")
  check "the tarball has no .git" sh -c "! find '$W/x' -name .git | grep -q ."
  check "the tarball has no build tree" test ! -e "$W/x/$top/build/CMakeCache.txt"
  check "the tarball has the sources" test -f "$W/x/$top/harness/common/build_info.cc"
  if cmake -S "$W/x/$top" -B "$W/b" -DKC_BUILD_TESTS=OFF -DKC_BUILD_BENCH=OFF \
       -DKC_MAN_PAGES=OFF > "$W/configure.log" 2>&1 &&
     cmake --build "$W/b" --target kc_build_info > "$W/build.log" 2>&1; then
    echo "ok: the tarball configures and builds the build-info library"
    check "a build from the tarball says unknown" \
      grep -qx '#define KC_GIT_COMMIT "unknown"' "$W/b/generated/kc_build_commit.h"
  else
    tail -n 20 "$W/configure.log" "$W/build.log"
    check "the tarball configures and builds the build-info library" false
  fi
fi

[ "$failures" -eq 0 ] || { echo "build_info_test: $failures check(s) failed"; exit 1; }
echo "build_info_test: all checks passed"
