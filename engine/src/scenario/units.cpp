#include "calcsim/units.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/text.hpp"

namespace calcsim::units {
namespace {

// One accepted spelling of a unit and its factor to the canonical unit.
struct UnitSpelling {
  std::string_view spelling;  // lower case, without spaces
  double factor;
};

constexpr double mcg_per_mg = 1e3;
constexpr double mcg_per_g = 1e6;
constexpr double days_per_month = days_per_year / 12.0;

// Mass spellings, also the stems of the per-day spellings.
constexpr std::array mass_units{
    UnitSpelling{"mcg", 1.0},          UnitSpelling{"\xC2\xB5g", 1.0},  // micro sign
    UnitSpelling{"\xCE\xBCg", 1.0},    // Greek mu
    UnitSpelling{"ug", 1.0},           UnitSpelling{"microgram", 1.0},
    UnitSpelling{"micrograms", 1.0},   UnitSpelling{"mg", mcg_per_mg},
    UnitSpelling{"milligram", mcg_per_mg}, UnitSpelling{"milligrams", mcg_per_mg},
    UnitSpelling{"g", mcg_per_g},      UnitSpelling{"gram", mcg_per_g},
    UnitSpelling{"grams", mcg_per_g},
};

constexpr std::array vitamin_d_units{
    UnitSpelling{"iu", mcg_per_iu_vitamin_d},
    UnitSpelling{"mcg", 1.0},          UnitSpelling{"\xC2\xB5g", 1.0},
    UnitSpelling{"\xCE\xBCg", 1.0},    UnitSpelling{"ug", 1.0},
    UnitSpelling{"microgram", 1.0},    UnitSpelling{"micrograms", 1.0},
    UnitSpelling{"mg", mcg_per_mg},    UnitSpelling{"milligram", mcg_per_mg},
    UnitSpelling{"milligrams", mcg_per_mg},
};

constexpr std::array duration_units{
    UnitSpelling{"min", 1.0 / 1440.0},   UnitSpelling{"minute", 1.0 / 1440.0},
    UnitSpelling{"minutes", 1.0 / 1440.0}, UnitSpelling{"h", 1.0 / 24.0},
    UnitSpelling{"hour", 1.0 / 24.0},    UnitSpelling{"hours", 1.0 / 24.0},
    UnitSpelling{"d", 1.0},              UnitSpelling{"day", 1.0},
    UnitSpelling{"days", 1.0},           UnitSpelling{"w", 7.0},
    UnitSpelling{"week", 7.0},           UnitSpelling{"weeks", 7.0},
    UnitSpelling{"mo", days_per_month},  UnitSpelling{"month", days_per_month},
    UnitSpelling{"months", days_per_month}, UnitSpelling{"y", days_per_year},
    UnitSpelling{"year", days_per_year}, UnitSpelling{"years", days_per_year},
};

constexpr std::array age_units{
    UnitSpelling{"y", 1.0}, UnitSpelling{"year", 1.0}, UnitSpelling{"years", 1.0},
};

constexpr std::array filter_rate_units{
    UnitSpelling{"ml/min/1.73m2", 1.0},
    UnitSpelling{"ml/min/1.73m\xC2\xB2", 1.0},  // superscript two
    UnitSpelling{"ml/min", 1.0},
};

constexpr std::array score_units{UnitSpelling{"au", 1.0}};

constexpr double mmhg_per_kpa = 7.50062;
constexpr std::array pressure_units{UnitSpelling{"mmhg", 1.0}, UnitSpelling{"kpa", mmhg_per_kpa}};

// 25(OH)D3 is 400.6 g/mol: 1 ng/mL is 2.496 nmol/L, as laboratories convert.
constexpr double nmol_per_l_per_ng_per_ml_d25 = 2.496;
constexpr std::array vitamin_d_status_units{UnitSpelling{"nmol/l", 1.0},
                                            UnitSpelling{"ng/ml", nmol_per_l_per_ng_per_ml_d25}};

constexpr std::array per_day_suffixes{std::string_view{"/day"}, std::string_view{"/d"}};

// "mL / min" -> "ml/min": lower case, spaces removed.
std::string normalise_unit(std::string_view unit) {
  std::string out = text::lower(unit);
  std::erase_if(out, [](char c) { return c == ' ' || c == '\t'; });
  return out;
}

template <std::size_t N>
std::optional<double> factor_in(const std::array<UnitSpelling, N>& table, std::string_view unit) {
  for (const auto& u : table)
    if (u.spelling == unit) return u.factor;
  return std::nullopt;
}

// "mg/day" -> factor of "mg" in `stems`, when the unit ends with a per-day suffix.
template <std::size_t N>
std::optional<double> per_day_factor(const std::array<UnitSpelling, N>& stems, std::string_view unit) {
  for (auto suffix : per_day_suffixes)
    if (unit.size() > suffix.size() && unit.ends_with(suffix))
      return factor_in(stems, unit.substr(0, unit.size() - suffix.size()));
  return std::nullopt;
}

// Factor from `unit` (normalised) to the canonical unit of `dim`, if it belongs to it.
std::optional<double> factor_for(std::string_view unit, Dimension dim) {
  switch (dim) {
    case Dimension::Mass: return factor_in(mass_units, unit);
    case Dimension::VitaminD: return factor_in(vitamin_d_units, unit);
    case Dimension::MassPerDay: return per_day_factor(mass_units, unit);
    case Dimension::VitaminDPerDay: return per_day_factor(vitamin_d_units, unit);
    case Dimension::Duration: return factor_in(duration_units, unit);
    case Dimension::Age: return factor_in(age_units, unit);
    case Dimension::FilterRate: return factor_in(filter_rate_units, unit);
    case Dimension::Score: return factor_in(score_units, unit);
    case Dimension::Pressure: return factor_in(pressure_units, unit);
    case Dimension::VitaminDStatus: return factor_in(vitamin_d_status_units, unit);
  }
  return std::nullopt;
}

// What a quantity of the dimension is called in messages: "unit 'L' is not a mass".
std::string_view noun(Dimension dim) {
  switch (dim) {
    case Dimension::Mass: return "a mass";
    case Dimension::VitaminD: return "an amount of vitamin D";
    case Dimension::MassPerDay: return "an amount per day";
    case Dimension::VitaminDPerDay: return "an amount of vitamin D per day";
    case Dimension::Duration: return "a duration";
    case Dimension::Age: return "an age";
    case Dimension::FilterRate: return "a filtration rate (eGFR)";
    case Dimension::Score: return "a calcification score";
    case Dimension::Pressure: return "a blood pressure";
    case Dimension::VitaminDStatus: return "a 25(OH)D level";
  }
  return "a quantity";
}

// An example quantity of the dimension, for messages.
std::string_view example(Dimension dim) {
  switch (dim) {
    case Dimension::Mass: return "180 mcg";
    case Dimension::VitaminD: return "1000 IU";
    case Dimension::MassPerDay: return "900 mg/day";
    case Dimension::VitaminDPerDay: return "400 IU/day";
    case Dimension::Duration: return "10 years";
    case Dimension::Age: return "58 years";
    case Dimension::FilterRate: return "90 mL/min/1.73m2";
    case Dimension::Score: return "30 AU";
    case Dimension::Pressure: return "135 mmHg";
    case Dimension::VitaminDStatus: return "50 nmol/L";
  }
  return "1 unit";
}

// All spellings of a dimension's units, for did-you-mean hints.
std::vector<std::string> spellings(Dimension dim) {
  const auto add = [](auto& out, const auto& table, std::string_view suffix = {}) {
    for (const auto& u : table) out.push_back(std::string(u.spelling) + std::string(suffix));
  };
  std::vector<std::string> out;
  switch (dim) {
    case Dimension::Mass: add(out, mass_units); break;
    case Dimension::VitaminD: add(out, vitamin_d_units); break;
    case Dimension::MassPerDay: add(out, mass_units, "/day"); break;
    case Dimension::VitaminDPerDay: add(out, vitamin_d_units, "/day"); break;
    case Dimension::Duration: add(out, duration_units); break;
    case Dimension::Age: add(out, age_units); break;
    case Dimension::FilterRate: add(out, filter_rate_units); break;
    case Dimension::Score: add(out, score_units); break;
    case Dimension::Pressure: add(out, pressure_units); break;
    case Dimension::VitaminDStatus: add(out, vitamin_d_status_units); break;
  }
  return out;
}

// A suggestion only when it keeps part of what was written: "mgs" -> "mg",
// but not "kg" -> "h".
std::string did_you_mean(std::string_view unit, Dimension dim) {
  const auto names = spellings(dim);
  const std::vector<std::string_view> views(names.begin(), names.end());
  const std::string best = text::closest_match(unit, views);
  if (best.empty() || text::edit_distance(unit, best) >= unit.size()) return {};
  return " (did you mean '" + best + "'?)";
}

constexpr std::array all_dimensions{Dimension::Mass,     Dimension::VitaminD, Dimension::MassPerDay,
                                    Dimension::VitaminDPerDay, Dimension::Duration, Dimension::Age,
                                    Dimension::FilterRate, Dimension::Score, Dimension::Pressure,
                                    Dimension::VitaminDStatus};

// Extra advice when the unit belongs to a neighbouring dimension.
std::string neighbour_hint(std::string_view unit, Dimension dim) {
  const bool is_dose = dim == Dimension::Mass || dim == Dimension::VitaminD;
  const bool is_rate = dim == Dimension::MassPerDay || dim == Dimension::VitaminDPerDay;
  if (is_dose && (factor_for(unit, Dimension::MassPerDay) || factor_for(unit, Dimension::VitaminDPerDay)))
    return " (give the amount of one dose, such as '180 mcg'; the schedule says how often)";
  if (is_rate && (factor_for(unit, Dimension::Mass) || factor_for(unit, Dimension::VitaminD)))
    return " (give an amount per day, such as '" + std::string(example(dim)) + "')";
  if (dim == Dimension::Age && factor_for(unit, Dimension::Duration))
    return " (give ages in years, such as '58 years')";
  if ((dim == Dimension::Mass || dim == Dimension::MassPerDay) &&
      (factor_for(unit, Dimension::VitaminD) || factor_for(unit, Dimension::VitaminDPerDay)))
    return " (IU are used only for vitamin D: vitamin_d3 doses and the diet's vitamin_d)";
  // A unit of another kind altogether: "mg" for a duration, "years" for a dose.
  for (const Dimension other : all_dimensions)
    if (factor_for(unit, other)) return " (it measures " + std::string(noun(other)) + ")";
  return {};
}

[[noreturn]] void wrong_unit(std::string_view unit, Dimension dim) {
  std::string hint = neighbour_hint(normalise_unit(unit), dim);
  if (hint.empty()) hint = did_you_mean(normalise_unit(unit), dim);
  throw std::invalid_argument("unit '" + text::shortened(unit) + "' is not " + std::string(noun(dim)) +
                              hint + "; accepted units: " + accepted_units(dim));
}

// The number at the start of `t` and where it ends; nullopt when there is none.
std::optional<std::pair<double, std::size_t>> leading_number(const std::string& t) {
  const char* begin = t.data();
  const char* end = t.data() + t.size();
  const char* start = (begin != end && *begin == '+') ? begin + 1 : begin;
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(start, end, value);
  if (ec == std::errc::result_out_of_range) value = std::numeric_limits<double>::infinity();
  else if (ec != std::errc() || ptr == start) return std::nullopt;
  return std::make_pair(value, static_cast<std::size_t>(ptr - begin));
}

// YAML's spellings of NaN and infinity (".nan", "-.Inf"), with or without a unit after them.
bool is_yaml_non_finite(std::string_view t) {
  if (!t.empty() && (t.front() == '+' || t.front() == '-')) t.remove_prefix(1);
  const std::string word = text::lower(t.substr(0, t.find_first_of(" \t")));
  return word == ".nan" || word == ".inf";
}

// Splits text into number and unit; the unit is empty for a bare number.
Quantity split_number_and_unit(std::string_view text) {
  const std::string t = text::trim(text);
  if (t.empty()) throw std::invalid_argument("no value given: expected a number followed by a unit");
  if (is_yaml_non_finite(t))
    throw std::invalid_argument("'" + text::shortened(t) + "' is not a finite number: expected a number followed by a unit");
  const auto number = leading_number(t);
  if (!number)
    throw std::invalid_argument("'" + text::shortened(t) + "' does not start with a number: expected a number followed by a unit");
  if (!std::isfinite(number->first))
    throw std::invalid_argument("'" + text::shortened(t) + "' is not a finite number");
  return Quantity{number->first, text::trim(std::string_view(t).substr(number->second))};
}

bool near_integer(double x) { return std::abs(x - std::round(x)) <= 1e-6 * std::max(1.0, std::abs(x)); }

}  // namespace

Quantity split(std::string_view text) {
  Quantity q = split_number_and_unit(text);
  if (q.unit.empty())
    throw std::invalid_argument("missing unit in '" + text::shortened(text::trim(text)) +
                                "': expected a number followed by a unit, such as '180 mcg'");
  return q;
}

double parse(std::string_view text, Dimension dim) {
  const Quantity q = split_number_and_unit(text);
  if (q.unit.empty())
    throw std::invalid_argument("missing unit: expected a quantity such as '" + std::string(example(dim)) +
                                "' (accepted units: " + accepted_units(dim) + ")");
  if (q.unit.front() == ',' || q.unit.front() == '.')
    throw std::invalid_argument("'" + text::shortened(text::trim(text)) + "' is not a number followed by a unit" +
                                " (write numbers without thousands separators, such as '" +
                                std::string(example(dim)) + "')");
  const auto factor = factor_for(normalise_unit(q.unit), dim);
  if (!factor) wrong_unit(q.unit, dim);
  if (q.value < 0.0)
    throw std::invalid_argument("'" + text::shortened(text::trim(text)) + "' is negative: " + std::string(noun(dim)) +
                                " must be zero or more");
  return q.value * *factor;
}

std::string accepted_units(Dimension dim) {
  switch (dim) {
    case Dimension::Mass: return "mcg, mg, g";
    case Dimension::VitaminD: return "IU, mcg, mg";
    case Dimension::MassPerDay: return "mcg/day, mg/day, g/day";
    case Dimension::VitaminDPerDay: return "IU/day, mcg/day";
    case Dimension::Duration: return "min, h, days, weeks, months, years";
    case Dimension::Age: return "years";
    case Dimension::FilterRate: return "mL/min/1.73m2";
    case Dimension::Score: return "AU";
    case Dimension::Pressure: return "mmHg, kPa";
    case Dimension::VitaminDStatus: return "nmol/L, ng/mL";
  }
  return {};
}

std::string canonical_unit(Dimension dim) {
  switch (dim) {
    case Dimension::Mass:
    case Dimension::VitaminD: return "mcg";
    case Dimension::MassPerDay:
    case Dimension::VitaminDPerDay: return "mcg/day";
    case Dimension::Duration: return "day";
    case Dimension::Age: return "year";
    case Dimension::FilterRate: return "mL/min/1.73m2";
    case Dimension::Score: return "AU";
    case Dimension::Pressure: return "mmHg";
    case Dimension::VitaminDStatus: return "nmol/L";
  }
  return {};
}

double parse_clock(std::string_view text) {
  const std::string t = text::trim(text);
  const auto bad = [&t](const std::string& why) {
    return std::invalid_argument("'" + text::shortened(t) + "' is not a clock time" + why +
                                 ": expected HH:MM on a 24-hour clock, such as '07:30'");
  };
  const auto colon = t.find(':');
  const bool digits_only = std::all_of(t.begin(), t.end(), [](char c) { return c == ':' || (c >= '0' && c <= '9'); });
  if (colon == std::string::npos || !digits_only || colon == 0 || colon > 2 || t.size() - colon - 1 != 2)
    throw bad("");
  const int hours = std::stoi(t.substr(0, colon));
  const int minutes = std::stoi(t.substr(colon + 1));
  if (hours >= 24) throw bad(" (hours run from 00 to 23)");
  if (minutes >= 60) throw bad(" (minutes run from 00 to 59)");
  return (hours * 60.0 + minutes) / 1440.0;
}

std::string format_duration(double days) {
  const double years = days / days_per_year;
  if (std::abs(years) >= 1.0 - 1e-9 && near_integer(years * 10.0)) return text::format_number(years) + "y";
  const double months = days / days_per_month;
  if (std::abs(months) >= 1.0 - 1e-9 && near_integer(months)) return text::format_number(std::round(months)) + "mo";
  if (std::abs(days) < 1.0 && days != 0.0 && near_integer(days * 24.0))
    return text::format_number(std::round(days * 24.0)) + "h";
  return text::format_number(days) + "d";
}

}  // namespace calcsim::units
