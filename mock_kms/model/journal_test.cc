#include "mock_kms/model/journal.h"

#include <fstream>
#include <iterator>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "harness/crypto/random.h"
#include "mock_kms/model/server_secret.h"
#include "mock_kms/model/testing/temp_dir.h"

namespace kc::mock {
namespace {

using testing::TempDir;

Bytes ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void WriteFile(const std::filesystem::path& p, ByteView data) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

struct Replay {
  std::vector<std::string> records;
  std::vector<std::string> notes;
  std::unique_ptr<Journal> journal;
};

Replay Open(const std::filesystem::path& dir, int refuse_at = -1) {
  Replay r;
  auto accept = [&](ByteView p) {
    if (static_cast<int>(r.records.size()) == refuse_at) return false;
    r.records.emplace_back(AsChars(p));
    return true;
  };
  Result<std::unique_ptr<Journal>> j = Journal::Open(dir, accept, &r.notes);
  EXPECT_TRUE(j.ok()) << j.status().ToString();
  if (j.ok()) r.journal = std::move(j).value();
  return r;
}

// Three records "first", "second", "third"; returns the file and the offset where the
// third record starts.
std::pair<Bytes, std::size_t> ThreeRecords(const std::filesystem::path& dir) {
  Replay r = Open(dir);
  EXPECT_TRUE(r.journal->Append(AsBytes("first")).ok());
  EXPECT_TRUE(r.journal->Append(AsBytes("second")).ok());
  const std::size_t third = r.journal->size();
  EXPECT_TRUE(r.journal->Append(AsBytes("third")).ok());
  r.journal.reset();
  return {ReadFile(dir / "journal"), third};
}

TEST(Journal, ReplaysWhatWasAppended) {
  TempDir dir;
  ThreeRecords(dir.path());
  Replay r = Open(dir.path());
  EXPECT_EQ(r.records, (std::vector<std::string>{"first", "second", "third"}));
  EXPECT_TRUE(r.notes.empty());
  struct stat st {};
  ASSERT_EQ(::stat((dir.path() / "journal").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
}

TEST(Journal, TornTailAtEveryOffsetKeepsThePrefix) {
  TempDir dir;
  const auto [file, third] = ThreeRecords(dir.path());
  for (std::size_t cut = third + 1; cut < file.size(); ++cut) {
    WriteFile(dir.path() / "journal", ByteView(file).first(cut));
    Replay r = Open(dir.path());
    EXPECT_EQ(r.records, (std::vector<std::string>{"first", "second"})) << cut;
    ASSERT_EQ(r.notes.size(), 1U) << cut;
    EXPECT_EQ(r.notes[0], "journal: dropped " + std::to_string(cut - third) +
                              " bytes of a torn or corrupt tail after record 2");
    r.journal.reset();
    EXPECT_EQ(ReadFile(dir.path() / "journal").size(), third) << "the tail is cut away";
  }
}

TEST(Journal, FlippedByteInTheLastRecordKeepsThePrefix) {
  TempDir dir;
  const auto [file, third] = ThreeRecords(dir.path());
  for (std::size_t at = third; at < file.size(); ++at) {
    Bytes bad = file;
    bad[at] ^= 0x40;
    WriteFile(dir.path() / "journal", bad);
    Replay r = Open(dir.path());
    EXPECT_EQ(r.records, (std::vector<std::string>{"first", "second"})) << at;
    ASSERT_EQ(r.notes.size(), 1U);
    EXPECT_EQ(r.notes[0], "journal: dropped " + std::to_string(file.size() - third) +
                              " bytes of a torn or corrupt tail after record 2");
  }
}

TEST(Journal, RefusedPayloadEndsTheReplay) {
  TempDir dir;
  const auto [file, third] = ThreeRecords(dir.path());
  Replay r = Open(dir.path(), /*refuse_at=*/1);
  EXPECT_EQ(r.records, std::vector<std::string>{"first"});
  ASSERT_EQ(r.notes.size(), 1U);
  EXPECT_EQ(r.notes[0].rfind("journal: dropped ", 0), 0U);
  EXPECT_NE(r.notes[0].find("after record 1"), std::string::npos);
}

TEST(Journal, GarbageNeverCrashes) {
  TempDir dir;
  crypto::DeterministicRandom random(42);
  for (std::size_t n : {1U, 3U, 8U, 9U, 100U, 4096U}) {
    WriteFile(dir.path() / "journal", random.Generate(n));
    Replay r = Open(dir.path());
    ASSERT_NE(r.journal, nullptr);
    EXPECT_TRUE(r.journal->Append(AsBytes("after garbage")).ok());
    r.journal.reset();
    Replay again = Open(dir.path());
    ASSERT_FALSE(again.records.empty());
    EXPECT_EQ(again.records.back(), "after garbage");
  }
}

TEST(Journal, RewriteReplacesTheFile) {
  TempDir dir;
  ThreeRecords(dir.path());
  {
    Replay r = Open(dir.path());
    ASSERT_TRUE(r.journal->Rewrite({ToBytes("only")}).ok());
    ASSERT_TRUE(r.journal->Append(AsBytes("next")).ok());
  }
  Replay r = Open(dir.path());
  EXPECT_EQ(r.records, (std::vector<std::string>{"only", "next"}));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "journal.tmp"));
}

TEST(Journal, ASecondOpenOfTheDirectoryIsRefused) {
  TempDir dir;
  Replay first = Open(dir.path());
  std::vector<std::string> notes;
  Result<std::unique_ptr<Journal>> second = Journal::Open(
      dir.path(), [](ByteView) { return true; }, &notes);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
}

TEST(ServerSecret, IsCreatedOnceWithMode0600) {
  TempDir dir;
  crypto::DeterministicRandom random(1);
  Result<Bytes> a = LoadOrCreateSecret(dir.path(), random);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->size(), 32U);
  Result<Bytes> b = LoadOrCreateSecret(dir.path(), random);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*a, *b);
  struct stat st {};
  ASSERT_EQ(::stat((dir.path() / "secret").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  // No temporary file is left behind.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1U);
}

TEST(ServerSecret, AWrongSizeIsDataLoss) {
  TempDir dir;
  WriteFile(dir.path() / "secret", AsBytes("short"));
  crypto::DeterministicRandom random(1);
  Result<Bytes> s = LoadOrCreateSecret(dir.path(), random);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace kc::mock
