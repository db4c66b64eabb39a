// The parameter registry and Params: every row is complete and consistent,
// every parameter can be read and set by its dotted name, and every way of
// setting one wrongly is an InputError that names the parameter.
#include <gtest/gtest.h>

#include "test_support.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "calcsim/errors.hpp"
#include "calcsim/parameters.hpp"

namespace {

using calcsim::InputError;
using calcsim::ParameterInfo;
using calcsim::Params;
using calcsim::parameter_registry;

using calcsim::testing::contains;
using calcsim::testing::Failure;
using calcsim::testing::failure_of;

std::string name_of(const ParameterInfo& p) { return std::string(p.name); }

// Joins strings with append (operator+ on temporaries trips GCC 12's
// -Wrestrict false positive under -O2).
template <class... Parts>
std::string concat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

// --- The registry ------------------------------------------------------------

TEST(ParameterRegistry, HasARowPerParamsField) {
  EXPECT_EQ(parameter_registry().size(), calcsim::parameter_count);
  EXPECT_GT(calcsim::parameter_count, 50u);
}

TEST(ParameterRegistry, EveryRowIsDocumented) {
  for (const auto& p : parameter_registry()) {
    SCOPED_TRACE(name_of(p));
    EXPECT_FALSE(p.name.empty());
    EXPECT_FALSE(p.unit.empty()) << "dimensionless parameters use the unit \"1\"";
    EXPECT_FALSE(p.description.empty());
    EXPECT_FALSE(p.source.empty()) << "unanchored values say \"hypothetical\"";
  }
}

TEST(ParameterRegistry, RangesAreOrderedAndHoldTheDefault) {
  for (const auto& p : parameter_registry()) {
    SCOPED_TRACE(name_of(p));
    EXPECT_TRUE(std::isfinite(p.min) && std::isfinite(p.max) && std::isfinite(p.default_value));
    EXPECT_LT(p.min, p.max);
    EXPECT_GE(p.default_value, p.min);
    EXPECT_LE(p.default_value, p.max);
  }
}

TEST(ParameterRegistry, NamesAreUniqueDottedAndLowercase) {
  const std::regex dotted("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");
  std::set<std::string> seen;
  for (const auto& p : parameter_registry()) {
    const std::string name = name_of(p);
    EXPECT_TRUE(std::regex_match(name, dotted)) << "'" << name << "' is not a dotted lowercase name";
    EXPECT_TRUE(seen.insert(name).second) << "'" << name << "' is registered twice";
  }
}

TEST(ParameterRegistry, FindParameterReturnsTheRow) {
  for (const auto& p : parameter_registry()) {
    const ParameterInfo* found = calcsim::find_parameter(p.name);
    ASSERT_NE(found, nullptr) << name_of(p);
    EXPECT_EQ(found, &p) << name_of(p);
  }
  EXPECT_EQ(calcsim::find_parameter("nosuch.param"), nullptr);
  EXPECT_EQ(calcsim::find_parameter(""), nullptr);
  EXPECT_EQ(calcsim::find_parameter("MK7.HALF_LIFE"), nullptr) << "names are case-sensitive";
}

TEST(ParameterRegistry, HypotheticalFollowsTheSource) {
  for (const auto& p : parameter_registry())
    EXPECT_EQ(p.hypothetical(), p.source.substr(0, 12) == "hypothetical") << name_of(p);
  ASSERT_NE(calcsim::find_parameter("pth.calcitriol_exponent"), nullptr);
  EXPECT_TRUE(calcsim::find_parameter("pth.calcitriol_exponent")->hypothetical());
  ASSERT_NE(calcsim::find_parameter("ecf.volume"), nullptr);
  EXPECT_FALSE(calcsim::find_parameter("ecf.volume")->hypothetical());
}

// --- Params::get and Params::set --------------------------------------------------

TEST(Params, DefaultsMatchTheRegistry) {
  const Params p;
  for (const auto& info : parameter_registry()) {
    const std::optional<double> v = p.get(info.name);
    ASSERT_TRUE(v.has_value()) << name_of(info);
    EXPECT_EQ(*v, info.default_value) << name_of(info);
  }
}

TEST(Params, GetOfAnUnknownNameIsEmpty) {
  const Params p;
  EXPECT_FALSE(p.get("nosuch.param").has_value());
  EXPECT_FALSE(p.get("").has_value());
  EXPECT_FALSE(p.get("mk7.half_life ").has_value());
}

TEST(Params, SetAndGetRoundTripForEveryParameter) {
  const auto& reg = parameter_registry();
  for (const auto& info : reg) {
    SCOPED_TRACE(name_of(info));
    for (const double value : {info.min, info.max, 0.5 * (info.min + info.max)}) {
      Params p;
      ASSERT_NO_THROW(p.set(info.name, value)) << value;
      ASSERT_TRUE(p.get(info.name).has_value());
      EXPECT_EQ(*p.get(info.name), value);
      // Only that field changed.
      for (const auto& other : reg)
        if (other.name != info.name) {
          EXPECT_EQ(*p.get(other.name), other.default_value) << name_of(other);
        }
    }
  }
}

TEST(Params, SetWritesTheNamedField) {
  Params p;
  p.set("mk7.half_life", 72.0);
  EXPECT_EQ(p.mk7_half_life, 72.0);
  p.set("ecf.volume", 10.0);
  EXPECT_EQ(p.ecf_volume, 10.0);
  p.set("artery.score_per_mmol", 500.0);
  EXPECT_EQ(p.art_au_per_mmol, 500.0);
}

TEST(Params, OutOfRangeValuesThrowNamingTheKey) {
  for (const auto& info : parameter_registry()) {
    SCOPED_TRACE(name_of(info));
    const double span = info.max - info.min;
    for (const double bad : {info.max + 0.5 * span, info.min - 0.5 * span, std::nextafter(info.max, 1e300),
                             std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity()}) {
      Params p;
      const Failure f = failure_of([&] { p.set(info.name, bad); });
      ASSERT_TRUE(f.thrown) << "value " << bad << " was accepted";
      EXPECT_EQ(f.where.key, name_of(info));
      EXPECT_CONTAINS(f.message, name_of(info));
      EXPECT_CONTAINS(f.message, "outside the valid range");
      EXPECT_EQ(*p.get(info.name), info.default_value) << "a rejected value leaves the parameter unchanged";
    }
  }
}

TEST(Params, OutOfRangeMessageShowsTheRangeAndUnit) {
  Params p;
  const Failure f = failure_of([&] { p.set("mk7.half_life", 100000.0); });
  ASSERT_TRUE(f.thrown);
  const ParameterInfo* info = calcsim::find_parameter("mk7.half_life");
  ASSERT_NE(info, nullptr);
  EXPECT_CONTAINS(f.message, "100000");
  EXPECT_CONTAINS(f.message, std::string(info->unit));
  EXPECT_EQ(f.where.option, "params");
  EXPECT_EQ(f.message.find("--"), std::string::npos) << "engine messages name keys, not command-line flags";
}

TEST(Params, UnknownNameThrowsWithDidYouMean) {
  Params p;
  const Failure typo = failure_of([&] { p.set("mk7.half_lif", 72.0); });
  ASSERT_TRUE(typo.thrown);
  EXPECT_EQ(typo.where.key, "mk7.half_lif");
  EXPECT_CONTAINS(typo.message, "unknown parameter 'mk7.half_lif'");
  EXPECT_CONTAINS(typo.message, "did you mean 'mk7.half_life'?");

  const Failure far = failure_of([&] { p.set("zzzzzzzzzzzz", 1.0); });
  ASSERT_TRUE(far.thrown);
  EXPECT_CONTAINS(far.message, "unknown parameter 'zzzzzzzzzzzz'");
  EXPECT_FALSE(contains(far.message, "did you mean")) << far.message;
}

TEST(Params, ClosestParameterName) {
  EXPECT_EQ(calcsim::closest_parameter_name("mk7.halflife"), "mk7.half_life");
  EXPECT_EQ(calcsim::closest_parameter_name("ecf.volme"), "ecf.volume");
  EXPECT_EQ(calcsim::closest_parameter_name("zzzzzzzzzzzz"), "");
  for (const auto& info : parameter_registry())
    EXPECT_EQ(calcsim::closest_parameter_name(info.name), name_of(info)) << "an exact name is its own closest";
}

// --- Params::set_from_text, as used by --set ------------------------------------

TEST(ParamsFromText, PlainNumber) {
  Params p;
  p.set_from_text("mk7.half_life=72");
  EXPECT_EQ(p.mk7_half_life, 72.0);
  p.set_from_text("ca.plasma_ref=2.4");
  EXPECT_EQ(p.ca_ref, 2.4);
  p.set_from_text("mk7.half_life=1.5e2");
  EXPECT_EQ(p.mk7_half_life, 150.0);
  p.set_from_text("mk7.half_life=+80");
  EXPECT_EQ(p.mk7_half_life, 80.0);
}

TEST(ParamsFromText, NumberWithTheParametersOwnUnit) {
  Params p;
  p.set_from_text("mk7.half_life=72 h");
  EXPECT_EQ(p.mk7_half_life, 72.0);
  p.set_from_text("mk7.half_life=96h");
  EXPECT_EQ(p.mk7_half_life, 96.0);
  p.set_from_text("ecf.volume=12 L");
  EXPECT_EQ(p.ecf_volume, 12.0);
  p.set_from_text("d25.response=1.2 nmol/L per mcg/day");
  EXPECT_EQ(p.d25_response, 1.2);
  p.set_from_text("renal.gfr_ref=90 mL/min/1.73m2");
  EXPECT_EQ(p.gfr_ref, 90.0);
}

TEST(ParamsFromText, SpacesAroundNameAndValueAreIgnored) {
  Params p;
  p.set_from_text("  mk7.half_life =  60 h ");
  EXPECT_EQ(p.mk7_half_life, 60.0);
}

TEST(ParamsFromText, EveryParameterAcceptsAValueWithAndWithoutItsUnit) {
  for (const auto& info : parameter_registry()) {
    SCOPED_TRACE(name_of(info));
    Params p;
    p.set(info.name, info.min);
    ASSERT_NO_THROW(p.set_from_text(concat(info.name, "=", std::to_string(info.max))));
    EXPECT_NEAR(*p.get(info.name), info.max, 1e-6 * std::abs(info.max));
    ASSERT_NO_THROW(p.set_from_text(concat(info.name, "=", std::to_string(info.min), " ", info.unit)));
    EXPECT_NEAR(*p.get(info.name), info.min, 1e-6 * std::abs(info.min) + 1e-12);
  }
}

// The text is rejected with an InputError whose key is `key` and whose
// message contains each fragment; the parameters are left unchanged.
void expect_rejected(const std::string& assignment, const std::string& key,
                     std::initializer_list<std::string> fragments) {
  SCOPED_TRACE("--set " + assignment);
  Params p;
  const Failure f = failure_of([&] { p.set_from_text(assignment); });
  ASSERT_TRUE(f.thrown) << "accepted";
  EXPECT_EQ(f.where.option, "params");
  EXPECT_EQ(f.where.file, "");
  EXPECT_EQ(f.where.key, key);
  for (const auto& fragment : fragments) EXPECT_CONTAINS(f.message, fragment);
  const Params untouched;
  for (const auto& info : parameter_registry()) EXPECT_EQ(*p.get(info.name), *untouched.get(info.name));
}

TEST(ParamsFromText, MalformedAssignmentsAreRejected) {
  expect_rejected("mk7.half_life", "mk7.half_life", {"expected NAME=VALUE"});
  expect_rejected("=72", "=72", {"expected NAME=VALUE"});
  expect_rejected("", "", {"expected NAME=VALUE"});
  expect_rejected("mk7.half_life=", "mk7.half_life", {"expected a number in h", "''"});
  expect_rejected("mk7.half_life=abc", "mk7.half_life", {"expected a number in h", "'abc'"});
  expect_rejected("mk7.half_life==72", "mk7.half_life", {"expected a number"});
  expect_rejected("mk7.half_life=72 hours", "mk7.half_life", {"expected a number in h", "'72 hours'"});
  expect_rejected("mk7.half_life=3 day", "mk7.half_life", {"expected a number in h"});
  expect_rejected("mk7.half_life=72 h h", "mk7.half_life", {"expected a number"});
  expect_rejected("mk7.half_life=nan", "mk7.half_life", {"expected a number"});
  expect_rejected("mk7.half_life=inf", "mk7.half_life", {"expected a number"});
  expect_rejected("mk7.half_life=1,5", "mk7.half_life", {"expected a number"});
}

// A dimensionless parameter (unit "1") is written without a unit: "[0, 2]",
// not "[0, 2] 1", and a letter after its number is not "not the unit (1)".
TEST(ParamsFromText, DimensionlessParametersAreWrittenWithoutAUnit) {
  int dimensionless = 0;
  for (const auto& info : parameter_registry()) {
    if (std::string_view(info.unit) != "1") continue;
    ++dimensionless;
    SCOPED_TRACE(info.name);
    Params p;
    const Failure range = failure_of([&] { p.set(info.name, info.max + 1.0 + std::abs(info.max)); });
    ASSERT_TRUE(range.thrown);
    EXPECT_TRUE(range.message.ends_with("]")) << range.message;
    const Failure letter = failure_of([&] { p.set_from_text(concat(info.name, "=1x")); });
    ASSERT_TRUE(letter.thrown);
    EXPECT_CONTAINS(letter.message, "expected a plain number (the parameter is dimensionless)");
    EXPECT_CONTAINS(letter.message, "'x' follows the number, which takes no unit");
    EXPECT_EQ(letter.message.find("(1)"), std::string::npos) << letter.message;
  }
  EXPECT_GT(dimensionless, 10) << "the registry's ratios, exponents and fractions";
}

TEST(ParamsFromText, UnknownNameIsRejectedWithDidYouMean) {
  expect_rejected("mk7.half_lif=72", "mk7.half_lif", {"unknown parameter 'mk7.half_lif'", "did you mean 'mk7.half_life'?"});
  expect_rejected("nosuch.param=1", "nosuch.param", {"unknown parameter 'nosuch.param'", "calcsim params"});
}

TEST(ParamsFromText, OutOfRangeValueIsRejected) {
  expect_rejected("mk7.half_life=100000", "mk7.half_life", {"outside the valid range"});
  expect_rejected("mk7.half_life=100000 h", "mk7.half_life", {"outside the valid range"});
  expect_rejected("ecf.volume=-1", "ecf.volume", {"outside the valid range"});
}


// --- Units: every registry unit is known, and the model sees internal units --------

TEST(ParameterUnits, AnUnknownUnitIsRejectedNamingTheKnownOnes) {
  try {
    (void)calcsim::parameter_unit("furlong/fortnight");
    FAIL() << "an unknown unit was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_TRUE(contains(e.what(), "unknown parameter unit 'furlong/fortnight'")) << e.what();
    EXPECT_TRUE(contains(e.what(), "min, h, day")) << e.what();
  }
  EXPECT_THROW((void)calcsim::to_internal(1.0, "hours"), std::invalid_argument);
}

TEST(ParameterUnits, EveryRegistryUnitIsKnown) {
  for (const auto& info : parameter_registry()) EXPECT_NO_THROW((void)calcsim::parameter_unit(info.unit)) << info.name;
}

TEST(ParameterUnits, TimesBecomeDaysAndRatesPerDay) {
  // The same half-life written in minutes and in hours is the same number of days.
  EXPECT_DOUBLE_EQ(calcsim::to_internal(6.0, "min"), calcsim::to_internal(0.1, "h"));
  EXPECT_DOUBLE_EQ(calcsim::to_internal(6.0, "min"), 6.0 / 1440.0);
  EXPECT_DOUBLE_EQ(calcsim::to_internal(36.0, "h"), 1.5);
  EXPECT_DOUBLE_EQ(calcsim::to_internal(15.0, "day"), 15.0);
  EXPECT_DOUBLE_EQ(calcsim::to_internal(0.5, "1/h"), 12.0);
  EXPECT_DOUBLE_EQ(calcsim::to_internal(0.548, "mmol/h"), 0.548 * 24.0);
  EXPECT_DOUBLE_EQ(calcsim::to_internal(10.0, "L/h"), 240.0);
  EXPECT_DOUBLE_EQ(calcsim::to_internal(0.1, "1/year"), 0.1 / 365.25);
  // Ages stay on the age clock, in years.
  EXPECT_DOUBLE_EQ(calcsim::to_internal(60.0, "year of age"), 60.0);
  EXPECT_DOUBLE_EQ(calcsim::to_internal(2.35, "mmol/L"), 2.35);
}

TEST(ParameterUnits, InternalParamsConvertEveryField) {
  Params p;
  p.set("pth.half_life", 6.0);  // min
  p.set("calcitriol.half_life", 7.0);  // h
  p.set("mk7.absorption_rate", 1.2);  // 1/h
  const Params q = calcsim::in_internal_units(p);
  EXPECT_DOUBLE_EQ(q.pth_half_life, 6.0 / 1440.0);
  EXPECT_DOUBLE_EQ(q.calcitriol_half_life, 7.0 / 24.0);
  EXPECT_DOUBLE_EQ(q.mk7_absorption_rate, 1.2 * 24.0);
  EXPECT_DOUBLE_EQ(q.bone_turnover, p.bone_turnover / 365.25);
  for (const auto& info : parameter_registry()) {
    const calcsim::ParameterUnit& u = calcsim::parameter_unit(info.unit);
    EXPECT_DOUBLE_EQ(*q.get(info.name), *p.get(info.name) * u.multiply / u.divide) << info.name;
  }
}

}  // namespace
