// The key-state table of CONTRACT.md: for each operation and KeyState, whether AWS allows
// it, the error otherwise, and the state it leads to. The mock's model consults this table
// instead of spelling out state checks in every handler.
#ifndef KC_CONTRACT_KEY_STATES_H_
#define KC_CONTRACT_KEY_STATES_H_

#include <optional>
#include <string>
#include <string_view>

#include "harness/contract/enums.h"

namespace kc::contract {

// StateRule: allowed, or the error AWS answers; next is the state after success when the
// operation changes it (nullopt: unchanged or decided by the operation, e.g.
// CancelKeyDeletion of a key without material goes to PendingImport).
struct StateRule {
  bool allowed;
  ErrorType error;  // meaningful when !allowed
  std::optional<KeyState> next;
};

// LookupKeyState: the rule for op on a key in state s (an EXTERNAL key for the import
// operations; on any other origin they answer UnsupportedOperationException whatever the
// state, which the caller checks first). ImportKeyMaterial on a Disabled key depends on the
// profile (ikm.key-state): the 2022 key-state table allows it, the 2026 reference says
// "KeyState must be PendingImport or Enabled".
StateRule LookupKeyState(Operation op, KeyState s, Profile p);

// KeyStateMessage: AWS's text for a refusal because of the key's state.
//   PendingImport   -> "<arn> is pending import."     (recorded against AWS)
//   PendingDeletion -> "<arn> is pending deletion."   (documented)
//   Disabled        -> "<arn> is disabled."           (inferred)
//   CancelKeyDeletion of a key not pending deletion -> "<arn> is not pending deletion."
//   other states    -> "<arn> is <state>." in the same style (inferred)
std::string KeyStateMessage(std::string_view arn, KeyState s, Operation op);

}  // namespace kc::contract

#endif  // KC_CONTRACT_KEY_STATES_H_
