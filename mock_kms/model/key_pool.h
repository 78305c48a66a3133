// KeyPool: the server's WrappingKeySource. A background thread keeps `target` RSA-2048 key
// pairs ready (mock-kms --key-pool N) and, once a size was first asked for, a smaller
// number of RSA-3072 / RSA-4096 pairs; Take() pops a ready pair, or generates one on the
// spot when none is ready. No pair is handed out twice by one process
// (gpfi.fresh-wrapping-key).
//
// --key-cache FILE: pre-generated pairs kept in a file and shared by mock processes. At
// start the pool loads the file's pairs (each used at most once by this process); every
// pair this process generates is appended (under flock, so concurrent processes do not
// interleave records) so that later processes start warm. A file that is not a key cache,
// or a torn/corrupt tail, is ignored with a note in Notes(), never a crash.
//
// File format: "kmsconform-key-cache/1\n", then records u32 length | u32 CRC-32 | payload,
// payload = u16 modulus bits | PKCS#8 DER private key.
#ifndef KC_MOCK_KMS_MODEL_KEY_POOL_H_
#define KC_MOCK_KMS_MODEL_KEY_POOL_H_

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "mock_kms/model/wrapping_keys.h"

namespace kc::mock {

struct KeyPoolOptions {
  // RSA-2048 pairs kept ready; 0 disables background generation (Take then generates).
  int target = 8;
  // RSA-3072/4096 pairs kept ready once that size was asked for; -1: max(1, target / 4)
  // (0 when target is 0).
  int lazy_target = -1;
  // Sizes kept ready from the start, as if already asked for (mock-kms --profile 2026 keeps
  // RSA-3072/4096 pairs ready, so the first such request does not wait seconds).
  std::vector<int> eager_sizes;
  std::optional<std::filesystem::path> cache_file;
  // The cache file is not appended to beyond this size.
  std::size_t max_cache_bytes = 16U << 20;
  // Start the background thread (tests may drive the pool without it).
  bool background = true;
};

class KeyPool final : public WrappingKeySource {
 public:
  static Result<std::unique_ptr<KeyPool>> Create(KeyPoolOptions options);
  ~KeyPool() override;
  KeyPool(const KeyPool&) = delete;
  KeyPool& operator=(const KeyPool&) = delete;

  // Take: a pair of `bits` (2048, 3072 or 4096) this process never handed out before.
  // InvalidArgument for another size; Internal if generation fails.
  Result<crypto::PrivateKey> Take(int bits) override;

  // Stop: ends the background thread (joins it). Take still works afterwards (it then
  // generates synchronously once the ready pairs are used). Idempotent.
  void Stop();

  std::size_t Ready(int bits) const;
  // WaitReady: waits until at least n pairs of `bits` are ready; false on timeout.
  bool WaitReady(int bits, std::size_t n, std::chrono::milliseconds timeout) const;
  std::vector<std::string> Notes() const;
  std::size_t loaded_from_cache() const;
  std::size_t appended_to_cache() const;

 private:
  explicit KeyPool(KeyPoolOptions options);
  void LoadCache();
  void AppendToCache(const crypto::PrivateKey& key);
  void Run();
  int NeededBits() const;  // requires mu_

  KeyPoolOptions options_;
  int lazy_target_ = 0;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;                   // wakes the generator
  mutable std::condition_variable ready_cv_;             // wakes WaitReady
  std::map<int, std::deque<crypto::PrivateKey>> ready_;  // guarded by mu_
  std::map<int, bool> demanded_;                         // guarded by mu_
  std::vector<std::string> notes_;                       // guarded by mu_
  bool stop_ = false;                                    // guarded by mu_
  bool cache_writable_ = false;                          // guarded by cache_mu_
  std::size_t loaded_ = 0;
  std::size_t appended_ = 0;  // guarded by cache_mu_
  mutable std::mutex cache_mu_;
  std::thread thread_;
};

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_KEY_POOL_H_
