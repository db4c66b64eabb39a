#pragma once
// Runs independent jobs (arms, sweep points, perturbed runs) on a few threads.
// Each job writes only its own slot, so the results do not depend on the
// number of threads or on the order the jobs finish in.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <future>
#include <numeric>
#include <thread>
#include <utility>
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

// Runs every job (a callable returning a std::vector of rows) on `workers`
// threads and returns their rows concatenated in the jobs' own order. Jobs
// start in decreasing order of `cost` (a measured or estimated duration, any
// unit; one per job), so the long ones do not end up last on one thread
// while the other idles.
template <class Row, class Job>
std::vector<Row> concatenate_in_parallel(const std::vector<Job>& jobs, const std::vector<double>& cost, int workers) {
  std::vector<std::size_t> start_order(jobs.size());
  std::iota(start_order.begin(), start_order.end(), std::size_t{0});
  std::stable_sort(start_order.begin(), start_order.end(),
                   [&](std::size_t a, std::size_t b) { return cost.at(a) > cost.at(b); });
  std::vector<std::vector<Row>> parts(jobs.size());
  parallel_for(jobs.size(), worker_count(workers, jobs.size()),
               [&](std::size_t k) { parts[start_order[k]] = jobs[start_order[k]](); });
  std::vector<Row> rows;
  for (auto& part : parts)
    for (auto& row : part) rows.push_back(std::move(row));
  return rows;
}

}  // namespace calcsim::detail
