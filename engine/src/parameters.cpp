#include "calcsim/parameters.hpp"

#include <array>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "calcsim/errors.hpp"
#include "text.hpp"

namespace calcsim {
namespace {

constexpr std::array<ParameterInfo, parameter_count> registry{
#define X(field, name, value, unit, lo, hi, source, desc) \
  ParameterInfo{name, value, unit, lo, hi, source, desc},
#include "calcsim/parameter_list.inc"
#undef X
};

template <class Self>
auto* field_by_name(Self& self, std::string_view name) {
#define X(field, pname, value, unit, lo, hi, source, desc) \
  if (name == pname) return &self.field;
#include "calcsim/parameter_list.inc"
#undef X
  return static_cast<decltype(&self.ecf_volume)>(nullptr);
}

}  // namespace

const std::array<ParameterInfo, parameter_count>& parameter_registry() { return registry; }

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

std::optional<double> Params::get(std::string_view name) const {
  if (const double* v = field_by_name(*this, name)) return *v;
  return std::nullopt;
}

void Params::set(std::string_view name, double value) {
  const ParameterInfo* info = find_parameter(name);
  double* slot = field_by_name(*this, name);
  if (info == nullptr || slot == nullptr) {
    std::string msg = "unknown parameter '" + std::string(name) + "'";
    if (auto hint = closest_parameter_name(name); !hint.empty()) msg += " (did you mean '" + hint + "'?)";
    throw InputError(SourceLocation{"--set", 0, std::string(name)},
                     msg + "; `calcsim params` lists them all");
  }
  if (!std::isfinite(value) || value < info->min || value > info->max) {
    throw InputError(SourceLocation{"--set", 0, std::string(name)},
                     "value " + text::format_number(value) + " is outside the valid range [" +
                         text::format_number(info->min) + ", " + text::format_number(info->max) +
                         "] " + std::string(info->unit));
  }
  *slot = value;
}

void Params::set_from_text(std::string_view assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw InputError(SourceLocation{"--set", 0, std::string(assignment)},
                     "expected NAME=VALUE, for example mk7.half_life=72");
  }
  const std::string name = text::trim(assignment.substr(0, eq));
  const std::string value_text = text::trim(assignment.substr(eq + 1));
  const ParameterInfo* info = find_parameter(name);
  if (info == nullptr) set(name, 0.0);  // throws the unknown-name error with its hint
  const auto number = text::parse_number_with_unit(value_text, info->unit);
  if (!number) {
    throw InputError(SourceLocation{"--set", 0, name},
                     "expected a number in " + std::string(info->unit) + ", got '" + value_text + "'");
  }
  set(name, *number);
}

}  // namespace calcsim
