#pragma once
// The physiology model as one ODE system: state layout, the right-hand side,
// its Jacobian, and the fluxes it is made of. Time is in days throughout.
#include <array>
#include <string_view>

#include "calcsim/parameters.hpp"
#include "calcsim/scenario.hpp"

namespace calcsim::model {

enum State : int {
  GutCa,          // calcium in the proximal gut lumen (active and passive absorption), mmol
  GutDistalCa,    // calcium in the distal gut lumen (passive absorption only), mmol
  EcfCa,          // extracellular calcium, mmol
  ExchCa,         // exchangeable bone-surface calcium, mmol
  BoneCa,         // mineralised skeletal calcium, mmol
  ArtCa,          // coronary-equivalent arterial calcium deposit, mmol
  CumIntake,      // cumulative calcium eaten, mmol
  CumAbsorbed,    // cumulative calcium absorbed (gross), mmol
  CumSecreted,    // cumulative calcium secreted into the gut, mmol
  CumFaecal,      // cumulative faecal calcium, mmol
  CumUrinary,     // cumulative urinary calcium, mmol
  CumDialysis,    // cumulative calcium removed by dialysis (negative = gained), mmol
  Pth,            // plasma intact PTH, pmol/L
  Calcitriol,     // plasma 1,25(OH)2D, pmol/L
  GutCapacity,    // intestinal transcellular transport capacity, relative
  D3Gut,          // oral vitamin D3 awaiting absorption, mcg
  D25,            // plasma 25(OH)D, nmol/L
  K1Gut, K1Plasma,    // nmol; nmol/L
  Mk4Gut, Mk4Plasma,  // nmol; nmol/L
  Mk7Gut, Mk7Plasma,  // nmol; nmol/L
  TissueK,        // extrahepatic tissue vitamin K, nmol/L plasma-equivalent
  WarfarinGut,    // mg
  WarfarinPlasma, // mg/L
  DpucMgp,        // circulating dp-ucMGP, pmol/L
  VesselCmgp,     // carboxylated fraction of vessel-wall MGP
  UcOc,           // undercarboxylated fraction of osteocalcin
  FormationFollow,  // bone formation's lagged response to PTH-driven resorption, relative
  StateCount
};
inline constexpr int n_states = StateCount;

// The linear pharmacokinetic depots (oral dose -> gut -> plasma) have a closed
// form between events; the stiff solver integrates only the other states.
inline constexpr std::array<int, 9> pk_states{D3Gut, K1Gut, K1Plasma, Mk4Gut, Mk4Plasma,
                                              Mk7Gut, Mk7Plasma, WarfarinGut, WarfarinPlasma};
inline constexpr int n_ode = n_states - static_cast<int>(pk_states.size());
// Full-state index of each solver state, in solver order.
const std::array<int, n_ode>& ode_states();
bool is_pk_state(int full_index);

struct StateInfo {
  std::string_view name;
  std::string_view unit;
  std::string_view description;
  bool accumulator;  // integrates a flux without feeding back on the fast system
};
const std::array<StateInfo, n_states>& state_info();

// Everything the right-hand side needs that does not change during a run:
// rates converted to per-day, patient factors, and the patient's own
// remodelling set point (from the steady state).
struct Context {
  Params p;
  double age0_years = 0.0;
  bool ageing = true;
  bool female = true;
  double menopause_age = 0.0;
  bool has_menopause = false;
  double egfr = 90.0;
  bool dialysis = false;
  double phosphate = 1.1;       // mmol/L
  double renal_factor = 1.0;    // calcitriol synthesis scaling with kidney function
  double phosphate_pth_factor = 1.0;         // phosphate's effect on PTH secretion
  double phosphate_calcitriol_factor = 1.0;  // ... on calcitriol synthesis
  double phosphate_artery_factor = 1.0;      // ... on arterial deposition
  double kidney_load = 0.0;                  // 0 above eGFR 60, 1 on dialysis
  double mgp_clearance = 1.0;                // renal share of dp-ucMGP clearance, relative
  double uremic_recycling = 1.0;             // vitamin K recycling left in uraemia, relative
  double gfr_l_per_day = 0.0;
  double art_static_drive = 1.0;  // sex, diabetes, inflammation, family history, uraemia
  double bone_peak = 25000.0;
  double diet_vitamin_d = 0.0;  // mcg/day
  double sun_vitamin_d = 0.0;   // mcg/day, the patient's skin synthesis as an oral equivalent
  double diet_magnesium = 0.0;  // mg/day
  // Patient set point: bone turnover balances at these values (ageing aside).
  double pth_setpoint = 3.85;
  double carboxylated_oc_setpoint = 0.75;
  // Derived constants.
  double ca50 = 2.35;           // plasma calcium at half-maximal PTH secretion
};

Context make_context(const Params& p, const Scenario& s);

// Inputs constant over one interval between events. Age-driven rates are
// evaluated at the interval start (intervals last at most a day).
struct Inputs {
  double t_start = 0.0;          // absolute time of the interval start, days
  double age_offset = 0.0;       // age-driven rates are evaluated at t_start + age_offset
  double magnesium_extra = 0.0;  // magnesium from supplements, mg/day (daily average)
  double dialysis_duty = 0.0;    // fraction of the time on dialysis (1 during a session)
  // Continuous intake, used by the steady-state solver in place of meals.
  double ca_in = 0.0;                        // mmol/day into the proximal gut
  double ca_in_distal = 0.0;                 // mmol/day of unabsorbable food calcium into the distal gut
  std::array<double, n_states> depot_rate{};  // into pharmacokinetic gut depots, per day
  double active_absorption_scale = 1.0;       // on the saturable route; below 1 when meals are averaged
  std::array<double, n_states> pk_start{};    // pharmacokinetic states at the interval start
  bool freeze_accumulators = false;  // hold bone, artery and cumulative states fixed
};

// Solver-state derivatives dy/dt at local time tau (y and dydt have n_ode entries).
void derivatives(const Context& c, const Inputs& in, const double* y, double* dydt, double tau);
// Solver-state Jacobian (row-major n_ode x n_ode) by automatic differentiation,
// and the explicit time derivative (through the pharmacokinetic depots).
void jacobian(const Context& c, const Inputs& in, const double* y, double* jac_row_major,
              double* dfdt, double tau);
// The full state (n_states entries) at local time tau: solver states from y,
// pharmacokinetic states from their closed form.
void full_state(const Context& c, const Inputs& in, const double* y, double tau, double* x);
// Full-state derivatives (for tests of the closed form and of conservation).
void full_derivatives(const Context& c, const Inputs& in, const double* x, double* dxdt, double tau);

// Age in years at absolute time t (frozen when ageing is off).
double age_at(const Context& c, double t_days);
// Extra bone resorption from age and menopause at an age, relative to a young adult.
double resorption_drive(const Context& c, double age_years);

// Named fluxes and algebraic quantities at one state, for outputs and tests.
struct Fluxes {
  double plasma_ca, phosphate;
  double absorbed, secreted, faecal, urinary, dialysis;        // mmol/day
  double to_exchangeable, from_exchangeable, formation, resorption, to_artery;  // mmol/day
  double pth_target, calcitriol_target;
  double extrahepatic_supply, liver_supply, active_k, mgp_carboxylation, oc_carboxylation;
  double arterial_drive;
};
Fluxes fluxes(const Context& c, const Inputs& in, const double* x, double tau);

// Molar masses, g/mol.
inline constexpr double molar_mass_calcium = 40.078;
inline constexpr double molar_mass_k1 = 451.0;
inline constexpr double molar_mass_mk4 = 444.0;
inline constexpr double molar_mass_mk7 = 649.0;

// 25(OH)D made from a vitamin D3 input (mcg/day: skin, food and
// supplements), as the level it would sustain against its own clearance
// (nmol/L). The yield per microgram falls as 25(OH)D nears d25.max
// (saturable 25-hydroxylation, 24-hydroxylase induced), so each extra
// microgram raises 25(OH)D less at high doses and from a higher start, as the
// dose-response trials show. Linear in the input, so a daily dose absorbed
// within hours counts as its daily mean.
template <class T>
T d25_production(const Params& p, T input_mcg_per_day, T d25) {
  return p.d25_max / p.d25_half_input * (1.0 - d25 / p.d25_max) * input_mcg_per_day;
}

// The steady state of that balance: d25.max * input / (d25.half_input + input).
inline double d25_steady_state(const Params& p, double input_mcg_per_day) {
  return p.d25_max * input_mcg_per_day / (p.d25_half_input + input_mcg_per_day);
}

// Fraction of fat-dependent vitamin K absorption with `fat_g` grams of fat.
double fat_factor(const Params& p, double fat_g);

}  // namespace calcsim::model
