// Choosing the groups of experiments a calibration or validation runs
// (`--group`, Python's groups=): one function serves both tables, so the two
// agree on order, repeated names, empty lists and the message for an unknown
// name.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analysis/experiments.hpp"
#include "calcsim/calibration.hpp"
#include "calcsim/validation.hpp"
#include "test_support.hpp"

namespace calcsim {
namespace {

using experiments::chosen_groups;
using testing::failure_of;

const std::vector<std::string> known{"first", "second", "third"};

TEST(ExperimentGroups, NoNamesChooseEveryGroupInTheOrderOfTheTable) {
  EXPECT_EQ(chosen_groups(known, {}, "calibration"), (std::vector<std::size_t>{0, 1, 2}));
}

TEST(ExperimentGroups, NamesComeInTheOrderGiven) {
  EXPECT_EQ(chosen_groups(known, {"third", "first"}, "calibration"), (std::vector<std::size_t>{2, 0}));
}

TEST(ExperimentGroups, ANameGivenTwiceRunsOnceWhereItFirstAppears) {
  EXPECT_EQ(chosen_groups(known, {"second", "first", "second"}, "validation"), (std::vector<std::size_t>{1, 0}));
}

TEST(ExperimentGroups, AnUnknownNameIsRefusedWithTheKnownOnes) {
  const auto f = failure_of([] { chosen_groups(known, {"first", "fourth"}, "validation"); });
  ASSERT_TRUE(f.thrown);
  EXPECT_EQ(f.where.option, "groups");
  EXPECT_EQ(f.where.key, "fourth");
  EXPECT_CONTAINS(f.message, "not a validation group; expected one of first, second, third");
}

TEST(ExperimentGroups, AnEmptyNameIsUnknown) {
  const auto f = failure_of([] { chosen_groups(known, {"first", ""}, "calibration"); });
  ASSERT_TRUE(f.thrown);
  EXPECT_CONTAINS(f.message, "not a calibration group; expected one of first, second, third");
}

// Both tables refuse an unknown name before any experiment runs, naming their
// own kind of group and listing every one of them.
TEST(ExperimentGroups, BothTablesRefuseAnUnknownGroupListingTheirOwn) {
  const Params p;
  const auto calibration = failure_of([&] { run_calibration_groups(p, {"homeostasis", "no_such_group"}); });
  ASSERT_TRUE(calibration.thrown);
  EXPECT_EQ(calibration.where.key, "no_such_group");
  EXPECT_CONTAINS(calibration.message, "not a calibration group; expected one of homeostasis, calcium_axis,");
  EXPECT_CONTAINS(calibration.message, ", menopause");

  ValidationOptions options;
  options.groups = {"no_such_group"};
  const auto validation = failure_of([&] { run_validation_with(p, options); });
  ASSERT_TRUE(validation.thrown);
  EXPECT_EQ(validation.where.key, "no_such_group");
  EXPECT_CONTAINS(validation.message, "not a validation group; expected one of acute_calcium_loads, phosphate_load,");
  EXPECT_CONTAINS(validation.message, ", phosphate_supplement_days");
}

}  // namespace
}  // namespace calcsim
