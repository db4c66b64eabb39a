// Scenarios: the built-in default, bundled and user files, YAML text, and
// the conversions between an engine Scenario and the Python dict of the
// scenario-file schema ("180 mcg", "10 years", "07:30": every quantity with
// its unit). The engine writes and reads the schema (scenario_yaml,
// parse_scenario); this file only turns YAML into Python objects and back.
// The Python layer edits such dicts and hands them back to the engine's own
// reader as a YAML tree (no text in between), so validation and units are
// identical to scenario files.
#include <yaml-cpp/yaml.h>

#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "calcsim/errors.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/units.hpp"
#include "analysis/experiments.hpp"
#include "register.hpp"
#include "scenario/scenario_tree.hpp"

namespace calcsim::python {
namespace {

// --- YAML text -> Python objects (any schema) ------------------------------------

bool is_number_text(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == 'E' || c == '+')) return false;
  return true;
}

// Scenario files are a few levels deep; a YAML anchor that contains its own
// alias ("a: &x [*x]") is a cycle that would recurse forever.
constexpr int max_nesting = 64;

[[noreturn]] void too_deep(std::string what) {
  if (what.size() > 60) {  // the key path of a recursive dict repeats itself
    what.resize(60);
    what.append("...");
  }
  throw InputError(SourceLocation::of_option(what),
                   cat("nested more than ", std::to_string(max_nesting),
                       " levels deep (is it recursive, a list or dict that contains itself?); a scenario needs "
                       "only a few levels"));
}

py::object yaml_to_py(const YAML::Node& n, const std::string& origin, int depth = 0) {
  if (depth > max_nesting) too_deep(origin);
  switch (n.Type()) {
    case YAML::NodeType::Sequence: {
      py::list out;
      for (const auto& item : n) out.append(yaml_to_py(item, origin, depth + 1));
      return out;
    }
    case YAML::NodeType::Map: {
      py::dict out;
      for (auto it = n.begin(); it != n.end(); ++it)
        out[py::str(it->first.IsScalar() ? it->first.Scalar() : std::string("?"))] =
            yaml_to_py(it->second, origin, depth + 1);
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string& s = n.Scalar();
      if (n.Tag() != "?") return py::str(s);  // quoted: always text
      if (s == "true" || s == "True" || s == "TRUE") return py::bool_(true);
      if (s == "false" || s == "False" || s == "FALSE") return py::bool_(false);
      if (is_number_text(s)) {
        long long i = 0;
        if (auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i); ec == std::errc() && p == s.data() + s.size())
          return py::int_(i);
        double v = 0.0;
        if (auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v); ec == std::errc() && p == s.data() + s.size())
          return py::float_(v);
      }
      return py::str(s);
    }
    default:
      return py::none();
  }
}

// The scenario as a dict of the scenario-file schema: the engine's own writer
// (scenario_yaml) read back as Python objects.
py::object scenario_dict(const Scenario& s) { return yaml_to_py(YAML::Load(scenario_yaml(s)), s.name); }

// --- Python objects -> YAML text ------------------------------------------------------

// The shortest text that reads back as the same double.
std::string number(double v) {
  std::array<char, 64> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  if (ec != std::errc()) return std::to_string(v);
  return std::string(buf.data(), end);
}


template <class Convert>
auto as_number(const py::handle& h, const std::string& where, const Convert& convert) {
  try {
    return convert(py::reinterpret_borrow<py::object>(h));
  } catch (const py::error_already_set&) {
    throw py::type_error(cat("cannot write ", py::repr(h).cast<std::string>(), " (at ",
                             where.empty() ? std::string("the scenario") : where,
                             ") into a scenario: expected one number or text with a unit, such as '180 mcg'"));
  }
}

std::string key_name(const py::handle& key, const std::string& where) {
  if (!py::isinstance<py::str>(key))
    throw py::type_error(cat("scenario keys must be strings; got ", py::repr(key).cast<std::string>(), " in ",
                             where.empty() ? std::string("the scenario") : where));
  return key.cast<std::string>();
}

[[noreturn]] void unwritable(const py::handle& h, const std::string& where) {
  throw py::type_error(cat("cannot write ", py::repr(h).cast<std::string>(), " (at ", where,
                           ") into a scenario: use strings with units ('180 mcg'), numbers, booleans, lists and "
                           "dicts"));
}

// --- Python objects -> a YAML tree (the engine's input) ---------------------------------

// The dict as the tree the engine's reader reads (read_scenario_tree): no
// text in between; a TypeError naming the key for what a scenario cannot hold.
YAML::Node tree(const py::handle& h, const std::string& where, int depth = 0) {
  if (depth > max_nesting) too_deep(where.empty() ? std::string("scenario") : where);
  if (h.is_none()) return YAML::Node(YAML::NodeType::Null);
  if (py::isinstance<py::bool_>(h)) return YAML::Node(h.cast<bool>() ? "true" : "false");
  if (py::isinstance<py::str>(h)) return YAML::Node(h.cast<std::string>());
  if (PyLong_Check(h.ptr()) || (PyNumber_Check(h.ptr()) && PyIndex_Check(h.ptr())))
    return YAML::Node(as_number(h, where, [](const py::object& o) { return py::str(py::int_(o)).cast<std::string>(); }));
  if (PyFloat_Check(h.ptr()) || PyNumber_Check(h.ptr())) {
    const double v = as_number(h, where, [](const py::object& o) { return py::float_(o).cast<double>(); });
    return YAML::Node(std::isfinite(v) ? number(v) : std::isnan(v) ? std::string(".nan") : std::string(v > 0 ? ".inf" : "-.inf"));
  }
  if (py::isinstance<py::dict>(h)) {
    YAML::Node out(YAML::NodeType::Map);
    for (auto [key, value] : py::reinterpret_borrow<py::dict>(h)) {
      const std::string name = key_name(key, where);
      out[name] = tree(value, where.empty() ? name : cat(where, ".", name), depth + 1);
    }
    return out;
  }
  if (py::isinstance<py::list>(h) || py::isinstance<py::tuple>(h)) {
    YAML::Node out(YAML::NodeType::Sequence);
    std::size_t i = 0;
    for (const auto& item : py::reinterpret_borrow<py::sequence>(h))
      out.push_back(tree(item, cat(where, "[", std::to_string(i++), "]"), depth + 1));
    return out;
  }
  unwritable(h, where);
}

// A dict of the scenario-file schema read by the engine's own reader, so that
// validation, units and messages are those of scenario files (naming `origin`
// and the key).
Scenario scenario_from_dict(const py::handle& spec, const std::string& origin) {
  if (!py::isinstance<py::dict>(spec)) throw py::type_error("a scenario must be a dict of the scenario-file schema");
  return read_scenario_tree(tree(spec, ""), origin);
}

// --- the tree -> YAML text (Scenario.to_yaml: the keys as written) ------------------

// The tree as text: lists of plain values, and the entries of lists, in flow
// style; clock times quoted (YAML 1.1 readers such as PyYAML take a plain
// 07:30 for a number).
void emit(YAML::Emitter& out, const YAML::Node& n, bool inside_list) {
  if (n.IsNull()) {
    out << YAML::Null;
  } else if (n.IsScalar()) {
    if (n.Scalar().find(':') != std::string::npos) out << YAML::DoubleQuoted;
    out << n.Scalar();
  } else if (n.IsMap()) {
    if (inside_list) out << YAML::Flow;
    out << YAML::BeginMap;
    for (const auto& item : n) {
      out << YAML::Key << item.first.Scalar() << YAML::Value;
      emit(out, item.second, false);
    }
    out << YAML::EndMap;
  } else {
    bool scalars = true;
    for (const auto& item : n) scalars = scalars && (item.IsScalar() || item.IsNull());
    if (scalars || inside_list) out << YAML::Flow;
    out << YAML::BeginSeq;
    for (const auto& item : n) emit(out, item, true);
    out << YAML::EndSeq;
  }
}

std::string to_yaml(const py::handle& spec) {
  if (!py::isinstance<py::dict>(spec)) throw py::type_error("a scenario must be a dict of the scenario-file schema");
  YAML::Emitter out;
  out.SetIndent(2);
  emit(out, tree(spec, ""), false);
  if (!out.good()) throw std::runtime_error(cat("cannot write the scenario as YAML: ", out.GetLastError()));
  std::string text = out.c_str();
  text.append("\n");
  return text;
}

}  // namespace

void register_scenario(py::module_& m) {
  py::class_<Scenario>(m, "Scenario",
                       "An engine scenario, validated and in canonical units (read-only). The Python "
                       "calcsim.Scenario wraps it; use that.")
      .def_property_readonly("name", [](const Scenario& s) { return s.name; })
      .def_property_readonly("description", [](const Scenario& s) { return s.description; })
      .def_property_readonly("file", [](const Scenario& s) { return s.file; },
                             "The file (or origin text) it was read from; empty for built-in scenarios")
      .def_property_readonly("duration_days", [](const Scenario& s) { return s.duration_days; })
      .def_property_readonly("output_every_days", [](const Scenario& s) { return s.output_every_days; })
      .def_property_readonly("ageing", [](const Scenario& s) { return s.ageing; })
      .def_property_readonly("dosing", [](const Scenario& s) { return to_string(s.dosing); })
      .def_property_readonly("interventions", [](const Scenario& s) { return s.interventions.size(); },
                             "The number of interventions")
      .def("to_dict", &scenario_dict,
           "The scenario as a dict of the scenario-file schema, every key written out, quantities as text "
           "with units ('180 mcg', '10 years').")
      .def("with_file", [](const Scenario& s, const std::string& file) {
             Scenario out = s;
             out.file = file;
             return out;
           }, py::arg("file"), "A copy whose `file` (shown in results' metadata) is `file`.")
      .def("__repr__", [](const Scenario& s) { return cat("<calcsim._core.Scenario '", s.name, "'>"); });

  m.def("default_scenario", &default_scenario,
        "The built-in default: a 58-year-old postmenopausal woman, 10 years, 180 mcg MK-7 daily with breakfast.");
  m.def("load_scenario", &load_scenario, py::arg("path_or_name"),
        "Loads a scenario file, or a bundled scenario by name ('postmenopausal-mk7'). Raises InputError "
        "naming the file, line and key of a problem.");
  m.def(
      "parse_scenario",
      [](const std::string& text, const std::string& origin, bool show_lines) {
        try {
          return parse_scenario(text, origin);
        } catch (const InputError& e) {
          if (show_lines || e.where().line == 0) throw;
          // Lines of generated text mean nothing to the user: keep the origin and the key.
          throw InputError(SourceLocation{e.where().file, 0, e.where().key}, e.detail());
        }
      },
      py::arg("text"), py::arg("origin"), py::arg("show_lines") = true,
      "Parses scenario YAML text with the engine's loader; `origin` names it in messages (and, without a "
      "`name:` key, gives the scenario its name). With show_lines=False messages name the key but not the line.");
  m.def("without_vitamin_k2", &without_vitamin_k2, py::arg("scenario"),
        "The same scenario with every vitamin K2 source (MK-4 and MK-7, food and supplements) removed: the "
        "second arm of `calcsim compare`.");
  m.def(
      "with_baseline_d25",
      [](const Scenario& s, double d25, const py::object& params) {
        const Params p = params_from(params);
        Scenario out = experiments::with_baseline_d25(s, p, d25);
        validate(out);  // the rest of the scenario, as every modified copy is checked
        return out;
      },
      py::arg("scenario"), py::arg("d25"), py::arg("params") = py::none(),
      "The same scenario with the patient's sun exposure set so that, with the diet's vitamin D3, their "
      "steady-state 25(OH)D is `d25` nmol/L under `params`. Raises InputError when `d25` is not above 0, "
      "when the diet alone holds 25(OH)D above it, or when no sun exposure in 0-250 mcg/day gives it.");
  m.def("validate", [](const Scenario& s) { validate(s); }, py::arg("scenario"),
        "Checks the scenario's cross-field consistency; raises InputError.");
  m.def(
      "bundled_scenarios",
      [] {
        py::list out;
        for (const auto& b : bundled_scenarios()) {
          py::dict d;
          d["name"] = b.name;
          d["description"] = b.description;
          d["path"] = b.path;
          out.append(d);
        }
        return out;
      },
      "The bundled scenarios as a list of dicts (name, description, path), sorted by name.");
  m.def("scenario_directory", &scenario_directory,
        "Where the bundled scenarios are read from (the environment variable CALCSIM_SCENARIO_DIR overrides it).");
  m.def(
      "yaml_to_dict",
      [](const std::string& text, const std::string& origin) {
        YAML::Node root;
        try {
          root = YAML::Load(text);
        } catch (const YAML::ParserException& e) {
          throw InputError(SourceLocation{origin, e.mark.line + 1, ""}, cat("YAML syntax error: ", e.msg));
        }
        return yaml_to_py(root, origin);
      },
      py::arg("text"), py::arg("origin"),
      "YAML text as Python objects, keeping every key as written: quoted scalars stay text; plain ones "
      "become bool, int or float where they read as such.");
  m.def("scenario_from_dict", &scenario_from_dict, py::arg("spec"), py::arg("origin"),
        "A dict of the scenario-file schema read by the engine's scenario reader (no YAML text in between); "
        "`origin` names it in messages, which name the key (and no line). Raises InputError or TypeError.");
  m.def("to_yaml", &to_yaml, py::arg("spec"),
        "A dict of the scenario-file schema as YAML text (lists of plain values and the entries of lists in "
        "flow style).");
  m.def(
      "agents", [] {
        std::vector<std::string> out;
        for (Agent a : all_agents()) out.push_back(to_string(a));
        return out;
      },
      "The agents an intervention may give, as spelt in scenario files.");
  m.def(
      "agent_aliases", [] {
        py::dict out;
        for (const auto& [alias, a] : agent_aliases()) out[py::str(std::string(alias))] = to_string(a);
        return out;
      },
      "Other spellings accepted for an agent (such as the diet's 'vitamin_k1'), each with its canonical name.");
  m.def(
      "canonical_agent",
      [](const std::string& name) {
        if (auto a = agent_from_name(name)) return to_string(*a);
        throw InputError(unknown_agent_message(name));
      },
      py::arg("name"),
      "The scenario-file name of the agent `name` means ('MK-7' -> 'mk7'); InputError when none.");
  m.def(
      "vitamin_k2_agents", [] {
        std::vector<std::string> out;
        for (Agent a : all_agents())
          if (is_vitamin_k2(a)) out.push_back(to_string(a));
        return out;
      },
      "The agents that are forms of vitamin K2.");
  m.def(
      "plausible_dose_range",
      [](const std::string& agent) {
        if (auto a = agent_from_name(agent)) {
          const DoseRange r = plausible_dose_range(*a);
          return py::make_tuple(r.min_mcg, r.max_mcg);
        }
        throw InputError(unknown_agent_message(agent));
      },
      py::arg("agent"), "The (min, max) plausible size of one dose of the agent, micrograms.");
  m.attr("max_duration_years") = max_duration_years;
  m.def(
      "scenario_choices",
      [] {
        py::dict out;
        for (const auto& c : scenario_choices()) out[py::str(c.key)] = c.words;
        return out;
      },
      "The words a scenario file accepts for each enumerated key, by dotted key ('patient.sex', "
      "'interventions[].schedule', 'weekdays'), each value's written spelling first.");
  m.def(
      "parse_duration",
      [](const std::string& text, const std::string& what) {
        try {
          return units::parse(text, units::Dimension::Duration);
        } catch (const std::invalid_argument& e) {
          throw InputError(SourceLocation::of_option(what), e.what());
        }
      },
      py::arg("text"), py::arg("what") = "duration",
      "A duration such as '7 days', '12h', '10 years' in days; raises InputError naming `what`.");
}

}  // namespace calcsim::python
