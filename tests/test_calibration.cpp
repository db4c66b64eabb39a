// The calibration table as a test: every published target, each within the
// tolerance the table states.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "calcsim/calibration.hpp"

namespace calcsim {
namespace {

// One test, one process: the experiments take tens of seconds.
TEST(Calibration, EveryTargetIsDocumentedAndMet) {
  const std::vector<CalibrationRow> rows = run_calibration(Params{});
  ASSERT_GE(rows.size(), 37u);
  std::set<std::string> ids;
  for (const auto& r : rows) {
    EXPECT_FALSE(r.source.empty()) << r.id;
    EXPECT_FALSE(r.published.empty()) << r.id;
    EXPECT_FALSE(r.how.empty()) << r.id;
    EXPECT_LT(r.low, r.high) << r.id;
    EXPECT_TRUE(ids.insert(r.id).second) << "duplicate id " << r.id;
    EXPECT_TRUE(r.pass()) << r.id << ": simulated " << r.simulated << " " << r.unit << " outside [" << r.low << ", "
                          << r.high << "] (published " << r.published << ", " << r.source << ")";
  }
}

}  // namespace
}  // namespace calcsim
