#include "calcsim/outputs.hpp"

#include <cmath>

namespace calcsim {
namespace {

constexpr double mg_per_mmol = model::molar_mass_calcium;

}  // namespace

const std::vector<Column>& output_columns() {
  static const std::vector<Column> columns{
      {"time", "day", "Time since the start of the run"},
      {"age", "year", "Age of the patient"},
      {"plasma_ca", "mmol/L", "Total plasma calcium"},
      {"pth", "pmol/L", "Plasma intact PTH"},
      {"calcitriol", "pmol/L", "Plasma 1,25-dihydroxyvitamin D"},
      {"d25", "nmol/L", "Plasma 25-hydroxyvitamin D"},
      {"k1_plasma", "ng/mL", "Plasma vitamin K1"},
      {"mk4_plasma", "ng/mL", "Plasma MK-4"},
      {"mk7_plasma", "ng/mL", "Plasma MK-7"},
      {"tissue_k", "nmol/L", "Extrahepatic tissue vitamin K (plasma-equivalent)"},
      {"liver_k", "nmol/L", "Vitamin K taken by the liver first (plasma-equivalent)"},
      {"warfarin_plasma", "mg/L", "Plasma warfarin"},
      {"dp_ucmgp", "pmol/L", "Circulating dephospho-uncarboxylated MGP (inactive MGP)"},
      {"mgp_carboxylated", "1", "Carboxylated (active) fraction of vessel-wall MGP"},
      {"ucoc_fraction", "1", "Undercarboxylated fraction of osteocalcin"},
      {"bone_mineral", "g", "Skeletal calcium"},
      {"bmd_change", "%", "Bone mineral density change since the start"},
      {"t_score", "SD", "T-score proxy against young-adult bone mineral"},
      {"artery_ca", "mg", "Coronary-equivalent arterial calcium"},
      {"arterial_score", "AU", "Agatston-equivalent arterial calcium score"},
      {"arterial_category", "1", "Score category: 0 = 0, 1 = 1-99, 2 = 100-399, 3 = 400+"},
      {"intake_ca", "mg/day", "Calcium eaten (average since the previous output)"},
      {"absorbed_ca", "mg/day", "Calcium absorbed from the gut (gross)"},
      {"secreted_ca", "mg/day", "Calcium secreted into the gut"},
      {"faecal_ca", "mg/day", "Calcium lost in faeces"},
      {"urinary_ca", "mg/day", "Calcium lost in urine"},
      {"dialysis_ca", "mg/day", "Calcium removed by dialysis (negative = gained)"},
      {"net_to_bone", "mg/day", "Net calcium into bone (mineral and exchangeable)"},
      {"net_to_artery", "mg/day", "Net calcium into the arterial deposit"},
  };
  return columns;
}

int cac_category(double score) {
  if (score < 1.0) return 0;
  if (score < 100.0) return 1;
  if (score < 400.0) return 2;
  return 3;
}

std::string cac_category_label(int category) {
  switch (category) {
    case 0: return "0";
    case 1: return "1-99";
    case 2: return "100-399";
    default: return "400+";
  }
}

void compute_outputs(const model::Context& c, double t, const double* x, double t_prev, const double* x_prev,
                     double bone_at_start, double* out) {
  using namespace model;
  const Params& p = c.p;
  const Inputs in{};
  const Fluxes f = fluxes(c, in, x, t);
  const double score = x[ArtCa] * p.art_au_per_mmol;
  const double dt = t - t_prev;
  auto per_day = [&](int state) { return dt > 0.0 ? (x[state] - x_prev[state]) / dt * mg_per_mmol : 0.0; };

  int k = 0;
  out[k++] = t;
  out[k++] = age_at(c, t);
  out[k++] = f.plasma_ca;
  out[k++] = x[Pth];
  out[k++] = x[Calcitriol];
  out[k++] = x[D25];
  out[k++] = x[K1Plasma] * molar_mass_k1 / 1000.0;
  out[k++] = x[Mk4Plasma] * molar_mass_mk4 / 1000.0;
  out[k++] = x[Mk7Plasma] * molar_mass_mk7 / 1000.0;
  out[k++] = x[TissueK];
  out[k++] = f.liver_supply;
  out[k++] = x[WarfarinPlasma];
  out[k++] = x[DpucMgp];
  out[k++] = x[VesselCmgp];
  out[k++] = x[UcOc];
  out[k++] = x[BoneCa] * mg_per_mmol / 1000.0;
  out[k++] = (x[BoneCa] / bone_at_start - 1.0) * 100.0;
  out[k++] = (x[BoneCa] / c.bone_peak - 1.0) / p.bone_tscore_sd;
  out[k++] = x[ArtCa] * mg_per_mmol;
  out[k++] = score;
  out[k++] = cac_category(score);
  out[k++] = per_day(CumIntake);
  out[k++] = per_day(CumAbsorbed);
  out[k++] = per_day(CumSecreted);
  out[k++] = per_day(CumFaecal);
  out[k++] = per_day(CumUrinary);
  out[k++] = per_day(CumDialysis);
  out[k++] = dt > 0.0 ? ((x[BoneCa] + x[ExchCa]) - (x_prev[BoneCa] + x_prev[ExchCa])) / dt * mg_per_mmol : 0.0;
  out[k++] = per_day(ArtCa);
  // Decayed depots underflow to subnormal numbers, which many CSV readers reject.
  for (int i = 0; i < k; ++i)
    if (std::abs(out[i]) < 1e-200) out[i] = 0.0;
}

}  // namespace calcsim
