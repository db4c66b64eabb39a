#pragma once
// Helpers shared by the engine's GoogleTest files: checking that a call
// fails with an InputError, and what its message says; reading states from a
// result and the calcium ledger that mass-balance tests hold constant.
#include <gtest/gtest.h>

#include <string>

#include "calcsim/errors.hpp"
#include "calcsim/result.hpp"
#include "model/model.hpp"

namespace calcsim::testing {

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

#define EXPECT_CONTAINS(haystack, needle)                                                      \
  EXPECT_TRUE(::calcsim::testing::contains((haystack), (needle))) << "message: " << (haystack) \
                                                                  << "\nexpected to contain: " << (needle)

struct Failure {
  bool thrown = false;
  std::string message;
  SourceLocation where;
};

// Runs f and reports the InputError it throws, if any.
template <class F>
Failure failure_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return {true, e.what(), e.where()};
  }
  return {};
}

// The retained-calcium states (the running mean of the calcium balance and
// the soft-tissue pool) sit near zero in a healthy person and follow the
// arterial deposit's slow draw on plasma calcium.
inline bool retained_calcium_state(const model::StateInfo& info) {
  return info.name == "ca_balance_mean" || info.name == "soft_tissue_ca";
}

// The value of state `name` at `row` of a result run with include_states.
inline double state_at(const Result& r, Eigen::Index row, const std::string& name) {
  return r.data(row, r.column("state." + name));
}

// Total calcium everywhere it can be, minus what was eaten: constant to
// round-off whatever the dosing. Every calcium pool and running total of the
// model is listed here; a new one must be added, or these tests fail.
inline double calcium_ledger(const Result& r, Eigen::Index row) {
  double total = -state_at(r, row, "cum_intake_ca");
  for (const char* pool : {"gut_ca", "gut_distal_ca", "ecf_ca", "exchangeable_ca", "bone_ca", "artery_ca",
                           "soft_tissue_ca", "cum_faecal_ca", "cum_urinary_ca", "cum_dialysis_ca"})
    total += state_at(r, row, pool);
  return total;
}

// The ledger stays at its first row's value to 1e-9 of the calcium in play
// (the skeleton at the start plus all that was eaten), at every row.
inline void expect_calcium_conserved(const Result& r) {
  const Eigen::Index last = r.data.rows() - 1;
  const double scale = state_at(r, 0, "bone_ca") + state_at(r, last, "cum_intake_ca");
  for (Eigen::Index i = 0; i <= last; ++i)
    ASSERT_NEAR(calcium_ledger(r, i), calcium_ledger(r, 0), 1e-9 * scale) << "at day " << r.data(i, 0);
}

}  // namespace calcsim::testing
