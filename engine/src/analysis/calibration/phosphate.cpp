// Calibration experiments. Phosphate: a week and a half of a high phosphorus
// intake. Each group reproduces published measurements that parameters were
// fitted to (groups.hpp).
#include "analysis/calibration/groups.hpp"

namespace calcsim::calibration {

using namespace experiments;

// Portale 1986 and 1987: six healthy men moved from 1500 to 3000 mg/day of
// phosphorus for 10 days. FGF23's two exponents are fitted to these rows
// (scripts/fit/fit_axis.py, fit_fgf23, runs the same design).
Rows phosphate_intake(const Params& p) {
  Scenario usual = healthy_adult(10);
  usual.patient.age_years = 33;
  usual.diet.phosphate_mg_per_day = 1500;
  const InitialCondition start = starting_state(usual, p);
  Scenario loaded = usual;
  loaded.diet.phosphate_mg_per_day = 3000;
  const Result before = run_from(usual, p, start), after = run_from(loaded, p, start);
  constexpr double last_day = 9;
  auto ratio = [&](const char* column) { return daily_mean(after, column, last_day) / daily_mean(before, column, last_day); };
  const std::string how = "33-year-old man, 1500 then 3000 mg/day phosphorus in the meals; mean over day 10, against 1500 mg/day";
  return {
      {"phosphate.portale_calcitriol", "Calcitriol after 10 days of 3000 mg/day phosphorus / on 1500",
       "Portale 1986, J Clin Invest 77:7", "0.71 (38 to 27 pg/mL)", "ratio", ratio("calcitriol"), 0.6, 0.82, how},
      {"phosphate.portale_phosphate", "24-hour mean plasma phosphate after 10 days of 3000 mg/day / on 1500",
       "Portale 1987, J Clin Invest 80:1147", "1.14", "ratio", ratio("plasma_phosphate"), 1.05, 1.25, how},
  };
}

}  // namespace calcsim::calibration
