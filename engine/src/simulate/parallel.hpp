#pragma once
// Runs independent jobs (arms, sweep points, perturbed runs) on a few threads.
// Each job writes only its own slot, so the results do not depend on the
// number of threads or on the order the jobs finish in.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <future>
#include <thread>
#include <vector>

namespace calcsim::detail {

// The number of worker threads for n jobs: `requested` if positive, else one
// per hardware thread; never more than n, never fewer than 1.
inline int worker_count(int requested, std::size_t n) {
  int workers = requested > 0 ? requested : static_cast<int>(std::thread::hardware_concurrency());
  workers = std::max(workers, 1);
  return static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(workers), std::max<std::size_t>(n, 1)));
}

// Calls job(i) for i in [0, n) on `workers` threads (the calling thread is one
// of them). If jobs throw, the exception of the lowest index is rethrown after
// every job has finished, so a failure is reported the same way whatever the
// scheduling.
template <class Job>
void parallel_for(std::size_t n, int workers, const Job& job) {
  std::vector<std::exception_ptr> errors(n);
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      try {
        job(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  std::vector<std::future<void>> helpers;
  for (int w = 1; w < workers; ++w) helpers.push_back(std::async(std::launch::async, work));
  work();
  for (auto& h : helpers) h.get();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace calcsim::detail
