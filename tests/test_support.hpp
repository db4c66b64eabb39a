#pragma once
// Helpers shared by the engine's GoogleTest files: checking that a call
// fails with an InputError, and what its message says.
#include <gtest/gtest.h>

#include <string>

#include "calcsim/errors.hpp"
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

}  // namespace calcsim::testing
