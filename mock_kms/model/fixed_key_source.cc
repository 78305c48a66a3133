#include "mock_kms/model/fixed_key_source.h"

#include <string>

namespace kc::mock {

Result<crypto::PrivateKey> FixedKeySource::Take(int bits) {
  std::lock_guard<std::mutex> lock(mu_);
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    const std::size_t at = (next_ + i) % keys_.size();
    const crypto::PrivateKey& k = keys_[at];
    if (k.type() == crypto::KeyType::kRsa && k.bits() == bits) {
      next_ = at + 1;
      ++taken_;
      return k;
    }
  }
  return FailedPreconditionError("FixedKeySource has no " + std::to_string(bits) + "-bit RSA key");
}

std::size_t FixedKeySource::taken() const {
  std::lock_guard<std::mutex> lock(mu_);
  return taken_;
}

}  // namespace kc::mock
