#include "model/output_point.hpp"

#include <array>
#include <cmath>

namespace calcsim {
namespace {

using namespace model;
constexpr double mg_per_mmol = molar_mass_calcium;

// Change of a state over the interval since the previous output, per day, in mg of calcium.
double per_day(const OutputPoint& o, int state) {
  return o.dt > 0.0 ? (o.x[state] - o.x_prev[state]) / o.dt * mg_per_mmol : 0.0;
}

// The same in mmol per day.
double mmol_per_day(const OutputPoint& o, int state) {
  return o.dt > 0.0 ? (o.x[state] - o.x_prev[state]) / o.dt : 0.0;
}

// The output columns, declared once: name, unit, description, how it is
// computed (text for docs/MODEL.md) and the computation itself. Adding an
// output is adding a row here.
const auto table = std::to_array<OutputDefinition>({
    {"time", "day", "Time since the start of the run", "$t$", [](const OutputPoint& o) { return o.t; }},
    {"age", "year", "Age of the patient", "$a_0 + t/y$ (frozen without ageing)",
     [](const OutputPoint& o) { return age_at(o.c, o.t); }},
    {"plasma_ca", "mmol/L", "Total plasma calcium", "$C$ = `ecf_ca` / $V_{ecf}$",
     [](const OutputPoint& o) { return o.f.plasma_ca; }},
    {"ionized_calcium", "mmol/L", "Ionized plasma calcium (what the parathyroid glands sense)",
     "$I = f_{uf} C / (1 + k_{an} + K_{CaP} f_{uf,P} P)$",
     [](const OutputPoint& o) { return o.f.ionized_ca; }},
    {"plasma_phosphate", "mmol/L", "Plasma inorganic phosphate", "$P$ = `ecf_p` / $V_{ecf}$",
     [](const OutputPoint& o) { return o.f.plasma_p; }},
    {"ca_p_product", "mmol2/L2", "Calcium x phosphate product of plasma", "$C\\,P$",
     [](const OutputPoint& o) { return o.f.plasma_ca * o.f.plasma_p; }},
    {"pth", "pmol/L", "Plasma intact PTH", "the state `pth`", [](const OutputPoint& o) { return o.x[Pth]; }},
    {"calcitriol", "pmol/L", "Plasma 1,25-dihydroxyvitamin D", "the state `calcitriol`",
     [](const OutputPoint& o) { return o.x[Calcitriol]; }},
    {"d25", "nmol/L", "Plasma 25-hydroxyvitamin D", "the state `d25`", [](const OutputPoint& o) { return o.x[D25]; }},
    {"k1_plasma", "ng/mL", "Plasma vitamin K1", "`k1_plasma` x 451 g/mol / 1000",
     [](const OutputPoint& o) { return o.x[K1Plasma] * molar_mass_k1 / 1000.0; }},
    {"mk4_plasma", "ng/mL", "Plasma MK-4", "`mk4_plasma` x 444 g/mol / 1000",
     [](const OutputPoint& o) { return o.x[Mk4Plasma] * molar_mass_mk4 / 1000.0; }},
    {"mk7_plasma", "ng/mL", "Plasma MK-7", "`mk7_plasma` x 649 g/mol / 1000",
     [](const OutputPoint& o) { return o.x[Mk7Plasma] * molar_mass_mk7 / 1000.0; }},
    {"tissue_k", "nmol/L", "Extrahepatic tissue vitamin K (plasma-equivalent)", "the state `tissue_k`",
     [](const OutputPoint& o) { return o.x[TissueK]; }},
    {"liver_k", "nmol/L", "Vitamin K taken by the liver first (plasma-equivalent)",
     "$K_{liver}$, the liver's share of the supply", [](const OutputPoint& o) { return o.f.liver_supply; }},
    {"warfarin_plasma", "mg/L", "Plasma warfarin", "the state `warfarin_plasma`",
     [](const OutputPoint& o) { return o.x[WarfarinPlasma]; }},
    {"dp_ucmgp", "pmol/L", "Circulating dephospho-uncarboxylated MGP (inactive MGP)", "the state `dp_ucmgp`",
     [](const OutputPoint& o) { return o.x[DpucMgp]; }},
    {"mgp_carboxylated", "1", "Carboxylated (active) fraction of vessel-wall MGP", "the state `vessel_cmgp_fraction`",
     [](const OutputPoint& o) { return o.x[VesselCmgp]; }},
    {"ucoc_fraction", "1", "Undercarboxylated fraction of osteocalcin", "the state `ucoc_fraction`",
     [](const OutputPoint& o) { return o.x[UcOc]; }},
    {"bone_mineral", "g", "Skeletal calcium", "`bone_ca` x 40.078 / 1000",
     [](const OutputPoint& o) { return o.x[BoneCa] * mg_per_mmol / 1000.0; }},
    {"bmd_change", "%", "Bone mineral density change since the start",
     "$100\\,(\\texttt{bone\\_ca}/\\texttt{bone\\_ca}(0) - 1)$: mineralised bone only",
     [](const OutputPoint& o) { return (o.x[BoneCa] / o.x_start[BoneCa] - 1.0) * 100.0; }},
    {"t_score", "SD", "T-score proxy against young-adult bone mineral",
     "$(\\texttt{bone\\_ca}/B_{peak} - 1)/SD_T$, a proxy against the young-adult peak",
     [](const OutputPoint& o) { return (o.x[BoneCa] / o.c.bone_peak - 1.0) / o.c.p.bone_tscore_sd; }},
    {"artery_ca", "mg", "Coronary-equivalent arterial calcium", "`artery_ca` x 40.078",
     [](const OutputPoint& o) { return o.x[ArtCa] * mg_per_mmol; }},
    {"arterial_score", "AU", "Agatston-equivalent arterial calcium score", "$Z = \\nu\\,\\texttt{artery\\_ca}$",
     [](const OutputPoint& o) { return o.x[ArtCa] * o.c.p.art_au_per_mmol; }},
    {"arterial_category", "1", "Score category: 0 = 0, 1 = 1-99, 2 = 100-399, 3 = 400+",
     "0 if $Z < 1$; 1 for 1-99; 2 for 100-399; 3 for 400+ (labels 0, 1-99, 100-399, 400+)",
     [](const OutputPoint& o) { return static_cast<double>(cac_category(o.x[ArtCa] * o.c.p.art_au_per_mmol)); }},
    {"cfpwv", "m/s", "Carotid-femoral pulse wave velocity (aortic stiffness), resting",
     "$v = v_{ref}\\,e^{s_a (a-50) + q_a (a-50)^2 + s_p (\\bar P - \\bar P_{ref})}\\,F_{pt}\\,(1 + g_Z \\ln(1 + Z/100))\\,(1 + g_E (E - 1))$",
     [](const OutputPoint& o) { return o.h.pwv; }},
    {"systolic_bp", "mmHg", "Resting brachial systolic blood pressure", "$\\bar P + \\tfrac{2}{3} PP$",
     [](const OutputPoint& o) { return o.h.systolic; }},
    {"diastolic_bp", "mmHg", "Resting brachial diastolic blood pressure", "$\\bar P - \\tfrac{1}{3} PP$",
     [](const OutputPoint& o) { return o.h.diastolic; }},
    {"pulse_pressure", "mmHg", "Resting brachial pulse pressure (systolic minus diastolic)",
     "$PP = PP_{ref}\\,(v / v_{PP})^{k}$",
     [](const OutputPoint& o) { return o.h.pulse; }},
    {"intake_ca", "mg/day", "Calcium eaten (average since the previous output)",
     "change of `cum_intake_ca` over the interval since the previous output, per day",
     [](const OutputPoint& o) { return per_day(o, CumIntake); }, true},
    {"absorbed_ca", "mg/day", "Calcium absorbed from the gut (gross)", "change of `cum_absorbed_ca`, per day",
     [](const OutputPoint& o) { return per_day(o, CumAbsorbed); }, true},
    {"secreted_ca", "mg/day", "Calcium secreted into the gut", "change of `cum_secreted_ca`, per day",
     [](const OutputPoint& o) { return per_day(o, CumSecreted); }, true},
    {"faecal_ca", "mg/day", "Calcium lost in faeces", "change of `cum_faecal_ca`, per day",
     [](const OutputPoint& o) { return per_day(o, CumFaecal); }, true},
    {"urinary_ca", "mg/day", "Calcium lost in urine", "change of `cum_urinary_ca`, per day",
     [](const OutputPoint& o) { return per_day(o, CumUrinary); }, true},
    {"dialysis_ca", "mg/day", "Calcium removed by dialysis (negative = gained)", "change of `cum_dialysis_ca`, per day",
     [](const OutputPoint& o) { return per_day(o, CumDialysis); }, true},
    {"intake_p", "mmol/day", "Phosphate eaten (average since the previous output)", "change of `cum_intake_p`, per day",
     [](const OutputPoint& o) { return mmol_per_day(o, CumIntakeP); }, true},
    {"absorbed_p", "mmol/day", "Phosphate absorbed from the gut", "change of `cum_absorbed_p`, per day",
     [](const OutputPoint& o) { return mmol_per_day(o, CumAbsorbedP); }, true},
    {"urinary_p", "mmol/day", "Phosphate lost in urine", "change of `cum_urinary_p`, per day",
     [](const OutputPoint& o) { return mmol_per_day(o, CumUrinaryP); }, true},
    {"dialysis_p", "mmol/day", "Phosphate removed by dialysis", "change of `cum_dialysis_p`, per day",
     [](const OutputPoint& o) { return mmol_per_day(o, CumDialysisP); }, true},
    {"net_to_bone", "mg/day", "Net calcium into bone (mineral and exchangeable)",
     "change of `bone_ca` + `exchangeable_ca` over the interval, per day",
     [](const OutputPoint& o) {
       return o.dt > 0.0 ? ((o.x[BoneCa] + o.x[ExchCa]) - (o.x_prev[BoneCa] + o.x_prev[ExchCa])) / o.dt * mg_per_mmol
                         : 0.0;
     },
     true},
    {"net_to_artery", "mg/day", "Net calcium into the arterial deposit", "change of `artery_ca` over the interval, per day",
     [](const OutputPoint& o) { return per_day(o, ArtCa); }, true},
    {"ca_balance", "mg/day", "External calcium balance, running mean over about a week (absorbed - secreted - urinary - dialysis)",
     "`ca_balance_mean` x 40.078", [](const OutputPoint& o) { return o.x[CaBalanceMean] * mg_per_mmol; }},
    {"bone_acceptance", "1", "Share of a positive calcium balance that bone accepts (falls with low bone turnover)",
     "$h^n/(1+h^n)$, $h$ = PTH / low-turnover PTH", [](const OutputPoint& o) { return o.f.bone_acceptance; }},
    {"soft_tissue_ca", "mg", "Soft-tissue calcium: retained calcium that low-turnover bone did not accept",
     "`soft_tissue_ca` x 40.078", [](const OutputPoint& o) { return o.x[SoftCa] * mg_per_mmol; }},
});

}  // namespace

std::span<const OutputDefinition> output_definitions() { return table; }

const std::vector<Column>& output_columns() {
  static const std::vector<Column> columns = [] {
    std::vector<Column> out;
    for (const auto& d : table) out.push_back({std::string(d.name), std::string(d.unit), std::string(d.description)});
    return out;
  }();
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
                     double t_start, const double* x_start, double* out) {
  const Inputs in{};
  const OutputPoint point{c, fluxes(c, in, x, t), t, t - t_prev, x, x_prev, t_start, x_start,
                          haemodynamics(c, t, x, t_start, x_start)};
  for (std::size_t k = 0; k < table.size(); ++k) {
    out[k] = table[k].compute(point);
    // Decayed depots underflow to subnormal numbers, which many CSV readers reject.
    if (std::abs(out[k]) < 1e-200) out[k] = 0.0;
  }
}

}  // namespace calcsim
