// Reads scenario files (YAML) into Scenario. Every value carries its unit and
// every complaint names the file, the line and the dotted key of the value.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "calcsim/parameters.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/units.hpp"
#include "scenario/scenario_tree.hpp"
#include "scenario/spellings.hpp"
#include "support/text.hpp"

namespace calcsim {
namespace {

namespace fs = std::filesystem;
using units::Dimension;

// A value in the YAML tree, with its dotted key ("interventions[0].dose") and
// its 1-based line and column (0 when unknown).
struct Field {
  YAML::Node node;
  std::string key;
  int line = 0;
  int column = 0;
};

using spellings::Options;

std::string join(const std::vector<std::string_view>& words) {
  std::string out;
  for (auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

std::string child_key(const std::string& parent, std::string_view name) {
  return parent.empty() ? std::string(name) : parent + "." + std::string(name);
}

// The field of `node` at `key`, placed where `mark` begins (the key of a
// mapping entry, or a list item), or at its parent when yaml-cpp has no mark.
Field field_at(const YAML::Node& node, std::string key, const YAML::Node& mark, const Field& parent) {
  const YAML::Mark m = mark.Mark();
  if (m.line < 0) return Field{node, std::move(key), parent.line, parent.column};
  return Field{node, std::move(key), m.line + 1, m.column + 1};
}

class Reader;

// The checked keys of one YAML mapping.
class Mapping {
 public:
  Mapping(const Reader& reader, Field self, std::vector<Field> fields)
      : reader_(reader), self_(std::move(self)), fields_(std::move(fields)) {}

  std::optional<Field> get(std::string_view name) const {
    const std::string key = child_key(self_.key, name);
    for (const auto& f : fields_)
      if (f.key == key) return f;
    return std::nullopt;
  }
  // The field, or an error saying what it should hold.
  Field require(std::string_view name, std::string_view expected) const;

 private:
  const Reader& reader_;
  Field self_;
  std::vector<Field> fields_;
};

// Typed access to YAML values; records the line of every key it sees.
class Reader {
 public:
  explicit Reader(std::string origin) : origin_(std::move(origin)) {}

  const std::string& origin() const { return origin_; }
  const KeyLines& lines() const { return lines_; }

  [[noreturn]] void fail(const Field& f, const std::string& message) const {
    throw InputError(SourceLocation{origin_, f.line, f.key, f.column}, message);
  }

  Mapping mapping(const Field& f, std::initializer_list<std::string_view> allowed,
                  std::string_view expected) {
    if (!f.node.IsMap()) fail(f, "expected " + std::string(expected) + ", got " + describe(f.node));
    const std::vector<std::string_view> names(allowed);
    std::vector<Field> fields;
    for (auto it = f.node.begin(); it != f.node.end(); ++it) {
      const std::string name = key_name(f, it->first);
      const Field field = field_at(it->second, child_key(f.key, name), it->first, f);
      if (name == "<<") fail(field, "YAML merge keys ('<<') are not supported: write the keys out");
      if (std::find(names.begin(), names.end(), name) == names.end())
        fail(field, "unknown key '" + text::shortened(name) + "'" + text::did_you_mean(name, names) +
                        "; expected one of: " + join(names));
      reject_duplicate(fields, field, name);
      lines_[field.key] = field.line;
      fields.push_back(field);
    }
    return Mapping(*this, f, std::move(fields));
  }

  std::vector<Field> items(const Field& f, std::string_view expected) {
    if (!f.node.IsSequence()) fail(f, "expected " + std::string(expected) + ", got " + describe(f.node));
    std::vector<Field> out;
    for (std::size_t i = 0; i < f.node.size(); ++i) {
      Field item = field_at(f.node[i], f.key + "[" + std::to_string(i) + "]", f.node[i], f);
      lines_[item.key] = item.line;
      out.push_back(std::move(item));
    }
    return out;
  }

  // A single value or a list of them: "with: breakfast" or "with: [breakfast, dinner]".
  std::vector<Field> one_or_more(const Field& f, std::string_view expected) {
    if (f.node.IsSequence()) {
      auto out = items(f, expected);
      if (out.empty()) fail(f, "expected " + std::string(expected) + ", got an empty list");
      return out;
    }
    return {f};
  }

  std::string scalar(const Field& f, std::string_view expected) const {
    if (!f.node.IsScalar()) fail(f, "expected " + std::string(expected) + ", got " + describe(f.node));
    return text::trim(f.node.Scalar());
  }

  double quantity(const Field& f, Dimension dim) const {
    const std::string value = scalar(f, "a quantity with a unit (" + units::accepted_units(dim) + ")");
    try {
      return units::parse(value, dim);
    } catch (const std::invalid_argument& e) {
      fail(f, e.what());
    }
  }

  bool boolean(const Field& f) const {
    const std::string value = text::lower(scalar(f, "true or false"));
    if (value == "true" || value == "yes") return true;
    if (value == "false" || value == "no") return false;
    fail(f, "expected true or false, got '" + text::shortened(value) + "'");
  }

  template <class T>
  T choice(const Field& f, const Options<T>& options, std::string_view what) const {
    std::vector<std::string_view> names;
    for (const auto& [name, value] : options) names.push_back(name);
    const std::string value = scalar(f, "one of: " + join(names));
    for (const auto& [name, result] : options)
      if (text::lower(value) == name) return result;
    fail(f, "unknown " + std::string(what) + " '" + text::shortened(value) + "'" + text::did_you_mean(value, names) +
                "; expected one of: " + join(names));
  }

  double clock(const Field& f) const {
    const std::string value = scalar(f, "a clock time such as '07:30'");
    try {
      return units::parse_clock(value);
    } catch (const std::invalid_argument& e) {
      fail(f, e.what());
    }
  }

  // A fraction written as 0.3 or 30%.
  double fraction(const Field& f) const {
    const std::string value = scalar(f, "a fraction from 0 to 1, such as 0.3");
    if (value.ends_with('%'))
      if (const auto pct = text::parse_number(std::string_view(value).substr(0, value.size() - 1)))
        return *pct / 100.0;
    if (const auto v = text::parse_number(value)) return *v;
    fail(f, "expected a fraction from 0 to 1, such as 0.3 or 30%, got '" + text::shortened(value) + "'");
  }

  std::string string(const Field& f, std::string_view expected) const {
    std::string value = scalar(f, expected);
    if (value.empty()) fail(f, "expected " + std::string(expected) + ", got an empty value");
    return value;
  }

 private:
  static std::string describe(const YAML::Node& n) {
    if (n.IsMap()) return "a mapping";
    if (n.IsSequence()) return "a list";
    if (n.IsNull()) return "no value";
    return "'" + text::shortened(n.Scalar()) + "'";
  }

  std::string key_name(const Field& parent, const YAML::Node& key) const {
    if (!key.IsScalar()) fail(field_at(key, parent.key, key, parent), "expected a plain key name");
    return key.Scalar();
  }

  void reject_duplicate(const std::vector<Field>& seen, const Field& field, const std::string& name) const {
    for (const auto& f : seen)
      if (f.key == field.key)
        fail(field, "duplicate key '" + name + "' (first given on line " + std::to_string(f.line) +
                        "): each key may appear only once");
  }

  std::string origin_;
  KeyLines lines_;
};

Field Mapping::require(std::string_view name, std::string_view expected) const {
  if (auto f = get(name)) return *f;
  reader_.fail(self_, "missing key '" + std::string(name) + "': expected " + std::string(expected));
}

// --- enumerations as written in scenario files ---------------------------

using spellings::activity_levels;
using spellings::dosings;
using spellings::inflammation_levels;
using spellings::k1_forms;
using spellings::repeats;
using spellings::sexes;
using spellings::smoking_statuses;
using spellings::weekday_names;

std::vector<int> read_weekdays(Reader& r, const Field& f) {
  std::vector<int> days;
  for (const auto& item : r.one_or_more(f, "weekdays such as [mon, wed, fri]"))
    days.push_back(r.choice(item, weekday_names, "weekday"));
  return days;
}

double grams(double mcg) { return mcg / 1e6; }

// --- patient --------------------------------------------------------------

void read_dialysis(Reader& r, const Field& f, Patient& p) {
  if (!f.node.IsMap()) {
    p.dialysis = r.boolean(f);
    return;
  }
  const Mapping m = r.mapping(f, {"days", "start"}, "a dialysis schedule");
  p.dialysis = true;
  if (auto days = m.get("days")) p.dialysis_weekdays = read_weekdays(r, *days);
  if (auto start = m.get("start")) p.dialysis_start_time = r.clock(*start);
}

void read_menopause(Reader& r, const Mapping& m, Patient& p) {
  const auto f = m.get("menopause_age");
  const bool says_none = f && f->node.IsScalar() && text::lower(text::trim(f->node.Scalar())) == "none";
  if (p.sex == Sex::Male) {
    if (f && !says_none) r.fail(*f, "menopause_age applies only to women (this patient is male); 'none' clears it");
    p.menopause_age_years.reset();
    return;
  }
  if (!f) return;
  if (f->node.IsScalar() && text::lower(text::trim(f->node.Scalar())) == "none")
    p.menopause_age_years.reset();
  else
    p.menopause_age_years = r.quantity(*f, Dimension::Age);
}

// The skin's vitamin D3 is given one of two ways: as a sun exposure, or as the
// 25(OH)D it holds (baseline_d25). An arm's patient starts as the scenario's,
// so whichever the arm gives replaces the other.
void read_vitamin_d_status(Reader& r, const Mapping& m, Patient& p) {
  const auto sun = m.get("sun_exposure");
  const auto d25 = m.get("baseline_d25");
  if (sun && d25)
    r.fail(*d25, "give either sun_exposure or baseline_d25, not both: baseline_d25 sets the sun exposure that "
                 "holds the measured 25(OH)D");
  if (sun) {
    p.sun_exposure_mcg_per_day = r.quantity(*sun, Dimension::VitaminDPerDay);
    p.baseline_d25_nmol_per_l.reset();
  }
  if (d25) p.baseline_d25_nmol_per_l = r.quantity(*d25, Dimension::VitaminDStatus);
}

void read_patient(Reader& r, const Field& f, Patient& p) {
  const Mapping m = r.mapping(f, {"age", "sex", "menopause_age", "egfr", "dialysis", "diabetes", "inflammation",
                                  "family_history_cvd", "coronary_calcium", "sun_exposure", "baseline_d25",
                                  "smoking", "physical_activity", "systolic_bp"},
                              "a mapping describing the patient");
  if (auto v = m.get("age")) p.age_years = r.quantity(*v, Dimension::Age);
  if (auto v = m.get("sex")) p.sex = r.choice(*v, sexes, "sex");
  read_menopause(r, m, p);
  if (auto v = m.get("egfr")) p.egfr = r.quantity(*v, Dimension::FilterRate);
  if (auto v = m.get("dialysis")) read_dialysis(r, *v, p);
  if (auto v = m.get("diabetes")) p.diabetes = r.boolean(*v);
  if (auto v = m.get("inflammation")) p.inflammation = r.choice(*v, inflammation_levels, "inflammation level");
  if (auto v = m.get("family_history_cvd")) p.family_history_cvd = r.boolean(*v);
  if (auto v = m.get("coronary_calcium")) p.coronary_calcium_au = r.quantity(*v, Dimension::Score);
  read_vitamin_d_status(r, m, p);
  if (auto v = m.get("smoking")) p.smoking = r.choice(*v, smoking_statuses, "smoking status");
  if (auto v = m.get("physical_activity"))
    p.physical_activity = r.choice(*v, activity_levels, "physical activity level");
  if (auto v = m.get("systolic_bp")) p.systolic_bp_mmhg = r.quantity(*v, Dimension::Pressure);
}

// --- diet -----------------------------------------------------------------

Meal read_meal(Reader& r, const Field& f) {
  const Mapping m = r.mapping(f, {"name", "time", "share", "fat"},
                              "a meal such as {name: breakfast, time: '07:30', share: 0.3, fat: 15 g}");
  Meal meal;
  meal.name = r.string(m.require("name", "the meal's name, such as 'breakfast'"), "a meal name");
  meal.time_of_day = r.clock(m.require("time", "the meal's clock time, such as '07:30'"));
  meal.calcium_share = r.fraction(m.require("share", "the fraction of the day's calcium and vitamin K, such as 0.3"));
  meal.fat_g = grams(r.quantity(m.require("fat", "the fat eaten with the meal, such as '15 g'"), Dimension::Mass));
  return meal;
}

void read_diet(Reader& r, const Field& f, Diet& d) {
  const Mapping m = r.mapping(f, {"calcium", "phosphate", "vitamin_k1", "mk4", "mk7", "magnesium", "vitamin_d", "sodium", "meals"},
                              "a mapping describing the usual diet");
  if (auto v = m.get("calcium")) d.calcium_mg_per_day = r.quantity(*v, Dimension::MassPerDay) / 1e3;
  if (auto v = m.get("phosphate")) d.phosphate_mg_per_day = r.quantity(*v, Dimension::MassPerDay) / 1e3;
  if (auto v = m.get("vitamin_k1")) d.k1_mcg_per_day = r.quantity(*v, Dimension::MassPerDay);
  if (auto v = m.get("mk4")) d.mk4_mcg_per_day = r.quantity(*v, Dimension::MassPerDay);
  if (auto v = m.get("mk7")) d.mk7_mcg_per_day = r.quantity(*v, Dimension::MassPerDay);
  if (auto v = m.get("magnesium")) d.magnesium_mg_per_day = r.quantity(*v, Dimension::MassPerDay) / 1e3;
  if (auto v = m.get("vitamin_d")) d.vitamin_d_mcg_per_day = r.quantity(*v, Dimension::VitaminDPerDay);
  if (auto v = m.get("sodium")) d.sodium_mg_per_day = r.quantity(*v, Dimension::MassPerDay) / 1e3;
  if (auto v = m.get("meals")) {
    d.meals.clear();
    for (const auto& item : r.items(*v, "a list of meals")) d.meals.push_back(read_meal(r, item));
  }
}

// --- interventions ----------------------------------------------------------

void read_dose_timing(Reader& r, const Mapping& m, Intervention& iv) {
  if (auto v = m.get("with"))
    for (const auto& item : r.one_or_more(*v, "a meal name or a list of meal names"))
      iv.with_meals.push_back(r.string(item, "a meal name"));
  if (auto v = m.get("at"))
    for (const auto& item : r.one_or_more(*v, "a clock time or a list of clock times"))
      iv.times_of_day.push_back(r.clock(item));
  if (auto v = m.get("fat")) iv.fat_g = grams(r.quantity(*v, Dimension::Mass));
}

void read_schedule(Reader& r, const Mapping& m, Intervention& iv) {
  if (auto v = m.get("schedule")) iv.repeat = r.choice(*v, repeats, "schedule");
  if (auto v = m.get("days"))
    iv.weekdays = read_weekdays(r, *v);
  else if (iv.repeat == Repeat::ThriceWeekly)
    iv.weekdays = {0, 2, 4};
  if (auto v = m.get("start")) iv.start_day = r.quantity(*v, Dimension::Duration);
  if (auto v = m.get("stop")) iv.stop_day = r.quantity(*v, Dimension::Duration);
}

// The canonical agent names, in the order all_agents() lists them.
const std::vector<std::string_view>& agent_names() {
  static const std::vector<std::string> owned = [] {
    std::vector<std::string> names;
    for (Agent a : all_agents()) names.push_back(to_string(a));
    return names;
  }();
  static const std::vector<std::string_view> views(owned.begin(), owned.end());
  return views;
}

// An agent by its canonical name or an accepted alias (agent_aliases()).
Agent read_agent(Reader& r, const Field& f) {
  const std::string value = r.scalar(f, "one of: " + join(agent_names()));
  if (auto a = agent_from_name(text::trim(value))) return *a;
  r.fail(f, unknown_agent_message(value));
}

Intervention read_intervention(Reader& r, const Field& f) {
  const Mapping m = r.mapping(f, {"agent", "dose", "schedule", "with", "at", "fat", "days", "start", "stop", "form"},
                              "an intervention such as {agent: mk7, dose: 180 mcg, with: breakfast}");
  Intervention iv;
  iv.where = SourceLocation{r.origin(), f.line, f.key, f.column};
  iv.agent = read_agent(r, m.require("agent", "the agent taken (" + join(agent_names()) + ")"));
  const Dimension dose_unit = iv.agent == Agent::VitaminD3 ? Dimension::VitaminD : Dimension::Mass;
  iv.dose_mcg = r.quantity(m.require("dose", "the amount of one dose, such as '180 mcg'"), dose_unit);
  read_schedule(r, m, iv);
  read_dose_timing(r, m, iv);
  if (auto v = m.get("form")) {
    if (iv.agent != Agent::K1) r.fail(*v, "'form' applies only to agent k1");
    iv.k1_form = r.choice(*v, k1_forms, "form");
  }
  return iv;
}

// --- arms (arm_name:, arms:) ----------------------------------------------------

#include "arm_reader.inc"

// --- the whole file -----------------------------------------------------------

std::string stem_of(const std::string& origin) {
  const std::string stem = fs::path(origin).stem().string();
  return stem.empty() ? "scenario" : stem;
}

Scenario read_scenario(Reader& r, const Field& root) {
  const Mapping m = r.mapping(root, {"name", "description", "duration", "output_every", "ageing", "dosing", "patient", "diet",
                                     "interventions", "arm_name", "arms"},
                              "a mapping with keys such as 'patient:', 'diet:' and 'interventions:'");
  Scenario s;
  s.name = stem_of(r.origin());
  if (auto v = m.get("name")) s.name = r.string(*v, "a scenario name");
  if (auto v = m.get("description")) s.description = r.scalar(*v, "a text describing the scenario");
  if (auto v = m.get("duration")) s.duration_days = r.quantity(*v, Dimension::Duration);
  if (auto v = m.get("output_every")) s.output_every_days = r.quantity(*v, Dimension::Duration);
  if (auto v = m.get("ageing")) s.ageing = r.boolean(*v);
  if (auto v = m.get("dosing")) s.dosing = r.choice(*v, dosings, "dosing");
  if (auto v = m.get("patient")) read_patient(r, *v, s.patient);
  if (auto v = m.get("diet")) read_diet(r, *v, s.diet);
  if (auto v = m.get("interventions"))
    for (const auto& item : r.items(*v, "a list of interventions (use [] for none)"))
      s.interventions.push_back(read_intervention(r, item));
  read_arms(r, m, s);
  return s;
}

// A scenario is a few kilobytes (the bundled ones are under 10 kB). Anything
// much larger is the wrong file; reading and parsing it would take seconds and
// hundreds of megabytes for nothing.
constexpr std::size_t max_scenario_bytes = std::size_t{1} << 20;

std::string size_text(std::uintmax_t bytes) {
  return text::format_number(static_cast<double>(bytes) / static_cast<double>(max_scenario_bytes), 3) + " MB";
}

[[noreturn]] void too_large(const std::string& origin, const std::string& size) {
  throw InputError(SourceLocation{origin, 0, ""},
                   "the scenario is " + size + ": a scenario may be at most 1 MB (the bundled ones are under "
                   "10 kB); is this the right file?");
}

// The length of the UTF-8 sequence that starts at text[i], or 0 when the bytes
// there are not well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates).
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return k < text.size() ? static_cast<unsigned char>(text[k]) : 0u; };
  const unsigned c = byte(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return n;
}

// Rejects what is not a scenario before YAML sees it: text over the size
// limit, UTF-16 or UTF-32 text, and bytes that are not UTF-8 text (a binary
// file, a NUL, control characters other than tab and line breaks).
void check_text(std::string_view text, const std::string& origin) {
  if (text.size() > max_scenario_bytes) too_large(origin, size_text(text.size()));
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF") || text.starts_with(std::string_view("\0\0\xFE\xFF", 4)))
    throw InputError(SourceLocation{origin, 1, ""},
                     "the file is UTF-16 or UTF-32 text: save it as UTF-8 (a scenario is a YAML text file in UTF-8)");
  int line = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = utf8_length(text, i);
    if (n == 0 || c == 0x7F || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", c);
      throw InputError(SourceLocation{origin, line, ""},
                       std::string("byte ") + hex + " is not " + (n == 0 ? "UTF-8 text" : "a printable character") +
                           ": a scenario is a YAML text file in UTF-8 (is this a binary file?)");
    }
    if (c == '\n') ++line;
    i += n;
  }
}

// Notes the line where a YAML document's first node begins. A null does not
// count: the empty document after a trailing '---' is harmless.
class DocumentProbe : public YAML::EventHandler {
 public:
  int content_line = 0;
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { note(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t, const std::string&) override { note(m); }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    note(m);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    note(m);
  }
  void OnMapEnd() override {}

 private:
  void note(const YAML::Mark& m) {
    if (content_line == 0) content_line = m.line + 1;
  }
};

// The line where a second YAML document begins, 0 when there is none. It
// reads two documents at most: yaml-cpp's LoadAll() never ends on some
// malformed text (a stray ",}" after the first document; found by fuzzing,
// tests/fuzz/regressions/scenario/loadall-never-ends.yaml).
int second_document_line(const std::string& yaml_text) {
  std::istringstream in(yaml_text);
  YAML::Parser parser(in);
  DocumentProbe first, second;
  if (!parser.HandleNextDocument(first) || !parser.HandleNextDocument(second)) return 0;
  return second.content_line;
}

// The first line that is neither blank, a comment, a document marker nor a
// null ("~", "null"), trimmed (and shortened for messages); {0, ""} when none.
std::pair<int, std::string> first_content_line(std::string_view text) {
  int number = 0;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string line = text::trim(text.substr(start, end - start));
    ++number;
    start = end + 1;
    if (line.empty() || line.starts_with('#') || line == "---" || line == "..." || line == "~" || line == "null")
      continue;
    return {number, text::shortened(line)};
  }
  return {0, ""};
}

// The first line whose indentation holds a tab, 1-based; 0 when none.
int first_tab_indented_line(std::string_view text) {
  int number = 1;
  bool in_indentation = true;
  for (char c : text) {
    if (c == '\n') {
      ++number;
      in_indentation = true;
    } else if (in_indentation && c == '\t') {
      return number;
    } else if (c != ' ') {
      in_indentation = false;
    }
  }
  return 0;
}

YAML::Node load_yaml(const std::string& yaml_text, const std::string& origin) {
  check_text(yaml_text, origin);
  YAML::Node root;
  int second_document = 0;
  try {
    root = YAML::Load(yaml_text);
    second_document = second_document_line(yaml_text);
  } catch (const YAML::DeepRecursion& e) {
    throw InputError(SourceLocation{origin, e.mark.line + 1, "", e.mark.column + 1},
                     "the YAML is nested more than " + std::to_string(e.depth()) +
                         " levels deep: a scenario needs only a few levels (mappings in lists in mappings)");
  } catch (const YAML::ParserException& e) {
    std::string why = "YAML syntax error: " + e.msg;
    // A tab in the indentation is the usual cause, and yaml-cpp's message does not say so.
    if (const int tab_line = first_tab_indented_line(yaml_text); tab_line > 0)
      why += " (line " + std::to_string(tab_line) + " is indented with a tab: YAML indents with spaces only)";
    throw InputError(SourceLocation{origin, e.mark.line + 1, "", e.mark.column + 1}, why);
  }
  if (second_document > 0)
    throw InputError(SourceLocation{origin, second_document, ""},
                     "a second YAML document begins here (after '---'): a scenario file holds one");
  if (root.IsNull()) {
    // Empty, or text that yaml-cpp reads as nothing (such as ",}").
    if (const auto [line, text] = first_content_line(yaml_text); line > 0)
      throw InputError(SourceLocation{origin, line, ""},
                       "'" + text + "' cannot be read: expected a mapping with keys such as 'patient:', 'diet:' and "
                       "'interventions:'");
    throw InputError(SourceLocation{origin, 0, ""},
                     "the scenario is empty: expected a mapping with keys such as 'patient:', 'diet:' and "
                     "'interventions:'");
  }
  return root;
}

// The file's text, from a regular file no larger than the size limit.
std::string read_text_file(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw InputError(SourceLocation{path, 0, ""}, "cannot read scenario file: no such file");
  if (fs::is_directory(path, ec))
    throw InputError(SourceLocation{path, 0, ""}, "cannot read scenario file: it is a directory");
  // A pipe, device or socket could block the open or never end: refused at once.
  if (!fs::is_regular_file(path, ec))
    throw InputError(SourceLocation{path, 0, ""},
                     "cannot read scenario file: it is not a regular file (a pipe, device or socket); "
                     "expected a YAML file");
  {
    const std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > max_scenario_bytes) too_large(path, size_text(size));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(SourceLocation{path, 0, ""}, "cannot read scenario file: it cannot be opened");
  std::string text(max_scenario_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) throw InputError(SourceLocation{path, 0, ""}, "cannot read scenario file: read error");
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > max_scenario_bytes) too_large(path, "more than 1 MB");
  return text;
}

// The first line of the description of a scenario file; the file is not
// checked here (loading it does that).
std::string first_description_line(const std::string& path) {
  try {
    const YAML::Node root = YAML::Load(read_text_file(path));
    if (!root.IsMap() || !root["description"] || !root["description"].IsScalar()) return {};
    const std::string description = text::trim(root["description"].Scalar());
    return text::trim(description.substr(0, description.find('\n')));
  } catch (const std::runtime_error&) {  // YAML::Exception or InputError (too large, not text)
    return "(cannot be read: run it to see why)";
  }
}

bool looks_like_path(const std::string& s) {
  return s.find('/') != std::string::npos || s.find('\\') != std::string::npos || s.ends_with(".yaml") ||
         s.ends_with(".yml");
}

}  // namespace

namespace {

// The reader over a tree whose root is on `root_line` (1 for text, 0 for a tree without lines).
Scenario read_root(const YAML::Node& root, const std::string& origin, int root_line) {
  Reader reader(origin);
  Scenario s;
  try {
    s = read_scenario(reader, Field{root, "", root_line});
  } catch (const YAML::Exception& e) {
    throw InputError(SourceLocation{origin, e.mark.line >= 0 && root_line > 0 ? e.mark.line + 1 : 0, "",
                                    e.mark.line >= 0 && root_line > 0 ? e.mark.column + 1 : 0},
                     e.msg);
  }
  s.file = origin;
  s.lines = reader.lines();
  validate(s, s.lines);
  return s;
}

}  // namespace

Scenario parse_scenario(const std::string& yaml_text, const std::string& origin) {
  YAML::Node root;
  try {
    root = load_yaml(yaml_text, origin);
  } catch (const YAML::Exception& e) {
    throw InputError(SourceLocation{origin, e.mark.line >= 0 ? e.mark.line + 1 : 0, ""}, e.msg);
  }
  return read_root(root, origin, 1);
}

Scenario read_scenario_tree(const YAML::Node& root, const std::string& origin) {
  try {
    return read_root(root, origin, 0);
  } catch (const InputError& e) {
    // A node built in memory reports line 1 for every key: keep the origin and the key only.
    if (e.where().line == 0) throw;
    throw InputError(SourceLocation{e.where().file, 0, e.where().key}, e.detail());
  }
}

Scenario load_scenario_file(const std::string& path) { return parse_scenario(read_text_file(path), path); }

std::string scenario_directory() {
  if (const char* env = std::getenv("CALCSIM_SCENARIO_DIR"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
#ifdef CALCSIM_SCENARIO_DIR
  if (fs::is_directory(CALCSIM_SCENARIO_DIR, ec)) return CALCSIM_SCENARIO_DIR;
#endif
#ifdef CALCSIM_INSTALLED_SCENARIO_DIR
  return CALCSIM_INSTALLED_SCENARIO_DIR;
#else
  return "scenarios";
#endif
}

std::vector<BundledScenario> bundled_scenarios() {
  std::vector<BundledScenario> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(scenario_directory(), ec)) {
    if (!entry.is_regular_file(ec) || entry.path().extension() != ".yaml") continue;
    const std::string path = entry.path().string();
    out.push_back({entry.path().stem().string(), path, first_description_line(path)});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

Scenario load_scenario(const std::string& path_or_name) {
  if (path_or_name.empty()) throw InputError("expected a scenario: a file name or a bundled scenario's name");
  if (std::any_of(path_or_name.begin(), path_or_name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
    throw InputError("a scenario name or path cannot hold control characters (such as a NUL or a line break)");
  std::error_code ec;
  if (fs::exists(path_or_name, ec)) return load_scenario_file(path_or_name);
  const auto bundled = bundled_scenarios();
  // Every output calls the built-in scenario "default", so that name loads it
  // (unless a file or bundled scenario of that name exists, found above and below).
  const bool bundled_default = std::any_of(bundled.begin(), bundled.end(), [](const auto& b) { return b.name == "default"; });
  if (path_or_name == "default" && !bundled_default) return default_scenario();
  std::vector<std::string_view> names;
  for (const auto& b : bundled) {
    if (b.name == path_or_name || b.name + ".yaml" == path_or_name) return load_scenario_file(b.path);
    names.push_back(b.name);
  }
  if (looks_like_path(path_or_name))
    throw InputError(SourceLocation{path_or_name, 0, ""},
                     "cannot read scenario file: no such file (and no bundled scenario has that name); "
                     "`calcsim list` shows the bundled scenarios");
  throw InputError("unknown scenario '" + path_or_name + "'" + text::did_you_mean(path_or_name, names) +
                   "; `calcsim list` shows the bundled scenarios");
}

}  // namespace calcsim
