#pragma once
// A scenario: one patient, their usual diet, the interventions they take, and
// how long and how finely to simulate. Values are held in canonical units
// (days, years, micrograms, mL/min/1.73m2); scenario files carry explicit units
// and are converted on loading.
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "calcsim/errors.hpp"

namespace calcsim {

enum class Sex { Female, Male };

// Phosphate binders are agents too: calcium acetate and calcium carbonate bind
// phosphate and add calcium; sevelamer and lanthanum (dose as elemental
// lanthanum) bind it without calcium.
enum class Agent { K1, MK4, MK7, VitaminD3, Calcium, Magnesium, Warfarin, CalciumAcetate, CalciumCarbonate, Sevelamer, Lanthanum };

// What the vitamin K1 of an intervention comes from; sets its bioavailability.
enum class K1Form { Supplement, Greens };

// Smoking status, a patient trait: acts on bone after the menopause and on
// arterial deposition (docs/MODEL.md, "Habits").
enum class Smoking { Never, Former, Current };

// Physical activity, a patient trait: the level of bone-loading exercise, in
// the categories the exercise trials compared (sedentary = their controls).
enum class Activity { Sedentary, Walking, Loading };

enum class Repeat { Daily, ThriceWeekly, Weekly, Once };
// How meals and doses enter the model. Exact: each is a bolus at its time, as
// in life. Daily-averaged: the same amounts spread evenly over each day (a
// one-off dose stays a bolus), so a decade takes a few hundred solver steps
// instead of one event per meal; for long runs, populations and sliders, at a
// small, measured error in the slow outputs (see docs/MODEL.md).
// Stroboscopic: exact dosing that integrates a few whole days of each long
// stretch of identical days and extrapolates the day-to-day drift of the
// state sampled at midnight over the rest, under an error estimate
// (engine/src/simulate/stroboscopic.hpp); days that differ from the day
// before (an intervention starting or stopping) are integrated. Its output
// rows at the midnights of extrapolated days are interpolated.
enum class Dosing { Exact, DailyAveraged, Stroboscopic };
// The dosing whose steady state a run of dosing d starts from: stroboscopic
// runs start from the exact steady state.
constexpr Dosing starting_dosing(Dosing d) { return d == Dosing::Stroboscopic ? Dosing::Exact : d; }

struct Meal {
  std::string name;
  double time_of_day = 0.0;    // fraction of a day, 0 = midnight
  double calcium_share = 0.0;  // fraction of the day's dietary calcium and vitamin K
  double fat_g = 0.0;          // fat eaten with the meal, grams
};

struct Patient {
  double age_years = 58.0;
  Sex sex = Sex::Female;
  std::optional<double> menopause_age_years = 51.0;  // women only; nullopt = premenopausal
  double egfr = 90.0;                                // mL/min/1.73m2
  bool dialysis = false;
  std::vector<int> dialysis_weekdays{0, 2, 4};       // 0 = Monday (day 0 of the run)
  double dialysis_start_time = 8.0 / 24.0;           // fraction of a day
  bool diabetes = false;
  int inflammation = 0;                              // 0 none, 1 mild, 2 moderate, 3 severe
  bool family_history_cvd = false;
  double coronary_calcium_au = 0.0;                  // Agatston-equivalent score at the start
  // Resting brachial systolic pressure at the start (mmHg); unset: the model's
  // own, from a mean arterial pressure of bp.mean_pressure_ref.
  std::optional<double> systolic_bp_mmhg;
  // Vitamin D3 made in the skin, as the oral intake that would give the same
  // 25(OH)D (mcg/day): about 30 for a year of moderate sun at temperate
  // latitudes (with 5 mcg/day in food, a 25(OH)D near 59 nmol/L), near 18 in
  // a northern winter (Vieth 2001's cohort) or indoors.
  double sun_exposure_mcg_per_day = 30.0;
  // Full-body summer sun: the most a scenario may give.
  static constexpr double max_sun_exposure_mcg_per_day = 250.0;
  // A measured 25(OH)D at the start (nmol/L) instead of a sun exposure: each
  // run gives the skin what holds it there under that run's parameters
  // (model::sun_exposure_for_d25), so a measured status stays the start when
  // --set, sensitivity or uncertainty move the vitamin D parameters. That sun
  // exposure is derived, not given, so max_sun_exposure_mcg_per_day does not
  // bound it (a high measured level may come from supplements, which the model
  // then counts as skin synthesis).
  std::optional<double> baseline_d25_nmol_per_l;
  // Above 375 nmol/L (150 ng/mL) lies vitamin D intoxication (Endocrine Society 2011).
  static constexpr double max_baseline_d25_nmol_per_l = 375.0;
  Smoking smoking = Smoking::Never;
  // Sedentary: no regular exercise beyond daily living (the control groups of
  // the exercise trials). Walking: low-force weight-bearing exercise (walking,
  // tai chi) most days. Loading: progressive resistance or impact training
  // two to three sessions a week.
  Activity physical_activity = Activity::Sedentary;
};

struct Diet {
  double calcium_mg_per_day = 1000.0;
  double phosphate_mg_per_day = 1200.0;  // phosphorus; a typical Western intake (US adults 1200-1600 mg/day)
  double k1_mcg_per_day = 100.0;
  double mk4_mcg_per_day = 10.0;
  double mk7_mcg_per_day = 5.0;
  double magnesium_mg_per_day = 300.0;
  double vitamin_d_mcg_per_day = 5.0;
  // A typical adult intake (about 150 mmol/day; 2.3 g is 100 mmol): the
  // renal.sodium_ref at which urinary calcium was calibrated.
  double sodium_mg_per_day = 3400.0;
  std::vector<Meal> meals{{"breakfast", 7.5 / 24.0, 0.3, 15.0},
                          {"lunch", 12.5 / 24.0, 0.3, 20.0},
                          {"dinner", 19.0 / 24.0, 0.4, 25.0}};
};

struct Intervention {
  Agent agent = Agent::MK7;
  double dose_mcg = 0.0;                  // one dose, micrograms (vitamin D3 in mcg; 40 IU = 1 mcg)
  Repeat repeat = Repeat::Daily;
  std::vector<std::string> with_meals;    // taken with these meals ...
  std::vector<double> times_of_day;       // ... or at these clock times, fasting unless fat_g is set
  std::optional<double> fat_g;            // fat taken with the dose, overrides the meal's
  std::vector<int> weekdays;              // for thrice-weekly and weekly repeats, 0 = Monday
  double start_day = 0.0;
  double stop_day = std::numeric_limits<double>::infinity();
  K1Form k1_form = K1Form::Supplement;
  SourceLocation where;                   // for messages about this entry
};

// The 1-based line of each value in a scenario file, by dotted key ("duration",
// "diet.meals[1].share", "interventions[0].dose", "arms[0].remove[0]").
using KeyLines = std::map<std::string, int>;

// --- Arms: named variants of a scenario for `calcsim compare` (arms.hpp runs them).

// Changes the interventions of one agent in an arm: every field that is set
// replaces the same field of every intervention of `agent` in the scenario.
struct InterventionChange {
  Agent agent = Agent::MK7;
  std::optional<double> dose_mcg;
  std::optional<Repeat> repeat;
  std::optional<std::vector<std::string>> with_meals;  // replaces `with` (and clears `at` unless given too)
  std::optional<std::vector<double>> times_of_day;     // replaces `at` (and clears `with` unless given too)
  std::optional<double> fat_g;
  std::optional<std::vector<int>> weekdays;
  std::optional<double> start_day;
  std::optional<double> stop_day;
  std::optional<K1Form> k1_form;
  SourceLocation where;
};

// Where an arm starts: from the same initial state as the scenario as written
// (Shared), from the steady state of its own patient, diet and parameters
// (Own), or Automatic: Own when the arm changes the patient or a parameter,
// Shared otherwise (a change of diet or interventions then starts on day 0).
enum class ArmStart { Automatic, Shared, Own };

// One named arm as declared under `arms:` in a scenario file. Applied in this
// order: remove, change, add, patient, diet, parameters.
struct ScenarioArm {
  std::string name;
  std::string description;                  // optional text shown with the comparison
  std::vector<Agent> remove;                // every intervention of these agents is removed
  std::vector<InterventionChange> change;   // fields replaced in existing interventions
  std::vector<Intervention> add;            // new interventions
  std::optional<Patient> patient;           // the arm's whole patient (the file gives only what differs)
  std::optional<Diet> diet;                 // the arm's whole diet (likewise)
  std::vector<std::pair<std::string, double>> parameters;  // registry overrides, in registry units
  ArmStart start = ArmStart::Automatic;
  std::vector<std::string> changes;         // what the file changed, one short phrase each (for legends)
  SourceLocation where;                     // the arm's entry
  KeyLines lines;                           // lines of the keys under this arm ("arms[1].patient.age")
};

// The longest run a scenario may ask for (its duration, `--years`, run(years=...)).
inline constexpr double max_duration_years = 120.0;

struct Scenario {
  std::string name = "default";
  std::string description;
  std::string file;                       // empty for built-in scenarios
  double duration_days = 10 * 365.25;
  double output_every_days = 1.0;
  bool ageing = true;                     // false freezes age and menopause drift
  Dosing dosing = Dosing::Exact;
  Patient patient;
  Diet diet;
  std::vector<Intervention> interventions;
  // The name `calcsim compare` gives the scenario as written when arms are
  // declared (`arm_name:` in the file), and the declared arms (`arms:`).
  std::string arm_name = "as written";
  std::vector<ScenarioArm> arms;
  // The lines of the file's keys (empty for built-in scenarios and
  // dictionaries): for messages about the scenario found after it was loaded.
  KeyLines lines;
};

// Where a scenario's `key` sits, for a message found after loading (a patient
// the model cannot start, say): its file and line, or the line of its nearest
// written parent when the key itself was left at its default.
SourceLocation locate_key(const Scenario& s, const std::string& key);

// The scenario as scenario-file YAML: every key written out, quantities with
// their units ("180 mcg", "10 years"), enumerations as files spell them.
// parse_scenario() reads it back as the same scenario. Arms are not written:
// the text is the scenario as written, which is what the arms change.
std::string scenario_yaml(const Scenario& s);

// The built-in default: a 58-year-old postmenopausal woman, 10 years, MK-7
// 180 mcg daily with breakfast.
Scenario default_scenario();

// Loads a YAML scenario file. Throws InputError naming the file, line and key.
Scenario load_scenario_file(const std::string& path);
// Parses YAML text; `origin` names it in messages.
Scenario parse_scenario(const std::string& yaml_text, const std::string& origin);
// Loads by path, or by the name of a bundled scenario ("postmenopausal-mk7").
Scenario load_scenario(const std::string& path_or_name);

struct BundledScenario {
  std::string name;
  std::string path;
  std::string description;
};
// The scenarios shipped in scenarios/ (installed or in the source tree).
std::vector<BundledScenario> bundled_scenarios();
std::string scenario_directory();

// The same scenario with every vitamin K2 source (MK-4, MK-7, from food and
// supplements) removed: the comparison arm of `calcsim compare` when the
// scenario declares no arms. The result has no arms.
Scenario without_vitamin_k2(const Scenario& s);

// Checks cross-field consistency (meal shares, schedules, ranges). Throws InputError.
void validate(const Scenario& s);

// validate() with the lines of the file's keys (KeyLines, above), so that it can
// point at the line a bad value sits on. Also checks the declared arms.
void validate(const Scenario& s, const KeyLines& lines);

// The plausible range of one dose of an agent, micrograms; validate() rejects
// doses outside it (with a hint when mg and mcg look swapped).
struct DoseRange {
  double min_mcg;
  double max_mcg;
};
DoseRange plausible_dose_range(Agent a);

// The spellings used in scenario files: "mk7", "vitamin_d3", "female".
std::string to_string(Agent a);
// Every agent, in the order lists show them; to_string gives each one's canonical name.
const std::vector<Agent>& all_agents();
// Other spellings accepted wherever an agent is named (the diet's "vitamin_k1",
// chemical names), each with the agent it means. Output always uses to_string.
const std::vector<std::pair<std::string_view, Agent>>& agent_aliases();
// The agent a name means, canonical or alias, ignoring case, spaces, hyphens
// and underscores ("MK-7", "vitamin D3", "calcium carbonate"); nullopt if none.
std::optional<Agent> agent_from_name(std::string_view name);
// Why `name` is no agent: the nearest names (or, for "k2" and its kin, the two
// menaquinones it could mean) and the list of agents. Each name it suggests
// ends with `suffix`: "mk7.dose" where a sweep asks for AGENT.dose.
std::string unknown_agent_message(std::string_view name, std::string_view suffix = {});
std::string to_string(Sex s);
std::string to_string(Dosing d);  // "exact", "daily-averaged", "stroboscopic"
std::string to_string(Smoking s);  // "never", "former", "current"
std::string to_string(Activity a); // "sedentary", "walking", "loading"
bool is_vitamin_k2(Agent a);

// The words a scenario file accepts for each enumerated key, by the key's
// dotted path ("patient.sex", "interventions[].schedule", "weekdays"); the
// first word of each value is the one written (to_string, scenario_yaml).
struct KeyChoices {
  std::string key;
  std::vector<std::string> words;
};
std::vector<KeyChoices> scenario_choices();

}  // namespace calcsim
