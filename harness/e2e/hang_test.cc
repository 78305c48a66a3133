// A target that stops answering (it accepts connections and reads requests but never
// replies): the run notices it with its liveness check (two timeouts, then one DescribeKey
// that times out too), marks the rules not yet judged `error` ("target not answering"),
// skips the clean-up, lists the keys left behind and writes the report, all within 40 s
// with the defaults (--timeout 10, --jobs 4). Two cases: hanging from the start, and after
// 20 requests answered by a real mock-kms behind the front.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <signal.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>
#include <httplib.h>

#include "harness/runner/runner.h"

extern char** environ;

namespace kc::runner {
namespace {

// MockProcess: mock-kms --port 0, stopped with the test.
class MockProcess {
 public:
  MockProcess() {
    int fds[2];
    if (pipe(fds) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::string bin = KC_MOCK_KMS;
    std::string cache = KC_KEY_CACHE;
    char* argv[] = {bin.data(),
                    const_cast<char*>("--port"),
                    const_cast<char*>("0"),
                    const_cast<char*>("--key-cache"),
                    cache.data(),
                    nullptr};
    if (posix_spawn(&pid_, bin.c_str(), &actions, nullptr, argv, environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    std::FILE* out = fdopen(fds[0], "r");
    char line[128];
    if (out != nullptr && std::fgets(line, sizeof line, out) != nullptr) {
      std::sscanf(line, "listening on %d", &port_);
    }
    if (out != nullptr) std::fclose(out);
  }
  ~MockProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = -1;
};

// HangingFront: answers the first `answered` requests by forwarding them to the mock (when
// there is one), then reads every further request and never replies.
class HangingFront {
 public:
  HangingFront(int answered, int mock_port) : answered_(answered), mock_port_(mock_port) {
    server_.new_task_queue = [] { return new httplib::ThreadPool(16); };
    server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      if (count_.fetch_add(1) < answered_ && mock_port_ > 0) {
        httplib::Client mock("127.0.0.1", mock_port_);
        httplib::Headers headers;
        for (const auto& [name, value] : req.headers) {
          if (name != "Host" && name != "Content-Length" && name != "REMOTE_ADDR" &&
              name != "REMOTE_PORT" && name != "LOCAL_ADDR" && name != "LOCAL_PORT") {
            headers.emplace(name, value);
          }
        }
        auto r = mock.Post("/", headers, req.body, req.get_header_value("Content-Type"));
        if (r) {
          res.status = r->status;
          for (const auto& [name, value] : r->headers) {
            if (name != "Content-Length" && name != "Content-Type") res.set_header(name, value);
          }
          res.set_content(r->body, r->get_header_value("Content-Type"));
          return;
        }
      }
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stop_; });
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~HangingFront() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int requests() const { return count_.load(); }

 private:
  const int answered_;
  const int mock_port_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = -1;
  std::atomic<int> count_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
};

struct Ran {
  Result<RunOutcome> outcome;
  double seconds;
};

Ran RunAgainst(const std::string& url, const std::string& dir) {
  RunOptions o;
  o.target.kind = TargetOptions::Kind::kEndpoint;
  o.target.endpoint = url;
  o.target.region = "us-east-1";
  o.target.credentials = sigv4::Credentials{"test", "test", ""};
  o.report_dir = std::filesystem::path(::testing::TempDir()) / dir;
  o.seed = 42;  // the defaults otherwise: --timeout 10, --jobs 4
  std::FILE* devnull = std::fopen("/dev/null", "w");
  Console console(devnull, devnull);
  const auto start = std::chrono::steady_clock::now();
  auto outcome = runner::Run(o, console);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fclose(devnull);
  return Ran{std::move(outcome), seconds};
}

TEST(HangTest, ATargetHangingAfter20AnswersEndsTheRunWithErrorsWithin40s) {
  MockProcess mock;
  ASSERT_GT(mock.port(), 0) << "mock-kms did not start";
  HangingFront front(20, mock.port());
  const Ran ran = RunAgainst(front.url(), "kc-hang-after-20");
  ASSERT_TRUE(ran.outcome.ok()) << ran.outcome.status().ToString();
  EXPECT_LT(ran.seconds, 40.0);
  const report::RunReport& rep = ran.outcome->report;
  EXPECT_EQ(ran.outcome->exit_code, 1);
  int not_answering = 0;
  for (const auto& r : rep.rules) {
    if (r.status == report::Verdict::kError &&
        r.reason.find("target not answering") != std::string::npos) {
      ++not_answering;
    }
  }
  EXPECT_GE(not_answering, 20) << "the rules not yet judged are errors";
  // The keys created before it hung are listed, not cleaned up (nothing more was sent).
  EXPECT_FALSE(rep.keys_left.empty());
  EXPECT_TRUE(std::filesystem::exists(ran.outcome->report_dir / "report.json"));
  std::printf(
      "hanging after 20 answers: %.1f s, %d rules 'target not answering', %zu keys "
      "left behind, %d requests reached the front\n",
      ran.seconds, not_answering, rep.keys_left.size(), front.requests());
}

TEST(HangTest, ATargetHangingFromTheStartEndsWithin40s) {
  HangingFront front(0, -1);
  const Ran ran = RunAgainst(front.url(), "kc-hang-start");
  EXPECT_LT(ran.seconds, 40.0);
  if (ran.outcome.ok()) {
    // Every rule could not be judged.
    for (const auto& r : ran.outcome->report.rules) {
      EXPECT_NE(r.status, report::Verdict::kPass) << r.id;
      EXPECT_NE(r.status, report::Verdict::kFail) << r.id << ": " << r.reason;
    }
  } else {
    // A run that refuses to start against a target that never answered (exit 2).
    EXPECT_NE(ran.outcome.status().message().find("answer"), std::string::npos)
        << ran.outcome.status().ToString();
  }
  std::printf("hanging from the start: %.1f s\n", ran.seconds);
}

}  // namespace
}  // namespace kc::runner
