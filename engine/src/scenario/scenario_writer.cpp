// Writes a Scenario as scenario-file YAML: every key written out, every
// quantity as text with its unit ("180 mcg", "10 years"), every number the
// shortest text that reads back as the same double, and every enumeration in
// the spelling the reader accepts (spellings.hpp), so that parse_scenario()
// gives the same scenario back. Free text (names, descriptions) is quoted so
// that a name such as "2024" or "yes" stays text.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "calcsim/scenario.hpp"
#include "calcsim/units.hpp"
#include "scenario/spellings.hpp"

namespace calcsim {
namespace {

// The shortest text that reads back as the same double.
std::string exact(double v) {
  std::array<char, 64> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  if (ec != std::errc()) throw std::logic_error("cannot write the number " + std::to_string(v));
  return std::string(buf.data(), end);
}

std::string with_unit(double v, const char* unit) { return exact(v) + " " + unit; }

// "10 years" when the number of days is a short number of years, else "30 days".
std::string duration_text(double days) {
  const double years = days / units::days_per_year;
  if (days > 0.0 && years * units::days_per_year == days && exact(years).size() <= 6)
    return with_unit(years, years == 1.0 ? "year" : "years");
  return with_unit(days, days == 1.0 ? "day" : "days");
}

// "07:30": scenario files give clock times to the minute.
std::string clock_text(double fraction_of_day) {
  const long minutes = std::clamp(std::lround(fraction_of_day * 1440.0), 0L, 1439L);
  const long hours = minutes / 60, rest = minutes % 60;
  const auto digit = [](long v) { return static_cast<char>('0' + v); };
  return {digit(hours / 10), digit(hours % 10), ':', digit(rest / 10), digit(rest % 10)};
}

// One dose in micrograms: "500 mg" when that is exact, else "180 mcg".
std::string mass_text(double mcg) {
  const double mg = mcg / 1e3;
  return (mcg >= 1e3 && mg * 1e3 == mcg) ? with_unit(mg, "mg") : with_unit(mcg, "mcg");
}

template <class T>
std::string spelt(const spellings::Options<T>& options, T value) {
  return std::string(spellings::spelling_of(options, value));
}

YAML::Emitter& quoted(YAML::Emitter& out, const std::string& text) { return out << YAML::DoubleQuoted << text; }

void weekdays(YAML::Emitter& out, const std::vector<int>& days) {
  out << YAML::Flow << YAML::BeginSeq;
  for (int d : days) out << spelt(spellings::weekday_names, d);
  out << YAML::EndSeq;
}

void patient(YAML::Emitter& out, const Patient& p) {
  out << YAML::BeginMap;
  out << YAML::Key << "age" << YAML::Value << with_unit(p.age_years, "years");
  out << YAML::Key << "sex" << YAML::Value << spelt(spellings::sexes, p.sex);
  if (p.sex == Sex::Female)
    out << YAML::Key << "menopause_age" << YAML::Value
        << (p.menopause_age_years ? with_unit(*p.menopause_age_years, "years") : std::string("none"));
  out << YAML::Key << "egfr" << YAML::Value << with_unit(p.egfr, "mL/min/1.73m2");
  out << YAML::Key << "dialysis" << YAML::Value;
  if (p.dialysis) {
    out << YAML::BeginMap << YAML::Key << "days" << YAML::Value;
    weekdays(out, p.dialysis_weekdays);
    out << YAML::Key << "start" << YAML::Value;
    quoted(out, clock_text(p.dialysis_start_time));
    out << YAML::EndMap;
  } else {
    out << false;
  }
  out << YAML::Key << "diabetes" << YAML::Value << p.diabetes;
  out << YAML::Key << "inflammation" << YAML::Value << spelt(spellings::inflammation_levels, p.inflammation);
  out << YAML::Key << "family_history_cvd" << YAML::Value << p.family_history_cvd;
  out << YAML::Key << "coronary_calcium" << YAML::Value << with_unit(p.coronary_calcium_au, "AU");
  if (p.baseline_d25_nmol_per_l)
    out << YAML::Key << "baseline_d25" << YAML::Value << with_unit(*p.baseline_d25_nmol_per_l, "nmol/L");
  else
    out << YAML::Key << "sun_exposure" << YAML::Value << with_unit(p.sun_exposure_mcg_per_day, "mcg/day");
  out << YAML::Key << "smoking" << YAML::Value << spelt(spellings::smoking_statuses, p.smoking);
  out << YAML::Key << "physical_activity" << YAML::Value << spelt(spellings::activity_levels, p.physical_activity);
  if (p.systolic_bp_mmhg) out << YAML::Key << "systolic_bp" << YAML::Value << with_unit(*p.systolic_bp_mmhg, "mmHg");
  out << YAML::EndMap;
}

void diet(YAML::Emitter& out, const Diet& d) {
  out << YAML::BeginMap;
  out << YAML::Key << "calcium" << YAML::Value << with_unit(d.calcium_mg_per_day, "mg/day");
  out << YAML::Key << "phosphate" << YAML::Value << with_unit(d.phosphate_mg_per_day, "mg/day");
  out << YAML::Key << "vitamin_k1" << YAML::Value << with_unit(d.k1_mcg_per_day, "mcg/day");
  out << YAML::Key << "mk4" << YAML::Value << with_unit(d.mk4_mcg_per_day, "mcg/day");
  out << YAML::Key << "mk7" << YAML::Value << with_unit(d.mk7_mcg_per_day, "mcg/day");
  out << YAML::Key << "magnesium" << YAML::Value << with_unit(d.magnesium_mg_per_day, "mg/day");
  out << YAML::Key << "vitamin_d" << YAML::Value << with_unit(d.vitamin_d_mcg_per_day, "mcg/day");
  out << YAML::Key << "sodium" << YAML::Value << with_unit(d.sodium_mg_per_day, "mg/day");
  out << YAML::Key << "meals" << YAML::Value << YAML::BeginSeq;
  for (const auto& meal : d.meals) {
    out << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value;
    quoted(out, meal.name);
    out << YAML::Key << "time" << YAML::Value;
    quoted(out, clock_text(meal.time_of_day));
    out << YAML::Key << "share" << YAML::Value << exact(meal.calcium_share);
    out << YAML::Key << "fat" << YAML::Value << with_unit(meal.fat_g, "g");
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
}

// A single value as itself, several as a list ("with: breakfast" or "with: [breakfast, dinner]").
void one_or_list(YAML::Emitter& out, const std::vector<std::string>& values) {
  if (values.size() == 1) {
    quoted(out, values.front());
    return;
  }
  out << YAML::Flow << YAML::BeginSeq;
  for (const auto& v : values) quoted(out, v);
  out << YAML::EndSeq;
}

void intervention(YAML::Emitter& out, const Intervention& iv) {
  out << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "agent" << YAML::Value << to_string(iv.agent);
  out << YAML::Key << "dose" << YAML::Value
      << (iv.agent == Agent::VitaminD3 ? with_unit(iv.dose_mcg, "mcg") : mass_text(iv.dose_mcg));
  out << YAML::Key << "schedule" << YAML::Value << spelt(spellings::repeats, iv.repeat);
  if (!iv.with_meals.empty()) {
    out << YAML::Key << "with" << YAML::Value;
    one_or_list(out, iv.with_meals);
  }
  if (!iv.times_of_day.empty()) {
    std::vector<std::string> clocks;
    for (double t : iv.times_of_day) clocks.push_back(clock_text(t));
    out << YAML::Key << "at" << YAML::Value;
    one_or_list(out, clocks);
  }
  if (iv.fat_g) out << YAML::Key << "fat" << YAML::Value << with_unit(*iv.fat_g, "g");
  if (!iv.weekdays.empty()) {
    out << YAML::Key << "days" << YAML::Value;
    weekdays(out, iv.weekdays);
  }
  if (iv.start_day > 0.0) out << YAML::Key << "start" << YAML::Value << duration_text(iv.start_day);
  if (std::isfinite(iv.stop_day)) out << YAML::Key << "stop" << YAML::Value << duration_text(iv.stop_day);
  // Only the non-default form is written, as a scenario file would.
  if (iv.agent == Agent::K1 && iv.k1_form != K1Form::Supplement)
    out << YAML::Key << "form" << YAML::Value << spelt(spellings::k1_forms, iv.k1_form);
  out << YAML::EndMap;
}

}  // namespace

std::string scenario_yaml(const Scenario& s) {
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value;
  quoted(out, s.name);
  if (!s.description.empty()) {
    out << YAML::Key << "description" << YAML::Value;
    quoted(out, s.description);
  }
  out << YAML::Key << "duration" << YAML::Value << duration_text(s.duration_days);
  out << YAML::Key << "output_every" << YAML::Value << duration_text(s.output_every_days);
  out << YAML::Key << "ageing" << YAML::Value << s.ageing;
  out << YAML::Key << "dosing" << YAML::Value << spelt(spellings::dosings, s.dosing);
  out << YAML::Key << "patient" << YAML::Value;
  patient(out, s.patient);
  out << YAML::Key << "diet" << YAML::Value;
  diet(out, s.diet);
  out << YAML::Key << "interventions" << YAML::Value << YAML::BeginSeq;
  for (const auto& iv : s.interventions) intervention(out, iv);
  out << YAML::EndSeq << YAML::EndMap;
  if (!out.good()) throw std::logic_error("cannot write the scenario as YAML: " + out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

}  // namespace calcsim
