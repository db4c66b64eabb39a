#include "schedule/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "calcsim/errors.hpp"
#include "model/pulsed_absorption.hpp"

namespace calcsim {
namespace {

using model::fat_factor;

constexpr double same_time = 1e-9;  // days; events closer than this happen together

double mmol_calcium(double mcg) { return mcg / 1000.0 / model::molar_mass_calcium; }
double mmol_phosphorus(double mcg) { return mcg / 1000.0 / model::molar_mass_phosphorus; }

struct TimedJump {
  double t;
  Jump jump;
};

// Elemental calcium per mass of a calcium-based binder: calcium acetate
// Ca(CH3COO)2, 158.17 g/mol (a 667 mg tablet holds 169 mg); calcium carbonate
// CaCO3, 100.09 g/mol.
constexpr double calcium_in_acetate = model::molar_mass_calcium / 158.17;
constexpr double calcium_in_carbonate = model::molar_mass_calcium / 100.09;

// A binder dose: its phosphate-binding capacity (mmol) into the gut lumen and,
// for calcium-based binders, its calcium as a calcium dose.
void binder_jumps(double grams, double capacity_per_gram, double calcium_fraction, double t,
                  std::vector<TimedJump>& out) {
  out.push_back({t, {model::GutBinder, grams * capacity_per_gram}});
  if (calcium_fraction > 0.0) {
    const double calcium = mmol_calcium(grams * 1e6 * calcium_fraction);
    out.push_back({t, {model::GutCa, calcium}});
    out.push_back({t, {model::CumIntake, calcium}});
  }
}
double nmol(double mcg, double molar_mass) { return mcg * 1000.0 / molar_mass; }

const Meal* find_meal(const Diet& d, const std::string& name) {
  for (const auto& m : d.meals)
    if (m.name == name) return &m;
  return nullptr;
}

// The depot boluses of one dose of an intervention taken with `fat_g` of fat.
void dose_jumps(const Intervention& iv, const Params& p, double fat_g, double t, std::vector<TimedJump>& out) {
  const double f = fat_factor(p, fat_g);
  switch (iv.agent) {
    case Agent::K1: {
      const double bio = iv.k1_form == K1Form::Greens ? p.k1_greens_bioavail : p.k1_supp_bioavail;
      out.push_back({t, {model::K1Gut, nmol(iv.dose_mcg, model::molar_mass_k1) * bio * f}});
      break;
    }
    case Agent::MK4:
      out.push_back({t, {model::Mk4Gut, nmol(iv.dose_mcg, model::molar_mass_mk4) * p.mk4_bioavail * f}});
      break;
    case Agent::MK7:
      out.push_back({t, {model::Mk7Gut, nmol(iv.dose_mcg, model::molar_mass_mk7) * p.mk7_bioavail * f}});
      break;
    case Agent::VitaminD3:
      out.push_back({t, {model::D3Gut, iv.dose_mcg}});
      break;
    case Agent::Calcium:
      out.push_back({t, {model::GutCa, mmol_calcium(iv.dose_mcg)}});
      out.push_back({t, {model::CumIntake, mmol_calcium(iv.dose_mcg)}});
      break;
    case Agent::Warfarin:
      out.push_back({t, {model::WarfarinGut, iv.dose_mcg / 1000.0}});
      break;
    case Agent::Magnesium:
      break;  // a daily-average input, not a bolus
    case Agent::CalciumAcetate:
      binder_jumps(iv.dose_mcg / 1e6, p.binder_calcium_acetate, calcium_in_acetate, t, out);
      break;
    case Agent::CalciumCarbonate:
      binder_jumps(iv.dose_mcg / 1e6, p.binder_calcium_carbonate, calcium_in_carbonate, t, out);
      break;
    case Agent::Sevelamer:
      binder_jumps(iv.dose_mcg / 1e6, p.binder_sevelamer, 0.0, t, out);
      break;
    case Agent::Lanthanum:
      binder_jumps(iv.dose_mcg / 1e6, p.binder_lanthanum, 0.0, t, out);
      break;
  }
}

bool takes_dose_on(const Intervention& iv, int day) {
  const int weekday = day % 7;
  switch (iv.repeat) {
    case Repeat::Daily:
      return true;
    case Repeat::ThriceWeekly:
    case Repeat::Weekly:
      return std::find(iv.weekdays.begin(), iv.weekdays.end(), weekday) != iv.weekdays.end();
    case Repeat::Once:
      return false;  // handled by the caller
  }
  return false;
}

// The (time of day, fat) of each of the intervention's doses on a day it is taken.
std::vector<std::pair<double, double>> dose_clock(const Intervention& iv, const Diet& diet) {
  std::vector<std::pair<double, double>> clock;
  for (const auto& name : iv.with_meals)
    if (const Meal* m = find_meal(diet, name)) clock.emplace_back(m->time_of_day, iv.fat_g.value_or(m->fat_g));
  for (double tod : iv.times_of_day) clock.emplace_back(tod, iv.fat_g.value_or(0.0));
  return clock;
}

// Every (time, fat) at which the intervention is taken during [0, t_end).
std::vector<std::pair<double, double>> dose_times(const Intervention& iv, const Diet& diet, double t_end) {
  const auto clock = dose_clock(iv, diet);
  std::vector<std::pair<double, double>> out;
  const double stop = std::min(iv.stop_day, t_end);
  if (iv.repeat == Repeat::Once) {
    const int day = static_cast<int>(std::floor(iv.start_day));
    for (auto [tod, fat] : clock) {
      const double t = day + tod;
      if (t >= iv.start_day - same_time && t < stop) {
        out.emplace_back(t, fat);
        break;
      }
    }
    return out;
  }
  const int first = static_cast<int>(std::floor(iv.start_day));
  const int last = static_cast<int>(std::ceil(stop));
  for (int day = first; day <= last; ++day) {
    if (!takes_dose_on(iv, day)) continue;
    for (auto [tod, fat] : clock) {
      const double t = day + tod;
      if (t >= iv.start_day - same_time && t < stop) out.emplace_back(t, fat);
    }
  }
  return out;
}

// The fraction of days on which a repeated intervention is taken.
double days_taken_fraction(const Intervention& iv) {
  switch (iv.repeat) {
    case Repeat::Daily: return 1.0;
    case Repeat::ThriceWeekly: return 3.0 / 7.0;
    case Repeat::Weekly: return 1.0 / 7.0;
    case Repeat::Once: return 0.0;
  }
  return 0.0;
}

double doses_per_day(const Intervention& iv) {
  return static_cast<double>(iv.with_meals.size() + iv.times_of_day.size()) * days_taken_fraction(iv);
}

// A repeated intervention's doses spread evenly over time, added to `in`.
void add_dose_rates(const Intervention& iv, const Diet& diet, const Params& p, ContinuousIntake& in) {
  std::vector<TimedJump> boluses;
  for (auto [tod, fat] : dose_clock(iv, diet)) dose_jumps(iv, p, fat, tod, boluses);
  const double per_day = days_taken_fraction(iv);
  for (const auto& b : boluses) {
    if (b.jump.state == model::GutCa) {
      in.ca_in += b.jump.amount * per_day;
      in.calcium_day.push_back({b.t, b.jump.amount * per_day, 0.0});
    } else if (b.jump.state != model::CumIntake && b.jump.state != model::CumIntakeP)  // the model counts continuous intake itself
      in.depot_rate[static_cast<std::size_t>(b.jump.state)] += b.jump.amount * per_day;
  }
}

bool taken_at(const Intervention& iv, double t) {
  return t >= iv.start_day - same_time && t < iv.stop_day - same_time;
}

double magnesium_extra_at(const Scenario& s, double t) {
  double extra = 0.0;
  for (const auto& iv : s.interventions)
    if (iv.agent == Agent::Magnesium && taken_at(iv, t)) extra += iv.dose_mcg / 1000.0 * doses_per_day(iv);
  return extra;
}

std::vector<double> sorted_unique(std::vector<double> times) {
  std::sort(times.begin(), times.end());
  std::vector<double> out;
  for (double t : times)
    if (out.empty() || t - out.back() > same_time) out.push_back(t);
  return out;
}

// Daily-averaged dosing: the usual diet and every repeated intervention as
// continuous rates, one-off doses as boluses.
Timeline averaged_timeline(const Scenario& s, const Params& p) {
  Timeline tl;
  tl.t_end = s.duration_days;
  const model::Inputs diet = averaged_diet_inputs(s, p);
  std::vector<TimedJump> jumps;
  std::vector<double> breaks{0.0};
  for (const auto& iv : s.interventions) {
    if (iv.repeat == Repeat::Once) {
      for (auto [t, fat] : dose_times(iv, s.diet, tl.t_end)) {
        dose_jumps(iv, p, fat, t, jumps);
        breaks.push_back(t);
      }
      continue;
    }
    tl.dose_count += count_doses(iv, s.diet, tl.t_end);
    if (iv.start_day > 0.0 && iv.start_day < tl.t_end) breaks.push_back(iv.start_day);
    if (iv.stop_day < tl.t_end) breaks.push_back(iv.stop_day);
  }
  for (double day = 0.0; day < tl.t_end; day += 1.0)
    for (const auto& m : s.diet.meals) tl.dose_count += day + m.time_of_day < tl.t_end ? 1 : 0;
  tl.dose_count += jumps.size();

  std::vector<double> starts;
  const std::vector<double> cuts = sorted_unique(breaks);
  for (std::size_t i = 0; i < cuts.size(); ++i) {
    const double to = i + 1 < cuts.size() ? cuts[i + 1] : tl.t_end;
    const auto pieces = std::max(1.0, std::ceil((to - cuts[i]) / averaged_segment_days - 1e-9));
    for (double k = 0; k < pieces; ++k) starts.push_back(cuts[i] + k * (to - cuts[i]) / pieces);
  }

  std::size_t next_jump = 0;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const double t = starts[i];
    const double to = i + 1 < starts.size() ? starts[i + 1] : tl.t_end;
    Segment seg;
    seg.t_start = t;
    seg.age_offset = 0.5 * (to - t);  // age at the midpoint: second-order accurate
    while (next_jump < jumps.size() && jumps[next_jump].t <= t + same_time) seg.jumps.push_back(jumps[next_jump++].jump);
    seg.magnesium_extra = magnesium_extra_at(s, t);
    seg.dialysis_duty = diet.dialysis_duty;
    ContinuousIntake intake{diet.ca_in, diet.ca_in_distal, diet.depot_rate, diet_calcium_day(s, p)};
    for (const auto& iv : s.interventions)
      if (iv.repeat != Repeat::Once && iv.agent != Agent::Magnesium && taken_at(iv, t))
        add_dose_rates(iv, s.diet, p, intake);
    seg.intake = static_cast<int>(tl.intakes.size());
    tl.intakes.push_back(intake);
    tl.segments.push_back(std::move(seg));
  }
  return tl;
}

}  // namespace

std::size_t count_doses(const Intervention& iv, const Diet& diet, double t_end) {
  return dose_times(iv, diet, t_end).size();
}

namespace {

// Exact dosing: every meal and dose a bolus at its time.
// Throws Cancelled (at t = 0, before the run) when the flag is raised.
void check_cancel(const std::atomic<bool>* cancel) {
  if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) throw Cancelled(0.0);
}

// Built a block of days at a time. Every meal and dose of a block falls within
// it, so sorting each block's jumps alone gives the order one sort of them all
// would (the same stable order among jumps at one time), without one large sort
// for a century of meals; and the cancel flag is read between blocks, so a run
// stopped by Ctrl-C while its timeline is built stops within a block.
Timeline exact_timeline(const Scenario& s, const Params& p, const std::atomic<bool>* cancel) {
  constexpr int block_days = 32;
  Timeline tl;
  tl.t_end = s.duration_days;
  const int days = static_cast<int>(std::ceil(tl.t_end));

  const double ca_day = mmol_calcium(s.diet.calcium_mg_per_day * 1000.0);
  const double p_day = mmol_phosphorus(s.diet.phosphate_mg_per_day * 1000.0);
  const double k1_day = nmol(s.diet.k1_mcg_per_day, model::molar_mass_k1) * p.k1_food_bioavail;
  const double mk4_day = nmol(s.diet.mk4_mcg_per_day, model::molar_mass_mk4) * p.mk4_bioavail;
  const double mk7_day = nmol(s.diet.mk7_mcg_per_day, model::molar_mass_mk7) * p.mk7_bioavail;

  // Times where an input other than a jump changes: magnesium starting or
  // stopping, dialysis sessions beginning and ending.
  std::vector<double> switches{0.0};
  // Each dosed intervention's (time, fat), grouped by day in day order.
  std::vector<std::pair<const Intervention*, std::vector<std::pair<double, double>>>> doses;
  for (const auto& iv : s.interventions) {
    if (iv.agent == Agent::Magnesium) {
      switches.push_back(iv.start_day);
      if (iv.stop_day < tl.t_end) switches.push_back(iv.stop_day);
      continue;
    }
    doses.emplace_back(&iv, dose_times(iv, s.diet, tl.t_end));
  }
  std::vector<std::pair<double, double>> sessions;
  if (s.patient.dialysis) {
    for (int day = 0; day < days; ++day) {
      const auto& wd = s.patient.dialysis_weekdays;
      if (std::find(wd.begin(), wd.end(), day % 7) == wd.end()) continue;
      const double on = day + s.patient.dialysis_start_time;
      const double off = on + in_internal_units(p).dialysis_session;
      if (on >= tl.t_end) continue;
      sessions.emplace_back(on, off);
      switches.push_back(on);
      if (off < tl.t_end) switches.push_back(off);
    }
  }
  std::sort(switches.begin(), switches.end());

  std::vector<std::size_t> next_dose(doses.size(), 0);
  std::size_t next_switch = 0;
  std::size_t session = 0;
  std::vector<TimedJump> jumps;  // this block's, in time order
  std::size_t next_jump = 0;
  std::vector<double> times;
  const auto add_segment = [&](double t) {
    Segment seg;
    seg.t_start = t;
    for (; next_jump < jumps.size() && jumps[next_jump].t <= t + same_time; ++next_jump)
      if (jumps[next_jump].jump.amount != 0.0) seg.jumps.push_back(jumps[next_jump].jump);
    seg.magnesium_extra = magnesium_extra_at(s, t);
    while (session < sessions.size() && sessions[session].second <= t + same_time) ++session;
    seg.dialysis_duty = session < sessions.size() && sessions[session].first <= t + same_time ? 1.0 : 0.0;
    tl.segments.push_back(std::move(seg));
  };
  // Age-driven rates are held per segment, so no segment may exceed a day.
  const auto fill_days_before = [&](double t) {
    while (!tl.segments.empty() && t - tl.segments.back().t_start > 1.0 + same_time)
      add_segment(std::floor(tl.segments.back().t_start) + 1.0);
  };
  for (int d0 = 0; d0 < days; d0 += block_days) {
    check_cancel(cancel);
    const int d1 = std::min(days, d0 + block_days);
    const bool last_block = d1 == days;
    const auto in_block = [&](double t) { return last_block || t < d1; };

    jumps.clear();
    for (int day = d0; day < d1; ++day) {
      for (const auto& m : s.diet.meals) {
        const double t = day + m.time_of_day;
        if (t >= tl.t_end) continue;
        const double f = fat_factor(p, m.fat_g);
        const double share = m.calcium_share;
        jumps.push_back({t, {model::GutCa, share * ca_day * p.food_calcium_available}});
        jumps.push_back({t, {model::GutDistalCa, share * ca_day * (1.0 - p.food_calcium_available)}});
        jumps.push_back({t, {model::CumIntake, share * ca_day}});
        jumps.push_back({t, {model::GutP, share * p_day}});
        jumps.push_back({t, {model::CumIntakeP, share * p_day}});
        jumps.push_back({t, {model::K1Gut, share * k1_day * f}});
        jumps.push_back({t, {model::Mk4Gut, share * mk4_day * f}});
        jumps.push_back({t, {model::Mk7Gut, share * mk7_day * f}});
        ++tl.dose_count;
      }
    }
    for (std::size_t k = 0; k < doses.size(); ++k) {
      const auto& [iv, list] = doses[k];
      for (; next_dose[k] < list.size() && in_block(list[next_dose[k]].first); ++next_dose[k]) {
        dose_jumps(*iv, p, list[next_dose[k]].second, list[next_dose[k]].first, jumps);
        ++tl.dose_count;
      }
    }
    std::stable_sort(jumps.begin(), jumps.end(), [](const TimedJump& a, const TimedJump& b) { return a.t < b.t; });

    times.clear();
    for (; next_switch < switches.size() && in_block(switches[next_switch]); ++next_switch)
      times.push_back(switches[next_switch]);
    for (const auto& j : jumps) times.push_back(j.t);
    std::sort(times.begin(), times.end());

    next_jump = 0;
    // A jump as near to the previous block's last segment as events that happen together joins it.
    if (!tl.segments.empty())
      for (; next_jump < jumps.size() && jumps[next_jump].t <= tl.segments.back().t_start + same_time; ++next_jump)
        if (jumps[next_jump].jump.amount != 0.0) tl.segments.back().jumps.push_back(jumps[next_jump].jump);
    for (double t : times) {
      if (!tl.segments.empty() && t - tl.segments.back().t_start <= same_time) continue;
      fill_days_before(t);
      add_segment(t);
    }
  }
  fill_days_before(tl.t_end);
  return tl;
}

}  // namespace

Timeline build_timeline(const Scenario& s, const Params& p, const std::atomic<bool>* cancel) {
  return s.dosing == Dosing::DailyAveraged ? averaged_timeline(s, p) : exact_timeline(s, p, cancel);
}

model::Inputs segment_inputs(const model::Context& c, const Timeline& tl, std::size_t i, const double* x,
                             AbsorptionCorrection& correction) {
  const Segment& seg = tl.segments[i];
  model::Inputs in;
  in.t_start = seg.t_start;
  in.age_offset = seg.age_offset;
  in.magnesium_extra = seg.magnesium_extra;
  in.dialysis_duty = seg.dialysis_duty;
  if (seg.intake >= 0) {
    const ContinuousIntake& intake = tl.intakes[static_cast<std::size_t>(seg.intake)];
    in.ca_in = intake.ca_in;
    in.ca_in_distal = intake.ca_in_distal;
    in.depot_rate = intake.depot_rate;
    in.active_absorption_scale =
        correction(c, intake.calcium_day, x[model::GutCapacity], x[model::EcfCa] / c.p.ecf_volume);
  }
  std::copy(x, x + model::n_states, in.pk_start.begin());
  return in;
}

std::vector<double> output_times(double t_end, double every) {
  std::vector<double> out;
  const auto n = static_cast<long>(std::floor(t_end / every + 1e-9));
  out.reserve(static_cast<std::size_t>(n) + 2);
  // k * every can land a rounding error past the end (5 days at 15 min gives
  // 5.000000000000001): such a time is the end, or its row would never be filled.
  for (long k = 0; k <= n; ++k) out.push_back(std::min(static_cast<double>(k) * every, t_end));
  const double last = last_output_time(t_end);
  if (last - out.back() > 1e-9) out.push_back(last);
  return out;
}

double last_output_time(double t_end) { return t_end < 1.0 ? t_end : std::floor(t_end + 1e-9); }

std::vector<CalciumBolus> diet_calcium_day(const Scenario& s, const Params& p) {
  const double ca_day = mmol_calcium(s.diet.calcium_mg_per_day * 1000.0);
  std::vector<CalciumBolus> day;
  for (const auto& m : s.diet.meals)
    day.push_back({m.time_of_day, m.calcium_share * ca_day * p.food_calcium_available,
                   m.calcium_share * ca_day * (1.0 - p.food_calcium_available)});
  return day;
}

model::Inputs averaged_diet_inputs(const Scenario& s, const Params& p) {
  model::Inputs in;
  in.ca_in = mmol_calcium(s.diet.calcium_mg_per_day * 1000.0) * p.food_calcium_available;
  in.ca_in_distal = mmol_calcium(s.diet.calcium_mg_per_day * 1000.0) * (1.0 - p.food_calcium_available);
  in.depot_rate[model::GutP] = mmol_phosphorus(s.diet.phosphate_mg_per_day * 1000.0);
  if (s.patient.dialysis)
    in.dialysis_duty = static_cast<double>(s.patient.dialysis_weekdays.size()) *
                       in_internal_units(p).dialysis_session / 7.0;
  double fat_weight = 0.0;
  for (const auto& m : s.diet.meals) fat_weight += m.calcium_share * fat_factor(p, m.fat_g);
  in.depot_rate[model::K1Gut] = nmol(s.diet.k1_mcg_per_day, model::molar_mass_k1) * p.k1_food_bioavail * fat_weight;
  in.depot_rate[model::Mk4Gut] = nmol(s.diet.mk4_mcg_per_day, model::molar_mass_mk4) * p.mk4_bioavail * fat_weight;
  in.depot_rate[model::Mk7Gut] = nmol(s.diet.mk7_mcg_per_day, model::molar_mass_mk7) * p.mk7_bioavail * fat_weight;
  return in;
}

}  // namespace calcsim
