#!/usr/bin/env python3
"""Generate harness/contract/model_tables.inc from the API model subsets in
harness/contract/testdata/ (see scripts/extract-model-subset.py).

The output is committed; contract_model_test.cc checks it against the same JSON, so a
stale or hand-edited table fails the tests. Run from the project root:

  scripts/gen-contract-model.py > harness/contract/model_tables.inc
"""
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROFILES = ["2022", "2026"]
TYPES = {"string": "kString", "blob": "kBlob", "integer": "kInteger", "long": "kInteger",
         "boolean": "kBoolean", "timestamp": "kTimestamp", "structure": "kStructure",
         "list": "kList", "map": "kMap"}
ENUM_KINDS = {
    "KeySpec": "kKeySpec", "CustomerMasterKeySpec": "kCustomerMasterKeySpec",
    "KeyUsageType": "kKeyUsage", "OriginType": "kOrigin", "KeyState": "kKeyState",
    "AlgorithmSpec": "kWrappingAlgorithm", "WrappingKeySpec": "kWrappingKeySpec",
    "ExpirationModelType": "kExpirationModel", "ImportType": "kImportType",
    "EncryptionAlgorithmSpec": "kEncryptionAlgorithm",
    "SigningAlgorithmSpec": "kSigningAlgorithm", "MacAlgorithmSpec": "kMacAlgorithm",
    "KeyAgreementAlgorithmSpec": "kKeyAgreementAlgorithm", "KeyManagerType": "kKeyManager",
    "MultiRegionKeyType": "kMultiRegionKeyType",
    "KeyEncryptionMechanism": "kKeyEncryptionMechanism",
    "DryRunModifierType": "kDryRunModifier", "MessageType": "kMessageType",
    "IncludeKeyMaterial": "kIncludeKeyMaterial", "ImportState": "kImportState",
    "KeyMaterialState": "kKeyMaterialState", "RotationType": "kRotationType",
}
OPERATIONS = [
    "CreateKey", "DescribeKey", "ListKeys", "EnableKey", "DisableKey",
    "ScheduleKeyDeletion", "CancelKeyDeletion", "GetParametersForImport",
    "ImportKeyMaterial", "DeleteImportedKeyMaterial", "Encrypt", "Decrypt",
    "CreateAlias", "DeleteAlias", "ListAliases", "UpdateAlias",
    # imported asymmetric and HMAC material in use; several materials per key (2026 only)
    "GetPublicKey", "Sign", "Verify", "GenerateMac", "VerifyMac",
    "RotateKeyOnDemand", "ListKeyRotations",
]


def cxx_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def emit_profile(year, out):
    model = json.load(open(os.path.join(ROOT, "harness/contract/testdata",
                                        f"kms-{year}-subset.json")))
    shapes = model["shapes"]
    order, seen = [], set()

    def visit(name):
        if name in seen:
            return
        seen.add(name)
        s = shapes[name]
        if s["type"] == "structure":
            for m in s.get("members", {}).values():
                visit(m["shape"])
        elif s["type"] == "list":
            visit(s["member"]["shape"])
        elif s["type"] == "map":
            visit(s["key"]["shape"])
            visit(s["value"]["shape"])
        order.append(name)

    present = [op for op in OPERATIONS if op in model["operations"]]
    for op in present:
        spec = model["operations"][op]
        for key in ("input", "output"):
            if key in spec:
                visit(spec[key]["shape"])
    p = f"k{year}_"
    for name in order:
        s = shapes[name]
        if s["type"] == "structure":
            members = s.get("members", {})
            if members:
                req = set(s.get("required", []))
                out.append(f"inline constexpr MemberSpec {p}M_{name}[] = {{")
                for mname, m in members.items():
                    out.append(f"    {{{cxx_string(mname)}, &{p}S_{m['shape']}, "
                               f"{'true' if mname in req else 'false'}}},")
                out.append("};")
        enum_kind = ENUM_KINDS.get(name, "kNone") if "enum" in s else "kNone"
        if "enum" in s and name not in ENUM_KINDS:
            raise SystemExit(f"enum shape {name} has no EnumKind")
        element = "nullptr"
        key = "nullptr"
        if s["type"] == "list":
            element = f"&{p}S_{s['member']['shape']}"
        elif s["type"] == "map":
            key = f"&{p}S_{s['key']['shape']}"
            element = f"&{p}S_{s['value']['shape']}"
        members = (f"{p}M_{name}" if s["type"] == "structure" and s.get("members")
                   else "std::span<const MemberSpec>{}")
        out.append(
            f"inline constexpr ShapeSpec {p}S_{name}{{{cxx_string(name)}, "
            f"ShapeType::{TYPES[s['type']]}, {s.get('min', -1)}, {s.get('max', -1)}, "
            f"EnumKind::{enum_kind}, {cxx_string(s.get('pattern', ''))}, "
            f"{'true' if s.get('sensitive') else 'false'}, {element}, {key}, {members}}};")
    for op in present:
        errs = ", ".join(f"ErrorType::k{e['shape']}"
                         for e in model["operations"][op].get("errors", []))
        out.append(f"inline constexpr ErrorType {p}E_{op}[] = {{{errs}}};")
    out.append(f"inline constexpr OperationSpec {p}Operations[] = {{")
    for op in OPERATIONS:
        if op not in model["operations"]:
            # An operation this profile's model lacks (dispatch answers
            # UnknownOperationException before any table is read).
            out.append(f"    {{Operation::k{op}, nullptr, nullptr, {{}}}},")
            continue
        spec = model["operations"][op]
        inp = f"&{p}S_{spec['input']['shape']}"
        outp = f"&{p}S_{spec['output']['shape']}" if "output" in spec else "nullptr"
        out.append(f"    {{Operation::k{op}, {inp}, {outp}, {p}E_{op}}},")
    out.append("};")


def main():
    out = ["// Generated by scripts/gen-contract-model.py from harness/contract/testdata/",
           "// (AWS KMS API model subsets, botocore, Apache-2.0). Do not edit by hand.",
           "// NOLINTBEGIN", ""]
    for year in PROFILES:
        out.append(f"// ---- profile {year} ----")
        emit_profile(year, out)
        out.append("")
    out.append("// NOLINTEND")
    print("\n".join(out))


if __name__ == "__main__":
    main()
