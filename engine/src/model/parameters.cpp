#include "calcsim/parameters.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "calcsim/errors.hpp"
#include "calcsim/outputs.hpp"
#include "calcsim/scenario.hpp"
#include "model/model.hpp"
#include "support/text.hpp"

namespace calcsim {
namespace {

constexpr std::array<ParameterInfo, parameter_count> registry{
#define X(field, name, value, unit, lo, hi, source, desc) \
  ParameterInfo{name, value, unit, lo, hi, source, desc},
#include "calcsim/parameter_list.inc"
#undef X
};

bool dimensionless(const ParameterInfo& info) { return text::is_dimensionless(info.unit); }

constexpr double hours_per_day = 24.0;
constexpr double minutes_per_day = 60.0 * hours_per_day;
constexpr double days_per_year = 365.25;

// The known units. A new registry unit must be added here (a static_assert
// below checks every registry row).
constexpr std::array units{
    ParameterUnit{"1", 1.0, 1.0, "1"},
    // Time: days. Ages and age spans stay on the age clock, in years.
    ParameterUnit{"min", 1.0, minutes_per_day, "day"},
    ParameterUnit{"h", 1.0, hours_per_day, "day"},
    ParameterUnit{"day", 1.0, 1.0, "day"},
    ParameterUnit{"year of age", 1.0, 1.0, "year of age"},
    ParameterUnit{"year", days_per_year, 1.0, "day"},
    // Rates: per day.
    ParameterUnit{"1/h", hours_per_day, 1.0, "1/day"},
    ParameterUnit{"1/year", 1.0, days_per_year, "1/day"},
    ParameterUnit{"1/year of age", 1.0, 1.0, "1/year of age"},
    ParameterUnit{"mmol/h", hours_per_day, 1.0, "mmol/day"},
    ParameterUnit{"mmol/day", 1.0, 1.0, "mmol/day"},
    ParameterUnit{"mcg/day", 1.0, 1.0, "mcg/day"},
    ParameterUnit{"mg/day", 1.0, 1.0, "mg/day"},
    ParameterUnit{"L/h", hours_per_day, 1.0, "L/day"},
    // Amounts, volumes, areas.
    ParameterUnit{"mmol", 1.0, 1.0, "mmol"},
    ParameterUnit{"g", 1.0, 1.0, "g"},
    ParameterUnit{"L", 1.0, 1.0, "L"},
    ParameterUnit{"m2", 1.0, 1.0, "m2"},
    ParameterUnit{"mmol/g", 1.0, 1.0, "mmol/g"},
    // Concentrations.
    ParameterUnit{"mmol/L", 1.0, 1.0, "mmol/L"},
    ParameterUnit{"nmol/L", 1.0, 1.0, "nmol/L"},
    ParameterUnit{"pmol/L", 1.0, 1.0, "pmol/L"},
    ParameterUnit{"mg/L", 1.0, 1.0, "mg/L"},
    ParameterUnit{"L/mmol", 1.0, 1.0, "L/mmol"},  // association constants
    ParameterUnit{"nmol/L per mcg/day", 1.0, 1.0, "nmol/L per mcg/day"},
    // Kidney function, as eGFR is given.
    ParameterUnit{"mL/min/1.73m2", 1.0, 1.0, "mL/min/1.73m2"},
    // Arterial calcium score.
    ParameterUnit{"AU/mmol", 1.0, 1.0, "AU/mmol"},
    ParameterUnit{"AU^0.5", 1.0, 1.0, "AU^0.5"},
    ParameterUnit{"AU^0.5/year", 1.0, days_per_year, "AU^0.5/day"},
    // Arterial stiffness and blood pressure; the age curvature is on the age clock.
    ParameterUnit{"m/s", 1.0, 1.0, "m/s"},
    ParameterUnit{"mmHg", 1.0, 1.0, "mmHg"},
    ParameterUnit{"1/mmHg", 1.0, 1.0, "1/mmHg"},
    ParameterUnit{"1/(year of age)^2", 1.0, 1.0, "1/(year of age)^2"},
};

constexpr const ParameterUnit* find_unit(std::string_view unit) {
  for (const auto& u : units)
    if (u.unit == unit) return &u;
  return nullptr;
}

constexpr bool every_registry_unit_is_known() {
  for (const auto& p : registry)
    if (find_unit(p.unit) == nullptr) return false;
  return true;
}
static_assert(every_registry_unit_is_known(), "a parameter_list.inc row uses a unit the units table does not know");

template <class Self>
auto* field_by_name(Self& self, std::string_view name) {
#define X(field, pname, value, unit, lo, hi, source, desc) \
  if (name == pname) return &self.field;
#include "calcsim/parameter_list.inc"
#undef X
  return static_cast<decltype(&self.ecf_volume)>(nullptr);
}

// Why a name that is not a parameter cannot be set, when it names something
// else the user may have meant: a computed output or state (read-only), or a
// setting of the scenario. Empty for other names. (Built with append: GCC 12
// warns falsely about "literal" + std::string temporaries.)
std::string not_a_parameter(std::string_view name) {
  std::string out(1, '\'');
  out.append(name).append("' is ");
  for (const auto& c : output_columns())
    if (c.name == name) return out.append("an output of the model (computed, read-only), not a parameter");
  const std::string_view state = name.starts_with("state.") ? name.substr(6) : name;
  for (const auto& s : model::state_info())
    if (s.name == state) return out.append("a state of the model (computed, read-only), not a parameter");
  for (const Agent a : all_agents())
    if (name == to_string(a).append(".dose"))
      return out.append("a dose, set in the scenario's interventions, not a parameter (to vary it, sweep over '")
          .append(name)
          .append("')");
  for (const std::string_view setting : {"duration", "output_every", "ageing", "name", "description"})
    if (name == setting) return out.append("a setting of the scenario, not a parameter: it is set by the scenario or by the run's own options");
  for (const std::string_view section : {"patient.", "diet.", "interventions", "arms"})
    if (name.starts_with(section))
      return out.append("part of the scenario, not a parameter: change it in the scenario file");
  return {};
}

}  // namespace

const std::array<ParameterInfo, parameter_count>& parameter_registry() { return registry; }

const std::vector<ParameterUnit>& parameter_units() {
  static const std::vector<ParameterUnit> list(units.begin(), units.end());
  return list;
}

const ParameterUnit& parameter_unit(std::string_view unit) {
  if (const ParameterUnit* u = find_unit(unit)) return *u;
  std::string known;
  for (const auto& u : units) known.append(known.empty() ? "" : ", ").append(u.unit);
  throw std::invalid_argument("unknown parameter unit '" + std::string(unit) + "' (known units: " + known + ")");
}

double to_internal(double value, std::string_view unit) {
  const ParameterUnit& u = parameter_unit(unit);
  return value * u.multiply / u.divide;
}

Params in_internal_units(const Params& p) {
  Params q;
#define X(field, name, value, unit, lo, hi, source, desc) q.field = to_internal(p.field, unit);
#include "calcsim/parameter_list.inc"
#undef X
  return q;
}

const ParameterInfo* find_parameter(std::string_view name) {
  for (const auto& p : registry)
    if (p.name == name) return &p;
  return nullptr;
}

std::string closest_parameter_name(std::string_view name) {
  std::vector<std::string_view> names;
  for (const auto& p : registry) names.push_back(p.name);
  return text::closest_match(name, names);
}

template <>
std::optional<double> Params::get(std::string_view name) const {
  if (const double* v = field_by_name(*this, name)) return *v;
  return std::nullopt;
}

template <>
void Params::set(std::string_view name, double value) {
  const ParameterInfo* info = find_parameter(name);
  double* slot = field_by_name(*this, name);
  if (info == nullptr || slot == nullptr) {
    std::string msg = not_a_parameter(name);
    if (msg.empty()) {
      msg = "unknown parameter '" + std::string(name) + "'";
      if (auto hint = closest_parameter_name(name); !hint.empty()) msg += " (did you mean '" + hint + "'?)";
    }
    throw InputError(SourceLocation::of_option("params", std::string(name)),
                     msg + "; `calcsim params` lists them all");
  }
  if (!std::isfinite(value) || value < info->min || value > info->max) {
    throw InputError(SourceLocation::of_option("params", std::string(name)),
                     "value " + text::format_number(value) + " is outside the valid range [" +
                         text::format_number(info->min) + ", " + text::format_number(info->max) + "]" +
                         text::unit_suffix(info->unit));
  }
  *slot = value;
}

template <>
void Params::set_from_text(std::string_view assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw InputError(SourceLocation::of_option("params", std::string(assignment)),
                     "expected NAME=VALUE, for example mk7.half_life=72");
  }
  const std::string name = text::trim(assignment.substr(0, eq));
  const std::string value_text = text::trim(assignment.substr(eq + 1));
  const ParameterInfo* info = find_parameter(name);
  if (info == nullptr) set(name, 0.0);  // throws the unknown-name error with its hint
  const auto number = text::parse_number_with_unit(value_text, info->unit);
  if (!number) {
    const std::string unit(info->unit);
    const std::string written = "'" + value_text + "'";
    std::string why;
    double v = 0.0;
    const char* first = value_text.data() + (value_text.starts_with('+') ? 1 : 0);
    const char* last = value_text.data() + value_text.size();
    const auto [end, ec] = std::from_chars(first, last, v);
    if (text::lower(value_text).find("nan") != std::string::npos || text::lower(value_text).find("inf") != std::string::npos ||
        ec == std::errc::result_out_of_range)
      why = ": not a finite number";
    else if (ec == std::errc() && end != last)
      why = ": '" + text::trim(std::string_view(end, static_cast<std::size_t>(last - end))) +
            (dimensionless(*info) ? "' follows the number, which takes no unit"
                                  : "' is not the parameter's unit (" + unit + "); give the value in " + unit);
    throw InputError(SourceLocation::of_option("params", name),
                     (dimensionless(*info) ? "expected a plain number (the parameter is dimensionless)"
                                           : "expected a number in " + unit) +
                         ", got " + written + why);
  }
  set(name, *number);
}

}  // namespace calcsim
