#include <fstream>
#include <sstream>
#include <unistd.h>

#include <gtest/gtest.h>

#include "harness/report/report.h"
#include "harness/report/report_test_util.h"

namespace kc::report {
namespace {

namespace fs = std::filesystem;

class WriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kc_report_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string Read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  fs::path dir_;
};

TEST_F(WriteTest, ReportDirHasFourFilesTheReproducersAndNoTemporaries) {
  const RunReport r = testing::AllVerdictsReport();
  const fs::path dir = dir_ / "nested" / "run";
  ASSERT_TRUE(WriteReportDir(r, dir).ok());
  EXPECT_EQ(Read(dir / "report.json"), ToJson(r));
  EXPECT_EQ(Read(dir / "junit.xml"), ToJUnit(r));
  EXPECT_EQ(Read(dir / "report.md"), ToMarkdown(r));
  EXPECT_EQ(Read(dir / "report.html"), ToHtml(r));
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    EXPECT_NE(e.path().filename().string()[0], '.') << e.path();
    ++files;
  }
  EXPECT_EQ(files, 5);  // the four reports and repro/
  // One executable script per rule with a reproducer.
  for (const RuleResult& rule : r.rules) {
    if (rule.reproducer.empty()) continue;
    const fs::path script = dir / "repro" / (rule.id + ".sh");
    EXPECT_EQ(Read(script), rule.reproducer) << script;
    EXPECT_NE(fs::status(script).permissions() & fs::perms::owner_exec, fs::perms::none);
  }
  // Writing again replaces the files whole.
  ASSERT_TRUE(WriteReportDir(testing::SmallReport(), dir).ok());
  EXPECT_EQ(Read(dir / "report.json"), ToJson(testing::SmallReport()));
}

TEST_F(WriteTest, MatrixFiles) {
  ASSERT_TRUE(WriteMatrix({testing::SmallReport(), testing::AllVerdictsReport()}, dir_).ok());
  EXPECT_TRUE(fs::exists(dir_ / "matrix.md"));
  EXPECT_TRUE(fs::exists(dir_ / "matrix.html"));
}

TEST_F(WriteTest, DirectoryThatIsAFileIsAnError) {
  fs::create_directories(dir_);
  { std::ofstream(dir_ / "file") << "x"; }
  const Status s = WriteReportDir(testing::SmallReport(), dir_ / "file");
  EXPECT_FALSE(s.ok());
  const Status s2 = WriteReportDir(testing::SmallReport(), dir_ / "file" / "sub");
  EXPECT_FALSE(s2.ok());
}

TEST_F(WriteTest, AtomicWriteIntoMissingDirectoryFails) {
  const Status s = WriteFileAtomically(dir_ / "missing" / "x", "y");
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_NE(s.message().find("No such file"), std::string::npos) << s.ToString();
}

}  // namespace
}  // namespace kc::report
