#include "thread_pool.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace simdconv {
namespace {

class ThreadPool {
 public:
  /** Runs `job` on a pool thread, starting threads until there are at least `want`. */
  void submit(std::function<void()> job, std::size_t want) {
    std::lock_guard<std::mutex> lock(mutex_);
    while (threads_.size() < want) threads_.emplace_back([this] { loop(); });
    queue_.push_back(std::move(job));
    ready_.notify_one();
  }

 private:
  void loop() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [this] { return !queue_.empty(); });
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      job();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  std::vector<std::thread> threads_;
};

// Never destroyed: at process exit a pool thread may still be finishing an async call's band, and
// joining (or destroying joinable threads) from a static destructor would hang or terminate.
ThreadPool& pool() {
  static ThreadPool* p = new ThreadPool();
  return *p;
}

// One parallel_for call. Shared with the pool's jobs, which may start after the call has returned:
// by then every index is taken, so they only touch `next` and drop their reference.
struct Call {
  Call(std::size_t count, const std::function<void(std::size_t)>& body) : n(count), fn(body) {}
  const std::size_t n;
  const std::function<void(std::size_t)>& fn;  // valid while an index is running: the caller waits for all
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::condition_variable finished;
  std::size_t done = 0;
  std::exception_ptr error;

  void work() {
    for (std::size_t i; (i = next.fetch_add(1)) < n;) {
      std::exception_ptr e;
      try {
        fn(i);
      } catch (...) {
        e = std::current_exception();
      }
      std::lock_guard<std::mutex> lock(mutex);
      if (e && !error) error = e;
      if (++done == n) finished.notify_all();
    }
  }
};

}  // namespace

void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn) {
  if (n == 0) return;
  auto call = std::make_shared<Call>(n, fn);
  try {
    for (std::size_t k = 1; k < n; k++) pool().submit([call] { call->work(); }, n - 1);
  } catch (const std::exception&) {
    // No more threads or memory for helpers: the caller and the helpers already queued do the work.
  }
  call->work();
  std::unique_lock<std::mutex> lock(call->mutex);
  call->finished.wait(lock, [&] { return call->done == n; });
  if (call->error) std::rethrow_exception(call->error);
}

}  // namespace simdconv
