#include "harness/runner/fuzz.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

#include "harness/client/redact.h"
#include "harness/codec/codec.h"
#include "harness/common/bytes.h"
#include "harness/contract/rules.h"
#include "harness/crypto/keys.h"
#include "harness/crypto/random.h"
#include "harness/crypto/wrap.h"
#include "harness/mutate/data.h"
#include "harness/mutate/judge.h"
#include "harness/mutate/repro.h"
#include "harness/mutate/wire.h"
#include "harness/sigv4/signer.h"

namespace kc::runner {
namespace {

using mutate::Built;
using mutate::Class;
using mutate::Connection;
using mutate::Departure;
using mutate::FuzzRequest;
using mutate::WireOutcome;
using report::Verdict;

constexpr int kLivenessEvery = 100;
// Every this many requests (and once before the first), an unmutated request (ListKeys or
// DescribeKey of a fixture key) goes out on the same wire, signed the same way: the control
// that a refusal is about the mutation, not about how kmsconform sends.
constexpr int kControlEvery = 50;
// The share of --budget + 10 s the end of the run keeps for the clean-up and the report.
constexpr double kReserveSeconds = 2.5;

double Now() { return mutate::NowSeconds(); }

// CpuSeconds: user + system CPU of the process (RUSAGE_SELF) or of the calling thread.
double CpuSeconds(int who) {
  rusage u{};
  if (::getrusage(who, &u) != 0) return 0;
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// ---- signing and sending ----

struct Wire {
  mutate::WireEndpoint endpoint;
  sigv4::Credentials credentials;
  std::string region;
  double timeout = 10;
  // Framing faults: how long to wait for an answer before giving up (a wait is never a
  // finding: a target may keep a half-sent request open until its own read timeout).
  double framing_wait = 1.0;
};

sigv4::HttpRequest ToHttp(const Built& b, const Wire& w) {
  sigv4::HttpRequest r;
  r.method = "POST";
  r.path = "/";
  r.headers.emplace_back("Host", w.endpoint.HostHeader());
  if (b.content_type) r.headers.emplace_back("Content-Type", *b.content_type);
  if (b.target) r.headers.emplace_back("X-Amz-Target", *b.target);
  r.body = b.body;
  if (b.sig == mutate::SigMode::kUnsigned) return r;
  sigv4::SigningParams params;
  params.region = w.region;
  params.service = "kms";
  params.time = static_cast<double>(std::time(nullptr));
  sigv4::Credentials creds = w.credentials;
  if (b.sig == mutate::SigMode::kStaleDate) params.time -= 1200;
  if (b.sig == mutate::SigMode::kUnknownAccessKey) {
    creds = sigv4::Credentials{"AKIDKMSCONFORMNOBODY", "kmsconform-not-a-secret", ""};
  }
  auto signed_req = sigv4::Sign(r, creds, params);
  if (!signed_req.ok()) return r;
  sigv4::HttpRequest out = std::move(signed_req).value();
  if (b.sig == mutate::SigMode::kBadSignature) {
    for (auto& [name, value] : out.headers) {
      if (name == sigv4::kAuthorizationHeader && !value.empty()) {
        value.back() = value.back() == '0' ? '1' : '0';
      }
    }
  }
  if (b.sig == mutate::SigMode::kBodyAfterSigning) out.body += " ";
  return out;
}

struct Shot {
  Built built;
  std::string bytes;  // as sent
  WireOutcome first;
  std::optional<WireOutcome> second;  // a pipelined request's second reply
};

Shot Fire(const FuzzRequest& r, Connection& conn, const Wire& w) {
  Shot s;
  s.built = mutate::Build(r);
  s.bytes = mutate::Frame(ToHttp(s.built, w), s.built.framing);
  switch (s.built.framing) {
    case mutate::Framing::kNone: s.first = conn.Exchange(s.bytes); break;
    case mutate::Framing::kPipelined:
      s.first = conn.Exchange(s.bytes, false, w.framing_wait, true);
      if (s.first.ok()) s.second = conn.ReadReply(w.framing_wait, false);
      conn.Close();
      break;
    case mutate::Framing::kHalfClosed: s.first = conn.Exchange(s.bytes, true, w.framing_wait, false); break;
    case mutate::Framing::kContentLengthLong:
    case mutate::Framing::kChunkedTruncated:
      // The request is incomplete: the client then closes its sending side (as a client that
      // went away would), so that a target need not wait for its read timeout.
      s.first = conn.Exchange(s.bytes, true, w.framing_wait, false);
      break;
    default: s.first = conn.Exchange(s.bytes, false, w.framing_wait, false); break;
  }
  return s;
}

// ---- what a run keeps ----

using FindingKey = std::tuple<std::string, std::string, std::string>;  // rule, class, label

struct Found {
  Departure departure;
  std::string cls, label;
  int count = 0;
  double found_after = 0;
  FuzzRequest first;
  Shot first_shot;
  FuzzRequest minimal;
  Shot minimal_shot;
  Departure minimal_departure;
  bool liveness = false;
  std::vector<FuzzRequest> burst;  // liveness: the requests since the last good check
};

struct Shared {
  std::mutex mu;
  std::map<FindingKey, Found> found;
  std::map<std::string, long> judged;  // per rule
  std::map<Class, report::FuzzClassStats> classes;
  std::atomic<long> sent{0};
  std::atomic<long> main_sent{0};
  std::atomic<long> framing_sent{0};
  std::atomic<bool> stop{false};
  std::atomic<bool> dead{false};
  double lane_cpu = 0;                     // CPU seconds of the sending threads (under mu)
};

// Pacer: --rate and --max-requests over every lane.
class Pacer {
 public:
  Pacer(double rate, std::uint64_t max, double start) : rate_(rate), max_(max), start_(start) {}
  // Take: false when no request may be sent any more.
  bool Take(const std::atomic<bool>* stop) {
    const std::uint64_t n = next_.fetch_add(1);
    if (max_ > 0 && n >= max_) return false;
    if (rate_ > 0) {
      const double when = start_ + static_cast<double>(n) / rate_;
      while (stop == nullptr || !stop->load()) {
        const double wait = when - Now();
        if (wait <= 0) break;
        std::this_thread::sleep_for(std::chrono::duration<double>(std::min(wait, 0.05)));
      }
    }
    return stop == nullptr || !stop->load();
  }
  std::uint64_t taken() const { return next_.load(); }
  bool exhausted() const { return max_ > 0 && next_.load() >= max_; }

 private:
  double rate_;
  std::uint64_t max_;
  double start_;
  std::atomic<std::uint64_t> next_{0};
};

// Counts which rules judged a request.
void CountJudged(Shared& sh, const mutate::RequestFacts& f, const WireOutcome& o) {
  sh.judged["proto.robustness"]++;
  if (o.ok()) sh.judged["proto.error-shape"]++;
  if (f.malformed && f.clean_headers && f.cls != Class::kFraming) sh.judged["proto.malformed-json"]++;
  if (f.unknown_target && f.cls == Class::kHeader) sh.judged["proto.unknown-operation"]++;
  if (f.op && f.clean_headers && (f.cls == Class::kStructure || f.cls == Class::kValue))
    sh.judged["proto.input-validation"]++;
}

// Record: judges a shot and keeps what it found. Returns whether it found anything.
bool Record(Shared& sh, const FuzzRequest& r, const Shot& s, contract::Profile profile,
            double start) {
  const mutate::RequestFacts f = mutate::FactsOf(r, s.built, profile);
  mutate::Judgement j = mutate::Judge(f, s.first);
  if (s.second) {
    mutate::Judgement j2 = mutate::Judge(f, *s.second);
    for (Departure& d : j2.departures) j.departures.push_back(std::move(d));
  }
  std::lock_guard<std::mutex> lock(sh.mu);
  CountJudged(sh, f, s.first);
  report::FuzzClassStats& c = sh.classes[f.cls];
  c.sent++;
  if (j.reached_decoder) c.reached_decoder++;
  if (!j.departures.empty()) c.findings++;
  for (const Departure& d : j.departures) {
    const FindingKey key{d.rule, f.cls == Class::kFraming ? "framing" : std::string(mutate::ClassName(f.cls)),
                         f.label};
    auto [it, inserted] = sh.found.try_emplace(key);
    Found& x = it->second;
    x.count++;
    if (inserted) {
      x.departure = d;
      x.cls = std::get<1>(key);
      x.label = f.label;
      x.first = r;
      x.first_shot = s;
      x.found_after = Now() - start;
    }
  }
  return !j.departures.empty();
}

// ---- the fixtures ----

struct Setup {
  mutate::Fixtures fixtures;
  std::vector<std::string> notes;
};

Setup MakeFixtures(client::KmsClient& c, scenarios::KeyTracker& keys, std::uint64_t seed) {
  Setup out;
  mutate::Fixtures& fx = out.fixtures;
  codec::CreateKeyRequest ext;
  ext.origin = contract::Origin::kExternal;
  ext.description = "kmsconform fuzz: EXTERNAL key";
  auto a = c.Call(ext);
  if (a.ok() && a.value().key_metadata) {
    fx.external_key_id = a.value().key_metadata->key_id;
    fx.external_key_arn = a.value().key_metadata->arn.value_or("");
    keys.Add({fx.external_key_id, fx.external_key_arn, false});
  } else {
    out.notes.push_back("setup: CreateKey (EXTERNAL) failed; requests name a made-up key");
    fx.external_key_id = "1234abcd-12ab-34cd-56ef-1234567890ab";
  }
  codec::CreateKeyRequest sym;
  sym.description = "kmsconform fuzz: symmetric key";
  auto b = c.Call(sym);
  if (b.ok() && b.value().key_metadata) {
    fx.symmetric_key_id = b.value().key_metadata->key_id;
    keys.Add({fx.symmetric_key_id, b.value().key_metadata->arn.value_or(""), false});
  } else {
    out.notes.push_back("setup: CreateKey failed; requests name a made-up key");
    fx.symmetric_key_id = "0987dcba-09fe-87dc-65ba-ab0987654321";
  }
  codec::CreateAliasRequest alias;
  alias.alias_name = "alias/kmsconform-fuzz-" + std::to_string(seed % 1000000) + "-" +
                     std::to_string(static_cast<long>(Now() * 1000) % 1000000);
  alias.target_key_id = fx.symmetric_key_id;
  if (c.Call(alias).ok()) fx.alias_name = alias.alias_name;
  codec::GetParametersForImportRequest gp;
  gp.key_id = fx.external_key_id;
  gp.wrapping_algorithm = contract::WrappingAlgorithm::kRsaesOaepSha256;
  gp.wrapping_key_spec = contract::WrappingKeySpec::kRsa2048;
  auto p = c.Call(gp);
  if (p.ok() && p.value().import_token && p.value().public_key) {
    fx.import_token = Base64Encode(*p.value().import_token);
    crypto::DeterministicRandom rng(seed);
    Bytes material(32);
    rng.Fill(material);
    auto pub = crypto::PublicKey::FromSpkiDer(*p.value().public_key);
    if (pub.ok()) {
      auto wrapped = crypto::Wrap(crypto::WrapAlgorithm::kRsaesOaepSha256, *pub, material, rng);
      if (wrapped.ok()) fx.encrypted_material = Base64Encode(*wrapped);
    }
  } else {
    out.notes.push_back("setup: GetParametersForImport failed; ImportKeyMaterial requests carry made-up tokens");
  }
  if (fx.import_token.empty()) fx.import_token = Base64Encode(Bytes(64, 7));
  if (fx.encrypted_material.empty()) fx.encrypted_material = Base64Encode(Bytes(256, 9));
  codec::EncryptRequest enc;
  enc.key_id = fx.symmetric_key_id;
  enc.plaintext = Bytes{'k', 'm', 's', 'c', 'o', 'n', 'f', 'o', 'r', 'm'};
  auto e = c.Call(enc);
  if (e.ok() && e.value().ciphertext_blob) {
    fx.ciphertext = Base64Encode(*e.value().ciphertext_blob);
  } else {
    fx.ciphertext = Base64Encode(Bytes(64, 3));
  }
  return out;
}

// Liveness: CreateKey, DescribeKey of the new key, DescribeKey of the EXTERNAL key made
// before the fuzzing. "" when the target answered all three; else what went wrong.
std::string Liveness(client::KmsClient& c, const mutate::Fixtures& fx, scenarios::KeyTracker& keys) {
  codec::CreateKeyRequest ck;
  ck.description = "kmsconform fuzz: liveness check";
  auto a = c.Call(ck);
  if (!a.raw.ok()) return "CreateKey got no reply: " + a.raw.transport.message();
  if (!a.ok() || !a.value().key_metadata) {
    return "CreateKey answered HTTP " + std::to_string(a.raw.status) +
           (a.error() ? " " + a.error()->type_name : std::string());
  }
  keys.Add({a.value().key_metadata->key_id, a.value().key_metadata->arn.value_or(""), false});
  for (const auto& [id, what] :
       {std::pair<std::string, std::string>{a.value().key_metadata->key_id, "the key it just made"},
        {fx.external_key_id, "a key made before the fuzzing"}}) {
    codec::DescribeKeyRequest dk;
    dk.key_id = id;
    auto d = c.Call(dk);
    if (!d.raw.ok()) return "DescribeKey of " + what + " got no reply: " + d.raw.transport.message();
    if (!d.ok()) {
      return "DescribeKey of " + what + " answered HTTP " + std::to_string(d.raw.status) +
             (d.error() ? " " + d.error()->type_name : std::string());
    }
  }
  return {};
}

// ---- the report ----

std::string RequestText(std::string_view bytes) {
  // The request as sent, signature redacted; made-up plaintexts stay (they are no secret, but
  // the redaction of JSON members applies as everywhere in reports).
  std::string text = client::RedactSignatureParams(bytes);
  const std::size_t head = text.find("\r\n\r\n");
  if (head != std::string::npos) {
    text = text.substr(0, head + 4) + client::RedactJsonMembers(std::string_view(text).substr(head + 4));
  }
  if (text.size() > 4096) text = text.substr(0, 4096) + "... (" + std::to_string(bytes.size()) + " bytes)";
  return report::BodyForReport(text);
}

std::string ReplyText(const WireOutcome& o) {
  if (!o.ok()) return std::string(mutate::OutcomeName(o.kind)) + ": " + o.detail;
  std::string out = "HTTP " + std::to_string(o.reply.status) + "\n";
  for (const auto& [n, v] : o.reply.headers) out += n + ": " + v + "\n";
  out += "\n";
  out += o.reply.body.size() > 2048 ? o.reply.body.substr(0, 2048) + "..." : o.reply.body;
  return report::BodyForReport(out);
}

report::Evidence EvidenceOf(const std::string& step, const Shot& s, int seq) {
  report::Evidence e;
  e.step = step;
  e.probe = true;
  e.seq = seq;
  e.request.method = "POST";
  e.request.path = "/";
  if (s.built.target) e.request.headers.emplace_back("X-Amz-Target", *s.built.target);
  if (s.built.content_type) e.request.headers.emplace_back("Content-Type", *s.built.content_type);
  if (s.built.framing != mutate::Framing::kNone) {
    e.request.headers.emplace_back("(framing)", std::string(mutate::FramingName(s.built.framing)));
  }
  e.request.body = report::BodyForReport(client::RedactJsonMembers(
      s.built.body.size() > 4096 ? s.built.body.substr(0, 4096) : s.built.body));
  if (s.first.ok()) {
    report::HttpResponseRecord resp;
    resp.status = s.first.reply.status;
    resp.headers = s.first.reply.headers;
    resp.body = report::BodyForReport(s.first.reply.body.size() > 4096
                                          ? s.first.reply.body.substr(0, 4096)
                                          : s.first.reply.body);
    e.response = std::move(resp);
  } else {
    e.transport_error = std::string(mutate::OutcomeName(s.first.kind)) + ": " + s.first.detail;
  }
  e.ms = s.first.ms;
  return e;
}

}  // namespace

bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost" || host.ends_with(".localhost") || host == "::1" || host == "[::1]" ||
      host == "0:0:0:0:0:0:0:1")
    return true;
  if (!host.starts_with("127.")) return false;
  int dots = 0;
  for (const char c : host) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') return false;
  }
  return dots == 3;
}

Status CheckFuzzTarget(const TargetOptions& target, bool allow_remote, bool* remote) {
  if (remote != nullptr) *remote = false;
  if (target.kind != TargetOptions::Kind::kEndpoint) return Status::Ok();
  if (target.endpoint.starts_with("https://")) {
    return InvalidArgumentError("fuzz sends raw HTTP/1.1 bytes and speaks plain http:// only, not '" +
                                target.endpoint + "'");
  }
  const auto e = mutate::ParseWireEndpoint(target.endpoint);
  if (!e) {
    return InvalidArgumentError("--endpoint: '" + target.endpoint +
                                "' is not http://HOST[:PORT][/] (fuzz sends requests to / only)");
  }
  if (!IsLoopbackHost(e->host)) {
    if (!allow_remote) {
      return InvalidArgumentError(
          "fuzz sends thousands of malformed requests: '" + e->host +
          "' is not a loopback address; give --allow-remote if you mean it");
    }
    if (remote != nullptr) *remote = true;
  }
  return Status::Ok();
}

Result<RunOutcome> Fuzz(const FuzzOptions& options, Console& console,
                        const std::atomic<bool>* interrupted) {
  const double start = Now();
  const double end_fuzz = start + options.budget_seconds;
  const double end_all = start + options.budget_seconds + 10 - kReserveSeconds;
  bool remote = false;
  KC_RETURN_IF_ERROR(CheckFuzzTarget(options.target, options.allow_remote, &remote));
  if (remote) {
    console.Note("warning: fuzzing a remote target (" + options.target.endpoint +
                 "): every request counts against its quotas and logs");
  }
  TargetOptions target = options.target;
  // GetParametersForImport costs no RSA key generation on the embedded mock.
  if (target.kind == TargetOptions::Kind::kEmbedded) target.fixed_wrapping_keys = 8;
  KC_ASSIGN_OR_RETURN(std::unique_ptr<PreparedRun> prepared,
                      PreparedRun::Start(target, options.report_dir, options.seed, console));
  scenarios::Context& ctx = prepared->ctx();
  KC_ASSIGN_OR_RETURN(std::unique_ptr<client::KmsClient> setup_client, ctx.clients.Primary());
  const Setup setup = MakeFixtures(*setup_client, ctx.keys, options.seed);
  for (const std::string& n : setup.notes) console.Note(n);

  Wire wire;
  const auto ep = mutate::ParseWireEndpoint(ctx.endpoint);
  if (!ep) return InvalidArgumentError("fuzz: cannot send raw HTTP to " + ctx.endpoint);
  wire.endpoint = *ep;
  wire.credentials = setup_client->target().credentials;
  wire.region = setup_client->target().region;
  wire.timeout = options.target.timeout_seconds;
  wire.framing_wait = std::min(1.0, options.target.timeout_seconds);

  std::vector<mutate::Seed> seeds;
  for (std::string_view s : mutate::EmbeddedSeeds()) {
    // fuzz/codec_request's selector: its value mod 16 picks one of the sixteen operations of
    // that target, in contract order.
    const auto& ops = contract::AllValues<contract::Operation>();
    seeds.push_back({ops[static_cast<std::uint8_t>(s[0]) % 16].value, std::string(s.substr(1))});
  }
  const std::vector<std::string> dictionary = mutate::ParseDictionary(mutate::EmbeddedDictionary());
  const contract::Profile profile = options.target.profile;

  Shared sh;
  const double loop_start = Now();
  Pacer pacer(options.rate, options.max_requests, loop_start);
  auto should_stop = [&] {
    return sh.stop.load() || Now() >= end_fuzz || (interrupted != nullptr && interrupted->load());
  };

  // The framing lane: framing faults on their own connections, so that a target waiting for
  // the rest of a request never holds up the others; paced to the mix's share.
  mutate::MixWeights main_mix = options.mix;
  const std::uint32_t framing_weight = main_mix.weights[4];
  main_mix.weights[4] = 0;
  std::uint32_t total_weight = 0;
  for (const std::uint32_t w : options.mix.weights) total_weight += w;
  const double framing_share =
      total_weight == 0 ? 0 : static_cast<double>(framing_weight) / total_weight;
  std::thread framing_lane;
  if (framing_weight > 0) {
    framing_lane = std::thread([&] {
      mutate::Mutator m(options.seed + 1, profile, setup.fixtures, seeds, dictionary);
      Connection conn(wire.endpoint, wire.timeout, 1 << 20);
      while (!should_stop()) {
        const double allowed = (static_cast<double>(sh.main_sent.load()) + 1) * framing_share /
                               std::max(1e-9, 1 - framing_share);
        if (static_cast<double>(sh.framing_sent.load()) >= allowed) {
          std::this_thread::sleep_for(std::chrono::microseconds(200));
          continue;
        }
        if (!pacer.Take(&sh.stop)) break;
        const FuzzRequest r = m.NextOf(Class::kFraming);
        const Shot s = Fire(r, conn, wire);
        sh.framing_sent++;
        sh.sent++;
        Record(sh, r, s, profile, start);
      }
      const double cpu = CpuSeconds(RUSAGE_THREAD);
      std::lock_guard<std::mutex> lock(sh.mu);
      sh.lane_cpu += cpu;
    });
  }

  // The main lane.
  const double process_cpu_start = CpuSeconds(RUSAGE_SELF);
  const double main_cpu_start = CpuSeconds(RUSAGE_THREAD);
  auto live_client = ctx.clients.Primary();
  mutate::Mutator mutator(options.seed, profile, setup.fixtures, seeds, dictionary, main_mix);
  Connection conn(wire.endpoint, wire.timeout, 1 << 20);
  std::vector<FuzzRequest> burst;
  long liveness_checks = 0;
  double last_progress = start;
  auto liveness = [&](bool final_check) {
    if (!live_client.ok()) return;
    ++liveness_checks;
    const std::string why = Liveness(**live_client, setup.fixtures, ctx.keys);
    if (why.empty()) {
      burst.clear();
      return;
    }
    std::lock_guard<std::mutex> lock(sh.mu);
    Found& x = sh.found[FindingKey{"proto.robustness", "liveness", "liveness-check"}];
    x.count++;
    x.liveness = true;
    x.cls = "liveness";
    x.label = "liveness-check";
    x.departure = Departure{"proto.robustness", Verdict::kFail, mutate::FindingKind::kLiveness,
                            "after " + std::to_string(sh.sent.load()) +
                                " requests the target stopped answering correctly: " + why,
                            "CreateKey and DescribeKey keep working", ""};
    x.burst = burst;
    x.found_after = Now() - start;
    sh.dead = true;
    sh.stop = true;
    (void)final_check;
  };
  // The controls run on their own generator, so that they do not change the mutated requests.
  mutate::Mutator control_bases(options.seed + 2, profile, setup.fixtures);
  long controls_sent = 0, controls_ok = 0;
  std::string control_failure;
  auto control = [&] {
    if (!pacer.Take(&sh.stop)) return;
    const FuzzRequest base = control_bases.Base(controls_sent % 2 == 0
                                                    ? contract::Operation::kListKeys
                                                    : contract::Operation::kDescribeKey);
    const Shot s = Fire(base, conn, wire);
    ++controls_sent;
    if (s.first.ok() && s.first.reply.status / 100 == 2) {
      ++controls_ok;
    } else if (control_failure.empty()) {
      control_failure = std::string(contract::ToWire(base.op)) + ": " +
                        (s.first.ok() ? "HTTP " + std::to_string(s.first.reply.status)
                                      : std::string(mutate::OutcomeName(s.first.kind)));
    }
  };
  control();
  while (!should_stop()) {
    if (!pacer.Take(&sh.stop)) break;
    const FuzzRequest r = mutator.Next();
    const Shot s = Fire(r, conn, wire);
    const long n = ++sh.main_sent;
    sh.sent++;
    if (burst.size() < 400) burst.push_back(r);
    Record(sh, r, s, profile, start);
    if (n % kLivenessEvery == 0) liveness(false);
    if (n % kControlEvery == kControlEvery / 2) control();
    const double now = Now();
    if (now - last_progress > 0.5) {
      last_progress = now;
      std::lock_guard<std::mutex> lock(sh.mu);
      console.Progress(0, 0,
                       "fuzz: " + std::to_string(sh.sent.load()) + " requests, " +
                           std::to_string(sh.found.size()) + " findings, " +
                           std::to_string(static_cast<long>(static_cast<double>(sh.sent.load()) /
                                                             std::max(now - loop_start, 1e-3))) +
                           " requests/s");
    }
  }
  sh.stop = true;
  const double main_cpu = CpuSeconds(RUSAGE_THREAD) - main_cpu_start;
  if (framing_lane.joinable()) framing_lane.join();
  const double process_cpu = CpuSeconds(RUSAGE_SELF) - process_cpu_start;
  const double fuzz_seconds = Now() - loop_start;
  if (!sh.dead.load()) liveness(true);

  // Minimise each finding (not the liveness one: its burst is the requests since the last
  // good check), while time and --max-requests allow.
  std::vector<FindingKey> order;
  for (const auto& [key, x] : sh.found) order.push_back(key);
  const double minimise_until = std::min(end_all - 1.0, std::max(Now() + 1.0, end_fuzz + 6.0));
  for (const FindingKey& key : order) {
    Found& x = sh.found[key];
    x.minimal = x.first;
    x.minimal_shot = x.first_shot;
    x.minimal_departure = x.departure;
    if (x.liveness || sh.dead.load()) continue;
    bool progress = true;
    while (progress && Now() < minimise_until && !pacer.exhausted() &&
           !(interrupted != nullptr && interrupted->load())) {
      progress = false;
      for (const FuzzRequest& c : mutate::ShrinkCandidates(x.minimal)) {
        if (Now() >= minimise_until || !pacer.Take(nullptr)) break;
        Connection fresh(wire.endpoint, wire.timeout, 1 << 20);
        const Shot s = Fire(c, fresh, wire);
        const mutate::RequestFacts f = mutate::FactsOf(c, s.built, profile);
        mutate::Judgement j = mutate::Judge(f, s.first);
        if (s.second) {
          auto j2 = mutate::Judge(f, *s.second);
          j.departures.insert(j.departures.end(), j2.departures.begin(), j2.departures.end());
        }
        const auto same = std::find_if(j.departures.begin(), j.departures.end(), [&](const Departure& d) {
          return d.rule == std::get<0>(key) && d.kind == x.departure.kind;
        });
        if (same != j.departures.end()) {
          x.minimal = c;
          x.minimal_shot = s;
          x.minimal_departure = *same;
          progress = true;
          break;
        }
      }
    }
  }

  report::RunReport rep =
      prepared->Finish(options.keep_keys || options.target.kind == TargetOptions::Kind::kEmbedded ||
                           sh.dead.load(),
                       console);
  // Findings per rule, each with its reproducer.
  std::map<std::string, std::vector<const Found*>> by_rule;
  for (const auto& [key, x] : sh.found) by_rule[std::get<0>(key)].push_back(&x);
  int file_no = 0;
  for (const std::string_view rule_id : mutate::kFuzzRules) {
    const contract::Rule* rule = contract::FindRule(rule_id);
    if (rule == nullptr || !contract::InProfile(*rule, profile)) continue;
    report::RuleResult row;
    row.id = std::string(rule_id);
    row.title = std::string(rule->title);
    row.confidence = std::string(contract::ConfidenceName(rule->confidence));
    row.source = std::string(rule->source);
    row.source_ref = std::string(rule->source_ref);
    row.expected = std::string(rule->expected);
    report::FuzzRuleInfo info;
    info.judged = sh.judged[row.id];
    bool fail = false, warn = false;
    int seq = 0;
    for (const Found* x : by_rule[row.id]) {
      report::FuzzFinding ff;
      ff.cls = x->cls;
      ff.label = x->label;
      ff.kind = std::string(mutate::FindingKindName(x->departure.kind));
      ff.verdict = x->departure.verdict;
      ff.what = x->minimal_departure.what;
      ff.expected = x->departure.expected;
      ff.count = x->count;
      if (x->departure.verdict == Verdict::kFail) fail = true;
      else warn = true;
      mutate::ReproInput in;
      in.rule = row.id;
      in.cls = x->cls;
      in.label = x->label;
      in.kind = ff.kind;
      in.what = ff.what;
      in.expected = ff.expected;
      in.expected_type = x->departure.expected_type;
      in.endpoint = ctx.endpoint;
      in.region = wire.region;
      in.fixtures = setup.fixtures;
      if (x->liveness) {
        in.liveness = true;
        for (const FuzzRequest& b : x->burst) in.burst.push_back(mutate::Build(b));
        ff.mutations.push_back("the " + std::to_string(x->burst.size()) +
                               " requests since the last good liveness check, then CreateKey and "
                               "DescribeKey");
      } else {
        in.built = x->minimal_shot.built;
        ff.operation = in.built.target && contract::OperationFromTarget(*in.built.target)
                           ? std::string(contract::ToWire(*contract::OperationFromTarget(*in.built.target)))
                           : "";
        ff.member = std::string(mutate::MemberOf(x->minimal));
        for (const mutate::Mutation& m : x->minimal.mutations) ff.mutations.push_back(m.Describe());
        ff.first_request = RequestText(x->first_shot.bytes);
        ff.minimal_request = RequestText(x->minimal_shot.bytes);
        ff.reply = ReplyText(x->minimal_shot.first);
        row.evidence.push_back(EvidenceOf("first: " + x->cls + "/" + x->label, x->first_shot, ++seq));
        row.evidence.push_back(EvidenceOf("minimal: " + x->cls + "/" + x->label, x->minimal_shot, ++seq));
      }
      ff.file = "fuzz-" + std::to_string(++file_no) + "-" + row.id.substr(row.id.find('.') + 1) + "-" + x->label;
      const mutate::Repro repro = mutate::MakeRepro(in);
      ff.reproducer = repro.script;
      ff.data = repro.data;
      info.findings.push_back(std::move(ff));
    }
    std::sort(info.findings.begin(), info.findings.end(), [](const auto& a, const auto& b) {
      return std::tie(a.verdict, b.count) < std::tie(b.verdict, a.count);
    });
    if (fail || warn) {
      row.status = fail ? Verdict::kFail : Verdict::kWarn;
      const report::FuzzFinding& top = info.findings.front();
      row.reason = std::to_string(info.findings.size()) + " distinct finding" +
                   (info.findings.size() == 1 ? "" : "s") + "; e.g. " + top.cls + "/" + top.label +
                   ": " + top.what;
      row.actual = top.what;
      row.expected = top.expected;
    } else if (info.judged > 0 && controls_ok == controls_sent && controls_sent > 0) {
      row.status = Verdict::kPass;
      row.reason = "no departure in " + std::to_string(info.judged) +
                   " requests it judged; every unmutated control request succeeded (" +
                   std::to_string(controls_ok) + ")";
    } else if (info.judged > 0) {
      // The refusals prove nothing when unmutated requests were refused too.
      row.status = Verdict::kError;
      row.reason = "not judged: " + std::to_string(controls_sent - controls_ok) + " of " +
                   std::to_string(controls_sent) +
                   " unmutated control requests were refused too (first: " + control_failure +
                   ")";
      row.actual = "unmutated requests refused too: " + control_failure;
    } else {
      row.status = Verdict::kSkip;
      row.reason = "no request of the run was one this rule judges";
    }
    report::Control c;
    c.id = "c1";
    c.what = "unmutated ListKeys and DescribeKey requests, signed and sent the same way as the "
             "mutated ones, succeed";
    c.status = controls_sent == 0              ? report::ControlStatus::kNotRun
               : controls_ok == controls_sent ? report::ControlStatus::kPassed
                                              : report::ControlStatus::kFailed;
    c.actual = std::to_string(controls_ok) + " of " + std::to_string(controls_sent) + " succeeded" +
               (control_failure.empty() ? std::string() : "; first refused: " + control_failure);
    row.controls.push_back(std::move(c));
    row.fuzz = std::move(info);
    rep.rules.push_back(std::move(row));
  }
  report::FuzzStats stats;
  stats.requests = sh.sent.load();
  stats.seconds = fuzz_seconds;
  stats.requests_per_second = static_cast<double>(stats.requests) / std::max(fuzz_seconds, 1e-3);
  stats.liveness_checks = liveness_checks;
  stats.cpu_seconds = process_cpu;
  stats.fuzzer_cpu_seconds = main_cpu + sh.lane_cpu;
  stats.command = options.command_line;
  for (const Class c : mutate::kAllClasses) {
    report::FuzzClassStats cs = sh.classes[c];
    cs.cls = std::string(mutate::ClassName(c));
    stats.classes.push_back(cs);
  }
  rep.fuzz = std::move(stats);
  console.Note("fuzz: " + std::to_string(rep.fuzz->requests) + " requests in " +
               std::to_string(static_cast<long>(fuzz_seconds)) + " s (" +
               std::to_string(static_cast<long>(rep.fuzz->requests_per_second)) +
               " requests/s), " + std::to_string(sh.found.size()) + " distinct findings");
  return prepared->Write(std::move(rep));
}

}  // namespace kc::runner
