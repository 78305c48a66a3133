// Small POSIX file helpers for the state directory and the key cache: errors as Status,
// EINTR handled, descriptors closed by an RAII holder.
#ifndef KC_MOCK_KMS_MODEL_FILE_UTIL_H_
#define KC_MOCK_KMS_MODEL_FILE_UTIL_H_

#include <filesystem>
#include <string_view>

#include "harness/common/bytes.h"
#include "harness/common/status.h"

namespace kc::mock {

// Fd: an owned file descriptor (-1: none).
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd& operator=(Fd&& o) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Reset(); }
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void Reset();

 private:
  int fd_ = -1;
};

// ErrnoError: "<what>: <strerror(errno)>" as Internal (NotFound for ENOENT).
Status ErrnoError(std::string_view what, int err);

// ReadAll: the whole content of fd from offset 0.
Result<Bytes> ReadAll(int fd);
// WriteAllAt: writes data at offset (pwrite, retried until complete).
Status WriteAllAt(int fd, ByteView data, std::uint64_t offset);
// FsyncDir: fsync of a directory, so a created or renamed entry in it is durable.
Status FsyncDir(const std::filesystem::path& dir);
// EnsureDir: creates dir (mode 0700) and its parents when missing.
Status EnsureDir(const std::filesystem::path& dir);

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_FILE_UTIL_H_
