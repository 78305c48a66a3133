#include "mock_kms/model/journal.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mock_kms/model/byte_io.h"

namespace kc::mock {
namespace {

constexpr std::size_t kFrameHeader = 8;

}  // namespace

Bytes FrameRecord(ByteView payload) {
  Bytes out(kFrameHeader);
  StoreLe32(out.data(), static_cast<std::uint32_t>(payload.size()));
  StoreLe32(out.data() + 4, Crc32(payload));
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Journal::Journal(std::filesystem::path dir, Fd lock, Fd file, std::uint64_t size)
    : dir_(std::move(dir)), lock_(std::move(lock)), file_(std::move(file)), size_(size) {}

Journal::~Journal() = default;

Result<std::unique_ptr<Journal>> Journal::Open(const std::filesystem::path& dir,
                                               const std::function<bool(ByteView)>& accept,
                                               std::vector<std::string>* notes) {
  KC_RETURN_IF_ERROR(EnsureDir(dir));
  const std::filesystem::path lock_path = dir / "lock";
  Fd lock(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!lock.valid()) return ErrnoError("open " + lock_path.string(), errno);
  if (::flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      return FailedPreconditionError("state directory " + dir.string() +
                                     " is in use by another process");
    }
    return ErrnoError("flock " + lock_path.string(), errno);
  }

  const std::filesystem::path path = dir / "journal";
  Fd file(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!file.valid()) return ErrnoError("open " + path.string(), errno);
  ::fchmod(file.get(), 0600);
  Result<Bytes> data = ReadAll(file.get());
  if (!data.ok()) return data.status().WithContext(path.string());

  std::size_t pos = 0;
  std::size_t records = 0;
  const Bytes& d = *data;
  while (pos < d.size()) {
    if (d.size() - pos < kFrameHeader) break;
    const std::uint32_t len = LoadLe32(d.data() + pos);
    const std::uint32_t crc = LoadLe32(d.data() + pos + 4);
    if (len > kMaxJournalPayload || d.size() - pos - kFrameHeader < len) break;
    const ByteView payload(d.data() + pos + kFrameHeader, len);
    if (Crc32(payload) != crc || !accept(payload)) break;
    pos += kFrameHeader + len;
    ++records;
  }
  if (pos < d.size()) {
    if (notes != nullptr) {
      notes->push_back("journal: dropped " + std::to_string(d.size() - pos) +
                       " bytes of a torn or corrupt tail after record " + std::to_string(records));
    }
    if (::ftruncate(file.get(), static_cast<off_t>(pos)) != 0 || ::fsync(file.get()) != 0) {
      return ErrnoError("truncating " + path.string(), errno);
    }
  }
  KC_RETURN_IF_ERROR(FsyncDir(dir));
  return std::unique_ptr<Journal>(new Journal(dir, std::move(lock), std::move(file), pos));
}

Status Journal::Append(ByteView payload) {
  if (payload.size() > kMaxJournalPayload) {
    return ResourceExhaustedError("journal record of " + std::to_string(payload.size()) +
                                  " bytes is too large");
  }
  const Bytes record = FrameRecord(payload);
  std::lock_guard<std::mutex> lock(mu_);
  if (broken_) return InternalError("journal is unusable after an earlier write failure");
  Status s = WriteAllAt(file_.get(), record, size_);
  if (s.ok() && ::fdatasync(file_.get()) != 0) s = ErrnoError("fdatasync journal", errno);
  if (!s.ok()) {
    // Cut the half-written record away; if even that fails, refuse every later append
    // rather than write after garbage that would end a replay early.
    if (::ftruncate(file_.get(), static_cast<off_t>(size_)) != 0) broken_ = true;
    return s.WithContext("appending to the journal");
  }
  size_ += record.size();
  return Status::Ok();
}

Status Journal::Rewrite(const std::vector<Bytes>& payloads) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::filesystem::path path = dir_ / "journal";
  const std::filesystem::path tmp = dir_ / "journal.tmp";
  Fd out(::open(tmp.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (!out.valid()) return ErrnoError("create " + tmp.string(), errno);
  Bytes all;
  for (const Bytes& p : payloads) {
    const Bytes r = FrameRecord(p);
    all.insert(all.end(), r.begin(), r.end());
  }
  Status s = WriteAllAt(out.get(), all, 0);
  if (s.ok() && ::fsync(out.get()) != 0) s = ErrnoError("fsync " + tmp.string(), errno);
  if (s.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    s = ErrnoError("rename " + tmp.string(), errno);
  }
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s.WithContext("compacting the journal");
  }
  KC_RETURN_IF_ERROR(FsyncDir(dir_));
  file_ = std::move(out);
  size_ = all.size();
  broken_ = false;
  return Status::Ok();
}

std::uint64_t Journal::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return size_;
}

}  // namespace kc::mock
