#!/usr/bin/env python3
"""Extract the part of the AWS KMS API model (botocore service-2.json) that kmsconform
checks: the operations the harness and the mock speak, every shape they reach, and the
error shapes. Run by hand when the reference models change; the output is committed to
harness/contract/testdata/ and the contract tests compare the C++ tables against it.

  scripts/extract-model-subset.py ../shared/reference/kms-service-2022.json \
      > harness/contract/testdata/kms-2022-subset.json
"""
import json
import sys

OPERATIONS = [
    "CreateKey", "DescribeKey", "ListKeys", "EnableKey", "DisableKey",
    "ScheduleKeyDeletion", "CancelKeyDeletion", "GetParametersForImport",
    "ImportKeyMaterial", "DeleteImportedKeyMaterial", "Encrypt", "Decrypt",
    "CreateAlias", "DeleteAlias", "ListAliases", "UpdateAlias",
    # imported asymmetric and HMAC material in use; several materials per key (2026 only)
    "GetPublicKey", "Sign", "Verify", "GenerateMac", "VerifyMac",
    "RotateKeyOnDemand", "ListKeyRotations",
]


def reach(shapes, name, seen):
    if name in seen:
        return
    seen.add(name)
    shape = shapes[name]
    if shape["type"] == "structure":
        for member in shape.get("members", {}).values():
            reach(shapes, member["shape"], seen)
    elif shape["type"] == "list":
        reach(shapes, shape["member"]["shape"], seen)
    elif shape["type"] == "map":
        reach(shapes, shape["key"]["shape"], seen)
        reach(shapes, shape["value"]["shape"], seen)


def strip_docs(value):
    if isinstance(value, dict):
        return {k: strip_docs(v) for k, v in value.items() if k != "documentation"}
    if isinstance(value, list):
        return [strip_docs(v) for v in value]
    return value


def main():
    model = json.load(open(sys.argv[1]))
    shapes = model["shapes"]
    seen = set()
    ops = {}
    for op in OPERATIONS:
        if op not in model["operations"]:
            continue  # RotateKeyOnDemand and ListKeyRotations: not in the 2022 model
        spec = model["operations"][op]
        ops[op] = spec
        for key in ("input", "output"):
            if key in spec:
                reach(shapes, spec[key]["shape"], seen)
        for err in spec.get("errors", []):
            reach(shapes, err["shape"], seen)
    out = {
        "source": "botocore data/kms/2014-11-01/service-2.json (Apache-2.0), subset",
        "metadata": model["metadata"],
        "operations": strip_docs(ops),
        "shapes": strip_docs({k: shapes[k] for k in sorted(seen)}),
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
