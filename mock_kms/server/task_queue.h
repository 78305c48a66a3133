// GrowingTaskQueue: the worker pool of the mock's cpp-httplib server. cpp-httplib serves
// each connection on one worker for the connection's whole life (thread per connection),
// so a fixed pool is starved by idle keep-alive connections: with 8 workers, 8 idle
// clients block every new one. This queue starts a worker whenever a job arrives and none
// is idle, up to a generous cap, so hundreds of idle connections never delay a new one
// (DESIGN.md, cpp-httplib notes). Workers stay for reuse until shutdown.
#ifndef KC_MOCK_KMS_SERVER_TASK_QUEUE_H_
#define KC_MOCK_KMS_SERVER_TASK_QUEUE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace kc::mock {

class GrowingTaskQueue final : public httplib::TaskQueue {
 public:
  explicit GrowingTaskQueue(std::size_t max_threads) : max_threads_(max_threads) {}
  ~GrowingTaskQueue() override;
  GrowingTaskQueue(const GrowingTaskQueue&) = delete;
  GrowingTaskQueue& operator=(const GrowingTaskQueue&) = delete;

  // enqueue: runs fn on an idle worker, else on a new one (below the cap), else when a
  // worker frees up. Never throws: when no thread can be started the job waits.
  void enqueue(std::function<void()> fn) override;
  // shutdown: runs the jobs still queued, then joins every worker.
  void shutdown() override;

  std::size_t thread_count() const;

 private:
  void Work();

  const std::size_t max_threads_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;  // guarded by mu_
  std::vector<std::thread> threads_;        // guarded by mu_
  std::size_t idle_ = 0;                    // workers waiting for a job; guarded by mu_
  bool shutdown_ = false;                   // guarded by mu_
};

}  // namespace kc::mock

#endif  // KC_MOCK_KMS_SERVER_TASK_QUEUE_H_
