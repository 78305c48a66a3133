#include "harness/runner/target.h"

#include <arpa/inet.h>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <signal.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "harness/runner/clock_control.h"

extern char** environ;

namespace kc::runner {
namespace {

std::string_view ClockName(const scenarios::ClockControl* c) {
  return c == nullptr ? "none" : c->kind();
}

// ---- endpoint ----

class EndpointTarget final : public Target {
 public:
  EndpointTarget(const TargetOptions& o, std::unique_ptr<scenarios::ClockControl> clock)
      : options_(o), clock_(std::move(clock)) {}
  std::string endpoint() const override { return options_.endpoint; }
  scenarios::ClockControl* clock() override { return clock_.get(); }
  report::TargetInfo info() const override {
    return report::TargetInfo{"endpoint",      options_.endpoint,
                              std::nullopt,    std::string(ClockName(clock_.get())),
                              options_.region, "",
                              options_.name,   ""};
  }
  sigv4::Credentials primary() const override { return options_.credentials; }
  std::optional<sigv4::Credentials> other() const override { return options_.other; }
  void Stop() override {}

 private:
  TargetOptions options_;
  std::unique_ptr<scenarios::ClockControl> clock_;
};

// ---- spawn ----

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    socklen_t len = sizeof addr;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

bool Accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

class SpawnTarget final : public Target {
 public:
  SpawnTarget(TargetOptions o, std::filesystem::path dir)
      : options_(std::move(o)), dir_(std::move(dir)) {}
  ~SpawnTarget() override { Stop(); }

  Status Start() {
    const int port = FreePort();
    if (port == 0) return UnavailableError("cannot find a free loopback port");
    std::string cmd = options_.spawn_command;
    for (std::size_t pos; (pos = cmd.find("{port}")) != std::string::npos;) {
      cmd.replace(pos, 6, std::to_string(port));
    }
    command_ = cmd;
    endpoint_ = "http://127.0.0.1:" + std::to_string(port);
    const std::filesystem::path log = options_.log_file.value_or(dir_ / "output.log");

    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string_view entry(*e);
      if (options_.clock == ClockMode::kFaketime &&
          (entry.starts_with("LD_PRELOAD=") || entry.starts_with("FAKETIME") ||
           entry.starts_with("ASAN_OPTIONS="))) {
        continue;
      }
      env.emplace_back(entry);
    }
    if (options_.clock == ClockMode::kFaketime) {
      auto lib = FaketimeLibrary();
      if (!lib.ok()) return lib.status();
      faketime_file_ = dir_ / "faketime";
      KC_RETURN_IF_ERROR(WriteFaketimeOffset(faketime_file_, 0));
      env.push_back("LD_PRELOAD=" + *lib);
      env.push_back("FAKETIME_TIMESTAMP_FILE=" + faketime_file_.string());
      env.push_back("FAKETIME_NO_CACHE=1");
      env.push_back("FAKETIME_DONT_FAKE_MONOTONIC=1");
      const char* asan = std::getenv("ASAN_OPTIONS");
      env.push_back(std::string("ASAN_OPTIONS=") + (asan ? std::string(asan) + ":" : "") +
                    "verify_asan_link_order=0");
    }
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);

    const pid_t pid = fork();
    if (pid < 0) return InternalError(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
      setpgid(0, 0);
      const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int in = open("/dev/null", O_RDONLY);
      if (out >= 0) {
        dup2(out, 1);
        dup2(out, 2);
      }
      if (in >= 0) dup2(in, 0);
      execle("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr), envp.data());
      _exit(127);
    }
    setpgid(pid, pid);
    pid_ = pid;

    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::duration<double>(options_.spawn_timeout_seconds);
    while (true) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return UnavailableError("the emulator exited (" + ExitText(status) +
                                ") before accepting connections on port " + std::to_string(port) +
                                "; its output:\n" + FileTail(log, 4000));
      }
      if (Accepts(port)) return Status::Ok();
      if (std::chrono::steady_clock::now() > deadline) {
        const std::string output = FileTail(log, 4000);  // before Stop() removes the directory
        Stop();
        return UnavailableError("the emulator did not accept connections on port " +
                                std::to_string(port) + " within " +
                                std::to_string(static_cast<int>(options_.spawn_timeout_seconds)) +
                                " s; its output:\n" + output);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  void SetClock(std::unique_ptr<scenarios::ClockControl> clock) { clock_ = std::move(clock); }
  const std::filesystem::path& faketime_file() const { return faketime_file_; }

  std::string endpoint() const override { return endpoint_; }
  scenarios::ClockControl* clock() override { return clock_.get(); }
  report::TargetInfo info() const override {
    report::TargetInfo info{
        "spawn",         endpoint_, command_,      std::string(ClockName(clock_.get())),
        options_.region, "",        options_.name, ""};
    if (options_.log_file) info.log = options_.log_file->filename().string();
    return info;
  }
  sigv4::Credentials primary() const override { return options_.credentials; }
  std::optional<sigv4::Credentials> other() const override { return options_.other; }

  void Stop() override {
    if (pid_ > 0) {
      // The whole process group: `sh -c` and whatever it started.
      kill(-pid_, SIGTERM);
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      int status = 0;
      bool reaped = false;
      while (std::chrono::steady_clock::now() < deadline) {
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
          reaped = true;
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      kill(-pid_, SIGKILL);  // stragglers of the group, and the leader if it ignored SIGTERM
      if (!reaped) waitpid(pid_, &status, 0);
      pid_ = -1;
    }
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
    dir_.clear();
  }

 private:
  static std::string ExitText(int status) {
    if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
    return "status " + std::to_string(status);
  }

  TargetOptions options_;
  std::filesystem::path dir_;
  std::filesystem::path faketime_file_;
  std::string command_;
  std::string endpoint_;
  pid_t pid_ = -1;
  std::unique_ptr<scenarios::ClockControl> clock_;
};

client::ClientOptions ClientOptionsOf(const TargetOptions& o) {
  client::ClientOptions c;
  c.timeout_seconds = o.timeout_seconds;
  c.profile = o.profile;
  return c;
}

}  // namespace

std::string FileTail(const std::filesystem::path& file, std::size_t max_bytes) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  if (s.size() > max_bytes) s = "..." + s.substr(s.size() - max_bytes);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s.empty() ? "(no output)" : s;
}

Result<std::unique_ptr<Target>> StartTarget(const TargetOptions& options) {
  switch (options.kind) {
    case TargetOptions::Kind::kEmbedded:
      return StartEmbeddedTarget(options);
    case TargetOptions::Kind::kEndpoint: {
      std::unique_ptr<scenarios::ClockControl> clock;
      if (options.clock == ClockMode::kMockHook) {
        client::Target t{options.endpoint, options.region, options.credentials};
        auto c = MakeMockHookClock(t, ClientOptionsOf(options));
        if (!c.ok()) return c.status();
        clock = std::move(c).value();
      } else if (options.clock == ClockMode::kFaketime) {
        return InvalidArgumentError(
            "--clock faketime needs --spawn (the runner must start the "
            "emulator under libfaketime)");
      }
      return std::unique_ptr<Target>(std::make_unique<EndpointTarget>(options, std::move(clock)));
    }
    case TargetOptions::Kind::kSpawn: {
      if (options.spawn_command.find("{port}") == std::string::npos) {
        return InvalidArgumentError("--spawn: the command must contain {port}");
      }
      char tmpl[] = "/tmp/kmsconform-spawn-XXXXXX";
      if (mkdtemp(tmpl) == nullptr) return InternalError("mkdtemp failed");
      auto target = std::make_unique<SpawnTarget>(options, tmpl);
      KC_RETURN_IF_ERROR(target->Start());
      client::Target t{target->endpoint(), options.region, options.credentials};
      if (options.clock == ClockMode::kFaketime) {
        target->SetClock(MakeFaketimeClock(target->faketime_file()));
      } else if (options.clock == ClockMode::kMockHook) {
        auto c = MakeMockHookClock(t, ClientOptionsOf(options));
        if (!c.ok()) return c.status();
        target->SetClock(std::move(c).value());
      }
      return std::unique_ptr<Target>(std::move(target));
    }
  }
  return InvalidArgumentError("unknown target kind");
}

}  // namespace kc::runner
