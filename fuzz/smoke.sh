#!/bin/sh
# smoke.sh: a short fuzzing run of one libFuzzer target (the fuzz-smoke ctest label).
#
#   smoke.sh BINARY CORPUS_DIR OPTIONS_DIR WORK_DIR SECONDS
#
# WORK_DIR is emptied, then WORK_DIR/new is the first corpus directory (libFuzzer writes new
# inputs there) and CORPUS_DIR the second (read only: nothing is written into the source
# tree); crashes go to WORK_DIR/artifacts/. The [libfuzzer] section of
# OPTIONS_DIR/<target>.options is passed as -key=value flags, a relative dict path taken
# from OPTIONS_DIR (as OSS-Fuzz takes it from $OUT); without a dict there,
# OPTIONS_DIR/<target>.dict is used when it exists. Exit status: the target's.
set -eu
if [ $# -ne 5 ]; then
  echo "usage: smoke.sh BINARY CORPUS_DIR OPTIONS_DIR WORK_DIR SECONDS" >&2
  exit 2
fi
binary=$1 corpus=$2 optdir=$3 work=$4 seconds=$5
name=$(basename "$binary")

rm -rf "$work"
mkdir -p "$work/new" "$work/artifacts"

# Flags from the .options file, one per line, into a file (no word splitting of values).
flags="$work/flags"
: >"$flags"
have_dict=no
if [ -f "$optdir/$name.options" ]; then
  section=""
  while IFS= read -r line || [ -n "$line" ]; do
    line=$(printf '%s' "$line" | tr -d '\r' | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
    case $line in
      ''|'#'*|';'*) continue ;;
      '['*']') section=$line; continue ;;
    esac
    [ "$section" = "[libfuzzer]" ] || continue
    key=$(printf '%s' "${line%%=*}" | sed 's/[[:space:]]*$//')
    value=$(printf '%s' "${line#*=}" | sed 's/^[[:space:]]*//')
    if [ "$key" = dict ]; then
      case $value in /*) ;; *) value="$optdir/$value" ;; esac
      have_dict=yes
    fi
    printf '%s\n' "-$key=$value" >>"$flags"
  done <"$optdir/$name.options"
fi
if [ "$have_dict" = no ] && [ -f "$optdir/$name.dict" ]; then
  printf '%s\n' "-dict=$optdir/$name.dict" >>"$flags"
fi

set -- -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$work/artifacts/"
while IFS= read -r f; do
  set -- "$@" "$f"
done <"$flags"
set -- "$@" "$work/new"
if [ -d "$corpus" ]; then
  set -- "$@" "$corpus"
else
  echo "smoke.sh: warning: no seed corpus $corpus (fuzzing from nothing)" >&2
fi
echo "smoke.sh: $binary $*"
exec "$binary" "$@"
