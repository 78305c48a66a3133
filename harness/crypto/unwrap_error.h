// UnwrapFailedError: the one Status every decryption / unwrap failure of harness/crypto
// returns: InvalidArgument "unwrap failed". Bad padding, a wrong length, a wrong key, a failed
// integrity check and an empty input are indistinguishable to the caller, so the mock KMS
// built on these functions cannot become a padding oracle (RFC 8017 section 7.1.2 note,
// Wycheproof "InvalidPkcs1Padding": all invalid paddings must look the same). OpenSSL's
// error queue entries of such a failure are discarded, not reported.
#ifndef KC_CRYPTO_UNWRAP_ERROR_H_
#define KC_CRYPTO_UNWRAP_ERROR_H_

#include "harness/common/status.h"

namespace kc::crypto {

inline constexpr char kUnwrapFailedMessage[] = "unwrap failed";

inline Status UnwrapFailedError() { return InvalidArgumentError(kUnwrapFailedMessage); }

}  // namespace kc::crypto

#endif  // KC_CRYPTO_UNWRAP_ERROR_H_
