// Output file names (engine/include/calcsim/output_files.hpp): one place maps
// an extension, in any case, to the format written, for trajectories (.csv,
// .json), the calibration and validation tables (also .md) and a population
// (.csv); a refused name is reported with the argument it came from and the
// endings expected.
#include <gtest/gtest.h>

#include <string>

#include "calcsim/output_files.hpp"
#include "test_support.hpp"

namespace calcsim {
namespace {

using testing::failure_of;

TEST(OutputFiles, TheExtensionNamesTheFormatInAnyCase) {
  const std::vector<std::string> tables{"csv", "json", "markdown"};
  EXPECT_EQ(output_file_format("rows.csv", tables), "csv");
  EXPECT_EQ(output_file_format("dir/rows.JSON", tables), "json");
  EXPECT_EQ(output_file_format("rows.md", tables), "markdown");
  EXPECT_EQ(output_file_format("ROWS.Md", tables), "markdown");
  EXPECT_EQ(output_file_format("patients.csv", {"csv"}, "bands_out"), "csv");
}

TEST(OutputFiles, AnotherNameIsRefusedWithTheEndingsExpected) {
  const auto tables = failure_of([] { output_file_format("t.txt", {"csv", "json", "markdown"}); });
  ASSERT_TRUE(tables.thrown);
  EXPECT_EQ(tables.where.option, "out");
  EXPECT_CONTAINS(tables.message, "'t.txt': expected a file name ending in .csv, .json or .md");

  const auto trajectories = failure_of([] { check_output_extension("run.md"); });
  ASSERT_TRUE(trajectories.thrown);
  EXPECT_CONTAINS(trajectories.message, "'run.md': expected a file name ending in .csv or .json");

  const auto population = failure_of([] { output_file_format("bands.json", {"csv"}, "bands_out"); });
  ASSERT_TRUE(population.thrown);
  EXPECT_EQ(population.where.option, "bands_out");
  EXPECT_CONTAINS(population.message, "'bands.json': expected a file name ending in .csv");
}

TEST(OutputFiles, AMissingDirectoryIsRefusedBeforeAnythingIsWritten) {
  const auto f = failure_of([] { check_output_directory("no-such-dir/rows.csv", "bands_out"); });
  ASSERT_TRUE(f.thrown);
  EXPECT_EQ(f.where.option, "bands_out");
  EXPECT_CONTAINS(f.message, "'no-such-dir/rows.csv': directory 'no-such-dir' does not exist");
  EXPECT_FALSE(failure_of([] { check_output_directory("rows.csv"); }).thrown);
}

}  // namespace
}  // namespace calcsim
