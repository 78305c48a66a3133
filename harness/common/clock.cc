#include "harness/common/clock.h"

#include <ctime>

namespace kc {

EpochSeconds SystemClock::Now() const {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9 +
         offset_.load();
}

}  // namespace kc
