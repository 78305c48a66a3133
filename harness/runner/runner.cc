#include "harness/runner/runner.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <mutex>
#include <thread>
#include <unistd.h>

#include "harness/codec/codec.h"
#include "harness/contract/rules.h"
#include "harness/runner/clock_control.h"
#include "harness/scenarios/util.h"
#include "harness/sigv4/request.h"

#ifndef KC_VERSION
#define KC_VERSION "0.0.0"
#endif

namespace kc::runner {
namespace {

std::string UtcTimestamp(std::time_t t, const char* format) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

// Liveness: the run's liveness check (client::TargetHealth). After any two requests across
// jobs time out, one DescribeKey (of a well-formed unknown key: any reply will do) asks
// whether the target still answers; if that times out too, the target is dead: clients
// stop sending and the rules not yet judged are `error`.
class Liveness final : public client::TargetHealth {
 public:
  Liveness(client::Target target, client::ClientOptions options)
      : target_(std::move(target)), options_(std::move(options)) {}

  void OnTimeout() override {
    std::unique_lock<std::mutex> lock(mu_);
    ++timeouts_;
    ++since_check_;
    if (dead_.load() || checking_ || since_check_ < 2) return;
    checking_ = true;
    since_check_ = 0;
    lock.unlock();
    const Status alive = Check();
    lock.lock();
    checking_ = false;
    if (!alive.ok()) {
      reason_ = "target not answering: " + std::to_string(timeouts_) +
                " requests timed out and a DescribeKey liveness check got no reply (" +
                alive.message() + ")";
      dead_.store(true);
    }
  }
  bool dead() const override { return dead_.load(); }
  std::string dead_reason() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return reason_;
  }

 private:
  Status Check() {
    auto c = client::KmsClient::Create(target_, options_);
    if (!c.ok()) return c.status();
    codec::DescribeKeyRequest req;
    req.key_id = "00000000-0000-4000-8000-00000000dead";
    auto reply = (*c)->Call(req);
    return reply.raw.transport;
  }

  const client::Target target_;
  const client::ClientOptions options_;  // without health: the check itself must not recurse
  mutable std::mutex mu_;
  int timeouts_ = 0;
  int since_check_ = 0;
  bool checking_ = false;
  std::atomic<bool> dead_{false};
  std::string reason_;
};

class Factory final : public scenarios::ClientFactory {
 public:
  Factory(Target& target, const TargetOptions& options) {
    primary_ = client::Target{target.endpoint(), options.region, target.primary()};
    if (auto other = target.other()) {
      other_ = client::Target{target.endpoint(), options.region, *other};
    }
    client_options_.timeout_seconds = options.timeout_seconds;
    client_options_.profile = options.profile;
    client_options_.in_process = target.in_process();
    health_ = std::make_shared<Liveness>(primary_, client_options_);
    client_options_.health = health_;
  }
  const client::TargetHealth& health() const { return *health_; }
  client::ClientOptions preflight_options() const {
    client::ClientOptions o = client_options_;
    o.health = nullptr;
    return o;
  }
  Result<std::unique_ptr<client::KmsClient>> Primary() override {
    return client::KmsClient::Create(primary_, client_options_);
  }
  Result<std::unique_ptr<client::KmsClient>> Other() override {
    if (!other_) return NotFoundError("no second identity in another account");
    return client::KmsClient::Create(*other_, client_options_);
  }
  bool has_other() const override { return other_.has_value(); }
  const client::Target& primary_target() const { return primary_; }
  const client::ClientOptions& client_options() const { return client_options_; }

 private:
  client::Target primary_;
  std::optional<client::Target> other_;
  client::ClientOptions client_options_;
  std::shared_ptr<Liveness> health_;
};

report::RuleResult Interrupted(const scenarios::ScenarioSpec& spec);

// NotJudged: a rule that never ran because the target had stopped answering.
report::RuleResult NotJudged(const scenarios::ScenarioSpec& spec, std::string reason) {
  report::RuleResult r = Interrupted(spec);
  r.status = report::Verdict::kError;
  r.reason = std::move(reason);
  return r;
}

report::RuleResult Interrupted(const scenarios::ScenarioSpec& spec) {
  report::RuleResult r;
  r.id = std::string(spec.rule_id);
  if (const contract::Rule* rule = contract::FindRule(spec.rule_id)) {
    r.title = std::string(rule->title);
    r.confidence = std::string(contract::ConfidenceName(rule->confidence));
    r.expected = std::string(rule->expected);
    r.source = std::string(rule->source);
    r.source_ref = std::string(rule->source_ref);
  }
  r.status = report::Verdict::kSkip;
  r.reason = "interrupted before this rule ran";
  return r;
}

// CleanUp: schedules every key the run created for deletion (7 days, the minimum), so a run
// against a real AWS account leaves nothing billable. Returns the keys that could not be
// (their ARNs, or ids).
std::vector<std::string> CleanUp(Factory& factory, const std::vector<scenarios::KeyRecord>& keys,
                                 double clock_offset) {
  std::unique_ptr<client::KmsClient> primary, other;
  std::vector<std::string> left;
  for (const scenarios::KeyRecord& key : keys) {
    const std::string name = key.arn.empty() ? key.key_id : key.arn;
    std::unique_ptr<client::KmsClient>& c = key.other_account ? other : primary;
    if (!c) {
      auto made = key.other_account ? factory.Other() : factory.Primary();
      if (!made.ok()) {
        left.push_back(name);
        continue;
      }
      c = std::move(made).value();
      c->SetClockOffset(clock_offset);
    }
    codec::ScheduleKeyDeletionRequest req;
    req.key_id = key.key_id;
    req.pending_window_in_days = 7;
    auto reply = c->Call(req);
    c->TakeTranscript();
    // Already pending deletion, or already deleted (a clock moved past its DeletionDate).
    const bool already = reply.IsError(contract::ErrorType::kKMSInvalidStateException) ||
                         reply.IsError(contract::ErrorType::kNotFoundException);
    if (!reply.ok() && !already) left.push_back(name);
  }
  return left;
}

}  // namespace

void TrimEvidence(report::RuleResult& rule) {
  if (rule.status != report::Verdict::kPass && rule.status != report::Verdict::kSkip) return;
  std::erase_if(rule.evidence,
                [](const report::Evidence& e) { return !e.probe && e.control.empty(); });
}

void FoldDisguisedErrors(std::vector<report::RuleResult>& rules) {
  auto shape = std::find_if(rules.begin(), rules.end(), [](const report::RuleResult& r) {
    return r.id == "proto.error-shape";
  });
  for (report::RuleResult& r : rules) {
    if (r.disguised_errors.empty()) continue;
    const std::vector<std::string> found = std::move(r.disguised_errors);
    r.disguised_errors.clear();
    if (shape == rules.end() || &r == &*shape) continue;
    for (const std::string& what : found) {
      report::Check c;
      c.what = "a must-fail probe of " + r.id + " was answered as a success: " + what;
      c.verdict = report::Verdict::kFail;
      c.expected = "HTTP 400 with {\"__type\": ..., \"message\": ...}";
      c.actual = "HTTP 2xx with an error in the body";
      shape->checks.push_back(c);
      if (shape->status != report::Verdict::kFail) {
        shape->status = report::Verdict::kFail;
        shape->reason = c.what;
        shape->expected = c.expected;
        shape->actual = c.actual;
      } else if (shape->reason.find(" (+ errors disguised as successes") == std::string::npos) {
        shape->reason += " (+ errors disguised as successes in other rules' probes)";
      }
    }
    // The exchanges: the probes answered 2xx with a body that is not a success output.
    for (const report::Evidence& e : r.evidence) {
      if (!e.probe || !e.response || e.response->status < 200 || e.response->status >= 300) {
        continue;
      }
      std::optional<contract::Operation> op;
      for (const auto& [name, value] : e.request.headers) {
        if (sigv4::EqualsIgnoreCase(name, "X-Amz-Target") && value.starts_with(contract::kTargetPrefix)) {
          op = contract::FromWire<contract::Operation>(
              std::string_view(value).substr(contract::kTargetPrefix.size()));
        }
      }
      if (op && codec::NotASuccessBody(*op, e.response->body)) {
        report::Evidence copy = e;
        copy.step = r.id + ": " + copy.step;
        shape->evidence.push_back(std::move(copy));
      }
    }
  }
}

std::filesystem::path DefaultReportDir() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  char millis[8];
  std::snprintf(millis, sizeof millis, "%03d", static_cast<int>(ms.count()));
  // Milliseconds and the pid: runs started in the same second never share a folder.
  return std::filesystem::path("reports") /
         (UtcTimestamp(t, "%Y%m%dT%H%M%S.") + millis + "Z-" + std::to_string(getpid()));
}

Result<ReportDir> PrepareReportDir(const std::optional<std::filesystem::path>& requested) {
  ReportDir out;
  std::error_code ec;
  auto fail = [&](const std::filesystem::path& p, const std::string& what) {
    return FailedPreconditionError("cannot write the report directory " + p.string() + ": " + what);
  };
  if (requested) {
    out.path = *requested;
    out.created = !std::filesystem::exists(out.path, ec);
    std::filesystem::create_directories(out.path, ec);
    if (ec) return fail(out.path, ec.message());
  } else {
    // A new folder, never an existing one.
    const std::filesystem::path base = DefaultReportDir();
    std::filesystem::create_directories(base.parent_path(), ec);
    if (ec) return fail(base.parent_path(), ec.message());
    for (int n = 1;; ++n) {
      out.path = n == 1 ? base : std::filesystem::path(base.string() + "-" + std::to_string(n));
      if (std::filesystem::create_directory(out.path, ec)) break;
      if (ec) return fail(out.path, ec.message());
      if (n == 100) return fail(base, "too many runs with the same name");
    }
    out.created = true;
  }
  if (!std::filesystem::is_directory(out.path, ec)) return fail(out.path, "not a directory");
  // A probe file: the directory exists, but can the reports be written into it?
  const std::filesystem::path probe = out.path / ".kmsconform-write-test";
  if (Status written = report::WriteFileAtomically(probe, "ok\n"); !written.ok()) {
    if (out.created) std::filesystem::remove_all(out.path, ec);
    return fail(out.path, written.message());
  }
  std::filesystem::remove(probe, ec);
  return out;
}

Status Preflight(const client::Target& target, const client::ClientOptions& options) {
  auto c = client::KmsClient::Create(target, options);
  if (!c.ok()) return c.status();
  const std::string& endpoint = target.endpoint;
  // Speaks AWS JSON 1.1: a success with a JSON object, or an error with an AWS error type.
  auto speaks_kms = [](const client::RawReply& r) {
    if (r.status >= 200 && r.status < 300) {
      return r.operation && !codec::NotASuccessBody(*r.operation, r.body).has_value();
    }
    std::vector<codec::Finding> findings;
    const codec::ApiError e = codec::DecodeErrorReply(r.View(), findings);
    return !e.type_name.empty() && !std::all_of(e.type_name.begin(), e.type_name.end(),
                                                [](char ch) { return ch >= '0' && ch <= '9'; });
  };
  std::string seen;
  for (const auto& [op, body] :
       {std::pair<contract::Operation, std::string>{contract::Operation::kListKeys, "{}"},
        {contract::Operation::kDescribeKey,
         "{\"KeyId\":\"00000000-0000-4000-8000-000000000000\"}"}}) {
    client::RawRequest r;
    r.target = std::string(contract::TargetOf(op));
    r.body = body;
    const client::RawReply reply = (*c)->Send(r);
    if (!reply.ok()) {
      const Status& t = reply.transport;
      if (t.code() == StatusCode::kDeadlineExceeded) {
        return UnavailableError(endpoint + " did not answer a KMS request (" +
                                std::string(contract::ToWire(op)) + ") within " +
                                std::to_string(static_cast<int>(options.timeout_seconds)) +
                                " s: is the target hanging? (" + t.message() + ")");
      }
      if (t.message().find("could not connect") != std::string::npos) {
        return UnavailableError("nothing is listening on " + endpoint +
                                " (connection refused or unreachable)");
      }
      return UnavailableError(endpoint + " cannot be reached: " + t.message());
    }
    if (speaks_kms(reply)) return Status::Ok();
    if (!seen.empty()) seen += ", ";
    const auto type = reply.Header("Content-Type");
    seen += std::string(contract::ToWire(op)) + ": HTTP " + std::to_string(reply.status) +
            (type ? " " + std::string(*type) : std::string());
  }
  return FailedPreconditionError(endpoint +
                                 " answers every KMS operation tried without AWS JSON "
                                 "1.1 (" +
                                 seen + "): is this a KMS endpoint?");
}

Result<std::vector<const scenarios::ScenarioSpec*>> SelectScenarios(
    contract::Profile profile, const std::vector<std::string>& only) {
  for (const std::string& id : only) {
    const contract::Rule* rule = contract::FindRule(id);
    if (rule == nullptr) {
      return InvalidArgumentError("--only: unknown rule id '" + id +
                                  "' (kmsconform rules lists them)");
    }
    if (!contract::InProfile(*rule, profile)) {
      return InvalidArgumentError("--only: rule '" + id + "' is not part of profile " +
                                  std::string(contract::ToWire(profile)));
    }
  }
  std::vector<const scenarios::ScenarioSpec*> out;
  for (const contract::Rule* rule : contract::RulesFor(profile)) {
    if (!only.empty() && std::find(only.begin(), only.end(), rule->id) == only.end()) continue;
    const scenarios::ScenarioSpec* spec = scenarios::FindScenario(rule->id);
    if (spec == nullptr) return InternalError("no scenario for rule " + std::string(rule->id));
    out.push_back(spec);
  }
  return out;
}

class PreparedRun::Impl {
 public:
  ReportDir report_dir;
  bool default_dir = false;
  TargetOptions target_options;
  std::unique_ptr<Target> target;
  scenarios::KeyTracker keys;
  std::unique_ptr<Factory> factory;
  std::unique_ptr<scenarios::ClockControl> verified;
  scenarios::ClockControl* clock = nullptr;
  std::unique_ptr<scenarios::Context> ctx;
  std::chrono::system_clock::time_point wall_start;
  std::chrono::steady_clock::time_point start;
};

PreparedRun::PreparedRun(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PreparedRun::~PreparedRun() {
  if (impl_ && impl_->target) impl_->target->Stop();
}

Result<std::unique_ptr<PreparedRun>> PreparedRun::Start(
    const TargetOptions& options, const std::optional<std::filesystem::path>& report_dir,
    std::uint64_t seed, Console& console, bool with_report_dir) {
  auto impl = std::make_unique<Impl>();
  impl->wall_start = std::chrono::system_clock::now();
  impl->start = std::chrono::steady_clock::now();
  // The report folder first: a run that cannot write its report never touches the target.
  if (with_report_dir) {
    KC_ASSIGN_OR_RETURN(impl->report_dir, PrepareReportDir(report_dir));
  }
  impl->default_dir = !report_dir.has_value();
  auto discard_report_dir = [&] {
    std::error_code ec;
    if (impl->report_dir.created) std::filesystem::remove_all(impl->report_dir.path, ec);
  };
  impl->target_options = options;
  if (options.kind == TargetOptions::Kind::kSpawn && with_report_dir) {
    impl->target_options.log_file = impl->report_dir.path / "target.log";
  }
  auto started = StartTarget(impl->target_options);
  if (!started.ok()) {
    discard_report_dir();
    return started.status();
  }
  impl->target = std::move(started).value();
  for (const std::string& note : impl->target->notes()) console.Note(note);
  impl->factory = std::make_unique<Factory>(*impl->target, impl->target_options);
  Factory& factory = *impl->factory;
  // Before the first rule: does the target answer a KMS call at all? A target with nothing
  // listening, or one that is not a KMS endpoint, is "could not run" (exit 2), not 35 fails.
  if (Status reachable = Preflight(factory.primary_target(), factory.preflight_options());
      !reachable.ok()) {
    std::string log;
    if (impl->target_options.log_file) log = FileTail(*impl->target_options.log_file, 2000);
    impl->target->Stop();
    discard_report_dir();
    if (!log.empty()) {
      return Status(reachable.code(), reachable.message() + "; its output:\n" + log);
    }
    return reachable;
  }
  impl->clock = impl->target->clock();
  if (impl->clock != nullptr && impl->clock->kind() != "direct") {
    // Non-owning adapter: the target keeps its clock; the wrapper checks each move.
    class Borrowed final : public scenarios::ClockControl {
     public:
      explicit Borrowed(scenarios::ClockControl& c) : c_(c) {}
      std::string_view kind() const override { return c_.kind(); }
      Result<double> Advance(double s) override { return c_.Advance(s); }
      double offset() const override { return c_.offset(); }

     private:
      scenarios::ClockControl& c_;
    };
    impl->verified = MakeVerifiedClock(std::make_unique<Borrowed>(*impl->clock),
                                       factory.primary_target(), factory.client_options(),
                                       impl->keys);
    impl->clock = impl->verified.get();
  }
  impl->ctx = std::make_unique<scenarios::Context>(scenarios::Context{
      factory, options.profile, impl->clock, impl->keys, seed, impl->target->endpoint(),
      options.region});
  return std::unique_ptr<PreparedRun>(new PreparedRun(std::move(impl)));
}

scenarios::Context& PreparedRun::ctx() { return *impl_->ctx; }
const client::TargetHealth& PreparedRun::health() const { return impl_->factory->health(); }
const std::filesystem::path& PreparedRun::report_dir() const { return impl_->report_dir.path; }

report::RunReport PreparedRun::Finish(bool keep_keys, Console& console) {
  Impl& r = *impl_;
  std::vector<std::string> keys_left;
  const auto all_keys = r.keys.All();
  if (r.factory->health().dead()) {
    // Nothing more is sent to a target that stopped answering: the report lists its keys.
    for (const auto& k : all_keys) keys_left.push_back(k.arn.empty() ? k.key_id : k.arn);
    console.Note(r.factory->health().dead_reason() + "; clean-up skipped: " +
                 std::to_string(keys_left.size()) + " keys left behind (listed in the report)");
  } else if (!keep_keys) {
    keys_left = CleanUp(*r.factory, all_keys, r.clock != nullptr ? r.clock->offset() : 0.0);
    if (!keys_left.empty()) {
      console.Note("clean-up: " + std::to_string(keys_left.size()) + " of " +
                   std::to_string(all_keys.size()) +
                   " keys could not be scheduled for deletion (listed in the report)");
    }
  }
  r.target->Stop();

  report::RunReport rep;
  rep.tool_version = KC_VERSION;
  rep.profile = std::string(contract::ToWire(r.target_options.profile));
  rep.target = r.target->info();
  rep.target.name = r.target_options.name;
  for (const auto& k : all_keys) {
    if (!k.other_account && !k.arn.empty()) {
      rep.target.account = scenarios::ArnAccount(k.arn);
      break;
    }
  }
  rep.started =
      UtcTimestamp(std::chrono::system_clock::to_time_t(r.wall_start), "%Y-%m-%dT%H:%M:%SZ");
  rep.duration_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - r.start).count();
  rep.seed = r.ctx->seed;
  rep.keys_left = std::move(keys_left);
  return rep;
}

Result<RunOutcome> PreparedRun::Write(report::RunReport rep) {
  rep.Recount();
  RunOutcome outcome;
  outcome.report_dir = impl_->report_dir.path;
  KC_RETURN_IF_ERROR(report::WriteReportDir(rep, outcome.report_dir));
  if (impl_->default_dir) {
    // reports/latest -> the newest run.
    const std::filesystem::path latest = outcome.report_dir.parent_path() / "latest";
    std::error_code ec;
    std::filesystem::remove(latest, ec);
    std::filesystem::create_directory_symlink(outcome.report_dir.filename(), latest, ec);
  }
  outcome.exit_code = rep.summary.fail > 0 || rep.summary.error > 0 ? 1 : 0;
  outcome.report = std::move(rep);
  return outcome;
}

Result<RunOutcome> Run(const RunOptions& options, Console& console,
                       const std::atomic<bool>* interrupted) {
  KC_ASSIGN_OR_RETURN(auto selected, SelectScenarios(options.target.profile, options.only));
  KC_ASSIGN_OR_RETURN(std::unique_ptr<PreparedRun> prepared,
                      PreparedRun::Start(options.target, options.report_dir, options.seed,
                                         console));
  scenarios::Context& ctx = prepared->ctx();
  const client::TargetHealth& health = prepared->health();

  std::vector<const scenarios::ScenarioSpec*> parallel, timed;
  for (const auto* s : selected) (s->moves_clock ? timed : parallel).push_back(s);
  std::vector<report::RuleResult> results(selected.size());
  std::vector<const scenarios::ScenarioSpec*> order;
  order.insert(order.end(), parallel.begin(), parallel.end());
  order.insert(order.end(), timed.begin(), timed.end());

  std::mutex mu;
  std::size_t next = 0, done = 0;
  auto worker = [&](bool timed_phase) {
    while (true) {
      std::size_t i;
      {
        std::lock_guard<std::mutex> lock(mu);
        const std::size_t limit = timed_phase ? order.size() : parallel.size();
        if (next >= limit) return;
        i = next++;
      }
      const scenarios::ScenarioSpec& spec = *order[i];
      report::RuleResult r;
      if (interrupted != nullptr && interrupted->load()) {
        r = Interrupted(spec);
      } else if (health.dead()) {
        r = NotJudged(spec, health.dead_reason());
      } else {
        console.Progress(done, order.size(), spec.rule_id);
        r = scenarios::RunScenario(spec, ctx);
        if (health.dead()) {
          // The target stopped answering while this rule ran: what it saw proves nothing.
          r.status = report::Verdict::kError;
          r.reason = health.dead_reason();
        }
      }
      if (r.disguised_errors.empty()) TrimEvidence(r);  // FoldDisguisedErrors needs them
      std::lock_guard<std::mutex> lock(mu);
      results[i] = std::move(r);
      ++done;
    }
  };
  {
    const int jobs = std::max(1, std::min<int>(options.jobs, static_cast<int>(parallel.size())));
    std::vector<std::thread> threads;
    for (int j = 0; j < jobs; ++j) threads.emplace_back(worker, false);
    for (auto& t : threads) t.join();
  }
  worker(true);  // the time-moving rules: one at a time, after the others

  report::RunReport rep = prepared->Finish(options.keep_keys, console);
  // Catalogue order in the report, whatever order they ran in.
  for (const auto* spec : selected) {
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (order[i] == spec) rep.rules.push_back(std::move(results[i]));
    }
  }
  FoldDisguisedErrors(rep.rules);
  for (report::RuleResult& r : rep.rules) TrimEvidence(r);
  return prepared->Write(std::move(rep));
}

}  // namespace kc::runner
