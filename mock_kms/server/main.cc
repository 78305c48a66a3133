// mock-kms: the mock AWS KMS server (DESIGN.md, "The two programs"). Parses the command
// line and the MOCK_KMS_* variables, starts a MockServer, prints "listening on PORT" and
// serves until SIGINT/SIGTERM.
//
// Signals: SIGINT and SIGTERM are blocked in every thread (the mask is set before any
// thread starts) and taken synchronously by sigwait in main, so no work happens in a
// signal handler. Exit 0 after a signal, 2 for bad flags or variables or a server that cannot start.
#include <csignal>
#include <cstdio>
#include <pthread.h>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/build_info.h"
#include "mock_kms/model/faults.h"
#include "mock_kms/server/http_server.h"
#include "mock_kms/server/server_cli.h"

namespace {

constexpr int kExitUsage = 2;

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  auto command = kc::mock::ParseCommandLine(args, kc::mock::ProcessEnvironment());
  if (!command.ok()) {
    std::fprintf(stderr, "mock-kms: %s\n", command.status().message().c_str());
    return kExitUsage;
  }
  switch (command->action) {
    case kc::mock::CliCommand::Action::kHelp:
      std::fputs(kc::mock::UsageText().c_str(), stdout);
      return 0;
    case kc::mock::CliCommand::Action::kVersion:
      std::printf("%s\n", kc::VersionLine("mock-kms").c_str());
      return 0;
    case kc::mock::CliCommand::Action::kListFaults:
      for (const kc::mock::Fault fault : kc::mock::AllFaults()) {
        const std::string_view name = kc::mock::FaultName(fault);
        std::fwrite(name.data(), 1, name.size(), stdout);
        std::fputc('\n', stdout);
      }
      return 0;
    case kc::mock::CliCommand::Action::kServe:
      break;
  }
  for (const std::string& warning : command->warnings) {
    std::fprintf(stderr, "mock-kms: %s\n", warning.c_str());
  }

  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);  // inherited by every thread below
  std::signal(SIGPIPE, SIG_IGN);  // a client that hangs up is an error value, not a signal

  auto server = kc::mock::MockServer::Start(command->options);
  if (!server.ok()) {
    std::fprintf(stderr, "mock-kms: %s\n", server.status().message().c_str());
    return kExitUsage;
  }
  for (const std::string& note : (*server)->StartupNotes()) {
    std::fprintf(stderr, "mock-kms: %s\n", note.c_str());
  }
  std::printf("listening on %d\n", (*server)->port());
  std::fflush(stdout);

  int signal_number = 0;
  while (sigwait(&stop_signals, &signal_number) != 0) {
  }
  (*server)->Stop();
  return 0;
}
