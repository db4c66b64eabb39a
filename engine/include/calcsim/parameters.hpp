#pragma once
// Named, unit-carrying model parameters. Each field of Params is one row of
// the registry (parameter_list.inc): the model reads fields by name, users
// read and override them by their dotted name ("mk7.half_life").
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace calcsim {

struct ParameterInfo {
  std::string_view name;
  double default_value;
  std::string_view unit;
  double min;
  double max;
  std::string_view source;
  std::string_view description;
  bool hypothetical() const { return source.substr(0, 12) == "hypothetical"; }
};

// The registry's values as fields of scalar type S: double for the engine,
// a symbolic expression when the model is exported (engine/src/sbml/), so
// that the same equations yield both numbers and formulas.
template <class S>
struct BasicParams {
#define X(field, name, value, unit, lo, hi, source, desc) S field = value;
#include "calcsim/parameter_list.inc"
#undef X

  // Value by dotted name; std::nullopt when no parameter has that name.
  std::optional<double> get(std::string_view name) const;
  // Sets a value by dotted name. Throws InputError for an unknown name (with a
  // did-you-mean suggestion) or a value outside the parameter's valid range.
  void set(std::string_view name, double value);
  // Sets from "name=value" text, as given to --set. The value may carry the
  // parameter's own unit ("mk7.half_life=72 h").
  void set_from_text(std::string_view assignment);
};
using Params = BasicParams<double>;
// Reading and setting by name exist for numeric parameters only.
template <>
std::optional<double> Params::get(std::string_view name) const;
template <>
void Params::set(std::string_view name, double value);
template <>
void Params::set_from_text(std::string_view assignment);

inline constexpr std::size_t parameter_count = 0
#define X(field, name, value, unit, lo, hi, source, desc) +1
#include "calcsim/parameter_list.inc"
#undef X
    ;

// A unit a registry row may use, and how a value in it becomes a value in the
// engine's internal units (time in days, ages in years, amounts in mmol, nmol,
// mcg or mg, volumes in L, concentrations as written): internal = value *
// multiply / divide (a pair, so that "/ 24" stays an exact division).
struct ParameterUnit {
  std::string_view unit;      // as the registry writes it
  double multiply;
  double divide;
  std::string_view internal;  // the internal unit
};

// Every unit the registry may use (docs/MODEL.md lists them).
const std::vector<ParameterUnit>& parameter_units();
// The row of a unit; throws std::invalid_argument naming the unit and the known
// units when the unit is not one of them.
const ParameterUnit& parameter_unit(std::string_view unit);
// A value given in `unit`, in internal units.
double to_internal(double value, std::string_view unit);
// The parameters with every value converted from its registry unit to the
// internal unit, once, when the model context is made (model::make_context).
Params in_internal_units(const Params& p);

// All registry rows, in declaration order.
const std::array<ParameterInfo, parameter_count>& parameter_registry();
const ParameterInfo* find_parameter(std::string_view name);
// The closest registered name, for "did you mean" hints ("" when none is close).
std::string closest_parameter_name(std::string_view name);

}  // namespace calcsim
