#include "mock_kms/server/task_queue.h"

#include <utility>

namespace kc::mock {

GrowingTaskQueue::~GrowingTaskQueue() { shutdown(); }

void GrowingTaskQueue::enqueue(std::function<void()> fn) {
  std::unique_lock lock(mu_);
  jobs_.push_back(std::move(fn));
  if (idle_ >= jobs_.size() || threads_.size() >= max_threads_ || shutdown_) {
    lock.unlock();
    cv_.notify_one();
    return;
  }
  try {
    threads_.emplace_back([this] { Work(); });
  } catch (...) {
    // No thread could be started (resource limits): the job waits for a worker.
    lock.unlock();
    cv_.notify_one();
  }
}

void GrowingTaskQueue::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    shutdown_ = true;
    threads.swap(threads_);
  }
  cv_.notify_all();
  for (std::thread& t : threads) {
    if (t.joinable()) t.join();
  }
}

std::size_t GrowingTaskQueue::thread_count() const {
  std::lock_guard lock(mu_);
  return threads_.size();
}

void GrowingTaskQueue::Work() {
  std::unique_lock lock(mu_);
  for (;;) {
    ++idle_;
    cv_.wait(lock, [this] { return shutdown_ || !jobs_.empty(); });
    --idle_;
    if (jobs_.empty()) return;  // shut down and nothing left to run
    std::function<void()> job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    try {
      job();
    } catch (...) {
      // cpp-httplib's connection jobs do not throw; a job that does loses its connection,
      // never the worker.
    }
    lock.lock();
  }
}

}  // namespace kc::mock
