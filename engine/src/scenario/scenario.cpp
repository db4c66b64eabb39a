#include "calcsim/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "calcsim/arms.hpp"
#include "calcsim/units.hpp"
#include "scenario/spellings.hpp"
#include "schedule/schedule.hpp"
#include "support/text.hpp"

namespace calcsim {
namespace {

constexpr double max_output_samples = 200000.0;  // a century at 6-hour sampling; 20 years hourly
constexpr double max_fat_g = 200.0;
constexpr double share_tolerance = 1e-6;
constexpr double mcg_per_mg = 1e3;
constexpr double mcg_per_g = 1e6;

// A range of plausible amounts, micrograms (per dose or per day). Zero is
// allowed when `zero_allowed` (an intake that is simply absent).
struct Plausible {
  double min_mcg;
  double max_mcg;
  bool zero_allowed;
};

std::string format_mass(double mcg) {
  if (mcg >= mcg_per_g) return text::format_number(mcg / mcg_per_g) + " g";
  if (mcg >= mcg_per_mg) return text::format_number(mcg / mcg_per_mg) + " mg";
  return text::format_number(mcg) + " mcg";
}

std::string weekday_name(int d) {
  return d >= 0 && d < 7 ? std::string(spellings::spelling_of(spellings::weekday_names, d)) : std::to_string(d);
}

// The line of `key`; when the key itself was not written (a default), the
// line of its nearest written parent, else `fallback_line`.
int line_of(const KeyLines& lines, std::string key, int fallback_line) {
  while (!key.empty()) {
    if (const auto it = lines.find(key); it != lines.end()) return it->second;
    const auto cut = key.find_last_of(".[");
    if (cut == std::string::npos) break;
    key.resize(cut);
  }
  return fallback_line;
}

// Messages point at the file, the line (when the value was read from a file)
// and the dotted key of the value.
class Locator {
 public:
  Locator(const Scenario& s, const KeyLines& lines) : file_(s.file), lines_(lines) {}

  // The location of `key`; when the key itself was not written (a default),
  // the line of its nearest written parent, else `fallback_line`.
  SourceLocation at(const std::string& key, const std::string& file = {}, int fallback_line = 0) const {
    return {file.empty() ? file_ : file, line_of(lines_, key, fallback_line), key};
  }

  [[noreturn]] void fail(const std::string& key, const std::string& message) const {
    throw InputError(at(key), message);
  }

 private:
  std::string file_;
  const KeyLines& lines_;
};

// Where the messages about one intervention point.
struct EntryLocator {
  const Locator& locator;
  const Intervention& entry;
  std::string prefix;

  [[noreturn]] void fail(const std::string& sub_key, const std::string& message) const {
    const std::string key = sub_key.empty() ? prefix : prefix + "." + sub_key;
    throw InputError(locator.at(key, entry.where.file, entry.where.line), message);
  }
};

// How far outside its range an amount must be before a mg/mcg mix-up is the
// likely explanation (a slightly high dose is just high).
constexpr double swap_margin = 10.0;

bool in_range(double v, const Plausible& range) { return v >= range.min_mcg && v <= range.max_mcg; }

// "; did you mean 180 mcg?" when the amount looks like mcg written as mg or the
// reverse (and, for vitamin D, like IU written as mg or mcg).
std::string unit_swap_hint(double mcg, const Plausible& range, bool vitamin_d, std::string_view per) {
  const std::string suffix(per);
  std::vector<std::string> guesses;
  if (mcg > range.max_mcg) {
    const bool far = mcg >= swap_margin * range.max_mcg;
    const double written = mcg / 1000.0;  // the number as written, if it was meant one unit smaller
    if (far && vitamin_d && in_range(written * units::mcg_per_iu_vitamin_d, range))
      guesses.push_back(text::format_number(written) + " IU" + suffix);
    // IU written as mcg: 40 times the dose, a likely slip even just above the range.
    if (vitamin_d && in_range(mcg * units::mcg_per_iu_vitamin_d, range))
      guesses.push_back(text::format_number(mcg) + " IU" + suffix);
    if (far && in_range(written, range)) guesses.push_back(text::format_number(written) + " mcg" + suffix);
  } else if (mcg > 0.0 && mcg * swap_margin <= range.min_mcg && in_range(mcg * 1000.0, range)) {
    guesses.push_back(text::format_number(mcg) + " mg" + suffix);
  }
  if (guesses.empty()) return {};
  std::string out = "; did you mean " + guesses.front();
  for (std::size_t i = 1; i < guesses.size(); ++i) out += " or " + guesses[i];
  return out + "?";
}

std::string show_amount(double mcg, bool vitamin_d, std::string_view per) {
  const std::string suffix(per);
  if (!vitamin_d) return format_mass(mcg) + suffix;
  return format_mass(mcg) + suffix + " (" + text::format_number(mcg / units::mcg_per_iu_vitamin_d, 10) + " IU" +
         suffix + ")";
}

// Empty when the amount is plausible, else the complaint. `what` says whose
// range it is ("for one dose of mk7"); `per` is "" or "/day".
std::string implausible_amount(double mcg, const Plausible& range, bool vitamin_d, std::string_view per,
                               const std::string& what) {
  if (!std::isfinite(mcg) || mcg < 0.0) return "expected an amount of zero or more";
  if ((mcg == 0.0 && range.zero_allowed) || in_range(mcg, range)) return {};
  const std::string range_text = range.min_mcg > 0.0 ? show_amount(range.min_mcg, vitamin_d, per) + " to " +
                                                           show_amount(range.max_mcg, vitamin_d, per)
                                                     : "at most " + show_amount(range.max_mcg, vitamin_d, per);
  std::string message = show_amount(mcg, vitamin_d, per) + " is outside the plausible range " + what + " (" +
                        range_text + ")" + unit_swap_hint(mcg, range, vitamin_d, per);
  if (vitamin_d) message += " (40 IU of vitamin D = 1 mcg)";
  return message;
}

void check_run(const Scenario& s, const Locator& at) {
  if (text::trim(s.name).empty()) at.fail("name", "expected a non-empty scenario name");
  const double max_days = max_duration_years * units::days_per_year;
  if (!(s.duration_days > 0.0) || s.duration_days > max_days)
    at.fail("duration", "duration " + units::format_duration(s.duration_days) +
                            " is out of range: expected more than 0 and at most " +
                            text::format_number(max_duration_years) + " years");
  if (!(s.output_every_days > 0.0))
    at.fail("output_every", "expected an output interval above zero, such as '1 day'");
  if (s.output_every_days > s.duration_days)
    at.fail("output_every", "output interval " + units::format_duration(s.output_every_days) +
                                " is longer than the run (" + units::format_duration(s.duration_days) + ")");
  // Every sample holds every output and state in memory (and a row of --out):
  // a minute's sampling of a century would need tens of gigabytes.
  const double samples = std::floor(s.duration_days / s.output_every_days) + 1.0;
  if (samples > max_output_samples) {
    const double shortest_hours = std::ceil(s.duration_days / (max_output_samples - 1.0) * 24.0 * 10.0) / 10.0;
    const std::string every = s.output_every_days >= 1.0 / 24.0
                                  ? units::format_duration(s.output_every_days)
                                  : text::format_number(s.output_every_days * 24.0 * 60.0) + " min";
    at.fail("output_every", "output interval " + every + " over " +
                                units::format_duration(s.duration_days) + " gives " + text::format_number(samples, 12) +
                                " samples; at most " + text::format_number(max_output_samples, 12) +
                                " are allowed: choose an interval of at least " + text::format_number(shortest_hours) +
                                " hours");
  }
}

void check_range(const Locator& at, const std::string& key, double value, double lo, double hi,
                 const std::string& what, const std::string& unit, const std::string& note = {}) {
  if (!(value >= lo && value <= hi))
    at.fail(key, what + " " + text::format_number(value) + unit + " is out of range: expected " +
                     text::format_number(lo) + " to " + text::format_number(hi) + unit + note);
}

void check_weekdays(const std::vector<int>& days, const std::function<void(const std::string&)>& fail) {
  std::set<int> seen;
  for (int d : days) {
    if (d < 0 || d > 6) fail("weekday " + std::to_string(d) + " is out of range: expected 0 (mon) to 6 (sun)");
    if (!seen.insert(d).second) fail("weekday '" + weekday_name(d) + "' is given twice");
  }
}

void check_dialysis(const Patient& p, const Locator& at) {
  if (!p.dialysis) return;
  if (p.dialysis_weekdays.empty())
    at.fail("patient.dialysis.days", "expected the dialysis days, such as [mon, wed, fri]");
  check_weekdays(p.dialysis_weekdays, [&at](const std::string& m) { at.fail("patient.dialysis.days", m); });
  if (!(p.dialysis_start_time >= 0.0 && p.dialysis_start_time < 1.0))
    at.fail("patient.dialysis.start", "expected a clock time within the day, such as '08:00'");
}

// The lowest eGFR the model starts without dialysis. Dialysis usually starts
// between 5 and 10 mL/min/1.73m2 (KDIGO 2012); below 10 an untreated patient
// has no calcium-balanced state on ordinary diets (calcium 400-1500 mg/day,
// phosphate 600-1600 mg/day); above it, a diet low in calcium or high in
// phosphate can still leave none (up to about 15 on ordinary diets, about 30
// on 100 mg/day of calcium), which the steady-state search reports on its own
// (steady_state.cpp).
constexpr double lowest_egfr_without_dialysis = 10.0;

void check_patient(const Patient& p, const Locator& at) {
  check_range(at, "patient.age", p.age_years, 18.0, 110.0, "age", " years", " (the model is calibrated for adults)");
  if (p.sex == Sex::Female && p.menopause_age_years)
    check_range(at, "patient.menopause_age", *p.menopause_age_years, 20.0, 70.0, "menopause age", " years");
  if (!(p.egfr > 0.0 && p.egfr <= 200.0))
    at.fail("patient.egfr", "eGFR " + text::format_number(p.egfr) +
                                " mL/min/1.73m2 is out of range: expected more than 0 and at most 200");
  if (!p.dialysis && p.egfr < lowest_egfr_without_dialysis)
    at.fail("patient.egfr",
            "eGFR " + text::format_number(p.egfr) +
                " mL/min/1.73m2 without dialysis is untreated end-stage kidney failure, which the model cannot start "
                "in calcium balance (phosphate climbs and calcitriol collapses until plasma calcium drains); "
                "expected at least " + text::format_number(lowest_egfr_without_dialysis) +
                " mL/min/1.73m2 without dialysis, or patient.dialysis");
  check_dialysis(p, at);
  check_range(at, "patient.inflammation", p.inflammation, 0, 3, "inflammation level", "",
              " (0 none, 1 mild, 2 moderate, 3 severe)");
  check_range(at, "patient.coronary_calcium", p.coronary_calcium_au, 0.0, 10000.0, "coronary calcium", " AU");
  if (p.systolic_bp_mmhg)
    check_range(at, "patient.systolic_bp", *p.systolic_bp_mmhg, 80.0, 250.0, "systolic blood pressure", " mmHg",
                " (resting brachial systolic pressure at the start)");
  check_range(at, "patient.sun_exposure", p.sun_exposure_mcg_per_day, 0.0, Patient::max_sun_exposure_mcg_per_day,
              "sun exposure", " mcg/day",
              " (vitamin D3 made in the skin as an oral-equivalent intake; 250 mcg/day is full-body summer sun)");
  if (const auto d25 = p.baseline_d25_nmol_per_l; d25 && !(*d25 > 0.0 && *d25 <= Patient::max_baseline_d25_nmol_per_l))
    at.fail("patient.baseline_d25",
            "25(OH)D " + text::format_number(*d25) + " nmol/L is out of range: expected more than 0 and at most " +
                text::format_number(Patient::max_baseline_d25_nmol_per_l) +
                " nmol/L (150 ng/mL, where vitamin D intoxication begins)");
}

void check_intake(const Locator& at, const std::string& key, double mcg_per_day, const Plausible& range,
                  bool vitamin_d = false) {
  const std::string problem = implausible_amount(mcg_per_day, range, vitamin_d, "/day", "for a daily intake");
  if (!problem.empty()) at.fail(key, problem);
}

void check_meal(const Meal& m, const std::string& key, const Locator& at) {
  if (text::trim(m.name).empty()) at.fail(key + ".name", "expected a meal name, such as 'breakfast'");
  if (!(m.time_of_day >= 0.0 && m.time_of_day < 1.0))
    at.fail(key + ".time", "expected a clock time within the day, such as '07:30'");
  if (!(m.calcium_share >= 0.0 && m.calcium_share <= 1.0))
    at.fail(key + ".share", "meal share " + text::format_number(m.calcium_share) +
                                " is out of range: expected a fraction from 0 to 1");
  if (!(m.fat_g >= 0.0 && m.fat_g <= max_fat_g))
    at.fail(key + ".fat", "fat " + text::format_number(m.fat_g) + " g is out of range: expected 0 to 200 g");
}

void check_meals(const std::vector<Meal>& meals, const Locator& at) {
  if (meals.empty()) at.fail("diet.meals", "expected at least one meal to carry the day's calcium and vitamin K");
  std::set<std::string> names;
  double total = 0.0;
  for (std::size_t i = 0; i < meals.size(); ++i) {
    const std::string key = "diet.meals[" + std::to_string(i) + "]";
    check_meal(meals[i], key, at);
    if (!names.insert(meals[i].name).second)
      at.fail(key + ".name", "meal name '" + meals[i].name + "' is used twice: meal names must be unique");
    total += meals[i].calcium_share;
  }
  if (std::abs(total - 1.0) > share_tolerance)
    at.fail("diet.meals", "meal shares add up to " + text::format_number(total, 9) +
                              ": they must add up to 1 (each is the fraction of the day's calcium and vitamin K "
                              "eaten at that meal)");
}

void check_diet(const Diet& d, const Locator& at) {
  check_intake(at, "diet.calcium", d.calcium_mg_per_day * mcg_per_mg, {50e3, 5e6, true});
  check_intake(at, "diet.magnesium", d.magnesium_mg_per_day * mcg_per_mg, {50e3, 2e6, true});
  // The sodium studies behind renal.sodium_calciuria span about 1 to 10 g a
  // day; 0.5 to 15 g (38 g of salt) bounds what the term may extrapolate to.
  check_intake(at, "diet.sodium", d.sodium_mg_per_day * mcg_per_mg, {0.5e6, 15e6, false});
  check_intake(at, "diet.phosphate", d.phosphate_mg_per_day * mcg_per_mg, {200e3, 4e6, true});
  check_intake(at, "diet.vitamin_k1", d.k1_mcg_per_day, {0.0, 20e3, true});
  check_intake(at, "diet.mk4", d.mk4_mcg_per_day, {0.0, 90e3, true});
  check_intake(at, "diet.mk7", d.mk7_mcg_per_day, {0.0, 5e3, true});
  check_intake(at, "diet.vitamin_d", d.vitamin_d_mcg_per_day, {0.0, 1250.0, true}, true);
  check_meals(d.meals, at);
}

void check_dose(const Intervention& iv, const EntryLocator& at) {
  const DoseRange r = plausible_dose_range(iv.agent);
  const std::string problem = implausible_amount(iv.dose_mcg, {r.min_mcg, r.max_mcg, false},
                                                 iv.agent == Agent::VitaminD3, "", "for one dose of " +
                                                 to_string(iv.agent));
  if (!problem.empty()) at.fail("dose", problem);
}

void check_schedule(const Intervention& iv, const EntryLocator& at) {
  const auto count = iv.weekdays.size();
  if (iv.repeat == Repeat::ThriceWeekly && count != 3)
    at.fail("days", "a thrice_weekly schedule needs exactly 3 days, such as [mon, wed, fri]; got " +
                        std::to_string(count));
  if (iv.repeat == Repeat::Weekly && count != 1)
    at.fail("days", "a weekly schedule needs exactly 1 day, such as [sun]; got " + std::to_string(count));
  if ((iv.repeat == Repeat::Daily || iv.repeat == Repeat::Once) && count != 0)
    at.fail("days", "days apply only to thrice_weekly and weekly schedules");
  check_weekdays(iv.weekdays, [&at](const std::string& m) { at.fail("days", m); });
}

void check_meals_exist(const Intervention& iv, const Diet& diet, const EntryLocator& at) {
  std::vector<std::string_view> names;
  std::string known;
  for (const auto& m : diet.meals) {
    names.push_back(m.name);
    known += (known.empty() ? "" : ", ") + m.name;
  }
  for (const auto& meal : iv.with_meals) {
    if (std::find(names.begin(), names.end(), meal) != names.end()) continue;
    const std::string best = text::closest_match(meal, names);
    at.fail("with", "no meal named '" + meal + "'" + (best.empty() ? "" : " (did you mean '" + best + "'?)") +
                        "; the diet's meals are: " + known);
  }
}

void check_timing(const Intervention& iv, const Diet& diet, const EntryLocator& at) {
  if (iv.with_meals.empty() && iv.times_of_day.empty())
    at.fail("", "expected 'with: <meal>' or 'at: HH:MM' to say when the dose is taken");
  check_meals_exist(iv, diet, at);
  for (double t : iv.times_of_day)
    if (!(t >= 0.0 && t < 1.0)) at.fail("at", "expected a clock time within the day, such as '21:00'");
  if (iv.fat_g && !(*iv.fat_g >= 0.0 && *iv.fat_g <= max_fat_g))
    at.fail("fat", "fat " + text::format_number(*iv.fat_g) + " g is out of range: expected 0 to 200 g");
  if (iv.k1_form == K1Form::Greens && iv.agent != Agent::K1)
    at.fail("form", "form 'greens' applies only to agent k1");
}

void check_window(const Intervention& iv, double duration_days, const EntryLocator& at) {
  const std::string run = units::format_duration(duration_days);
  if (!(iv.start_day >= 0.0)) at.fail("start", "start must be zero or later");
  if (iv.start_day >= duration_days)
    at.fail("start", "start " + units::format_duration(iv.start_day) + " is at or after the end of the run (" +
                         run + ")");
  if (std::isnan(iv.stop_day) || iv.stop_day <= iv.start_day)
    at.fail("stop", "stop " + units::format_duration(iv.stop_day) + " must come after start " +
                        units::format_duration(iv.start_day));
  if (std::isfinite(iv.stop_day) && iv.stop_day > duration_days * (1.0 + 1e-12))
    at.fail("stop", "stop " + units::format_duration(iv.stop_day) + " is after the end of the run (" + run +
                        "); leave 'stop' out to continue to the end");
}

// An intervention that is never taken is a mistake (two identical entries are
// not: they are two tablets).
void check_doses_taken(const Intervention& iv, const Scenario& s, const EntryLocator& at) {
  if (count_doses(iv, s.diet, s.duration_days) > 0) return;
  const double stop = std::min(iv.stop_day, s.duration_days);
  at.fail("schedule", "this schedule gives no dose between start " + units::format_duration(iv.start_day) +
                          " and " + units::format_duration(stop) +
                          " (day 0 is a Monday; check the days, the start and stop, and the time of day)");
}

void check_intervention(const Scenario& s, std::size_t index, const Locator& locator) {
  const Intervention& iv = s.interventions[index];
  const EntryLocator at{locator, iv,
                        iv.where.key.empty() ? "interventions[" + std::to_string(index) + "]" : iv.where.key};
  check_dose(iv, at);
  check_schedule(iv, at);
  check_timing(iv, s.diet, at);
  check_window(iv, s.duration_days, at);
  check_doses_taken(iv, s, at);
}

}  // namespace

Scenario default_scenario() {
  Scenario s;
  s.name = "default";
  s.description = "A 58-year-old postmenopausal woman takes 180 mcg MK-7 daily with breakfast for 10 years.";
  s.patient.coronary_calcium_au = 30.0;
  Intervention mk7;
  mk7.agent = Agent::MK7;
  mk7.dose_mcg = 180.0;
  mk7.repeat = Repeat::Daily;
  mk7.with_meals = {"breakfast"};
  mk7.where = SourceLocation{"", 0, "interventions[0]"};
  s.interventions.push_back(mk7);
  return s;
}

Scenario without_vitamin_k2(const Scenario& s) {
  Scenario out = s;
  std::erase_if(out.interventions, [](const Intervention& iv) { return is_vitamin_k2(iv.agent); });
  out.diet.mk4_mcg_per_day = 0.0;
  out.diet.mk7_mcg_per_day = 0.0;
  out.arms.clear();  // the arms describe variants of the scenario as written
  out.name += " (no K2)";
  return out;
}

SourceLocation locate_key(const Scenario& s, const std::string& key) { return {s.file, line_of(s.lines, key, 0), key}; }

// The oldest age a run may reach. The model's ageing (bone loss, arterial
// stiffening and deposition with age) is drawn from adults up to about 90; a
// run that outlives the oldest people recorded (122 years) would extrapolate it
// past any human (a 100-year-old run for 120 years reached -78% BMD and plasma
// calcium 1.2 mmol/L at age 220).
constexpr double oldest_age_at_end = 120.0;

void check_lifespan(const Scenario& s, const Locator& at) {
  if (!s.ageing) return;  // age frozen: the run stays at the starting age
  const double end_age = s.patient.age_years + s.duration_days / units::days_per_year;
  if (end_age > oldest_age_at_end + 1e-9)
    at.fail("duration", "duration " + text::format_number(s.duration_days / units::days_per_year, 4) +
                            " years would take the " +
                            text::format_number(s.patient.age_years) + "-year-old patient to age " +
                            text::format_number(std::round(end_age)) + ": expected a run that ends by age " +
                            text::format_number(oldest_age_at_end) +
                            " (a shorter duration, or 'ageing: false' to hold the starting age)");
}

void validate(const Scenario& s) { validate(s, KeyLines{}); }

void validate(const Scenario& s, const KeyLines& lines) {
  const Locator at(s, lines);
  check_run(s, at);
  check_patient(s.patient, at);
  check_lifespan(s, at);
  check_diet(s.diet, at);
  for (std::size_t i = 0; i < s.interventions.size(); ++i) check_intervention(s, i, at);
  validate_arms(s, lines);
}

DoseRange plausible_dose_range(Agent a) {
  switch (a) {
    case Agent::K1: return {10.0, 20e3};
    case Agent::MK4: return {10.0, 90e3};
    case Agent::MK7: return {10.0, 2e3};
    // Single doses of 100,000 to 500,000 IU are given in practice and in
    // trials (Ilahi 2008; Sanders 2010, 500,000 IU once a year).
    case Agent::VitaminD3: return {2.5, 15000.0};
    case Agent::Calcium: return {50e3, 2e6};
    case Agent::Magnesium: return {25e3, 1e6};
    case Agent::Warfarin: return {250.0, 20e3};
    case Agent::CalciumAcetate: return {300e3, 4e6};
    case Agent::CalciumCarbonate: return {250e3, 4e6};
    case Agent::Sevelamer: return {400e3, 4.8e6};
    case Agent::Lanthanum: return {250e3, 2e6};
  }
  return {0.0, 0.0};
}

std::string to_string(Agent a) {
  switch (a) {
    case Agent::K1: return "k1";
    case Agent::MK4: return "mk4";
    case Agent::MK7: return "mk7";
    case Agent::VitaminD3: return "vitamin_d3";
    case Agent::Calcium: return "calcium";
    case Agent::Magnesium: return "magnesium";
    case Agent::Warfarin: return "warfarin";
    case Agent::CalciumAcetate: return "calcium_acetate";
    case Agent::CalciumCarbonate: return "calcium_carbonate";
    case Agent::Sevelamer: return "sevelamer";
    case Agent::Lanthanum: return "lanthanum";
  }
  return "unknown";
}

const std::vector<Agent>& all_agents() {
  static const std::vector<Agent> agents{Agent::K1,        Agent::MK4,       Agent::MK7,
                                         Agent::VitaminD3, Agent::Calcium,   Agent::Magnesium,
                                         Agent::Warfarin,  Agent::CalciumAcetate, Agent::CalciumCarbonate,
                                         Agent::Sevelamer, Agent::Lanthanum};
  return agents;
}

const std::vector<std::pair<std::string_view, Agent>>& agent_aliases() {
  // The diet names vitamin K1 "vitamin_k1"; an intervention may use either spelling.
  static const std::vector<std::pair<std::string_view, Agent>> aliases{
      {"vitamin_k1", Agent::K1},      {"phylloquinone", Agent::K1},   {"menaquinone_4", Agent::MK4},
      {"menaquinone_7", Agent::MK7},  {"d3", Agent::VitaminD3},       {"vitamin_d", Agent::VitaminD3},
      {"ca", Agent::Calcium},         {"mg", Agent::Magnesium},
      {"sevelamer_carbonate", Agent::Sevelamer},
      {"sevelamer_hydrochloride", Agent::Sevelamer}};
  return aliases;
}

namespace {

// A name as compared: lower case, without spaces, hyphens or underscores.
std::string compact_name(std::string_view name) {
  std::string out;
  for (char c : text::lower(text::trim(name)))
    if (c != ' ' && c != '-' && c != '_') out += c;
  return out;
}

}  // namespace

std::optional<Agent> agent_from_name(std::string_view name) {
  const std::string key = compact_name(name);
  if (key.empty()) return std::nullopt;
  for (Agent a : all_agents())
    if (compact_name(to_string(a)) == key) return a;
  for (const auto& [alias, a] : agent_aliases())
    if (compact_name(alias) == key) return a;
  return std::nullopt;
}

std::string unknown_agent_message(std::string_view name, std::string_view suffix) {
  std::vector<std::string> owned;
  for (Agent a : all_agents()) owned.push_back(to_string(a) + std::string(suffix));
  const std::vector<std::string_view> names(owned.begin(), owned.end());
  std::string listed;
  for (Agent a : all_agents()) listed += (listed.empty() ? "" : ", ") + to_string(a);
  const auto named = [&](std::string_view agent) { return std::string(agent) + std::string(suffix); };
  std::string out = "unknown agent '" + text::shortened(text::trim(name)) + "'";
  // Vitamin K2 is a family: the model tells its two menaquinones apart.
  static const std::vector<std::string_view> k2_family{"k2", "vitamink2", "menaquinone", "menaquinones", "mk"};
  static const std::vector<std::string_view> k_family{"k", "vitamink"};
  const auto in = [&](const auto& family) {
    return std::find(family.begin(), family.end(), compact_name(name)) != family.end();
  };
  if (in(k2_family))
    out += ": vitamin K2 is two agents here, " + named("mk7") + " (menaquinone-7: natto and most supplements) or " +
           named("mk4") + " (menaquinone-4)";
  else if (in(k_family))
    out += ": vitamin K is " + named("k1") + " (phylloquinone, leafy greens) or vitamin K2, " + named("mk7") + " or " +
           named("mk4") + " (menaquinones)";
  else
    out += text::did_you_mean(text::lower(text::trim(name)) + std::string(suffix), names);
  return out + "; expected one of: " + listed;
}

std::string to_string(Sex s) { return std::string(spellings::spelling_of(spellings::sexes, s)); }

std::string to_string(Dosing d) { return std::string(spellings::spelling_of(spellings::dosings, d)); }

std::string to_string(Smoking s) { return std::string(spellings::spelling_of(spellings::smoking_statuses, s)); }

std::string to_string(Activity a) { return std::string(spellings::spelling_of(spellings::activity_levels, a)); }

std::vector<KeyChoices> scenario_choices() {
  const auto words = [](const auto& options) {
    std::vector<std::string> out;
    for (const auto& [word, value] : options) out.emplace_back(word);
    return out;
  };
  std::vector<std::string> agents;
  for (Agent a : all_agents()) agents.push_back(to_string(a));
  return {{"dosing", words(spellings::dosings)},
          {"patient.sex", words(spellings::sexes)},
          {"patient.inflammation", words(spellings::inflammation_levels)},
          {"patient.smoking", words(spellings::smoking_statuses)},
          {"patient.physical_activity", words(spellings::activity_levels)},
          {"interventions[].agent", agents},
          {"interventions[].schedule", words(spellings::repeats)},
          {"interventions[].form", words(spellings::k1_forms)},
          {"weekdays", words(spellings::weekday_names)}};
}

bool is_vitamin_k2(Agent a) { return a == Agent::MK4 || a == Agent::MK7; }

}  // namespace calcsim
