// FixedKeySource: a WrappingKeySource that hands out keys from a given list, in turn, for
// fuzzing and deterministic tests (with a DeterministicRandom and a ManualClock the model is
// then a pure function of its inputs). It REPEATS keys once the list of a size is used up,
// so it breaks gpfi.fresh-wrapping-key by design: never use it in a server.
#ifndef KC_MOCK_KMS_MODEL_FIXED_KEY_SOURCE_H_
#define KC_MOCK_KMS_MODEL_FIXED_KEY_SOURCE_H_

#include <cstddef>
#include <mutex>
#include <vector>

#include "mock_kms/model/wrapping_keys.h"

namespace kc::mock {

class FixedKeySource final : public WrappingKeySource {
 public:
  explicit FixedKeySource(std::vector<crypto::PrivateKey> keys) : keys_(std::move(keys)) {}

  // Take: the next key of `bits` in list order (wrapping around); FailedPrecondition when
  // the list has no RSA key of that size.
  Result<crypto::PrivateKey> Take(int bits) override;

  std::size_t taken() const;

 private:
  mutable std::mutex mu_;
  std::vector<crypto::PrivateKey> keys_;
  std::size_t next_ = 0;   // guarded by mu_
  std::size_t taken_ = 0;  // guarded by mu_
};

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_FIXED_KEY_SOURCE_H_
