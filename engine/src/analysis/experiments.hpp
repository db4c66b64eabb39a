#pragma once
// The building blocks of the calibration and validation experiments: the
// people the published studies enrolled, their doses, and runs sampled finely
// enough to read a published time point off.
#include <atomic>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "calcsim/scenario.hpp"
#include "calcsim/simulator.hpp"
#include "calcsim/units.hpp"

namespace calcsim::experiments {

constexpr double year = units::days_per_year;
constexpr double samples_per_day = 96.0;

// Clinical blood is drawn fasting, before breakfast (the meals start at 07:30):
// the time of day experiments read trial blood values at.
constexpr double fasting_sample = 7.0 / 24;
// Output every 7 hours puts a sample at 07:00 once a week (days 7k + 7/24), so a
// run of years can be read fasting, week by week, without hourly rows.
constexpr double weekly_fasting_every = 7.0 / 24;
// The last weekly fasting sample (07:00 on day 7k) at or before `days`.
double weekly_fasting_sample(double days);

// A healthy adult on about 1 g/day of calcium: a 45-year-old man with normal
// kidney function and no coronary calcium, sampled 96 times a day.
Scenario healthy_adult(double days);
// The healthy adult at 60 with another eGFR, for two days from his steady
// state: the patient of the kidney disease cohorts (NHANES).
Scenario man_of_60_at_egfr(double egfr);

// The default patient (a 58-year-old postmenopausal woman) on her usual diet,
// without supplements: the placebo arm of the vitamin K trials.
Scenario default_woman_on_placebo(double days, double output_every_days);
// The default woman at another age, without arterial calcium, for one day:
// premenopausal below 51 (the default menopause age). The stiffness rows'
// patient, and the women of the absorption studies (Heaney 1989, Gennari 1990).
Scenario woman_without_calcium_at(double age_years);

// A 70-year-old man with a coronary calcium score of 100 AU, on his usual
// diet, sampled daily: the warfarin experiments' patient.
Scenario older_man_with_calcification(double days);

// A man of `age_years` on haemodialysis (Mon/Wed/Fri) with a coronary score of
// 400 AU, on the renal diet of the dialysis trials, sampled daily.
Scenario man_on_haemodialysis(double days, double age_years);

// MK-7 after each dialysis session (Mon/Wed/Fri 13:00, with a 10 g fat snack).
Intervention mk7_after_sessions(double mcg);

// A dose at a fixed time of day (fraction of a day), or with breakfast.
Intervention dose(Agent agent, double mcg, double time_of_day, Repeat repeat = Repeat::Daily);
Intervention with_breakfast(Agent agent, double mcg, Repeat repeat = Repeat::Daily);
// The same dose with each of the three meals (binders, divided supplements).
Intervention with_every_meal(Agent agent, double mcg);

// Mean of a column over day [day, day+1), from a run sampled 96 times a day.
double daily_mean(const Result& r, const char* column, double day);
// Mean of a column over `days` whole days from `first_day`: the mean of their
// daily means (a week's urine collection, say).
double mean_over_days(const Result& r, const char* column, int first_day, int days);

// One supplement dose with breakfast (07:30) on day 1 of the healthy adult,
// on top of his usual diet, read against the same days without it: the
// bioavailability studies' plasma increment. `fat_g`, when given, is the fat
// taken with the dose (the breakfast's own otherwise).
class DoseIncrement {
 public:
  DoseIncrement(const Params& p, Agent agent, double mcg, const char* column, double days,
                std::optional<double> fat_g = std::nullopt);
  // The increment of the plasma column (ng/mL) `hours` after the dose.
  double at(double hours) const;
  // Its area (ng h/mL) from `from_hours` to `to_hours` after the dose (trapezoids, 15 minutes).
  double area(double from_hours, double to_hours) const;
  // Its highest value in the first `hours` after the dose, and when (h), on a 15-minute grid.
  std::pair<double, double> peak(double hours) const;

 private:
  static constexpr double dose_day = 1 + 7.5 / 24;
  Result with_, without_;
  std::string column_;
};

// What a fasting oral calcium load does in the hours after it, against the
// same day without it: the studies' acute-load protocol.
struct LoadResponse {
  double pth_nadir_percent = 0;  // lowest PTH within the window, % change against no load
  double nadir_hours = 0;        // when it was lowest, hours after the load
  double calcium_rise = 0;       // largest rise of plasma total calcium, mmol/L
  double urine_4h_mg = 0;        // extra urinary calcium in the 4 h after the load, mg
  double urine_24h_mg = 0;       // extra urinary calcium in the 24 h after the load, mg
};
// The load (mg of calcium) is taken at 05:00 after a night's fast, on the
// second day of `s`; PTH and calcium are read over `window_hours`.
LoadResponse calcium_load_response(const Params& p, Scenario s, double load_mg, double window_hours);

// `s` with the patient's sun exposure set so that her steady-state 25(OH)D
// is `d25` nmol/L: a study's baseline vitamin D status, as it was measured.
Scenario with_baseline_d25(Scenario s, const Params& p, double d25);

// `s` with its sun exposure set for a 25(OH)D of `d25_start` nmol/L, run with
// one oral dose of `iu` IU of vitamin D3 at 08:00 on day 0: the single-dose trials.
Result after_one_d3_dose(Scenario s, const Params& p, double d25_start, double iu);

// The habit trials (sodium feeding studies, exercise trials): people adapted
// to one habit, then switched to another from day 0 of the run.
//
// Extra urinary calcium (mmol/day, mean over the last day) after `days` on
// `to_mg` of sodium a day, against staying on `from_mg`, both from the steady
// state of `from_mg`.
double urinary_calcium_rise_on_sodium(const Params& p, Scenario s, double from_mg, double to_mg, double days);
// BMD change (percentage points) after `days` of `activity`, minus the same
// patient staying sedentary, both from the sedentary steady state.
double bmd_gain_with_activity(const Params& p, Scenario s, Activity activity, double days);

// The radiocalcium protocol (Heaney 1990, Dawson-Hughes 1993, Armas 2013):
// the share of a calcium load taken at 05:00 on `day` of `s` (run from
// `init`) that crosses the gut wall within 24 h, as a tracer mixed into the
// load measures it.
double load_fraction(const Params& p, const Scenario& s, const InitialCondition& init, double load_mg, int day);

// The state `s` reaches on `day` from `init`, with the patient's set points
// kept: the start of a later part of a long study, so that a finely sampled
// day late in it does not need the whole run finely sampled. `day` should be
// a whole number of weeks, so that weekly schedules keep their weekdays; the
// outputs that count from a run's start (bmd_change and the like) start
// again from the later part's first day.
InitialCondition state_on_day(const Scenario& s, const Params& p, const InitialCondition& init, double day);
// The same from a run already made from `init` with its states (run_from(...,
// true)): the state at its last output row, so that a study's course and its
// later part need not integrate the same days twice.
InitialCondition state_at_end(const Result& with_states, const InitialCondition& init);

// How the experiments on this thread run. By default each runs as written
// (exact dosing) and cannot be cancelled. The posterior draws of the
// validation coverage give runs of at least `daily_averaged_from_days` days
// daily-averaged dosing (the shift that causes at the fitted parameters is
// added back to every draw) and a cancel flag (Ctrl-C).
struct RunRule {
  double daily_averaged_from_days = std::numeric_limits<double>::infinity();
  const std::atomic<bool>* cancel = nullptr;
};
// Sets the rule for the experiments run on this thread while it lives. A
// thread-local setting rather than an argument, so that every experiment
// function keeps the signature it shares with the calibration.
class ScopedRunRule {
 public:
  explicit ScopedRunRule(const RunRule& rule);
  ~ScopedRunRule();
  ScopedRunRule(const ScopedRunRule&) = delete;
  ScopedRunRule& operator=(const ScopedRunRule&) = delete;

 private:
  RunRule previous_;
};

// The starting state of `s` (initial_condition) with the dosing the rule
// gives it; run_from() runs a scenario with the dosing of its starting state,
// so the two always match.
InitialCondition starting_state(const Scenario& s, const Params& p);

// The groups of experiments to run (`--group` of `calcsim calibration` and
// `calcsim validation`, `groups=` in Python): the positions in `known` (the
// group names in the order of the table) of `names`, in the order given, a
// name given twice run once where it first appears; every group when `names`
// is empty. An unknown name (the empty one too) throws InputError naming the
// option "groups" and the name: "not a <kind> group; expected one of a, b, ...".
std::vector<std::size_t> chosen_groups(const std::vector<std::string>& known, const std::vector<std::string>& names,
                                       const std::string& kind);

// Runs at the tight tolerances the published comparisons need.
Result run(const Scenario& s, const Params& p, bool states = false);
Result run_from(const Scenario& s, const Params& p, const InitialCondition& init, bool states = false);

// A trial's two arms: `s` as it is (placebo) and with `added` on top, both
// from the steady state of `s` without them.
struct Arms {
  Result placebo, treated;
};
Arms placebo_and_treated(const Params& p, Scenario s, const std::vector<Intervention>& added);

}  // namespace calcsim::experiments
