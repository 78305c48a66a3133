#!/bin/sh
# run_e2e.sh NEEDS SCRIPT: runs one mock-kms e2e test with a suitable python.
#   NEEDS = any    the first python3 found (standard library only)
#           boto3  the first of `python3` and `/usr/bin/python3` that can import boto3
# Exits 77 (ctest SKIP_RETURN_CODE) when no suitable python exists.
set -u
needs=$1
script=$2
for py in python3 /usr/bin/python3; do
  command -v "$py" >/dev/null 2>&1 || continue
  if [ "$needs" = boto3 ] && ! "$py" -c 'import boto3' >/dev/null 2>&1; then
    continue
  fi
  exec "$py" "$script"
done
echo "SKIP: no python3 with $needs"
exit 77
