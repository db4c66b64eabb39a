// Calibration experiments. The calcium-PTH-vitamin D axis: vitamin D3 doses and
// an acute calcium load. Each group reproduces published measurements that
// parameters were fitted to (groups.hpp).
#include "analysis/calibration/groups.hpp"

namespace calcsim::calibration {

using namespace experiments;

namespace {

// 25(OH)D over `days` after one oral dose of `iu` IU of vitamin D3 at 08:00,
// from a steady `baseline` (nmol/L), in a man of `age_years`, every 6 hours.
Result d25_after_one_dose(const Params& p, double baseline, double iu, double days, double age_years) {
  Scenario adult = healthy_adult(days);
  adult.patient.age_years = age_years;
  adult.output_every_days = 0.25;
  return after_one_d3_dose(adult, p, baseline, iu);
}

// The largest rise of 25(OH)D within 4 months of 100,000 IU, from 67.6 nmol/L, at 41 (Ilahi).
double ilahi_peak_rise(const Params& p) {
  const Result r = d25_after_one_dose(p, 67.6, 100000, 120, 41);
  const Eigen::Index d25 = r.column("d25");
  return r.data.col(d25).maxCoeff() - r.data(0, d25);
}

}  // namespace

// The calcium-PTH-vitamin D axis, fitted by scripts/fit/fit_axis.py.
// Vieth 2001: healthy adults aged 41 +/- 9, from 40.7 nmol/L in winter, on
// 1000 or 4000 IU/day of D3; plateau from 3 months on. Ilahi 2008: 30 healthy
// adults with little sun, one oral dose of 100,000 IU of D3; 25(OH)D from
// 27.1 +/- 7.7 to a peak of 42.0 +/- 9.1 ng/mL (67.6 to 104.8 nmol/L) within
// 4 months (band: the peak's 95% confidence interval, 1.96 x 9.1 / sqrt(30)
// ng/mL either side). Cipriani 2010 (J Clin Endocrinol Metab 95:4771): 48
// young adults from 15.8 +/- 6.5 ng/mL (39.4 nmol/L) given 600,000 IU of D3
// orally once: 77.2 +/- 30.5 ng/mL at 3 days and 62.4 +/- 26.1 at 30 (192.7
// and 155.7 nmol/L; bands: the 95% intervals of the means). A dose this large
// shows how high and how fast 25(OH)D rises above the daily-dose plateaus,
// which Vieth's and Ilahi's doses cannot. Berlin 1988 (Eur J Clin Invest
// 18:52, doi 10.1111/j.1365-2362.1988.tb01165.x): 14 healthy men added 2 g/day
// of calcium to their usual diet for 6-7 weeks: 25(OH)D3 73 +/- 7 to 94 +/- 6
// nmol/L (paired P < 0.01), controls on their usual diet 67 +/- 5 to 71 +/- 4;
// calcitriol fell. The row is the rise over the controls', +17 nmol/L; the
// band, +2 to +32, is about 1.96 standard errors of that difference (the
// calcium arm's paired change at P < 0.01 has an SE of at most 7 nmol/L, the
// controls' about 3). It sizes calcitriol's induction of 25(OH)D's
// inactivation (d25.calcitriol_exponent); until that mechanism it was a
// validation row, which the model failed. Guillemant 1996: 18 healthy young
// men, 1 g oral calcium after a night's fast, PTH to 4 h.
Rows calcium_axis(const Params& p) {
  Scenario adult = with_baseline_d25(healthy_adult(150), p, 40.7);
  adult.patient.age_years = 41;
  adult.output_every_days = 1;
  const InitialCondition start = initial_condition(adult, p);
  auto plateau = [&](double iu) {
    Scenario s = adult;
    s.interventions.push_back(with_breakfast(Agent::VitaminD3, iu * units::mcg_per_iu_vitamin_d));
    return run_from(s, p, start).at("d25", 150);
  };
  Scenario young = healthy_adult(3);
  young.patient.age_years = 25;
  const LoadResponse load = calcium_load_response(p, young, 1000, 4);
  const Result after_cipriani = d25_after_one_dose(p, 39.4, 600000, 31, 30);
  constexpr double berlin_days = 45;  // the blood of day 45 is taken fasting, so the run goes into day 46
  const Scenario berlin_man = with_baseline_d25(healthy_adult(berlin_days + 1), p, 73);
  const Arms berlin = placebo_and_treated(p, berlin_man, {with_every_meal(Agent::Calcium, 667e3)});
  const double berlin_t = berlin_days + fasting_sample;
  const double berlin_rise = berlin.treated.at("d25", berlin_t) - berlin.placebo.at("d25", berlin_t);
  const std::string cipriani = "30-year-old man, sun exposure set for a 25(OH)D of 39.4 nmol/L at the start; "
                               "600,000 IU D3 once at 08:00";
  const std::string vieth = "41-year-old man, sun exposure set for 40.7 nmol/L at the start, 5 months of D3";
  return {
      {"vitd.vieth_1000iu", "25(OH)D plateau on 1000 IU/day vitamin D3 from 40.7 nmol/L",
       "Vieth 2001, AJCN 73:288", "68.7 +/- 16.9 nmol/L", "nmol/L", plateau(1000), 62, 76, vieth},
      {"vitd.vieth_4000iu", "25(OH)D plateau on 4000 IU/day vitamin D3 from 40.7 nmol/L",
       "Vieth 2001, AJCN 73:288", "96.4 +/- 14.6 nmol/L", "nmol/L", plateau(4000), 89, 104, vieth},
      {"vitd.ilahi_100000iu", "Peak rise of 25(OH)D after one oral dose of 100,000 IU vitamin D3, from 67.6 nmol/L",
       "Ilahi 2008, AJCN 87:688", "+37.2 nmol/L (27.1 to 42.0 ng/mL)", "nmol/L", ilahi_peak_rise(p), 29,
       45, "41-year-old man, sun exposure set for 67.6 nmol/L at the start, one dose at 08:00, 4 months"},
      {"vitd.cipriani_3_days", "25(OH)D three days after one oral dose of 600,000 IU vitamin D3, from 39 nmol/L",
       "Cipriani 2010, J Clin Endocrinol Metab 95:4771", "77.2 +/- 30.5 ng/mL (192.7 nmol/L, n 48)", "nmol/L",
       after_cipriani.at("d25", 3), 171, 215, cipriani},
      {"vitd.cipriani_30_days", "25(OH)D 30 days after one oral dose of 600,000 IU vitamin D3, from 39 nmol/L",
       "Cipriani 2010, J Clin Endocrinol Metab 95:4771", "62.4 +/- 26.1 ng/mL (155.7 nmol/L, n 48)", "nmol/L",
       after_cipriani.at("d25", 30), 137, 174, cipriani},
      {"vitd.berlin_calcium", "25(OH)D after 6-7 weeks of 2 g/day more calcium minus without, healthy men",
       "Berlin 1988, Eur J Clin Invest 18:52 (73 to 94 nmol/L on calcium, 67 to 71 without)", "+17", "nmol/L",
       berlin_rise, 2, 32,
       "healthy 45-year-old man on his usual diet, sun exposure set for a 25(OH)D of 73 nmol/L; 667 mg calcium with "
       "each meal for 45 days, fasting 25(OH)D against the same day without it"},
      {"load.guillemant_pth", "Largest PTH fall within 4 h of 1 g oral calcium, fasting",
       "Guillemant 1996, Eur J Clin Nutr 50:469", "-58% (13.9 +/- 4.6 of 24.1 pg/mL)", "%", load.pth_nadir_percent,
       -70, -46, "healthy 25-year-old man, 1000 mg calcium at 05:00 after a night's fast, against the same day"},
  };
}

}  // namespace calcsim::calibration
