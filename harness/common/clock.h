// Clock: the injected source of time. The mock, the token sealer and the runner never read
// the system clock directly, so tests move time (ikm.token-expired, ikm.material-expiry)
// and fuzzing is deterministic.
#ifndef KC_COMMON_CLOCK_H_
#define KC_COMMON_CLOCK_H_

#include <atomic>

namespace kc {

// Seconds since the Unix epoch, fractional. AWS JSON 1.1 timestamps are the same unit.
using EpochSeconds = double;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual EpochSeconds Now() const = 0;
};

// Wall clock (CLOCK_REALTIME), optionally shifted by an offset that only moves forward
// (the mock's test hook advances it).
class SystemClock final : public Clock {
 public:
  EpochSeconds Now() const override;
  void Advance(double seconds) { offset_.fetch_add(seconds); }
  double offset() const { return offset_.load(); }

 private:
  std::atomic<double> offset_{0.0};
};

// A clock that only moves when told to: unit tests, properties, fuzzing.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(EpochSeconds start = 1767225600.0 /* 2026-01-01T00:00:00Z */)
      : now_(start) {}
  EpochSeconds Now() const override { return now_.load(); }
  void Set(EpochSeconds t) { now_.store(t); }
  void Advance(double seconds) { now_.fetch_add(seconds); }

 private:
  std::atomic<double> now_;
};

}  // namespace kc

#endif  // KC_COMMON_CLOCK_H_
