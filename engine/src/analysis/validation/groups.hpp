#pragma once
// Validation experiments: published human measurements that no parameter was
// fitted to. Each group runs one study's design and returns its rows; the band
// of every row was fixed from the paper's spread, before the model was run on
// it except for the schedule rows (vitamin_d_schedules, docs/VALIDATION.md).
// The groups live in one file per topic; validation.cpp lists them in the
// order of the table and runs them. To add a row: write it into a group (or a
// new group, declared here and listed in validation.cpp's table) with its
// source, published value, band and how it was run.
#include <vector>

#include "analysis/experiments.hpp"
#include "calcsim/parameters.hpp"
#include "calcsim/targets.hpp"

namespace calcsim::validation {

using Rows = std::vector<Target>;

// vitamin_k.cpp
Rows mk4_absorption(const Params& p);
Rows warfarin_deposition(const Params& p);
Rows valkyrie(const Params& p);
Rows k2_arteries(const Params& p);
Rows avadec(const Params& p);
Rows vitamin_k_bone_trials(const Params& p);
Rows kidney_mk7_weeks(const Params& p);
Rows k1_with_minerals(const Params& p);
Rows mk7_early_menopause(const Params& p);
Rows kidney_mk7_months(const Params& p);
Rows dialysis_mk7_doses(const Params& p);

// oral_loads.cpp
Rows acute_calcium_loads(const Params& p);
Rows supplement_calcium_rise(const Params& p);
Rows phosphate_load(const Params& p);
Rows phosphate_supplement_days(const Params& p);
Rows phosphate_weeks(const Params& p);
Rows calcium_intake_days(const Params& p);
Rows low_calcium_high_phosphorus_diets(const Params& p);

// vitamin_d.cpp
Rows vitamin_d_dose_response(const Params& p);
Rows vitamin_d_bolus(const Params& p);
Rows vitamin_d_schedules(const Params& p);
Rows vitamin_d_absorption_trial(const Params& p);
Rows elderly_vitamin_d_and_calcium(const Params& p);

// bone.cpp
Rows calcium_supplement_years(const Params& p);
Rows calcium_supplement_meta(const Params& p);
Rows calcium_bone_trials(const Params& p);
Rows ageing_bone(const Params& p);
Rows surgical_menopause(const Params& p);

// habits.cpp
Rows sodium_feeding(const Params& p);
Rows exercise_trial(const Params& p);
Rows walking_trials(const Params& p);

// arteries.cpp
Rows calcification_cohorts(const Params& p);
Rows stiffness_cohorts(const Params& p);
Rows k2_stiffness_trials(const Params& p);

// kidney.cpp
Rows kidney_disease_pth(const Params& p);
Rows dialysis_calcium_removal(const Params& p);
Rows dialysis_phosphate_removal(const Params& p);
Rows dialysis_vitamin_d_absorption(const Params& p);
Rows dialysis_bone(const Params& p);
Rows binders_and_arteries(const Params& p);
Rows calcium_balance_ckd(const Params& p);
Rows calcium_acetate_ckd(const Params& p);

}  // namespace calcsim::validation
