// Fuzz target: the contract, asserted step by step on the mock KMS. A sequence of commands
// (harness/gen's byte form: gen::DecodeCommands) runs through explore's executor and judge
// (harness/runner/explore_exec.h: runner::ExecuteSequence, the same code as `kmsconform
// explore`) against a fresh in-process mock per input: kc::mock::Kms behind
// kc::mock::Dispatcher::Handle, reached through the harness's client with its in-process
// transport (the request is built, encoded and decoded as over HTTP; no sockets, no
// cpp-httplib). The mock runs without SigV4 checks and takes the caller's account from the
// credential scope of the Authorization header, so the client writes that header with the
// scope and no computed signature (ClientOptions::scope_only_signature). Each step's answer and the key's DescribeKey state afterwards are checked
// against the reference model (harness/model); the first departure aborts with its rule id:
//   "mock_contract: rule <id> violated at step N: ..."
//
// Asserted, in both profiles (byte 0 bit 0: 2026), with clock moves and a second identity
// in another account: every rule runner::ExploreRules(profile, clock, other) returns:
//   gpfi.origin-external-only gpfi.no-asymmetric gpfi.no-hmac gpfi.no-cross-account
//   gpfi.wrapping-key-spec gpfi.wrapping-algorithm gpfi.key-not-found gpfi.key-state
//   gpfi.response-shape gpfi.validity-24h ikm.token-same-response ikm.token-bound-to-key
//   ikm.token-tampered ikm.token-expired ikm.algorithm-bound ikm.origin-external-only
//   ikm.no-asymmetric ikm.no-hmac ikm.no-cross-account ikm.key-state ikm.material-length
//   ikm.reimport-same-material (2022) ikm.valid-to ikm.lifecycle ikm.material-expiry
//   dikm.origin-external-only dikm.lifecycle proto.error-shape proto.key-id-forms
//   state.key-state-table
// Not asserted here: gpfi.fresh-wrapping-key (the mock runs with fixed wrapping keys, which
// share pairs on purpose), and the rules of malformed or unusual requests rather than call
// sequences: gpfi.required-members, proto.malformed-json, proto.unknown-operation,
// proto.timestamp-forms, proto.robustness (mock_dispatch and mock_http fuzz the requests;
// `kmsconform run` judges them).
//
// Faults only on purpose: with KC_FUZZ_FAULT=<mock-kms fault name> set (read once, in
// LLVMFuzzerInitialize) the mock runs with that fault, so that scripts/fuzz-faults can show
// the target finds it (KC_FUZZ_FAULT=list prints every fault, its rule and whether this target
// asserts it). No input can switch a fault on; build.sh and scripts/fuzz never set it.
//
// Deterministic: the wrapping keys are the compiled test keys (FixedTestKeys, a ring per
// size), the mock's randomness a DeterministicRandom, the harness's material comes from the
// context's seed, and the mock's clock is a ManualClock that starts at the input's start and
// moves only with AdvanceClock commands (every time the model compares is relative to it).
// Mutation is structure-aware (LLVMFuzzerCustomMutator: whole commands inserted, deleted,
// replaced, duplicated, swapped, one field of one command redrawn, a reimport cycle inserted
// after an import; LLVMFuzzerCustomCrossOver splices two sequences), with libFuzzer's byte
// mutations for one mutation in eleven.
// Input: gen::kCommandBytes per command after the configuration byte, at most 12 commands (a departure shrinks to at most 6).
// KC_FUZZ_VERBOSE=1 prints each executed step; KC_FUZZ_SCREEN=1 reports a violation without
// aborting (scripts/fuzz-faults screens the seeds with it).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/client/client.h"
#include "harness/common/clock.h"
#include "harness/crypto/random.h"
#include "harness/gen/gen.h"
#include "harness/runner/explore_exec.h"
#include "harness/scenarios/scenario.h"
#include "mock_kms/model/faults.h"
#include "mock_kms/model/fixed_key_source.h"
#include "mock_kms/model/fixed_test_keys.h"
#include "mock_kms/model/kms.h"
#include "mock_kms/server/dispatch.h"

namespace {

using kc::contract::Profile;

constexpr std::size_t kMaxCommands = 12;
constexpr const char* kRegion = "us-east-1";
const kc::sigv4::Credentials kPrimary{"AKIAFUZZCONTRACTMAIN", "fuzz-contract-main-secret", ""};
const kc::sigv4::Credentials kOther{"AKIAFUZZCONTRACTOTHR", "fuzz-contract-other-secret", ""};

kc::mock::Fault g_fault = kc::mock::Fault::kNone;
bool g_verbose = false;
bool g_screen = false;  // KC_FUZZ_SCREEN=1: report a violation and go on (seed screening)

double WallNow() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The mock's clock, moved directly (as the embedded target does); the offset is what the
// harness signs and dates with.
class DirectClock final : public kc::scenarios::ClockControl {
 public:
  explicit DirectClock(kc::ManualClock& clock) : clock_(clock) {}
  std::string_view kind() const override { return "direct"; }
  kc::Result<double> Advance(double seconds) override {
    clock_.Advance(seconds);
    offset_ += seconds;
    return offset_;
  }
  double offset() const override { return offset_; }

 private:
  kc::ManualClock& clock_;
  double offset_ = 0;
};

// Clients whose requests go straight to the dispatcher.
class InProcessClients final : public kc::scenarios::ClientFactory {
 public:
  explicit InProcessClients(kc::mock::Dispatcher& dispatcher, Profile profile) {
    options_.profile = profile;
    options_.record_transcript = false;  // nothing is reported: no redaction work
    options_.scope_only_signature = true;  // the mock reads the scope and checks no signature
    options_.in_process =
        [&dispatcher](const kc::sigv4::HttpRequest& request) -> kc::Result<kc::client::WireReply> {
      kc::mock::HttpResponse r = dispatcher.Handle(request);
      if (r.drop_connection) return kc::UnavailableError("the mock closed the connection");
      kc::client::WireReply w;
      w.status = r.status;
      w.headers = std::move(r.headers);
      w.body = std::move(r.body);
      return w;
    };
  }
  kc::Result<std::unique_ptr<kc::client::KmsClient>> Primary() override {
    return kc::client::KmsClient::Create({kEndpoint, kRegion, kPrimary}, options_);
  }
  kc::Result<std::unique_ptr<kc::client::KmsClient>> Other() override {
    return kc::client::KmsClient::Create({kEndpoint, kRegion, kOther}, options_);
  }
  bool has_other() const override { return true; }

 private:
  static constexpr const char* kEndpoint = "http://127.0.0.1:1";  // never dialled
  kc::client::ClientOptions options_;
};

}  // namespace

// Structure-aware mutation: most mutations work on whole commands (insert one drawn by
// harness/gen, delete, replace, duplicate, swap two, switch the profile), so a mutant stays a
// meaningful sequence; the rest are libFuzzer's own byte mutations (which follow comparisons).
extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size,
                                        std::size_t max_size) __attribute__((weak));

namespace {

std::size_t Store(Profile profile, const std::vector<kc::model::Command>& commands,
                  std::uint8_t* data, std::size_t max_size) {
  std::string bytes = kc::gen::EncodeCommands(profile, commands);
  if (bytes.size() > max_size) {
    const std::size_t whole =
        max_size < 1 ? 0 : 1 + (max_size - 1) / kc::gen::kCommandBytes * kc::gen::kCommandBytes;
    bytes.resize(whole);
  }
  std::copy(bytes.begin(), bytes.end(), data);
  return bytes.size();
}

// A command as gen draws it, aimed at the objects made before position `at`.
kc::model::Command Draw(kc::gen::Rng& rng, Profile profile,
                        const std::vector<kc::model::Command>& commands, std::size_t at) {
  std::uint32_t keys = 0, params = 0;
  for (std::size_t i = 0; i < at && i < commands.size(); ++i) {
    keys += commands[i].op == kc::model::Op::kCreateKey ? 1 : 0;
    params += commands[i].op == kc::model::Op::kGetParameters ? 1 : 0;
  }
  kc::gen::SequenceOptions o;
  o.profile = profile;
  o.clock = o.other = true;
  kc::model::Command c = kc::gen::RandomCommand(rng, o, keys, params);
  // Flatter than explore's weights where a rule hides behind a rare shape: any key spec for
  // an EXTERNAL key (the asymmetric and HMAC rules), any earlier key as a target (a token
  // or an account that is not the key's).
  if (c.op == kc::model::Op::kCreateKey && rng.Chance(30)) {
    static constexpr kc::contract::KeySpec kSpecs[] = {
        kc::contract::KeySpec::kSymmetricDefault, kc::contract::KeySpec::kRsa2048,
        kc::contract::KeySpec::kEccNistP256, kc::contract::KeySpec::kHmac256};
    c.origin = kc::contract::Origin::kExternal;
    c.spec = kSpecs[rng.Uniform(4)];
  }
  if (c.op != kc::model::Op::kCreateKey && keys > 1 && rng.Chance(30)) c.key = rng.Uniform(keys);
  return c;
}

}  // namespace

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size,
                                               std::size_t max_size, unsigned int seed) {
  kc::gen::Rng rng(seed);
  Profile profile = kc::gen::DecodeProfile(data, size);
  std::vector<kc::model::Command> c = kc::gen::DecodeCommands(data, size, kMaxCommands);
  const std::uint32_t choice = rng.Uniform(c.empty() ? 1 : 11);
  const std::size_t n = c.size();
  switch (choice) {
    case 0:  // insert a drawn command
    case 1: {
      if (n >= kMaxCommands) break;
      const std::size_t at = rng.Uniform(static_cast<std::uint32_t>(n + 1));
      c.insert(c.begin() + static_cast<long>(at), Draw(rng, profile, c, at));
      return Store(profile, c, data, max_size);
    }
    case 2:  // delete one
      c.erase(c.begin() + rng.Uniform(static_cast<std::uint32_t>(n)));
      return Store(profile, c, data, max_size);
    case 3: {  // replace one
      const std::size_t at = rng.Uniform(static_cast<std::uint32_t>(n));
      c[at] = Draw(rng, profile, c, at);
      return Store(profile, c, data, max_size);
    }
    case 4:  // duplicate one
      if (n >= kMaxCommands) break;
      c.push_back(c[rng.Uniform(static_cast<std::uint32_t>(n))]);
      return Store(profile, c, data, max_size);
    case 5:  // swap two
      std::swap(c[rng.Uniform(static_cast<std::uint32_t>(n))],
                c[rng.Uniform(static_cast<std::uint32_t>(n))]);
      return Store(profile, c, data, max_size);
    case 6:  // the other profile
      profile = profile == Profile::k2022 ? Profile::k2026 : Profile::k2022;
      return Store(profile, c, data, max_size);
    case 9: {  // after an import: encrypt, delete the material, import it again, decrypt
      // (the reimport cycle of CONTRACT.md: old ciphertexts decrypt under the same material)
      std::vector<std::size_t> imports;
      for (std::size_t i = 0; i < n; ++i) {
        if (c[i].op == kc::model::Op::kImport) imports.push_back(i);
      }
      if (imports.empty() || n + 5 > kMaxCommands) break;
      const std::size_t at = imports[rng.Uniform(static_cast<std::uint32_t>(imports.size()))];
      std::uint32_t params = 0, encrypts = 0;
      for (std::size_t i = 0; i <= at; ++i) {
        params += c[i].op == kc::model::Op::kGetParameters ? 1 : 0;
        encrypts += c[i].op == kc::model::Op::kEncrypt ? 1 : 0;
      }
      kc::model::Command encrypt, remove, gpfi, reimport = c[at], decrypt;
      encrypt.op = kc::model::Op::kEncrypt;
      remove.op = kc::model::Op::kDeleteMaterial;
      gpfi.op = kc::model::Op::kGetParameters;
      gpfi.algorithm = c[at].wrap_algorithm;
      decrypt.op = kc::model::Op::kDecrypt;
      encrypt.key = remove.key = gpfi.key = c[at].key;
      reimport.token_of = reimport.wrap_for = params;  // the new response
      reimport.new_material = false;
      reimport.tweak_last_byte = rng.Chance(25);
      reimport.token_change = kc::model::TokenChange::kNone;
      decrypt.ciphertext = encrypts;  // the one just made
      c.insert(c.begin() + static_cast<long>(at) + 1, {encrypt, remove, gpfi, reimport, decrypt});
      return Store(profile, c, data, max_size);
    }
    case 7:  // one field of one command (its key, spec, token, wrapping, material, expiry...)
    case 8: {
      std::string bytes = kc::gen::EncodeCommands(profile, c);
      const std::size_t at = rng.Uniform(static_cast<std::uint32_t>(n));
      bytes[1 + at * kc::gen::kCommandBytes + 1 + rng.Uniform(kc::gen::kCommandBytes - 1)] =
          static_cast<char>(rng.Uniform(256));
      c = kc::gen::DecodeCommands(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                  bytes.size(), kMaxCommands);
      return Store(profile, c, data, max_size);
    }
    default:
      break;
  }
  if (LLVMFuzzerMutate != nullptr) return LLVMFuzzerMutate(data, size, max_size);
  return size;
}

// Cross-over: the first commands of one input, then the last of the other.
extern "C" std::size_t LLVMFuzzerCustomCrossOver(const std::uint8_t* data1, std::size_t size1,
                                                 const std::uint8_t* data2, std::size_t size2,
                                                 std::uint8_t* out, std::size_t max_out_size,
                                                 unsigned int seed) {
  kc::gen::Rng rng(seed);
  const std::vector<kc::model::Command> a = kc::gen::DecodeCommands(data1, size1, kMaxCommands);
  const std::vector<kc::model::Command> b = kc::gen::DecodeCommands(data2, size2, kMaxCommands);
  std::vector<kc::model::Command> c(a.begin(),
                                    a.begin() + rng.Uniform(static_cast<std::uint32_t>(a.size() + 1)));
  const std::size_t from = rng.Uniform(static_cast<std::uint32_t>(b.size() + 1));
  for (std::size_t i = from; i < b.size() && c.size() < kMaxCommands; ++i) c.push_back(b[i]);
  return Store(kc::gen::DecodeProfile(data1, size1), c, out, max_out_size);
}

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  // Read once, before any input: the environment is the only switch of a fault.
  if (const char* name = std::getenv("KC_FUZZ_FAULT"); name != nullptr && *name != '\0') {
    if (std::string_view(name) == "list") {
      // For scripts/fuzz-faults: every fault, its rule, and whether this target asserts it.
      std::vector<std::string> asserted = kc::runner::ExploreRules(Profile::k2022, true, true);
      for (const std::string& id : kc::runner::ExploreRules(Profile::k2026, true, true)) {
        asserted.push_back(id);
      }
      for (const kc::mock::Fault f : kc::mock::AllFaults()) {
        if (f == kc::mock::Fault::kNone) continue;
        const std::string rule(kc::mock::FaultRule(f));
        const bool yes = std::find(asserted.begin(), asserted.end(), rule) != asserted.end();
        std::printf("%s %s %s\n", std::string(kc::mock::FaultName(f)).c_str(), rule.c_str(),
                    yes ? "asserted" : "not-asserted");
      }
      std::exit(0);
    }
    const std::optional<kc::mock::Fault> fault = kc::mock::ParseFault(name);
    if (!fault) {
      std::fprintf(stderr, "mock_contract: KC_FUZZ_FAULT=%s is not a mock-kms fault\n", name);
      std::exit(2);
    }
    g_fault = *fault;
    std::fprintf(stderr, "mock_contract: the mock runs with the fault %s\n", name);
  }
  g_verbose = std::getenv("KC_FUZZ_VERBOSE") != nullptr;  // NOLINT(concurrency-mt-unsafe)
  g_screen = std::getenv("KC_FUZZ_SCREEN") != nullptr;    // NOLINT(concurrency-mt-unsafe)
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Profile profile = kc::gen::DecodeProfile(data, size);
  const std::vector<kc::model::Command> sequence =
      kc::gen::DecodeCommands(data, size, kMaxCommands);
  if (sequence.empty()) return 0;

  // A fresh mock per input: keys, states and the key ring start over (reproducible).
  kc::ManualClock clock(WallNow());
  kc::crypto::DeterministicRandom random(1);
  kc::mock::FixedKeySource keys(kc::mock::FixedTestKeys());
  kc::mock::KmsOptions kms_options;
  kms_options.profile = profile;
  kms_options.fault = g_fault;
  auto kms = kc::mock::Kms::Create(kms_options, clock, random, keys);
  if (!kms.ok()) {
    std::fprintf(stderr, "mock_contract: %s\n", kms.status().ToString().c_str());
    std::abort();
  }
  kc::mock::DispatchOptions options;
  options.auth = kc::mock::AuthMode::kNone;  // the account comes from the credential scope
  options.identities = {{kPrimary.access_key_id, kPrimary.secret_access_key, "111122223333"},
                        {kOther.access_key_id, kOther.secret_access_key, "444455556666"}};
  kc::mock::Dispatcher dispatcher(**kms, options, clock);

  InProcessClients clients(dispatcher, profile);
  DirectClock clock_control(clock);
  kc::scenarios::KeyTracker tracker;
  kc::scenarios::Context ctx{clients, profile, &clock_control, tracker, /*seed=*/1,
                             "http://127.0.0.1:1", kRegion};
  const kc::runner::SequenceResult r =
      kc::runner::ExecuteSequence(ctx, sequence, /*other=*/true, "", /*record=*/false);
  if (g_verbose) {
    for (const std::string& step : r.labels) std::fprintf(stderr, "  %s\n", step.c_str());
  }
  if (g_screen) {
    // scripts/fuzz-faults: which seeds show a fault by themselves (libFuzzer names each file
    // it runs on the line before).
    if (r.departure) {
      std::fprintf(stderr, "mock_contract: screen: departs on %s\n", r.departure->rule.c_str());
    }
    return 0;
  }
  // Any departure aborts, a warn too (another error type than the one AWS is inferred to
  // give): `run` and explore only warn about that in an emulator, but the mock is the
  // reference implementation of the model, so the two must agree on every type.
  if (r.departure) {
    const kc::runner::Departure& d = *r.departure;
    std::fprintf(stderr,
                 "mock_contract: rule %s violated%s at step %zu (profile %s): %s: expected %s; "
                 "saw %s\nthe sequence:\n",
                 d.rule.c_str(),
                 d.verdict == kc::report::Verdict::kFail ? "" : " (an inferred error type)",
                 d.step + 1, std::string(kc::contract::ToWire(profile)).c_str(), d.what.c_str(),
                 d.expected.c_str(), d.actual.c_str());
    for (const std::string& step : r.labels) std::fprintf(stderr, "  %s\n", step.c_str());
    std::abort();
  }
  return 0;
}
