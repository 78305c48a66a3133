#include "mock_kms/model/key_pool.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

#include <openssl/crypto.h>

#include "mock_kms/model/byte_io.h"
#include "mock_kms/model/file_util.h"
#include "mock_kms/model/journal.h"

namespace kc::mock {
namespace {

constexpr std::string_view kCacheMagic = "kmsconform-key-cache/1\n";
constexpr std::size_t kFrameHeader = 8;
constexpr std::size_t kMaxLoadedKeys = 16384;

bool ValidBits(int bits) { return bits == 2048 || bits == 3072 || bits == 4096; }

// FlockGuard: holds flock(fd, op) until destroyed.
class FlockGuard {
 public:
  FlockGuard(int fd, int op) : fd_(fd), ok_(::flock(fd, op) == 0) {}
  ~FlockGuard() {
    if (ok_) ::flock(fd_, LOCK_UN);
  }
  FlockGuard(const FlockGuard&) = delete;
  FlockGuard& operator=(const FlockGuard&) = delete;
  bool ok() const { return ok_; }

 private:
  int fd_;
  bool ok_;
};

}  // namespace

KeyPool::KeyPool(KeyPoolOptions options) : options_(std::move(options)) {
  lazy_target_ = options_.lazy_target >= 0
                     ? options_.lazy_target
                     : (options_.target <= 0 ? 0 : std::max(1, options_.target / 4));
  for (int bits : options_.eager_sizes) {
    if (ValidBits(bits) && bits != 2048) demanded_[bits] = true;
  }
}

Result<std::unique_ptr<KeyPool>> KeyPool::Create(KeyPoolOptions options) {
  std::unique_ptr<KeyPool> pool(new KeyPool(std::move(options)));
  if (pool->options_.cache_file) pool->LoadCache();
  if (pool->options_.background) {
    try {
      pool->thread_ = std::thread([p = pool.get()] { p->Run(); });
    } catch (const std::system_error& e) {
      return InternalError(std::string("starting the key pool thread: ") + e.what());
    }
  }
  return pool;
}

KeyPool::~KeyPool() { Stop(); }

void KeyPool::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void KeyPool::LoadCache() {
  const std::filesystem::path& path = *options_.cache_file;
  std::vector<std::string> notes;
  std::vector<crypto::PrivateKey> keys;
  bool writable = false;
  [&] {
    Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (!fd.valid()) {
      notes.push_back("key cache " + path.string() + ": cannot open (" +
                      std::string(std::strerror(errno)) + "); not used");
      return;
    }
    FlockGuard lock(fd.get(), LOCK_EX);  // exclusive: a torn tail may be cut below
    Result<Bytes> data = ReadAll(fd.get());
    if (!lock.ok() || !data.ok()) {
      notes.push_back("key cache " + path.string() + ": cannot read; not used");
      return;
    }
    const Bytes& d = *data;
    if (d.empty()) {
      writable = true;
      return;
    }
    if (d.size() < kCacheMagic.size() ||
        AsChars(ByteView(d).first(kCacheMagic.size())) != kCacheMagic) {
      notes.push_back("key cache " + path.string() +
                      ": not a kmsconform key cache; ignored (and not written)");
      return;
    }
    std::size_t pos = kCacheMagic.size();
    while (pos < d.size() && keys.size() < kMaxLoadedKeys) {
      if (d.size() - pos < kFrameHeader) break;
      const std::uint32_t len = LoadLe32(d.data() + pos);
      const std::uint32_t crc = LoadLe32(d.data() + pos + 4);
      if (len < 2 || len > (1U << 16) || d.size() - pos - kFrameHeader < len) break;
      const ByteView payload(d.data() + pos + kFrameHeader, len);
      if (Crc32(payload) != crc) break;
      const int bits = payload[0] | (payload[1] << 8);
      Result<crypto::PrivateKey> key = crypto::PrivateKey::FromPkcs8Der(payload.subspan(2));
      if (!key.ok() || key->type() != crypto::KeyType::kRsa || key->bits() != bits ||
          !ValidBits(bits)) {
        break;
      }
      keys.push_back(std::move(key).value());
      pos += kFrameHeader + len;
    }
    if (keys.size() >= kMaxLoadedKeys) {
      writable = true;
      return;
    }
    if (pos < d.size()) {
      notes.push_back("key cache " + path.string() + ": dropped " + std::to_string(d.size() - pos) +
                      " bytes of a torn or corrupt tail after " + std::to_string(keys.size()) +
                      " keys");
      if (::ftruncate(fd.get(), static_cast<off_t>(pos)) != 0) return;  // not writable
    }
    writable = true;
  }();
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& k : keys) ready_[k.bits()].push_back(std::move(k));
  loaded_ = keys.size();
  notes_.insert(notes_.end(), notes.begin(), notes.end());
  std::lock_guard<std::mutex> cache_lock(cache_mu_);
  cache_writable_ = writable;
}

void KeyPool::AppendToCache(const crypto::PrivateKey& key) {
  if (!options_.cache_file) return;
  std::lock_guard<std::mutex> cache_lock(cache_mu_);
  if (!cache_writable_) return;
  Result<Bytes> der = key.Pkcs8Der();
  if (!der.ok()) return;
  ByteWriter payload;
  payload.U16(static_cast<std::uint16_t>(key.bits()));
  payload.Raw(*der);
  OPENSSL_cleanse(der->data(), der->size());
  Bytes record = FrameRecord(payload.bytes());
  OPENSSL_cleanse(payload.mutable_bytes().data(), payload.bytes().size());

  Fd fd(::open(options_.cache_file->c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (fd.valid()) {
    FlockGuard lock(fd.get(), LOCK_EX);
    struct stat st {};
    if (lock.ok() && ::fstat(fd.get(), &st) == 0 &&
        static_cast<std::size_t>(st.st_size) + record.size() <= options_.max_cache_bytes) {
      std::uint64_t end = static_cast<std::uint64_t>(st.st_size);
      Status s = Status::Ok();
      if (end == 0) {
        s = WriteAllAt(fd.get(), AsBytes(kCacheMagic), 0);
        end = kCacheMagic.size();
      }
      if (s.ok()) s = WriteAllAt(fd.get(), record, end);
      if (s.ok()) {
        ++appended_;
      } else {
        ::ftruncate(fd.get(), static_cast<off_t>(st.st_size));  // best effort
      }
    }
  }
  OPENSSL_cleanse(record.data(), record.size());
}

int KeyPool::NeededBits() const {
  auto ready = [&](int bits) {
    const auto it = ready_.find(bits);
    return it == ready_.end() ? std::size_t{0} : it->second.size();
  };
  auto demanded = [&](int bits) {
    const auto d = demanded_.find(bits);
    return d != demanded_.end() && d->second;
  };
  const auto target = static_cast<std::size_t>(std::max(0, options_.target));
  const auto lazy = static_cast<std::size_t>(lazy_target_);
  // A couple of the common size first, then one of each demanded larger size (seconds each),
  // then the rest: no size waits for another size's whole pool.
  if (ready(2048) < std::min<std::size_t>(2, target)) return 2048;
  for (int bits : {3072, 4096}) {
    if (demanded(bits) && ready(bits) < std::min<std::size_t>(1, lazy)) return bits;
  }
  if (ready(2048) < target) return 2048;
  for (int bits : {3072, 4096}) {
    if (demanded(bits) && ready(bits) < lazy) return bits;
  }
  return 0;
}

void KeyPool::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    const int bits = NeededBits();
    if (bits == 0) {
      cv_.wait(lock);
      continue;
    }
    lock.unlock();
    Result<crypto::PrivateKey> key = crypto::GenerateRsaKey(bits);
    if (key.ok()) AppendToCache(*key);
    lock.lock();
    if (key.ok()) {
      ready_[bits].push_back(std::move(key).value());
      ready_cv_.notify_all();
    } else {
      notes_.push_back("key pool: " + key.status().ToString());
      cv_.wait_for(lock, std::chrono::seconds(1));  // back off instead of spinning
    }
  }
}

Result<crypto::PrivateKey> KeyPool::Take(int bits) {
  if (!ValidBits(bits)) {
    return InvalidArgumentError("no RSA wrapping keys of " + std::to_string(bits) + " bits");
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    demanded_[bits] = true;
    auto& q = ready_[bits];
    if (!q.empty()) {
      crypto::PrivateKey k = std::move(q.front());
      q.pop_front();
      cv_.notify_all();
      return k;
    }
  }
  cv_.notify_all();
  Result<crypto::PrivateKey> key = crypto::GenerateRsaKey(bits);
  if (!key.ok()) return key.status().WithContext("generating a wrapping key");
  AppendToCache(*key);
  return key;
}

std::size_t KeyPool::Ready(int bits) const {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = ready_.find(bits);
  return it == ready_.end() ? 0 : it->second.size();
}

bool KeyPool::WaitReady(int bits, std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  return ready_cv_.wait_for(lock, timeout, [&] {
    const auto it = ready_.find(bits);
    return it != ready_.end() && it->second.size() >= n;
  });
}

std::vector<std::string> KeyPool::Notes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return notes_;
}

std::size_t KeyPool::loaded_from_cache() const {
  std::lock_guard<std::mutex> lock(mu_);
  return loaded_;
}

std::size_t KeyPool::appended_to_cache() const {
  std::lock_guard<std::mutex> cache_lock(cache_mu_);
  return appended_;
}

}  // namespace kc::mock
