// The embedded target: mock-kms in-process on an ephemeral loopback port, spoken to through
// the real HTTP path, its clock moved directly. The only file of harness/ that includes
// mock_kms/ (DESIGN.md, module boundaries).
#include <chrono>
#include <cstdio>
#include <mutex>

#include "harness/runner/target.h"
#include "mock_kms/server/http_server.h"
#include "mock_kms/server/server_options.h"

namespace kc::runner {
namespace {

// The second identity of the embedded mock: another account, so the cross-account rules
// run for real.
constexpr const char* kOtherAccessKey = "KMSCONFORMOTHER";
constexpr const char* kOtherSecret = "kmsconform-other-account-secret";
constexpr const char* kOtherAccount = "444455556666";

class DirectClock final : public scenarios::ClockControl {
 public:
  explicit DirectClock(SystemClock& clock) : clock_(clock) {}
  std::string_view kind() const override { return "direct"; }
  Result<double> Advance(double seconds) override {
    std::lock_guard<std::mutex> lock(mu_);
    clock_.Advance(seconds);
    return clock_.offset();
  }
  double offset() const override { return clock_.offset(); }

 private:
  std::mutex mu_;
  SystemClock& clock_;
};

class EmbeddedTarget final : public Target {
 public:
  EmbeddedTarget(TargetOptions options, std::unique_ptr<mock::MockServer> server)
      : options_(std::move(options)), server_(std::move(server)), clock_(server_->clock()) {}
  ~EmbeddedTarget() override { Stop(); }

  std::string endpoint() const override { return server_->endpoint(); }
  scenarios::ClockControl* clock() override { return &clock_; }
  report::TargetInfo info() const override {
    return report::TargetInfo{
        "embedded", server_->endpoint(), std::nullopt, "direct", options_.region, "", options_.name,
        ""};
  }
  sigv4::Credentials primary() const override { return options_.credentials; }
  std::optional<sigv4::Credentials> other() const override {
    return sigv4::Credentials{kOtherAccessKey, kOtherSecret, ""};
  }
  void Stop() override { server_->Stop(); }
  std::vector<std::string> notes() const override {
    std::vector<std::string> out = server_->StartupNotes();
    out.insert(out.end(), extra_notes_.begin(), extra_notes_.end());
    return out;
  }
  void AddNote(std::string note) { extra_notes_.push_back(std::move(note)); }
  client::InProcess in_process() override {
    if (!options_.in_process) return {};
    mock::Dispatcher* dispatcher = &server_->dispatcher();
    return [dispatcher](const sigv4::HttpRequest& request) -> Result<client::WireReply> {
      mock::HttpResponse r = dispatcher->Handle(request);
      if (r.drop_connection) return UnavailableError("the mock closed the connection");
      client::WireReply w;
      w.status = r.status;
      w.headers = std::move(r.headers);
      w.body = std::move(r.body);
      return w;
    };
  }

 private:
  TargetOptions options_;
  std::unique_ptr<mock::MockServer> server_;
  DirectClock clock_;
  std::vector<std::string> extra_notes_;
};

}  // namespace

Result<std::unique_ptr<Target>> StartEmbeddedTarget(const TargetOptions& options) {
  mock::ServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.profile = options.profile;
  o.region = options.region;
  // SigV4 is checked for real: the harness's signer meets the mock's verifier on every call.
  o.auth = mock::AuthMode::kSigV4;
  o.identities = {
      mock::Identity{options.credentials.access_key_id, options.credentials.secret_access_key,
                     "111122223333"},
      mock::Identity{kOtherAccessKey, kOtherSecret, kOtherAccount},
  };
  if (options.key_cache) o.key_cache = *options.key_cache;
  o.key_pool = 16;
  // explore and fuzz: a ring of pre-made pairs instead of the pool (0: off, as for run).
  o.fixed_wrapping_keys = options.fixed_wrapping_keys;
  if (!options.fault.empty()) {
    const std::optional<mock::Fault> fault = mock::ParseFault(options.fault);
    if (!fault) return InvalidArgumentError("unknown mock fault '" + options.fault + "'");
    o.fault = *fault;
  }
  auto server = mock::MockServer::Start(o);
  if (!server.ok()) return server.status().WithContext("starting the embedded mock");
  // A cold key cache (the first run on a machine) means RSA key generation: wait for it here
  // rather than let the first GetParametersForImport of each size run into --timeout.
  const auto wait_start = std::chrono::steady_clock::now();
  if (!(*server)->WaitForWrappingKeys(std::chrono::seconds(180))) {
    return UnavailableError("the embedded mock could not generate its RSA wrapping keys in 180 s");
  }
  const double waited =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wait_start).count();
  auto target = std::make_unique<EmbeddedTarget>(options, std::move(server).value());
  if (waited > 1) {
    char note[256];
    std::snprintf(note, sizeof note, "generated RSA wrapping keys for %.1f s%s", waited,
                  options.key_cache ? "; later runs reuse the key cache" : "");
    target->AddNote(note);
  }
  return std::unique_ptr<Target>(std::move(target));
}

}  // namespace kc::runner
