#include "calcsim/arms.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "calcsim/errors.hpp"
#include "parallel.hpp"
#include "support/text.hpp"

namespace calcsim {
namespace {

std::string arm_key(const ScenarioArm& arm) { return arm.where.key.empty() ? std::string("arms") : arm.where.key; }

// Where a key inside an arm sits: its own line if it was written, else the line
// of its nearest written parent, else the arm's line.
SourceLocation locate(const ScenarioArm& arm, const std::string& sub_key, const KeyLines& extra = {}) {
  const std::string key = sub_key.empty() ? arm_key(arm) : arm_key(arm) + "." + sub_key;
  for (std::string k = key; !k.empty();) {
    if (auto it = arm.lines.find(k); it != arm.lines.end()) return {arm.where.file, it->second, key};
    if (auto it = extra.find(k); it != extra.end()) return {arm.where.file, it->second, key};
    const auto cut = k.find_last_of(".[");
    if (cut == std::string::npos) break;
    k.resize(cut);
  }
  return {arm.where.file, arm.where.line, key};
}

std::string indexed(std::string_view list, std::size_t i) {
  std::string out(list);
  return out.append("[").append(std::to_string(i)).append("]");
}

// A key written either as one value ("remove: mk7") or as a list.
std::string list_key(const ScenarioArm& arm, std::string_view list, std::size_t i) {
  const std::string item = indexed(list, i);
  return arm.lines.count(arm_key(arm) + "." + item) ? item : std::string(list);
}

std::string agents_taken(const Scenario& s) {
  std::vector<std::string> names;
  for (const auto& iv : s.interventions)
    if (std::find(names.begin(), names.end(), to_string(iv.agent)) == names.end()) names.push_back(to_string(iv.agent));
  if (names.empty()) return "it takes nothing";
  std::string out = "it takes: ";
  for (std::size_t i = 0; i < names.size(); ++i) out.append(i ? ", " : "").append(names[i]);
  return out;
}

bool takes(const Scenario& s, Agent a) {
  return std::any_of(s.interventions.begin(), s.interventions.end(), [a](const Intervention& iv) { return iv.agent == a; });
}

void apply_change(Intervention& iv, const InterventionChange& c) {
  if (c.dose_mcg) iv.dose_mcg = *c.dose_mcg;
  if (c.repeat && *c.repeat != iv.repeat) {
    iv.repeat = *c.repeat;
    if (!c.weekdays) {
      if (iv.repeat == Repeat::Daily || iv.repeat == Repeat::Once) iv.weekdays.clear();
      if (iv.repeat == Repeat::ThriceWeekly) iv.weekdays = {0, 2, 4};
      if (iv.repeat == Repeat::Weekly && iv.weekdays.size() != 1) iv.weekdays.clear();  // validate() asks for a day
    }
  }
  if (c.weekdays) iv.weekdays = *c.weekdays;
  if (c.with_meals || c.times_of_day) {
    iv.with_meals = c.with_meals.value_or(std::vector<std::string>{});
    iv.times_of_day = c.times_of_day.value_or(std::vector<double>{});
  }
  if (c.fat_g) iv.fat_g = *c.fat_g;
  if (c.start_day) iv.start_day = *c.start_day;
  if (c.stop_day) iv.stop_day = *c.stop_day;
  if (c.k1_form) iv.k1_form = *c.k1_form;
  iv.where = c.where;
}

bool changes_a_field(const InterventionChange& c) {
  return c.dose_mcg || c.repeat || c.with_meals || c.times_of_day || c.fat_g || c.weekdays || c.start_day ||
         c.stop_day || c.k1_form;
}

std::string describe(const ScenarioArm& arm) {
  if (!arm.description.empty()) return arm.description;
  std::string out;
  for (const auto& phrase : arm.changes) out.append(out.empty() ? "" : "; ").append(phrase);
  return out;
}

// The scenario-level key lines an arm's own scenario is validated with: the
// file's, with the arm's patient, diet and intervention keys also under the
// names validate() uses ("arms[1].patient.age" also as "patient.age").
KeyLines lines_for(const ScenarioArm& arm, const KeyLines& file_lines) {
  KeyLines out = file_lines;
  for (const auto& [key, line] : arm.lines) out[key] = line;
  const std::string prefix = arm_key(arm) + ".";
  for (const auto& [key, line] : arm.lines)
    if (key.starts_with(prefix + "patient") || key.starts_with(prefix + "diet")) out[key.substr(prefix.size())] = line;
  return out;
}

// Rethrows an error found in an arm's own scenario so that it points into the
// arm when the arm wrote the key ("patient.age" -> "arms[1].patient.age").
[[noreturn]] void fail_in_arm(const ScenarioArm& arm, const InputError& e) {
  SourceLocation where = e.where();
  const std::string inside = arm_key(arm) + "." + where.key;
  if (!where.key.empty() && !where.key.starts_with(arm_key(arm)) && arm.lines.count(inside) != 0) {
    where.key = inside;
    where.line = arm.lines.at(inside);
  }
  if (where.line == 0) where.line = arm.where.line;
  if (where.file.empty()) where.file = arm.where.file;
  throw InputError(where, "in arm '" + arm.name + "': " + e.detail());
}

void check_name(const ScenarioArm& arm, std::set<std::string>& names, const std::string& first_name) {
  const std::string name = text::trim(arm.name);
  if (name.empty()) throw InputError(locate(arm, "name"), "expected a non-empty arm name, such as 'placebo'");
  if (arm.name.find_first_of(",\"\n\r") != std::string::npos)
    throw InputError(locate(arm, "name"), "arm name '" + arm.name +
                                              "' contains a comma, quote or line break; arm names are CSV fields");
  if (arm.name == first_name)
    throw InputError(locate(arm, "name"), "arm name '" + arm.name +
                                              "' is the name of the scenario as written (arm_name); choose another");
  if (!names.insert(arm.name).second)
    throw InputError(locate(arm, "name"), "arm name '" + arm.name + "' is used twice: arm names must be unique");
}

void check_changes_something(const ScenarioArm& arm) {
  if (arm.remove.empty() && arm.change.empty() && arm.add.empty() && !arm.patient && !arm.diet &&
      arm.parameters.empty())
    throw InputError(locate(arm, ""), "arm '" + arm.name +
                                          "' changes nothing: give at least one of remove, change, add, patient, "
                                          "diet or set");
  for (std::size_t j = 0; j < arm.change.size(); ++j)
    if (!changes_a_field(arm.change[j]))
      throw InputError(locate(arm, indexed("change", j)),
                       "in arm '" + arm.name + "': this change names only the agent; give a field to change, such "
                                               "as 'dose: 360 mcg'");
}

Params with_arm_parameters(const Params& base, const ScenarioArm& arm) {
  Params p = base;
  for (std::size_t j = 0; j < arm.parameters.size(); ++j) {
    const auto& [name, value] = arm.parameters[j];
    try {
      p.set(name, value);
    } catch (const InputError& e) {
      throw InputError(locate(arm, "set." + name), "in arm '" + arm.name + "': " + e.detail());
    }
  }
  return p;
}

}  // namespace

bool has_own_initial_state(const ScenarioArm& arm) {
  switch (arm.start) {
    case ArmStart::Shared: return false;
    case ArmStart::Own: return true;
    case ArmStart::Automatic: return arm.patient.has_value() || !arm.parameters.empty();
  }
  return false;
}

Scenario apply_arm(const Scenario& s, const ScenarioArm& arm) {
  Scenario out = s;
  out.arms.clear();
  out.lines = lines_for(arm, s.lines);
  for (std::size_t j = 0; j < arm.remove.size(); ++j) {
    const Agent a = arm.remove[j];
    if (!takes(out, a))
      throw InputError(locate(arm, list_key(arm, "remove", j)),
                       "arm '" + arm.name + "' removes " + to_string(a) + ", but the scenario has no " + to_string(a) +
                           " intervention (" + agents_taken(s) + ")");
    std::erase_if(out.interventions, [a](const Intervention& iv) { return iv.agent == a; });
  }
  for (std::size_t j = 0; j < arm.change.size(); ++j) {
    const InterventionChange& c = arm.change[j];
    if (!takes(out, c.agent)) {
      const bool removed = std::find(arm.remove.begin(), arm.remove.end(), c.agent) != arm.remove.end();
      throw InputError(locate(arm, list_key(arm, "change", j) + ".agent"),
                       "arm '" + arm.name + "' changes " + to_string(c.agent) + ", but " +
                           (removed ? "it also removes it" : "the scenario has no " + to_string(c.agent) +
                                                                 " intervention (" + agents_taken(s) +
                                                                 "); use 'add' for a new one"));
    }
    InterventionChange located = c;
    if (located.where.key.empty()) located.where = locate(arm, indexed("change", j));
    for (auto& iv : out.interventions)
      if (iv.agent == c.agent) apply_change(iv, located);
  }
  for (std::size_t j = 0; j < arm.add.size(); ++j) {
    Intervention iv = arm.add[j];
    if (iv.where.key.empty()) iv.where = locate(arm, indexed("add", j));
    out.interventions.push_back(iv);
  }
  if (arm.patient) out.patient = *arm.patient;
  if (arm.diet) out.diet = *arm.diet;
  return out;
}

void validate_arms(const Scenario& s, const KeyLines& lines) {
  if (s.arms.empty()) return;
  if (text::trim(s.arm_name).empty() || s.arm_name.find_first_of(",\"\n\r") != std::string::npos) {
    const auto it = lines.find("arm_name");
    throw InputError(SourceLocation{s.file, it == lines.end() ? 0 : it->second, "arm_name"},
                     "expected a name without commas, quotes or line breaks for the scenario as written");
  }
  std::set<std::string> names;
  for (const auto& arm : s.arms) {
    check_name(arm, names, s.arm_name);
    check_changes_something(arm);
    with_arm_parameters(Params{}, arm);
    const Scenario applied = apply_arm(s, arm);
    const KeyLines arm_lines = lines_for(arm, lines);
    try {
      validate(applied, arm_lines);
    } catch (const InputError& e) {
      fail_in_arm(arm, e);
    }
  }
}

std::vector<ComparisonArm> arms_of(const Scenario& s, const Params& p) {
  std::vector<ComparisonArm> out;
  Scenario as_written = s;
  as_written.arms.clear();
  if (s.arms.empty()) {
    out.push_back({"with K2", "the scenario as written", as_written, p, false});
    out.push_back({"without K2", "every vitamin K2 source removed from day 0: supplements and the MK-4 and MK-7 of the diet",
                   without_vitamin_k2(as_written), p, false});
    return out;
  }
  out.push_back({s.arm_name, "the scenario as written", as_written, p, false});
  for (const auto& arm : s.arms) {
    ComparisonArm c{arm.name, describe(arm), apply_arm(s, arm), with_arm_parameters(p, arm), has_own_initial_state(arm)};
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<ComparisonArm> select_arms(const std::vector<ComparisonArm>& arms, const std::vector<std::string>& names) {
  std::vector<ComparisonArm> out;
  std::vector<std::string_view> known;
  std::string known_text;
  for (const auto& a : arms) {
    known.push_back(a.name);
    known_text.append(known_text.empty() ? "" : ", ").append("'").append(a.name).append("'");
  }
  std::set<std::string> seen;
  for (const auto& raw : names) {
    const std::string name = text::trim(raw);
    const auto it = std::find_if(arms.begin(), arms.end(), [&](const ComparisonArm& a) { return a.name == name; });
    if (it == arms.end()) {
      const std::string best = text::closest_match(name, known);
      throw InputError(SourceLocation::of_option("arms"), "no arm named '" + name + "'" +
                                                            (best.empty() ? "" : " (did you mean '" + best + "'?)") +
                                                            "; the arms are: " + known_text);
    }
    if (!seen.insert(name).second)
      throw InputError(SourceLocation::of_option("arms"), "arm '" + name + "' is named twice");
    out.push_back(*it);
  }
  if (out.empty()) throw InputError(SourceLocation::of_option("arms"), "expected arm names; the arms are: " + known_text);
  return out;
}

std::vector<Arm> ComparisonResult::views() const {
  std::vector<Arm> out;
  for (const auto& a : arms) out.push_back({a.name, &a.result});
  return out;
}

ComparisonResult compare_arms(const std::vector<ComparisonArm>& arms, const InitialCondition& shared,
                              const CompareOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  ComparisonResult out;
  out.arms.resize(arms.size());
  out.threads = detail::worker_count(options.threads, arms.size());
  detail::parallel_for(arms.size(), out.threads, [&](std::size_t k) {
    const ComparisonArm& arm = arms[k];
    SimulationOptions o = options.simulation;
    o.arm = arm.name;
    o.initial_state.reset();
    Result r;
    try {
      r = arm.own_initial_state ? simulate(arm.scenario, arm.params, o)
                                : simulate_from(arm.scenario, arm.params, shared, o);
    } catch (const InputError& e) {
      // A patient of the arm's own that the model cannot start (its key and
      // line are the arm's): said to be the arm's.
      if (!arm.own_initial_state) throw;
      throw InputError(e.where(), "in arm '" + arm.name + "': " + e.detail());
    }
    out.arms[k] = ArmResult{arm.name, arm.description, arm.own_initial_state, std::move(r)};
  });
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

ComparisonResult compare_arms(const Scenario& s, const Params& p, const CompareOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<ComparisonArm> arms = arms_of(s, p);
  if (!options.select.empty()) arms = select_arms(arms, options.select);
  const bool any_shared =
      std::any_of(arms.begin(), arms.end(), [](const ComparisonArm& a) { return !a.own_initial_state; });
  Scenario as_written = s;
  as_written.arms.clear();
  const InitialCondition shared = any_shared ? initial_condition(as_written, p, options.simulation.cancel) : InitialCondition{};
  ComparisonResult out = compare_arms(arms, shared, options);
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

std::string arms_legend(const ComparisonResult& c) {
  std::size_t width = 0;
  for (const auto& a : c.arms) width = std::max(width, a.name.size());
  std::string out = "\nArms (differences are against '" + c.arms.front().name + "'):\n";
  for (const auto& a : c.arms) {
    out.append("  ").append(a.name).append(width + 2 - a.name.size(), ' ').append(a.description);
    out.append(a.own_initial_state ? " [own starting state]" : "").append("\n");
  }
  if (std::any_of(c.arms.begin(), c.arms.end(), [](const ArmResult& a) { return a.own_initial_state; }))
    out.append("An arm marked [own starting state] starts from the steady state of its own patient, diet and\n"
               "parameters; the others start from the state of the scenario as written and change on day 0.\n");
  return out;
}

}  // namespace calcsim
