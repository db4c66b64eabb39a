#pragma once
// Turns a scenario's meals, doses and dialysis sessions into the timeline the
// solver integrates: contiguous segments, each opening with the jumps
// (depot boluses) that happen at its start and holding its inputs constant.
#include <array>
#include <atomic>
#include <vector>

#include "calcsim/scenario.hpp"
#include "model/model.hpp"

namespace calcsim {

struct Jump {
  int state;      // model::State index
  double amount;  // in the state's unit
};

// One calcium bolus of a typical day (a meal or a supplement), mmol.
struct CalciumBolus {
  double time_of_day = 0.0;  // fraction of a day
  double proximal = 0.0;     // into the proximal gut (absorbable)
  double distal = 0.0;       // food calcium that only passes the distal gut
};

// Intake spread evenly over time (daily-averaged dosing), per day.
struct ContinuousIntake {
  double ca_in = 0.0;         // mmol/day into the proximal gut
  double ca_in_distal = 0.0;  // mmol/day of unabsorbable food calcium into the distal gut
  std::array<double, model::n_states> depot_rate{};  // into the pharmacokinetic gut depots
  // The same calcium as the day's boluses (doses taken on some days only are
  // weighted by how often), for the saturable absorption's correction.
  std::vector<CalciumBolus> calcium_day;
};

struct Segment {
  double t_start = 0.0;  // days from the start of the run
  std::vector<Jump> jumps;
  double magnesium_extra = 0.0;  // mg/day
  double dialysis_duty = 0.0;    // fraction of the time on dialysis: 0 or 1 with exact dosing
  double age_offset = 0.0;       // age-driven rates are evaluated at t_start + age_offset
  int intake = -1;               // index into Timeline::intakes; -1: no continuous intake
};

struct Timeline {
  std::vector<Segment> segments;  // segments[i] lasts until segments[i+1].t_start or t_end
  std::vector<ContinuousIntake> intakes;
  double t_end = 0.0;
  std::size_t dose_count = 0;     // number of meals and doses (boluses, or spread out when daily-averaged)
};

// The scenario's timeline for its dosing (Scenario::dosing). Exact: one
// segment per distinct meal or dose time, none longer than a day.
// Daily-averaged: segments of at most `averaged_segment_days`, split where an
// intervention starts or stops, with the day's intake as continuous rates.
// A raised `cancel` flag stops building an exact timeline (Cancelled at
// t = 0), read between blocks of a month: a century of meals takes tens of
// milliseconds of CPU, which a run stopped by Ctrl-C should not spend.
Timeline build_timeline(const Scenario& s, const Params& p, const std::atomic<bool>* cancel = nullptr);
inline constexpr double averaged_segment_days = 91.0;

// The model inputs over segment i, whose start has the full state x (after
// its jumps). With continuous intake, the active absorption is corrected for
// the saturation the real boluses would cause at this state; `correction`
// remembers it from segment to segment (one per run). TimelineWalk
// (timeline_walk.hpp) applies the jumps and calls this.
class AbsorptionCorrection;
model::Inputs segment_inputs(const model::Context& c, const Timeline& tl, std::size_t i, const double* x,
                             AbsorptionCorrection& correction);


// The number of times an intervention is taken in a run of t_end days (its
// start, stop, days and times of day applied); validate() rejects zero.
std::size_t count_doses(const Intervention& iv, const Diet& diet, double t_end);

// Output times: 0, every, 2 every, ... up to the end of the run, then the
// run's last midnight when that comes later (see last_output_time). None lies
// past the end. Sampled in whole days, every row is at midnight, before that
// day's meals and doses, so the last row compares with the others: a 10-year run
// (3652.5 days) ends its output at day 3652, not at midday after breakfast.
std::vector<double> output_times(double t_end, double every);

// The last output time of a run of t_end days: its last midnight (a run shorter
// than a day: its end). Summaries read there too (report.cpp reads at midnight).
double last_output_time(double t_end);

// The same intake spread evenly over the day: the inputs for the steady-state
// solver (calcium and vitamin K of the usual diet, no interventions).
model::Inputs averaged_diet_inputs(const Scenario& s, const Params& p);
// The usual diet's calcium, meal by meal.
std::vector<CalciumBolus> diet_calcium_day(const Scenario& s, const Params& p);

}  // namespace calcsim
