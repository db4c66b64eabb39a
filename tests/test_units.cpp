// Quantities with units: conversions to canonical units and the messages for
// every way a quantity can be written wrongly.
#include "calcsim/units.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>

namespace {

using calcsim::units::Dimension;
using calcsim::units::parse;

// The message parse() throws for `text`, or "<no error>".
std::string parse_error(const std::string& text, Dimension dim) {
  try {
    parse(text, dim);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "<no error>";
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_TRUE(contains((haystack), (needle))) << "message: " << (haystack) << "\nexpected to contain: " << (needle)

TEST(UnitsSplit, SeparatesNumberAndUnit) {
  const auto q = calcsim::units::split("  180 mcg ");
  EXPECT_DOUBLE_EQ(q.value, 180.0);
  EXPECT_EQ(q.unit, "mcg");
  const auto joined = calcsim::units::split("1.5e3mg");
  EXPECT_DOUBLE_EQ(joined.value, 1500.0);
  EXPECT_EQ(joined.unit, "mg");
  const auto compound = calcsim::units::split("90 mL/min/1.73m2");
  EXPECT_DOUBLE_EQ(compound.value, 90.0);
  EXPECT_EQ(compound.unit, "mL/min/1.73m2");
}

TEST(UnitsSplit, AcceptsNegativeNumbers) {
  const auto q = calcsim::units::split("-5 mg");
  EXPECT_DOUBLE_EQ(q.value, -5.0);
  EXPECT_EQ(q.unit, "mg");
}

TEST(UnitsSplit, RejectsMissingUnitMissingNumberAndEmptyText) {
  EXPECT_THROW(calcsim::units::split("180"), std::invalid_argument);
  EXPECT_THROW(calcsim::units::split("mcg"), std::invalid_argument);
  EXPECT_THROW(calcsim::units::split(""), std::invalid_argument);
  EXPECT_THROW(calcsim::units::split("   "), std::invalid_argument);
}

TEST(UnitsMass, ConvertsToMicrograms) {
  EXPECT_DOUBLE_EQ(parse("180 mcg", Dimension::Mass), 180.0);
  EXPECT_DOUBLE_EQ(parse("180 \xC2\xB5g", Dimension::Mass), 180.0);  // micro sign
  EXPECT_DOUBLE_EQ(parse("180 \xCE\xBCg", Dimension::Mass), 180.0);  // Greek mu
  EXPECT_DOUBLE_EQ(parse("180 ug", Dimension::Mass), 180.0);
  EXPECT_DOUBLE_EQ(parse("1 microgram", Dimension::Mass), 1.0);
  EXPECT_DOUBLE_EQ(parse("2 micrograms", Dimension::Mass), 2.0);
  EXPECT_DOUBLE_EQ(parse("45 mg", Dimension::Mass), 45000.0);
  EXPECT_DOUBLE_EQ(parse("3 milligrams", Dimension::Mass), 3000.0);
  EXPECT_DOUBLE_EQ(parse("1.2 g", Dimension::Mass), 1.2e6);
  EXPECT_DOUBLE_EQ(parse("15 grams", Dimension::Mass), 15e6);
  EXPECT_DOUBLE_EQ(parse("0 mg", Dimension::Mass), 0.0);
}

TEST(UnitsMass, UnitMatchingIgnoresCaseAndSpaces) {
  EXPECT_DOUBLE_EQ(parse("45 MG", Dimension::Mass), 45000.0);
  EXPECT_DOUBLE_EQ(parse("180 Mcg", Dimension::Mass), 180.0);
  EXPECT_DOUBLE_EQ(parse("+180mcg", Dimension::Mass), 180.0);
}

TEST(UnitsVitaminD, ConvertsInternationalUnits) {
  EXPECT_DOUBLE_EQ(parse("1000 IU", Dimension::VitaminD), 25.0);
  EXPECT_DOUBLE_EQ(parse("40 iu", Dimension::VitaminD), 1.0);
  EXPECT_DOUBLE_EQ(parse("25 mcg", Dimension::VitaminD), 25.0);
  EXPECT_DOUBLE_EQ(parse("1.25 mg", Dimension::VitaminD), 1250.0);
  EXPECT_CONTAINS(parse_error("1 g", Dimension::VitaminD), "accepted units: IU, mcg, mg");
}

TEST(UnitsPerDay, ConvertsDailyAmounts) {
  EXPECT_DOUBLE_EQ(parse("900 mg/day", Dimension::MassPerDay), 900000.0);
  EXPECT_DOUBLE_EQ(parse("100 mcg/d", Dimension::MassPerDay), 100.0);
  EXPECT_DOUBLE_EQ(parse("1.2 g / day", Dimension::MassPerDay), 1.2e6);
  EXPECT_DOUBLE_EQ(parse("400 IU/day", Dimension::VitaminDPerDay), 10.0);
  EXPECT_DOUBLE_EQ(parse("5 mcg/day", Dimension::VitaminDPerDay), 5.0);
}

TEST(UnitsDuration, ConvertsToDays) {
  EXPECT_DOUBLE_EQ(parse("10 years", Dimension::Duration), 3652.5);
  EXPECT_DOUBLE_EQ(parse("1 y", Dimension::Duration), 365.25);
  EXPECT_DOUBLE_EQ(parse("6 months", Dimension::Duration), 182.625);
  EXPECT_DOUBLE_EQ(parse("1 month", Dimension::Duration), 365.25 / 12.0);
  EXPECT_DOUBLE_EQ(parse("2 weeks", Dimension::Duration), 14.0);
  EXPECT_DOUBLE_EQ(parse("3 w", Dimension::Duration), 21.0);
  EXPECT_DOUBLE_EQ(parse("30 days", Dimension::Duration), 30.0);
  EXPECT_DOUBLE_EQ(parse("1 d", Dimension::Duration), 1.0);
  EXPECT_DOUBLE_EQ(parse("12 h", Dimension::Duration), 0.5);
  EXPECT_DOUBLE_EQ(parse("6 hours", Dimension::Duration), 0.25);
  EXPECT_DOUBLE_EQ(parse("90 min", Dimension::Duration), 90.0 / 1440.0);
  EXPECT_DOUBLE_EQ(parse("30 minutes", Dimension::Duration), 30.0 / 1440.0);
}

TEST(UnitsOther, AgeFilterRateAndScore) {
  EXPECT_DOUBLE_EQ(parse("58 years", Dimension::Age), 58.0);
  EXPECT_DOUBLE_EQ(parse("51 y", Dimension::Age), 51.0);
  EXPECT_DOUBLE_EQ(parse("90 mL/min/1.73m2", Dimension::FilterRate), 90.0);
  EXPECT_DOUBLE_EQ(parse("22 mL/min/1.73m\xC2\xB2", Dimension::FilterRate), 22.0);
  EXPECT_DOUBLE_EQ(parse("45 mL/min", Dimension::FilterRate), 45.0);
  EXPECT_DOUBLE_EQ(parse("30 AU", Dimension::Score), 30.0);
}

TEST(UnitsErrors, BareNumberNamesTheAcceptedUnits) {
  const std::string m = parse_error("180", Dimension::Mass);
  EXPECT_CONTAINS(m, "missing unit");
  EXPECT_CONTAINS(m, "'180 mcg'");
  EXPECT_CONTAINS(m, "accepted units: mcg, mg, g");
  EXPECT_CONTAINS(parse_error("58", Dimension::Age), "accepted units: years");
  EXPECT_CONTAINS(parse_error("10", Dimension::Duration), "accepted units: min, h, days, weeks, months, years");
}

TEST(UnitsErrors, WrongDimensionIsNamed) {
  const std::string days = parse_error("3 days", Dimension::Mass);
  EXPECT_CONTAINS(days, "unit 'days' is not a mass");
  EXPECT_CONTAINS(days, "accepted units: mcg, mg, g");
  EXPECT_CONTAINS(parse_error("5 L", Dimension::Mass), "unit 'L' is not a mass");
  EXPECT_CONTAINS(parse_error("5 mg", Dimension::Duration), "unit 'mg' is not a duration");
  EXPECT_CONTAINS(parse_error("90 AU", Dimension::FilterRate), "accepted units: mL/min/1.73m2");
  EXPECT_CONTAINS(parse_error("30 mg", Dimension::Score), "accepted units: AU");
}

TEST(UnitsErrors, DailyAmountsAndDosesAreNotInterchangeable) {
  const std::string per_day = parse_error("180 mcg/day", Dimension::Mass);
  EXPECT_CONTAINS(per_day, "not a mass");
  EXPECT_CONTAINS(per_day, "amount of one dose");
  const std::string dose = parse_error("900 mg", Dimension::MassPerDay);
  EXPECT_CONTAINS(dose, "not an amount per day");
  EXPECT_CONTAINS(dose, "'900 mg/day'");
  EXPECT_CONTAINS(parse_error("58 days", Dimension::Age), "give ages in years");
}

TEST(UnitsErrors, TyposGetASuggestion) {
  EXPECT_CONTAINS(parse_error("180 mgc", Dimension::Mass), "did you mean");
  EXPECT_CONTAINS(parse_error("10 yeras", Dimension::Duration), "did you mean 'year");
}

TEST(UnitsErrors, NegativeValuesAreRejected) {
  const std::string m = parse_error("-5 mg", Dimension::Mass);
  EXPECT_CONTAINS(m, "negative");
  EXPECT_CONTAINS(parse_error("-1 day", Dimension::Duration), "negative");
  EXPECT_CONTAINS(parse_error("-20 mL/min", Dimension::FilterRate), "negative");
}

TEST(UnitsErrors, UnparsableAndNonFiniteNumbersAreRejected) {
  EXPECT_CONTAINS(parse_error("lots of mg", Dimension::Mass), "does not start with a number");
  EXPECT_CONTAINS(parse_error("inf mg", Dimension::Mass), "not a finite number");
  EXPECT_CONTAINS(parse_error("nan mg", Dimension::Mass), "not a finite number");
  EXPECT_CONTAINS(parse_error("1e999 mg", Dimension::Mass), "not a finite number");
  EXPECT_CONTAINS(parse_error("1,000 IU", Dimension::VitaminD), "thousands separators");
  EXPECT_CONTAINS(parse_error("", Dimension::Mass), "no value");
}

TEST(UnitsNames, AcceptedAndCanonicalUnits) {
  EXPECT_EQ(calcsim::units::accepted_units(Dimension::Mass), "mcg, mg, g");
  EXPECT_EQ(calcsim::units::canonical_unit(Dimension::Mass), "mcg");
  EXPECT_EQ(calcsim::units::canonical_unit(Dimension::VitaminD), "mcg");
  EXPECT_EQ(calcsim::units::canonical_unit(Dimension::MassPerDay), "mcg/day");
  EXPECT_EQ(calcsim::units::canonical_unit(Dimension::Duration), "day");
  EXPECT_EQ(calcsim::units::canonical_unit(Dimension::Age), "year");
  EXPECT_EQ(calcsim::units::canonical_unit(Dimension::FilterRate), "mL/min/1.73m2");
  EXPECT_EQ(calcsim::units::canonical_unit(Dimension::Score), "AU");
}

TEST(UnitsClock, ParsesTimesOfDay) {
  EXPECT_DOUBLE_EQ(calcsim::units::parse_clock("07:30"), 0.3125);
  EXPECT_DOUBLE_EQ(calcsim::units::parse_clock("00:00"), 0.0);
  EXPECT_DOUBLE_EQ(calcsim::units::parse_clock("7:30"), 0.3125);
  EXPECT_DOUBLE_EQ(calcsim::units::parse_clock("12:00"), 0.5);
  EXPECT_DOUBLE_EQ(calcsim::units::parse_clock(" 23:59 "), (23 * 60 + 59) / 1440.0);
}

TEST(UnitsClock, RejectsOutOfRangeAndMalformedTimes) {
  for (const char* bad : {"24:00", "12:60", "7", "07:3", "07-30", "ab:cd", "", ":30", "123:00", "07:30:00", "-1:00"})
    EXPECT_THROW(calcsim::units::parse_clock(bad), std::invalid_argument) << bad;
  try {
    calcsim::units::parse_clock("25:00");
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_CONTAINS(std::string(e.what()), "HH:MM");
    EXPECT_CONTAINS(std::string(e.what()), "hours run from 00 to 23");
  }
}

TEST(UnitsFormat, DurationsAreCompact) {
  using calcsim::units::format_duration;
  EXPECT_EQ(format_duration(30.0), "30d");
  EXPECT_EQ(format_duration(7.0), "7d");
  EXPECT_EQ(format_duration(0.0), "0d");
  EXPECT_EQ(format_duration(182.625), "6mo");
  EXPECT_EQ(format_duration(365.25 / 12.0), "1mo");
  EXPECT_EQ(format_duration(365.25), "1y");
  EXPECT_EQ(format_duration(3652.5), "10y");
  EXPECT_EQ(format_duration(547.875), "1.5y");
  EXPECT_EQ(format_duration(365.0), "365d");
  EXPECT_EQ(format_duration(0.25), "6h");
}

TEST(UnitsFormat, FormattedDurationsParseBack) {
  for (double days : {30.0, 182.625, 3652.5, 547.875, 7.0}) {
    const std::string text = calcsim::units::format_duration(days);
    EXPECT_DOUBLE_EQ(parse(text, Dimension::Duration), days) << text;
  }
}

}  // namespace
