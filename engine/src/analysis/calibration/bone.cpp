// Calibration experiments. Bone across the menopause, and the habits with a
// measured human mechanism. Each group reproduces published measurements that
// parameters were fitted to (groups.hpp).
#include "analysis/calibration/groups.hpp"

namespace calcsim::calibration {

using namespace experiments;

Rows menopause(const Params& p) {
  Scenario s = healthy_adult(13 * year);
  s.name = "menopause";
  s.patient.sex = Sex::Female;
  s.patient.age_years = 48;
  s.patient.menopause_age_years = 51;
  s.output_every_days = 30;
  const Result r = run(s, p);
  auto change = [&](double from_age, double to_age) {
    return 100 * (r.at("bone_mineral", (to_age - 48) * year) / r.at("bone_mineral", (from_age - 48) * year) - 1);
  };
  const std::string how = "woman from age 48, final menstrual period at 51, usual diet";
  return {
      {"menopause.transition", "BMD change across the 3-year transition (FMP-1 to FMP+2)", "SWAN, Greendale 2012",
       "-7.4%", "%", change(50, 53), -10, -5, how},
      {"menopause.ten_years", "BMD change over 10 years spanning menopause (FMP-3 to FMP+7)",
       "SWAN, Greendale 2012", "-10.6%", "%", change(48, 58), -14, -7.5, how},
  };
}

// The habits with a measured human mechanism: how much calcium sodium takes
// out in the urine (Nordin 1993 summarises the salt-loading and
// cross-sectional studies; fitted at 4 weeks, the span of the feeding
// studies), and what bone-loading exercise adds to BMD over a trial's year
// (Howe 2011, progressive resistance training against sedentary controls).
Rows habits(const Params& p) {
  const Scenario woman = default_woman_on_placebo(year, 30);
  constexpr double usual_sodium_mg = 3400, mg_per_100_mmol = 2299;
  const double per_100_mmol =
      urinary_calcium_rise_on_sodium(p, woman, usual_sodium_mg, usual_sodium_mg + mg_per_100_mmol, 28);
  const double loading = bmd_gain_with_activity(p, woman, Activity::Loading, year);
  return {
      {"sodium.nordin_calciuria", "Extra urinary calcium per 100 mmol/day more sodium, after 4 weeks",
       "Nordin 1993, J Nutr 123:1615", "about 1 mmol per 100 mmol", "mmol/day", per_100_mmol, 0.7, 1.3,
       "58-year-old postmenopausal woman on her usual diet, sodium from 3.4 to 5.7 g/day"},
      {"exercise.howe_loading", "BMD change with progressive resistance training minus sedentary controls, 1 year",
       "Howe 2011, Cochrane Database Syst Rev CD000333 (femoral neck)", "+1.03 points [0.24, 1.82]", "points",
       loading, 0.24, 1.82, "58-year-old postmenopausal woman, physical_activity loading vs sedentary"},
  };
}

}  // namespace calcsim::calibration
