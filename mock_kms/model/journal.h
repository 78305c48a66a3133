// Journal: the state directory's append-only log of acknowledged changes (DIR/journal,
// mode 0600). A record is u32 payload length | u32 CRC-32 of the payload | payload (the
// full state of one changed key, or its removal: key_record.h). Every Append is on disk
// (fdatasync) before it returns, so a change is acknowledged only once it survives a
// crash. Appends are serialised by the journal's own lock.
//
// Open replays the file: the first record that is torn (short), fails its CRC or whose
// payload the caller refuses ends the replay; the file is cut there and a note says how many
// bytes were dropped after which record. Nothing in the file can crash the replay. Rewrite
// (compaction at start) replaces the file with a fresh one through a temporary file,
// fsync, rename and a directory fsync. DIR/lock (flock) keeps a second process off the
// same directory.
#ifndef KC_MOCK_KMS_MODEL_JOURNAL_H_
#define KC_MOCK_KMS_MODEL_JOURNAL_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "harness/common/bytes.h"
#include "harness/common/status.h"
#include "mock_kms/model/file_util.h"

namespace kc::mock {

// The largest payload a record may carry; a longer length field is corruption.
inline constexpr std::uint32_t kMaxJournalPayload = 1U << 24;

class Journal {
 public:
  // Open: locks DIR (FailedPrecondition when another process holds it), then reads
  // DIR/journal (created when missing) and calls accept(payload) for each intact record in
  // order; a record accept() returns false for is treated as corrupt. Notes of what was
  // dropped are appended to *notes.
  static Result<std::unique_ptr<Journal>> Open(const std::filesystem::path& dir,
                                               const std::function<bool(ByteView)>& accept,
                                               std::vector<std::string>* notes);
  ~Journal();

  // Append: one record, durable before return. On failure the file is cut back to its
  // previous end (so a half-written record cannot hide later ones) and the error returned.
  Status Append(ByteView payload);
  // Rewrite: replaces the journal by the given payloads (compaction).
  Status Rewrite(const std::vector<Bytes>& payloads);

  std::uint64_t size() const;

 private:
  Journal(std::filesystem::path dir, Fd lock, Fd file, std::uint64_t size);

  const std::filesystem::path dir_;
  Fd lock_;
  mutable std::mutex mu_;
  Fd file_;              // guarded by mu_
  std::uint64_t size_;   // guarded by mu_
  bool broken_ = false;  // guarded by mu_: a failed write could not be undone
};

// FrameRecord: the bytes of one record (length, CRC, payload).
Bytes FrameRecord(ByteView payload);

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_MODEL_JOURNAL_H_
