#include "calcsim/display.hpp"

namespace calcsim {

const std::map<std::string, double>& display_resolutions() {
  // About the smallest change that matters to a reader: a laboratory's
  // reporting step or a change a trial would notice.
  static const std::map<std::string, double> table{
      {"plasma_ca", 0.05},        // mmol/L: reported to 0.01; the normal range is 2.2-2.6
      {"ionized_calcium", 0.02},  // mmol/L: reported to 0.01; the normal range is 1.15-1.30
      {"plasma_phosphate", 0.05}, // mmol/L: reported to 0.01; the normal range is 0.8-1.45
      {"ca_p_product", 0.1},      // mmol2/L2: targets are given to one decimal
      {"urinary_p", 1.0},         // mmol/day
      {"pth", 0.5},               // pmol/L
      {"calcitriol", 5.0},        // pmol/L
      {"d25", 5.0},               // nmol/L
      {"k1_plasma", 0.1},         // ng/mL
      {"mk4_plasma", 0.1},        // ng/mL
      {"mk7_plasma", 0.1},        // ng/mL
      {"tissue_k", 1.0},          // nmol/L
      {"liver_k", 1.0},           // nmol/L
      {"dp_ucmgp", 20.0},         // pmol/L
      {"mgp_carboxylated", 0.02},
      {"ucoc_fraction", 0.02},
      {"bone_mineral", 5.0},      // g
      {"bmd_change", 0.5},        // percentage points: about a DXA scan's precision
      {"t_score", 0.05},          // SD
      {"artery_ca", 1.0},         // mg
      {"arterial_score", 2.0},    // AU: repeat CT scans differ by more
      {"urinary_ca", 10.0},       // mg/day
      {"cfpwv", 0.2},             // m/s: repeat cfPWV measurements differ by about 0.5
      {"systolic_bp", 2.0},       // mmHg: a clinic reading's resolution
      {"diastolic_bp", 2.0},      // mmHg
      {"pulse_pressure", 2.0},    // mmHg
  };
  return table;
}

double display_resolution(const std::string& column, double largest_magnitude) {
  const auto& table = display_resolutions();
  if (const auto it = table.find(column); it != table.end()) return it->second;
  return largest_magnitude > 0.0 ? 0.01 * largest_magnitude : 1.0;
}

}  // namespace calcsim
