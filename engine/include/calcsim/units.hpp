#pragma once
// Quantities with units, as written in scenario files and on the command line:
// "180 mcg", "45 mg", "1000 IU", "1.2 g", "900 mg/day", "10 years", "4 h",
// "90 mL/min/1.73m2". Every value the engine reads carries its unit; a number
// without one is an error, never a silent default.
#include <string>
#include <string_view>
#include <vector>

namespace calcsim::units {

enum class Dimension {
  Mass,          // canonical: microgram
  VitaminD,      // canonical: microgram of cholecalciferol (40 IU = 1 mcg)
  MassPerDay,    // canonical: microgram per day
  VitaminDPerDay,// canonical: microgram per day (IU/day accepted)
  Duration,      // canonical: day
  Age,           // canonical: year
  FilterRate,    // canonical: mL/min/1.73m2 (eGFR)
  Score,         // canonical: Agatston unit (AU)
  Pressure,      // canonical: mmHg (kPa accepted)
  VitaminDStatus,// canonical: nmol/L of 25(OH)D (ng/mL accepted)
};

struct Quantity {
  double value = 0.0;
  std::string unit;
};

// Splits "180 mcg" into number and unit. Throws std::invalid_argument with a
// message saying what was expected when the text is not "<number> <unit>".
Quantity split(std::string_view text);

// Converts text to the canonical unit of the dimension. Throws
// std::invalid_argument naming the accepted units when the unit is missing or
// belongs to another dimension; the caller adds file, line and key.
double parse(std::string_view text, Dimension dim);

// The units accepted for a dimension, for error messages ("mcg, mg, g").
std::string accepted_units(Dimension dim);

// The canonical unit's symbol ("mcg", "day", ...).
std::string canonical_unit(Dimension dim);

// Parses a clock time "07:30" into a fraction of a day.
double parse_clock(std::string_view text);

// Formats a duration in days compactly for tables: "30d", "6mo", "10y".
std::string format_duration(double days);

inline constexpr double days_per_year = 365.25;
inline constexpr double mcg_per_iu_vitamin_d = 0.025;

}  // namespace calcsim::units
