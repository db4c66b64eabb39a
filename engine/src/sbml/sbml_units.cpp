#include "sbml/sbml_units.hpp"

#include <array>
#include <cmath>
#include <stdexcept>
#include <vector>

#include <sbml/SBMLTypes.h>

namespace calcsim::sbml {
LIBSBML_CPP_NAMESPACE_USE  // libSBML names unqualified whether or not it was built with a namespace
namespace {

// One factor (multiplier * 10^scale * kind)^exponent, as SBML writes units.
struct Factor {
  UnitKind_t kind;
  double exponent;
  int scale;
  double multiplier;
};

struct UnitRow {
  std::string_view internal;  // as the engine writes it
  std::string_view id;        // the SBML unit definition's id
  std::vector<Factor> factors;
};

constexpr double seconds_per_day = 86400.0;
constexpr double seconds_per_year = 365.25 * seconds_per_day;  // the age clock's year (days_per_year)
constexpr double seconds_per_minute = 60.0;

const std::vector<UnitRow>& unit_rows() {
  const Factor per_day{UNIT_KIND_SECOND, -1.0, 0, seconds_per_day};
  const Factor per_litre{UNIT_KIND_LITRE, -1.0, 0, 1.0};
  static const std::vector<UnitRow> rows{
      {"1", "dimensionless", {{UNIT_KIND_DIMENSIONLESS, 1.0, 0, 1.0}}},
      {"day", "day", {{UNIT_KIND_SECOND, 1.0, 0, seconds_per_day}}},
      {"year of age", "year", {{UNIT_KIND_SECOND, 1.0, 0, seconds_per_year}}},
      {"1/day", "per_day", {per_day}},
      {"1/year of age", "per_year", {{UNIT_KIND_SECOND, -1.0, 0, seconds_per_year}}},
      {"mmol", "mmol", {{UNIT_KIND_MOLE, 1.0, -3, 1.0}}},
      {"nmol", "nmol", {{UNIT_KIND_MOLE, 1.0, -9, 1.0}}},
      {"g", "g", {{UNIT_KIND_GRAM, 1.0, 0, 1.0}}},
      {"mg", "mg", {{UNIT_KIND_GRAM, 1.0, -3, 1.0}}},
      {"mcg", "mcg", {{UNIT_KIND_GRAM, 1.0, -6, 1.0}}},
      {"L", "L", {{UNIT_KIND_LITRE, 1.0, 0, 1.0}}},
      {"m2", "m2", {{UNIT_KIND_METRE, 2.0, 0, 1.0}}},
      {"mmol/day", "mmol_per_day", {{UNIT_KIND_MOLE, 1.0, -3, 1.0}, per_day}},
      {"nmol/day", "nmol_per_day", {{UNIT_KIND_MOLE, 1.0, -9, 1.0}, per_day}},
      {"mcg/day", "mcg_per_day", {{UNIT_KIND_GRAM, 1.0, -6, 1.0}, per_day}},
      {"mg/day", "mg_per_day", {{UNIT_KIND_GRAM, 1.0, -3, 1.0}, per_day}},
      {"L/day", "L_per_day", {{UNIT_KIND_LITRE, 1.0, 0, 1.0}, per_day}},
      {"mmol/L", "mmol_per_L", {{UNIT_KIND_MOLE, 1.0, -3, 1.0}, per_litre}},
      {"nmol/L", "nmol_per_L", {{UNIT_KIND_MOLE, 1.0, -9, 1.0}, per_litre}},
      {"pmol/L", "pmol_per_L", {{UNIT_KIND_MOLE, 1.0, -12, 1.0}, per_litre}},
      {"mg/L", "mg_per_L", {{UNIT_KIND_GRAM, 1.0, -3, 1.0}, per_litre}},
      // Association constants.
      {"L/mmol", "L_per_mmol", {{UNIT_KIND_LITRE, 1.0, 0, 1.0}, {UNIT_KIND_MOLE, -1.0, -3, 1.0}}},
      // 25(OH)D sustained per microgram a day of vitamin D3.
      {"nmol/L per mcg/day",
       "nmol_per_L_per_mcg_per_day",
       {{UNIT_KIND_MOLE, 1.0, -9, 1.0}, per_litre, {UNIT_KIND_GRAM, -1.0, -6, 1.0}, {UNIT_KIND_SECOND, 1.0, 0, seconds_per_day}}},
      // eGFR: mL/min per 1.73 m2 of body surface, (sqrt(1.73) m)^-2.
      {"mL/min/1.73m2",
       "mL_per_min_per_1_73m2",
       {{UNIT_KIND_LITRE, 1.0, -3, 1.0}, {UNIT_KIND_SECOND, -1.0, 0, seconds_per_minute},
        {UNIT_KIND_METRE, -2.0, 0, std::sqrt(1.73)}}},
      // The Agatston score (AU) is a dimensionless count.
      {"AU/mmol", "AU_per_mmol", {{UNIT_KIND_MOLE, -1.0, -3, 1.0}}},
      {"AU^0.5", "dimensionless", {{UNIT_KIND_DIMENSIONLESS, 1.0, 0, 1.0}}},
      {"AU^0.5/day", "per_day", {per_day}},
  };
  return rows;
}

}  // namespace

std::string unit_id(Model& model, std::string_view internal_unit) {
  for (const UnitRow& row : unit_rows()) {
    if (row.internal != internal_unit) continue;
    const std::string id(row.id);
    if (id == "dimensionless" || model.getUnitDefinition(id) != nullptr) return id;
    UnitDefinition* def = model.createUnitDefinition();
    def->setId(id);
    def->setName(std::string(row.internal));
    for (const Factor& f : row.factors) {
      Unit* u = def->createUnit();
      u->setKind(f.kind);
      u->setExponent(f.exponent);
      u->setScale(f.scale);
      u->setMultiplier(f.multiplier);
    }
    return id;
  }
  throw std::logic_error("the SBML export has no unit definition for '" + std::string(internal_unit) +
                         "' (add it to engine/src/sbml/sbml_units.cpp)");
}

}  // namespace calcsim::sbml
