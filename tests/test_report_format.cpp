// The report module's rules (engine/src/report/format.hpp): RFC 4180 quoting
// only where needed, 10 significant digits in a CSV report, the shortest exact
// text in a data file, fixed decimals without "-0.00"; and a writer that uses
// them (a comparison's CSV with arm names that need quoting).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "calcsim/report.hpp"
#include "calcsim/simulator.hpp"
#include "report/format.hpp"

namespace {

using calcsim::report::csv_field;
using calcsim::report::csv_number;
using calcsim::report::exact_number;
using calcsim::report::fixed;
using calcsim::report::signed_fixed;

TEST(CsvField, PlainTextStaysAsItIs) {
  EXPECT_EQ(csv_field("mmol/L"), "mmol/L");
  EXPECT_EQ(csv_field("Smith et al. 2019; table 2"), "Smith et al. 2019; table 2");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("it's 'quoted'"), "it's 'quoted'");
}

TEST(CsvField, ACommaQuotesTheField) { EXPECT_EQ(csv_field("Knapen, 2013"), "\"Knapen, 2013\""); }

TEST(CsvField, AQuoteIsDoubledInsideQuotes) {
  EXPECT_EQ(csv_field("the \"usual\" diet"), "\"the \"\"usual\"\" diet\"");
  EXPECT_EQ(csv_field("\""), "\"\"\"\"");
}

TEST(CsvField, ALineBreakQuotesTheField) {
  EXPECT_EQ(csv_field("first\nsecond"), "\"first\nsecond\"");
  EXPECT_EQ(csv_field("first\r\nsecond"), "\"first\r\nsecond\"");
}

TEST(CsvNumber, TenSignificantDigits) {
  EXPECT_EQ(csv_number(0.25), "0.25");
  EXPECT_EQ(csv_number(1e-9), "1e-09");
  EXPECT_EQ(csv_number(1234567890.0), "1234567890");
  EXPECT_EQ(csv_number(12345678901.0), "1.23456789e+10");
  EXPECT_EQ(csv_number(1.0 / 3.0), "0.3333333333");
  EXPECT_EQ(csv_number(-0.0), "-0");
}

TEST(CsvNumber, RoundsAtTheTenthDigit) {
  EXPECT_EQ(csv_number(2.00000000049), "2");
  EXPECT_EQ(csv_number(2.00000000051), "2.000000001");
  EXPECT_EQ(csv_number(9.99999999951), "10");
  EXPECT_EQ(csv_number(9.99999999949), "9.999999999");
  EXPECT_EQ(csv_number(0.00099999999996), "0.001");
}

TEST(CsvNumber, NanIsAnEmptyCell) {
  EXPECT_EQ(csv_number(std::numeric_limits<double>::quiet_NaN()), "");
  EXPECT_EQ(exact_number(std::numeric_limits<double>::quiet_NaN()), "");
}

TEST(ExactNumber, ShortestTextThatReadsBack) {
  EXPECT_EQ(exact_number(0.1), "0.1");
  EXPECT_EQ(exact_number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(exact_number(1e-9), "1e-09");
  EXPECT_EQ(exact_number(365.25), "365.25");
  for (double v : {1.0 / 3.0, 2.0 / 3.0, 1e-300, 6.02214076e23, -123.456789012345678, 0.0})
    EXPECT_EQ(std::strtod(exact_number(v).c_str(), nullptr), v) << exact_number(v);
}

TEST(Fixed, NeverShowsMinusZero) {
  EXPECT_EQ(fixed(-0.004, 2), "0.00");
  EXPECT_EQ(fixed(-0.0, 2), "0.00");
  EXPECT_EQ(fixed(-1e-12, 0), "0");
  EXPECT_EQ(fixed(-0.006, 2), "-0.01");
  EXPECT_EQ(fixed(0.25, 3), "0.250");
}

TEST(Fixed, RoundsTheDoubleAsStored) {
  // 0.125 is exact in binary and rounds to even; 2.675 is stored just below.
  EXPECT_EQ(fixed(0.125, 2), "0.12");
  EXPECT_EQ(fixed(0.375, 2), "0.38");
  EXPECT_EQ(fixed(2.675, 2), "2.67");
  EXPECT_EQ(fixed(0.995, 2), "0.99");
  EXPECT_EQ(fixed(0.9951, 2), "1.00");
}

TEST(SignedFixed, SignOnlyWhereADigitShows) {
  EXPECT_EQ(signed_fixed(0.25, 2), "+0.25");
  EXPECT_EQ(signed_fixed(-0.25, 2), "-0.25");
  EXPECT_EQ(signed_fixed(0.004, 2), "0.00");
  EXPECT_EQ(signed_fixed(-0.004, 2), "0.00");
  EXPECT_EQ(signed_fixed(0.006, 2), "+0.01");
  EXPECT_EQ(signed_fixed(0.4, 0), "0");
}

TEST(SummaryCell, TheQuantitysDecimalsAndTheCategorysLabel) {
  EXPECT_EQ(calcsim::summary_cell("plasma_ca", 2.36749), "2.367");
  EXPECT_EQ(calcsim::summary_cell("dp_ucmgp", -0.4), "0");
  EXPECT_EQ(calcsim::summary_cell("bmd_change", 0.5, true), "+0.50");
  EXPECT_EQ(calcsim::summary_cell("bmd_change", -0.001, true), "0.00");
  EXPECT_EQ(calcsim::summary_cell("arterial_category", 2.0), "100-399");
  EXPECT_EQ(calcsim::summary_cell("arterial_category", 1.0, true), "");
}

TEST(ComparisonCsv, QuotesArmNamesThatNeedIt) {
  calcsim::Scenario s = calcsim::default_scenario();
  s.duration_days = 2.0;
  const calcsim::Result r = calcsim::simulate(s, calcsim::Params{});
  const std::string csv = calcsim::comparison_summary({{"plain", &r}, {"with \"quote\", comma", &r}}, {0.0, 1.0},
                                                     calcsim::Format::Csv);
  EXPECT_NE(csv.find("time_days,quantity,unit,plain,\"with \"\"quote\"\", comma\","
                     "\"difference_with \"\"quote\"\", comma\"\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("\n1,plasma_ca,mmol/L,"), std::string::npos) << csv;
}

}  // namespace
