// The calibration table: every group of experiments (groups.hpp), in the
// order of the table, run on every core.
#include "calcsim/calibration.hpp"

#include <functional>
#include <string>

#include "analysis/calibration/groups.hpp"
#include "simulate/parallel.hpp"

namespace calcsim {

using namespace calibration;

const std::vector<CalibrationGroup>& calibration_groups() {
  static const std::vector<CalibrationGroup> groups{
      {"homeostasis", homeostasis},         {"calcium_axis", calcium_axis},
      {"absorption_loads", absorption_loads}, {"adaptation", adaptation},
      {"pharmacokinetics", pharmacokinetics}, {"mgp", mgp},
      {"habits", habits},                   {"mgp_dose_response", mgp_dose_response},
      {"stiffness", stiffness},             {"arteries", arteries},
      {"menopause", menopause},             {"phosphate_intake", phosphate_intake},
      {"osteocalcin", osteocalcin},         {"kidney_disease", kidney_disease},
      {"ageing_gut", ageing_gut},
  };
  return groups;
}

std::vector<Target> run_calibration_groups(const Params& p, const std::vector<std::string>& names) {
  // The groups on every core, the longest first, each with a rough cost (the
  // decade-long runs of the arteries and the menopause, then the trials).
  const auto cost_of = [](const std::string& name) {
    if (name == "arteries" || name == "menopause") return 10.0;
    if (name == "mgp_dose_response" || name == "stiffness") return 5.0;
    return 1.0;
  };
  const auto& groups = calibration_groups();
  std::vector<std::string> known;
  for (const auto& g : groups) known.push_back(g.name);
  std::vector<std::function<Rows()>> jobs;
  std::vector<double> cost;
  for (const std::size_t i : experiments::chosen_groups(known, names, "calibration")) {
    jobs.emplace_back([&p, &group = groups[i]] { return group.rows(p); });
    cost.push_back(cost_of(groups[i].name));
  }
  return detail::concatenate_in_parallel<Target>(jobs, cost, 0);
}

// Every group in the order of the table.
std::vector<Target> run_calibration(const Params& p) { return run_calibration_groups(p, {}); }

}  // namespace calcsim
