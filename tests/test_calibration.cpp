// The calibration table as a regression test: every target the model meets
// must keep meeting it. One target is open work and `calcsim calibration`
// reports it as FAIL: the 15 mg load of Heaney 1990 is absorbed at about 53%
// against 64%, because calcium secreted into the gut keeps the proximal lumen
// partly saturated even after a night's fast; fitting it pushes the average
// absorption of meals above the IOM range.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "calcsim/calibration.hpp"

namespace calcsim {
namespace {

bool is_open_absorption_target(const std::string& id) { return id == "absorption.load_15mg"; }

// One test, one process: the experiments take tens of seconds.
TEST(Calibration, EveryTargetIsDocumentedAndMetTargetsStayMet) {
  const std::vector<CalibrationRow> rows = run_calibration(Params{});
  ASSERT_GE(rows.size(), 29u);
  std::set<std::string> ids;
  int checked = 0;
  for (const auto& r : rows) {
    EXPECT_FALSE(r.source.empty()) << r.id;
    EXPECT_FALSE(r.published.empty()) << r.id;
    EXPECT_FALSE(r.how.empty()) << r.id;
    EXPECT_LT(r.low, r.high) << r.id;
    EXPECT_TRUE(ids.insert(r.id).second) << "duplicate id " << r.id;
    if (is_open_absorption_target(r.id)) continue;
    ++checked;
    EXPECT_TRUE(r.pass()) << r.id << ": simulated " << r.simulated << " " << r.unit << " outside [" << r.low << ", "
                          << r.high << "] (published " << r.published << ", " << r.source << ")";
  }
  EXPECT_GE(checked, 28);
}

}  // namespace
}  // namespace calcsim
