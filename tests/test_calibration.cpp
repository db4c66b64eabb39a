// The calibration and validation tables as tests: every published target
// documented, each within the tolerance the table states (a validation row may
// fail only with its reason written down), and no row in both tables.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "calcsim/calibration.hpp"
#include "calcsim/validation.hpp"

namespace calcsim {
namespace {

void expect_documented(const Target& r, std::set<std::string>& ids) {
  EXPECT_FALSE(r.source.empty()) << r.id;
  EXPECT_FALSE(r.published.empty()) << r.id;
  EXPECT_FALSE(r.how.empty()) << r.id;
  EXPECT_LT(r.low, r.high) << r.id;
  EXPECT_TRUE(ids.insert(r.id).second) << "id in both tables or twice in one: " << r.id;
}

std::string describe(const Target& r) {
  return r.id + ": simulated " + std::to_string(r.simulated) + " " + r.unit + " outside [" + std::to_string(r.low) +
         ", " + std::to_string(r.high) + "] (published " + r.published + ", " + r.source + ")";
}

// One test per table, one process each: the experiments take tens of seconds.
TEST(Calibration, EveryFitIsDocumentedAndMet) {
  std::set<std::string> ids;
  const std::vector<Target> rows = run_calibration(Params{});
  ASSERT_GE(rows.size(), 31u);
  for (const auto& r : rows) {
    expect_documented(r, ids);
    EXPECT_TRUE(r.known_failure.empty()) << r.id << ": a fit has no excuse for failing";
    EXPECT_TRUE(r.pass()) << describe(r);
  }
}

TEST(Validation, EveryCheckIsDocumentedAndMetOrItsFailureExplained) {
  std::set<std::string> ids;
  for (const auto& r : run_calibration(Params{})) ids.insert(r.id);
  const std::vector<Target> rows = run_validation(Params{});
  ASSERT_GE(rows.size(), 22u);
  for (const auto& r : rows) {
    expect_documented(r, ids);
    EXPECT_FALSE(r.unexplained_failure()) << describe(r);
  }
}

}  // namespace
}  // namespace calcsim
