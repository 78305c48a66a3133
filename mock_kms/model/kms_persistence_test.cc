// --state-dir: every acknowledged change survives a restart, also a kill -9; issued tokens
// stay valid; a torn or corrupt journal tail keeps the acknowledged prefix and says so; a
// garbage journal never crashes; the journal is compacted at start.
#include <fstream>
#include <iterator>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "mock_kms/model/byte_io.h"
#include "mock_kms/model/testing/api_error_matchers.h"
#include "mock_kms/model/testing/model_fixture.h"
#include "mock_kms/model/testing/temp_dir.h"

namespace kc::mock {
namespace {

using namespace testing;

Bytes ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void WriteFile(const std::filesystem::path& p, ByteView data) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

std::unique_ptr<ModelFixture> Open(const TempDir& dir, std::uint64_t seed = 1,
                                   Profile p = Profile::k2022) {
  std::string error;
  auto f = ModelFixture::Make(WithStateDir(dir.path(), seed, p), &error);
  EXPECT_NE(f, nullptr) << error;
  return f;
}

TEST(Persistence, EverythingAcknowledgedSurvivesARestart) {
  TempDir dir;
  std::string imported, pending, disabled, scheduled, other;
  Bytes blob, token, wrapped;
  std::string marker;
  codec::KeyMetadata imported_md;
  {
    auto f = Open(dir);
    imported = f->CreateExternal();
    ASSERT_TRUE(IsOk(f->Import(imported, Material32("m"), WrappingAlgorithm::kRsaesOaepSha256,
                               ExpirationModel::kKeyMaterialExpires, f->clock.Now() + 86400 * 10)));
    blob = *f->Encrypt(imported, AsBytes("survives")).value().ciphertext_blob;
    pending = f->CreateExternal();
    auto p = f->Gpfi(pending);  // a token issued before the restart
    token = *p.value().import_token;
    wrapped = f->Wrap(p.value(), WrappingAlgorithm::kRsaesOaepSha256, Material32("n"));
    disabled = f->CreateAwsKms();
    ASSERT_TRUE(IsOk(f->Disable(disabled)));
    scheduled = f->CreateAwsKms();
    ASSERT_TRUE(IsOk(f->Schedule(scheduled, 9)));
    other = f->CreateExternal(KeySpec::kSymmetricDefault, std::nullopt, &f->other_account);
    imported_md = f->Metadata(imported);
    codec::ListKeysRequest r;
    r.limit = 1;
    marker = *f->kms->ListKeys(f->caller, r).value().next_marker;
  }
  auto f = Open(dir, /*seed=*/2);  // another random stream: nothing depends on it
  EXPECT_TRUE(f->kms->RecoveryNotes().empty());
  EXPECT_EQ(f->kms->KeyCount(), 5U);
  EXPECT_EQ(f->Metadata(imported), imported_md);
  auto plain = f->Decrypt(blob);
  ASSERT_TRUE(IsOk(plain));
  EXPECT_EQ(AsChars(*plain.value().plaintext), "survives");
  EXPECT_EQ(f->Metadata(pending).key_state, KeyState::kPendingImport);
  EXPECT_TRUE(IsOk(f->Ikm(pending, token, wrapped))) << "a token issued before the restart";
  EXPECT_EQ(f->Metadata(disabled).key_state, KeyState::kDisabled);
  EXPECT_EQ(f->Metadata(scheduled).key_state, KeyState::kPendingDeletion);
  EXPECT_EQ(f->Metadata(scheduled).pending_deletion_window_in_days, 9);
  EXPECT_TRUE(IsOk(f->Describe(other, &f->other_account)));
  codec::ListKeysRequest r;
  r.marker = marker;
  auto rest = f->kms->ListKeys(f->caller, r);
  ASSERT_TRUE(IsOk(rest)) << "markers survive too";
  EXPECT_EQ(rest.value().keys->size(), 3U);
  // The reimport rule survives: only the same material comes back.
  ASSERT_TRUE(IsOk(f->Dikm(imported)));
  EXPECT_TRUE(IsApiErrorType(f->Import(imported, Material32("x")),
                             ErrorType::kIncorrectKeyMaterialException));
}

TEST(Persistence, AKill9LosesNothingAcknowledged) {
  TempDir dir;
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // The child acknowledges changes, reports them through the pipe, and is killed.
    ::close(fds[0]);
    auto f = ModelFixture::Make(WithStateDir(dir.path()));
    if (f == nullptr) ::_exit(2);
    const std::string a = f->CreateExternal();
    if (!f->Import(a, Material32("m")).ok()) ::_exit(3);
    auto blob = f->Encrypt(a, AsBytes("kill -9"));
    const std::string b = f->CreateExternal();
    auto p = f->Gpfi(b);
    if (!blob.ok() || !p.ok()) ::_exit(4);
    ByteWriter w;
    w.Str(a);
    w.Str(b);
    w.Blob(*blob.value().ciphertext_blob);
    w.Blob(*p.value().import_token);
    w.Blob(*p.value().public_key);
    const Bytes& out = w.bytes();
    if (::write(fds[1], out.data(), out.size()) != static_cast<ssize_t>(out.size())) ::_exit(5);
    ::close(fds[1]);
    ::raise(SIGKILL);
    ::_exit(6);
  }
  ::close(fds[1]);
  Bytes report;
  std::uint8_t buf[8192];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof(buf))) > 0;)
    report.insert(report.end(), buf, buf + n);
  ::close(fds[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child status " << status;

  ByteReader r(report);
  std::string a, b;
  Bytes blob, token, spki;
  ASSERT_TRUE(r.Str(a) && r.Str(b) && r.Blob(blob) && r.Blob(token) && r.Blob(spki));
  auto f = Open(dir);
  EXPECT_TRUE(f->kms->RecoveryNotes().empty());
  auto plain = f->Decrypt(blob);
  ASSERT_TRUE(IsOk(plain));
  EXPECT_EQ(AsChars(*plain.value().plaintext), "kill -9");
  codec::GetParametersForImportResponse params;
  params.public_key = spki;
  const Bytes wrapped = f->Wrap(params, WrappingAlgorithm::kRsaesOaepSha256, Material32("n"));
  EXPECT_TRUE(IsOk(f->Ikm(b, token, wrapped))) << "the token issued before the kill";
}

// Two acknowledged records: CreateKey, then ImportKeyMaterial.
struct TwoRecords {
  Bytes journal;
  std::size_t second = 0;  // offset of the second record
  std::string key_id;
};

TwoRecords MakeTwoRecords(const TempDir& dir) {
  TwoRecords t;
  {
    auto f = Open(dir);
    t.key_id = f->CreateExternal();
    t.second = ReadFile(dir.path() / "journal").size();
    EXPECT_TRUE(IsOk(f->Import(t.key_id, Material32("m"))));
  }
  t.journal = ReadFile(dir.path() / "journal");
  return t;
}

TEST(Persistence, TornTailAtEveryOffsetKeepsThePrefixAndSaysSo) {
  TempDir dir;
  const TwoRecords t = MakeTwoRecords(dir);
  ASSERT_GT(t.journal.size(), t.second);
  for (std::size_t cut = t.second; cut < t.journal.size(); ++cut) {
    WriteFile(dir.path() / "journal", ByteView(t.journal).first(cut));
    auto f = Open(dir);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->Metadata(t.key_id).key_state, KeyState::kPendingImport) << cut;
    const std::vector<std::string> notes = f->kms->RecoveryNotes();
    if (cut == t.second) {
      EXPECT_TRUE(notes.empty());
    } else {
      ASSERT_EQ(notes.size(), 1U) << cut;
      EXPECT_EQ(notes[0], "journal: dropped " + std::to_string(cut - t.second) +
                              " bytes of a torn or corrupt tail after record 1");
    }
  }
}

TEST(Persistence, FlippedByteInTheLastRecordKeepsThePrefix) {
  TempDir dir;
  const TwoRecords t = MakeTwoRecords(dir);
  for (std::size_t at = t.second; at < t.journal.size(); at += 3) {
    Bytes bad = t.journal;
    bad[at] ^= 0x20;
    WriteFile(dir.path() / "journal", bad);
    auto f = Open(dir);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->Metadata(t.key_id).key_state, KeyState::kPendingImport) << at;
    ASSERT_EQ(f->kms->RecoveryNotes().size(), 1U) << at;
  }
}

TEST(Persistence, AGarbageJournalNeverCrashes) {
  TempDir dir;
  crypto::DeterministicRandom random(7);
  for (std::size_t n : {1U, 7U, 8U, 64U, 1000U, 65536U}) {
    WriteFile(dir.path() / "journal", random.Generate(n));
    auto f = Open(dir);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->kms->KeyCount(), 0U);
    EXPECT_EQ(f->kms->RecoveryNotes().size(), 1U);
    EXPECT_FALSE(f->CreateAwsKms().empty()) << "the model works after recovery";
  }
}

TEST(Persistence, TheJournalIsCompactedAtStart) {
  TempDir dir;
  std::string id;
  {
    auto f = Open(dir);
    id = f->CreateAwsKms();
    for (int i = 0; i < 50; ++i) {
      ASSERT_TRUE(IsOk(f->Disable(id)));
      ASSERT_TRUE(IsOk(f->Enable(id)));
    }
  }
  const std::size_t before = ReadFile(dir.path() / "journal").size();
  {
    auto f = Open(dir);
    EXPECT_EQ(f->Metadata(id).key_state, KeyState::kEnabled);
  }
  const std::size_t after = ReadFile(dir.path() / "journal").size();
  EXPECT_LT(after * 20, before) << before << " -> " << after;
}

TEST(Persistence, ExpiryAndDeletionAreJournaled) {
  TempDir dir;
  std::string expiring, deleted;
  EpochSeconds now = 0;
  {
    auto f = Open(dir);
    expiring = f->CreateExternal();
    ASSERT_TRUE(IsOk(f->Import(expiring, Material32("m"), WrappingAlgorithm::kRsaesOaepSha256,
                               ExpirationModel::kKeyMaterialExpires, f->clock.Now() + 10)));
    deleted = f->CreateAwsKms();
    ASSERT_TRUE(IsOk(f->Schedule(deleted, 7)));
    f->clock.Advance(8 * 86400);
    now = f->clock.Now();
    EXPECT_EQ(f->Metadata(expiring).key_state, KeyState::kPendingImport);
    EXPECT_FALSE(f->Describe(deleted).ok());
  }
  auto f = Open(dir);  // the clock starts again at its default: earlier than `now`
  EXPECT_LT(f->clock.Now(), now);
  EXPECT_EQ(f->Metadata(expiring).key_state, KeyState::kPendingImport);
  EXPECT_TRUE(IsApiErrorType(f->Describe(deleted), ErrorType::kNotFoundException));
}

TEST(Persistence, AStateDirectoryServesOneModel) {
  TempDir dir;
  auto first = Open(dir);
  std::string error;
  auto second = ModelFixture::Make(WithStateDir(dir.path()), &error);
  EXPECT_EQ(second, nullptr);
  EXPECT_NE(error.find("in use by another process"), std::string::npos) << error;
}

TEST(Persistence, AFailedJournalWriteChangesNothing) {
  TempDir dir;
  auto f = Open(dir);
  const std::string id = f->CreateAwsKms();
  // Make the next append fail: a file size limit just above the journal's size.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction old {};
  ASSERT_EQ(::sigaction(SIGXFSZ, &ignore, &old), 0);
  struct rlimit saved {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  struct rlimit tight = saved;
  tight.rlim_cur = static_cast<rlim_t>(ReadFile(dir.path() / "journal").size() + 4);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &tight), 0);
  auto disabled = f->Disable(id);
  auto created = f->Create(Origin::kAwsKms);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &saved), 0);
  ASSERT_EQ(::sigaction(SIGXFSZ, &old, nullptr), 0);
  EXPECT_TRUE(IsApiErrorType(disabled, ErrorType::kKMSInternalException));
  EXPECT_TRUE(IsApiErrorType(created, ErrorType::kKMSInternalException));
  EXPECT_EQ(f->Metadata(id).key_state, KeyState::kEnabled);
  EXPECT_EQ(f->kms->KeyCount(), 1U);
  // The journal is usable again, and the failed writes left nothing behind.
  ASSERT_TRUE(IsOk(f->Disable(id)));
  f.reset();
  auto g = Open(dir);
  EXPECT_TRUE(g->kms->RecoveryNotes().empty());
  EXPECT_EQ(g->Metadata(id).key_state, KeyState::kDisabled);
  EXPECT_EQ(g->kms->KeyCount(), 1U);
}

}  // namespace
}  // namespace kc::mock
