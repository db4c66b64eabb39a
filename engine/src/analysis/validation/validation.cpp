// The validation table: every group of experiments (groups.hpp), in the
// order of the table, run on every core.
#include "calcsim/validation.hpp"

#include <functional>
#include <stdexcept>
#include <string>

#include "analysis/validation/groups.hpp"
#include "simulate/parallel.hpp"

namespace calcsim {
namespace {

using namespace validation;

using Group = Rows (*)(const Params&);

// Every validation group, in the order of the table, with its name (`calcsim
// validation --group`) and its CPU time in seconds (measured on a release
// build): the groups run on every core, the longest first.
struct TimedGroup {
  const char* name;
  Group run;
  double cpu_seconds;
};
constexpr TimedGroup groups[] = {
    {"acute_calcium_loads", acute_calcium_loads, 0.4},
    {"phosphate_load", phosphate_load, 0.5},
    {"kidney_disease_pth", kidney_disease_pth, 2.0},
    {"vitamin_d_dose_response", vitamin_d_dose_response, 1.1},
    {"vitamin_d_bolus", vitamin_d_bolus, 0.6},
    {"vitamin_d_schedules", vitamin_d_schedules, 1.6},
    {"vitamin_d_absorption_trial", vitamin_d_absorption_trial, 1.7},
    {"elderly_vitamin_d_and_calcium", elderly_vitamin_d_and_calcium, 2.0},
    {"dialysis_calcium_removal", dialysis_calcium_removal, 1.7},
    {"dialysis_phosphate_removal", dialysis_phosphate_removal, 0.8},
    {"dialysis_vitamin_d_absorption", dialysis_vitamin_d_absorption, 0.4},
    {"dialysis_bone", dialysis_bone, 7.4},
    {"warfarin_deposition", warfarin_deposition, 3.6},
    {"sodium_feeding", sodium_feeding, 0.7},
    {"stiffness_cohorts", stiffness_cohorts, 38.7},
    {"calcium_supplement_years", calcium_supplement_years, 12.7},
    {"calcium_supplement_meta", calcium_supplement_meta, 5.1},
    {"calcium_bone_trials", calcium_bone_trials, 39.2},
    {"ageing_bone", ageing_bone, 14.9},
    {"vitamin_k_bone_trials", vitamin_k_bone_trials, 24.1},
    {"k1_with_minerals", k1_with_minerals, 7.7},
    {"mk7_early_menopause", mk7_early_menopause, 1.7},
    {"k2_arteries", k2_arteries, 27.5},
    {"avadec", avadec, 3.5},
    {"calcification_cohorts", calcification_cohorts, 18.0},
    {"valkyrie", valkyrie, 10.3},
    {"kidney_mk7_weeks", kidney_mk7_weeks, 0.6},
    {"kidney_mk7_months", kidney_mk7_months, 0.7},
    {"dialysis_mk7_doses", dialysis_mk7_doses, 0.7},
    {"binders_and_arteries", binders_and_arteries, 8.3},
    {"exercise_trial", exercise_trial, 0.1},
    {"walking_trials", walking_trials, 0.1},
    {"k2_stiffness_trials", k2_stiffness_trials, 7.0},
    {"calcium_balance_ckd", calcium_balance_ckd, 0.3},
    {"calcium_acetate_ckd", calcium_acetate_ckd, 0.6},
    {"phosphate_supplement_days", phosphate_supplement_days, 0.4},
    {"phosphate_weeks", phosphate_weeks, 0.6},
    {"calcium_intake_days", calcium_intake_days, 0.1},
    {"low_calcium_high_phosphorus_diets", low_calcium_high_phosphorus_diets, 0.5},
    {"supplement_calcium_rise", supplement_calcium_rise, 0.5},
    {"surgical_menopause", surgical_menopause, 0.5},
    {"mk4_absorption", mk4_absorption, 0.2},
};

}  // namespace

std::vector<std::string> validation_groups() {
  std::vector<std::string> names;
  for (const TimedGroup& g : groups) names.emplace_back(g.name);
  return names;
}

std::vector<Target> run_validation(const Params& p) { return run_validation_with(p, ValidationOptions{}); }

std::vector<Target> run_validation_with(const Params& p, const ValidationOptions& options) {
  const experiments::RunRule rule{options.daily_averaged_from_days, options.cancel};
  std::vector<std::function<Rows()>> jobs;
  std::vector<double> cost;
  for (const std::size_t i : experiments::chosen_groups(validation_groups(), options.groups, "validation")) {
    jobs.emplace_back([&p, &rule, run = groups[i].run] {
      const experiments::ScopedRunRule on_this_thread(rule);  // the group runs on a worker thread
      return run(p);
    });
    cost.push_back(groups[i].cpu_seconds);
  }
  std::vector<Target> rows = detail::concatenate_in_parallel<Target>(jobs, cost, options.threads);
  // A reason says what kind it is in its opening words, so that the table can
  // count conflicts between trials apart from limits of the model.
  for (const Target& r : rows)
    if (!r.known_failure.empty() && !r.known_failure.starts_with(conflict_opening) &&
        !r.known_failure.starts_with(limit_opening))
      throw std::logic_error("validation row " + r.id + ": its reason must open with '" + conflict_opening +
                             "' or '" + limit_opening + "'");
  return rows;
}

}  // namespace calcsim
