#include "harness/contract/key_states.h"

namespace kc::contract {
namespace {

constexpr StateRule kOk{true, ErrorType::kValidationException, std::nullopt};
constexpr StateRule Ok(KeyState next) { return StateRule{true, ErrorType::kValidationException, next}; }
constexpr StateRule Refuse(ErrorType e) { return StateRule{false, e, std::nullopt}; }
constexpr StateRule kInvalidState = Refuse(ErrorType::kKMSInvalidStateException);

// Columns of CONTRACT.md's table; Creating/Updating/Unavailable/PendingReplicaDeletion are
// never produced by the mock and are refused by every mutating operation.
StateRule Rule(Operation op, KeyState s, Profile p) {
  const bool enabled = s == KeyState::kEnabled;
  const bool disabled = s == KeyState::kDisabled;
  const bool pending_import = s == KeyState::kPendingImport;
  const bool pending_deletion = s == KeyState::kPendingDeletion;
  switch (op) {
    case Operation::kCreateKey:
    case Operation::kDescribeKey:
    case Operation::kListKeys: return kOk;
    case Operation::kEnableKey:
      if (enabled || disabled) return Ok(KeyState::kEnabled);
      return kInvalidState;
    case Operation::kDisableKey:
      if (enabled || disabled) return Ok(KeyState::kDisabled);
      return kInvalidState;
    case Operation::kScheduleKeyDeletion:
      if (enabled || disabled || pending_import) return Ok(KeyState::kPendingDeletion);
      return kInvalidState;
    case Operation::kCancelKeyDeletion:
      // -> Disabled, or PendingImport when the key has no material (decided by the model).
      if (pending_deletion) return kOk;
      return kInvalidState;
    case Operation::kGetParametersForImport:
      if (enabled || disabled || pending_import) return kOk;
      return kInvalidState;
    case Operation::kImportKeyMaterial:
      if (pending_import) return Ok(KeyState::kEnabled);
      if (enabled) return kOk;  // the same material again (ikm.reimport-same-material)
      if (disabled) return p == Profile::k2022 ? kOk : kInvalidState;  // ikm.key-state
      return kInvalidState;
    case Operation::kDeleteImportedKeyMaterial:
      if (enabled || disabled) return Ok(KeyState::kPendingImport);
      if (pending_import || pending_deletion) return kOk;  // no effect / state kept
      return kInvalidState;
    case Operation::kEncrypt:
    case Operation::kDecrypt:
    // The other cryptographic operations follow Encrypt's row of AWS's key-state table
    // (their models list DisabledException and KMSInvalidStateException). RotateKeyOnDemand
    // too: its model lists DisabledException (inferred: a Disabled key is refused with it).
    case Operation::kGetPublicKey:
    case Operation::kSign:
    case Operation::kVerify:
    case Operation::kGenerateMac:
    case Operation::kVerifyMac:
    case Operation::kRotateKeyOnDemand:
      if (enabled) return kOk;
      if (disabled) return Refuse(ErrorType::kDisabledException);
      return kInvalidState;
    // The aliases (AWS's key-state table, developerguide/key-state.html): CreateAlias
    // "KMSInvalidStateException: <key ARN> is pending deletion."; UpdateAlias, of the new
    // target: "If the source KMS key is pending deletion, the command succeeds. If the
    // destination KMS key is pending deletion, the command fails with error:
    // KMSInvalidStateException : <key ARN> is pending deletion."; DeleteAlias and ListAliases
    // in every state.
    case Operation::kCreateAlias:
    case Operation::kUpdateAlias:
      if (pending_deletion) return kInvalidState;
      return kOk;
    case Operation::kDeleteAlias:
    case Operation::kListAliases: return kOk;
    // ListKeyRotations reads the key's materials in every state (inferred: a key pending
    // import still has materials to list, which is how a caller finds the missing one).
    case Operation::kListKeyRotations: return kOk;
  }
  return kInvalidState;
}

}  // namespace

StateRule LookupKeyState(Operation op, KeyState s, Profile p) { return Rule(op, s, p); }

std::string KeyStateMessage(std::string_view arn, KeyState s, Operation op) {
  std::string m(arn);
  if (op == Operation::kCancelKeyDeletion && s != KeyState::kPendingDeletion) {
    return m + " is not pending deletion.";
  }
  switch (s) {
    case KeyState::kPendingImport: return m + " is pending import.";
    case KeyState::kPendingDeletion: return m + " is pending deletion.";
    case KeyState::kDisabled: return m + " is disabled.";
    case KeyState::kEnabled: return m + " is enabled.";
    case KeyState::kUnavailable: return m + " is unavailable.";
    case KeyState::kCreating: return m + " is being created.";
    case KeyState::kUpdating: return m + " is being updated.";
    case KeyState::kPendingReplicaDeletion: return m + " is pending replica deletion.";
  }
  return m;
}

}  // namespace kc::contract
