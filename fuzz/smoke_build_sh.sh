#!/bin/sh
# smoke_build_sh.sh: the fuzz-smoke test of .clusterfuzzlite/build.sh, run as OSS-Fuzz would
# run it but directly on this machine (no Docker).
#
#   smoke_build_sh.sh SOURCE_DIR TEST_DIR CC CXX [SECONDS]
#
# Runs build.sh with the OSS-Fuzz environment (address + undefined, libFuzzer) into a fresh
# $OUT=TEST_DIR/out, with $WORK=TEST_DIR/work (kept, so a second run builds incrementally),
# checks that every target of the build's fuzz_targets.tsv is in $OUT with its seed zip,
# then runs each target from $OUT for SECONDS (default 3) on its unzipped seeds with the
# .options from $OUT (as ClusterFuzzLite would). KC_FUZZ_FAULT is never set.
set -eu
if [ $# -lt 4 ]; then
  echo "usage: smoke_build_sh.sh SOURCE_DIR TEST_DIR CC CXX [SECONDS]" >&2
  exit 2
fi
src=$1 dir=$2 cc=$3 cxx=$4 seconds=${5:-3}
unset KC_FUZZ_FAULT || true
out=$dir/out
rm -rf "$out" "$dir/runs"
mkdir -p "$out" "$dir/work" "$dir/runs"
flags="-O1 -gline-tables-only -fno-omit-frame-pointer -fsanitize=address,undefined -fsanitize=fuzzer-no-link"
flags="$flags -fno-sanitize-recover=undefined -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"

env CC="$cc" CXX="$cxx" CFLAGS="$flags" CXXFLAGS="$flags" \
    LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
    SRC="$(dirname "$src")" KC_SRC_DIR="$src" OUT="$out" WORK="$dir/work" \
    KC_BUILD_JOBS="${KC_BUILD_JOBS:-2}" \
    bash "$src/.clusterfuzzlite/build.sh"

manifest=$dir/work/kmsconform-build/fuzz/fuzz_targets.tsv
status=0
count=0
# The target names come from the build's manifest; fd 3 so the targets cannot eat the list.
while IFS="$(printf '\t')" read -r name binary <&3; do
  [ -n "$name" ] || continue
  count=$((count + 1))
  if [ ! -x "$out/$name" ]; then
    echo "smoke_build_sh: $out/$name missing" >&2
    status=1
    continue
  fi
  seeds=$dir/runs/$name/seeds
  mkdir -p "$seeds" "$dir/runs/$name/new" "$dir/runs/$name/artifacts"
  if [ -d "$src/corpus/$name" ] && [ -n "$(ls -A "$src/corpus/$name")" ]; then
    if [ ! -f "$out/${name}_seed_corpus.zip" ]; then
      echo "smoke_build_sh: $out/${name}_seed_corpus.zip missing" >&2
      status=1
      continue
    fi
    (cd "$seeds" && unzip -q -o "$out/${name}_seed_corpus.zip")
  fi
  echo "smoke_build_sh: $name from $out, ${seconds} s"
  if ! sh "$src/fuzz/smoke.sh" "$out/$name" "$seeds" "$out" "$dir/runs/$name/fuzz" "$seconds" \
      >"$dir/runs/$name/fuzz.log" 2>&1; then
    echo "smoke_build_sh: $name FAILED (log: $dir/runs/$name/fuzz.log); last lines:" >&2
    tail -n 25 "$dir/runs/$name/fuzz.log" >&2
    status=1
  else
    grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec)' \
      "$dir/runs/$name/fuzz.log" | tr '\n' ' '
    echo
  fi
done 3<"$manifest"
if [ "$count" -eq 0 ]; then
  echo "smoke_build_sh: no targets in $manifest" >&2
  exit 1
fi
echo "smoke_build_sh: $count targets built by build.sh and run from $out"
exit $status
