// The clock controls of DESIGN.md ("Clock control") that do not need the mock in-process:
// faketime (a spawned emulator under libfaketime), mock-hook (POST /_mock/clock), and the
// verification wrapper that checks a move took effect.
#include "harness/runner/clock_control.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "harness/codec/types.h"

namespace kc::runner {
namespace {

class FaketimeClock final : public scenarios::ClockControl {
 public:
  explicit FaketimeClock(std::filesystem::path file) : file_(std::move(file)) {}
  std::string_view kind() const override { return "faketime"; }
  Result<double> Advance(double seconds) override {
    std::lock_guard<std::mutex> lock(mu_);
    const double next = offset_ + seconds;
    KC_RETURN_IF_ERROR(WriteFaketimeOffset(file_, next));
    offset_ = next;
    return offset_;
  }
  double offset() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return offset_;
  }

 private:
  mutable std::mutex mu_;
  std::filesystem::path file_;
  double offset_ = 0;
};

class MockHookClock final : public scenarios::ClockControl {
 public:
  MockHookClock(std::unique_ptr<client::KmsClient> client) : client_(std::move(client)) {}
  std::string_view kind() const override { return "mock-hook"; }
  Result<double> Advance(double seconds) override {
    std::lock_guard<std::mutex> lock(mu_);
    const client::RawReply reply = Post(seconds);
    if (!reply.ok()) return reply.transport.WithContext("POST /_mock/clock");
    if (reply.status != 200) {
      return FailedPreconditionError("POST /_mock/clock answered HTTP " +
                                     std::to_string(reply.status) +
                                     " (is the mock started with --test-hooks?)");
    }
    offset_ += seconds;
    return offset_;
  }
  double offset() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return offset_;
  }
  // Sync: the offset the mock's clock already has (an earlier run against the same mock
  // moved it): a zero move answers {"now": <the mock's time>}. Unchanged when the hook does
  // not answer (Advance then says why).
  void Sync(double local_now) {
    std::lock_guard<std::mutex> lock(mu_);
    const client::RawReply reply = Post(0);
    if (!reply.ok() || reply.status != 200) return;
    const std::size_t at = reply.body.find("\"now\":");
    if (at == std::string::npos) return;
    char* end = nullptr;
    const double now = std::strtod(reply.body.c_str() + at + 6, &end);
    if (end == reply.body.c_str() + at + 6 || !std::isfinite(now)) return;
    // Whole seconds: the two clocks read a few milliseconds apart.
    const double offset = std::round(now - local_now);
    if (std::fabs(offset) >= 2) offset_ = offset;
  }

 private:
  // Post: POST /_mock/clock {"advance_seconds": seconds} (unsigned, no transcript kept).
  client::RawReply Post(double seconds) {
    client::RawRequest r;
    r.path = "/_mock/clock";
    r.target = "";
    r.content_type = "application/json";
    r.sign = false;
    char body[64];
    std::snprintf(body, sizeof body, "{\"advance_seconds\": %.3f}", seconds);
    r.body = body;
    client::RawReply reply = client_->Send(r);
    client_->TakeTranscript();
    return reply;
  }

  mutable std::mutex mu_;
  std::unique_ptr<client::KmsClient> client_;
  double offset_ = 0;
};

EpochSeconds LocalNow() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// VerifiedClock: a move counts only when a fresh ParametersValidTo moves with it.
class VerifiedClock final : public scenarios::ClockControl {
 public:
  VerifiedClock(std::unique_ptr<scenarios::ClockControl> inner, client::Target target,
                client::ClientOptions options, scenarios::KeyTracker& keys)
      : inner_(std::move(inner)), target_(std::move(target)), options_(options), keys_(keys) {}
  std::string_view kind() const override { return inner_->kind(); }
  double offset() const override { return inner_->offset(); }

  Result<double> Advance(double seconds) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (!broken_.ok()) return broken_;
    auto before = ProbeValidTo(inner_->offset());
    if (!before.ok()) return Remember(before.status());
    const EpochSeconds local_before = LocalNow();
    auto moved = inner_->Advance(seconds);
    if (!moved.ok()) return Remember(moved.status());
    auto after = ProbeValidTo(*moved);
    if (!after.ok()) return Remember(after.status());
    const double observed = (*after - *before) - (LocalNow() - local_before);
    if (std::fabs(observed - seconds) > 60) {
      return Remember(FailedPreconditionError(
          "a fresh ParametersValidTo moved by " + std::to_string(static_cast<long long>(observed)) +
          " s, not " + std::to_string(static_cast<long long>(seconds)) +
          " s (a static binary ignores libfaketime)"));
    }
    return moved;
  }

 private:
  Status Remember(Status s) {
    broken_ = s;
    return s;
  }

  // ProbeValidTo: ParametersValidTo of a fresh GetParametersForImport on the probe key.
  Result<EpochSeconds> ProbeValidTo(double offset) {
    if (!client_) {
      auto c = client::KmsClient::Create(target_, options_);
      if (!c.ok()) return c.status();
      client_ = std::move(c).value();
    }
    client_->SetClockOffset(offset);
    if (probe_key_.empty()) {
      codec::CreateKeyRequest create;
      create.origin = contract::Origin::kExternal;
      create.description = "kmsconform clock probe";
      auto r = client_->Call(create);
      client_->TakeTranscript();
      if (!r.ok() || !r.value().key_metadata) {
        return FailedPreconditionError("cannot verify clock moves: CreateKey failed (HTTP " +
                                       std::to_string(r.raw.status) + ")");
      }
      probe_key_ = r.value().key_metadata->key_id;
      keys_.Add(scenarios::KeyRecord{probe_key_, r.value().key_metadata->arn.value_or(""), false});
    }
    codec::GetParametersForImportRequest req;
    req.key_id = probe_key_;
    auto r = client_->Call(req);
    client_->TakeTranscript();
    if (!r.ok() || !r.value().parameters_valid_to) {
      std::string why =
          r.raw.ok() ? "HTTP " + std::to_string(r.raw.status) : r.raw.transport.message();
      if (r.error()) why += " " + r.error()->type_name;
      return FailedPreconditionError("cannot verify clock moves: GetParametersForImport failed (" +
                                     why + ")");
    }
    return *r.value().parameters_valid_to;
  }

  std::mutex mu_;
  std::unique_ptr<scenarios::ClockControl> inner_;
  client::Target target_;
  client::ClientOptions options_;
  scenarios::KeyTracker& keys_;
  std::unique_ptr<client::KmsClient> client_;
  std::string probe_key_;
  Status broken_;
};

}  // namespace

Status WriteFaketimeOffset(const std::filesystem::path& file, double seconds) {
  // Written whole and renamed: libfaketime (FAKETIME_NO_CACHE=1) never reads half a file.
  const std::filesystem::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%+.0f\n", std::floor(seconds));
    out << buf;
    if (!out) return InternalError("cannot write " + tmp.string());
  }
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  if (ec) return InternalError("cannot rename " + tmp.string() + ": " + ec.message());
  return Status::Ok();
}

std::unique_ptr<scenarios::ClockControl> MakeFaketimeClock(const std::filesystem::path& file) {
  return std::make_unique<FaketimeClock>(file);
}

Result<std::unique_ptr<scenarios::ClockControl>> MakeMockHookClock(
    const client::Target& target, const client::ClientOptions& options) {
  auto c = client::KmsClient::Create(target, options);
  if (!c.ok()) return c.status();
  auto clock = std::make_unique<MockHookClock>(std::move(c).value());
  clock->Sync(LocalNow());
  return std::unique_ptr<scenarios::ClockControl>(std::move(clock));
}

std::unique_ptr<scenarios::ClockControl> MakeVerifiedClock(
    std::unique_ptr<scenarios::ClockControl> inner, const client::Target& target,
    const client::ClientOptions& options, scenarios::KeyTracker& keys) {
  return std::make_unique<VerifiedClock>(std::move(inner), target, options, keys);
}

Result<std::string> FaketimeLibrary() {
  for (const char* path :
       {"/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1",
        "/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1",
        "/usr/lib/faketime/libfaketimeMT.so.1", "/usr/local/lib/faketime/libfaketimeMT.so.1"}) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) return std::string(path);
  }
  return NotFoundError(
      "libfaketimeMT.so.1 not found (install Debian's libfaketime: scripts/install-deps)");
}

}  // namespace kc::runner
