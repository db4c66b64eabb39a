#pragma once
// The physiology model as one ODE system: state layout, the right-hand side,
// its Jacobian, and the fluxes it is made of. Time is in days throughout.
#include <array>
#include <string_view>
#include <type_traits>

#include "calcsim/parameters.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/simulator.hpp"

namespace calcsim::model {

// How a state is solved (see state_list.inc).
enum class StateKind { Ode, Accumulator, RunningTotal, Depot };

enum State : int {
#define X(id, name, unit, kind, scale, guess, desc) id,
#include "model/state_list.inc"
#undef X
  StateCount
};
inline constexpr int n_states = StateCount;

struct StateInfo {
  std::string_view name;
  std::string_view unit;
  std::string_view description;
  StateKind kind;
  double scale;  // typical size in the state's unit
  // Integrates a flux without feeding back on the fast system (held fixed by the steady-state solver).
  constexpr bool accumulator() const { return kind == StateKind::Accumulator || kind == StateKind::RunningTotal; }
  // Linear pharmacokinetics with a closed form between events: not integrated.
  constexpr bool closed_form() const { return kind == StateKind::Depot; }
};

inline constexpr std::array<StateInfo, n_states> states{{
#define X(id, name, unit, kind, scale, guess, desc) {name, unit, desc, StateKind::kind, scale},
#include "model/state_list.inc"
#undef X
}};
const std::array<StateInfo, n_states>& state_info();

namespace detail {
constexpr bool every_scale_positive() {
  for (const auto& s : states)
    if (!(s.scale > 0.0)) return false;
  return true;
}
static_assert(every_scale_positive(), "every state in state_list.inc needs a positive typical size (scale)");
constexpr int count_kind(StateKind k) {
  int n = 0;
  for (const auto& s : states) n += s.kind == k ? 1 : 0;
  return n;
}
template <std::size_t N, class Keep>
constexpr std::array<int, N> indices_where(Keep keep) {
  std::array<int, N> out{};
  std::size_t k = 0;
  for (int i = 0; i < n_states; ++i)
    if (keep(states[static_cast<std::size_t>(i)])) out[k++] = i;
  return out;
}
}  // namespace detail

// The linear pharmacokinetic depots (oral dose -> gut -> plasma) have a closed
// form between events; the stiff solver integrates only the other states.
inline constexpr int n_pk = detail::count_kind(StateKind::Depot);
inline constexpr std::array<int, n_pk> pk_states =
    detail::indices_where<n_pk>([](const StateInfo& s) { return s.closed_form(); });
inline constexpr int n_ode = n_states - n_pk;
// The states that take a continuous input (Inputs::depot_rate) under
// daily-averaged dosing: the depots, and the gut's phosphate and binder.
inline constexpr std::array<int, n_pk + 2> continuous_input_states = [] {
  std::array<int, n_pk + 2> out{};
  for (int k = 0; k < n_pk; ++k) out[static_cast<std::size_t>(k)] = pk_states[static_cast<std::size_t>(k)];
  out[n_pk] = GutP;
  out[n_pk + 1] = GutBinder;
  return out;
}();
// Full-state index of each solver state, in solver order.
const std::array<int, n_ode>& ode_states();
bool is_pk_state(int full_index);

// Everything the right-hand side needs that does not change during a run:
// the parameters in internal units, patient factors, and the patient's own
// remodelling set point (from the steady state). Numbers of scalar type S
// (double; symbolic for the SBML export), each declared once.
template <class S>
struct BasicContext {
  // The parameters converted once from their registry units to internal units
  // (in_internal_units: time in days, rates per day, ages in years), so the
  // equations hold no conversion factor.
  BasicParams<S> p;
#define X(field, value, unit, desc) S field = value;
#include "model/context_list.inc"
#undef X
  // The scenario's structure: which terms the equations have.
  bool ageing = true;
  bool female = true;
  bool has_menopause = false;
  bool dialysis = false;
  bool systolic_given = false;  // the patient's resting systolic pressure (systolic_bp) is known
};
using Context = BasicContext<double>;

// p in the registry's (user) units.
Context make_context(const Params& p, const Scenario& s);

// The context of a run from `init`: make_context with the patient's own set
// points, those of the starting state (initial_condition).
Context run_context(const Params& p, const Scenario& s, const InitialCondition& init);

// Ionized plasma calcium (mmol/L) at total calcium `ca` and phosphate
// `phosphate` (mmol/L): the ultrafilterable calcium less what anions hold in
// soluble complexes, by mass action with ionized calcium, I = f C / (1 + k + K f_P P):
// k for citrate, bicarbonate and lactate (c.anion_complexing), K f_P P for
// phosphate (association constant times ultrafilterable phosphate).
// make_context sizes k so that I is ca.ionized_ref at the reference total
// calcium and phosphate. For doubles, dual numbers and symbols alike.
template <class T, class S>
T ionized_calcium(const BasicContext<S>& c, const T& ca, const T& phosphate) {
  const auto& p = c.p;
  return p.ca_ultrafilterable * ca /
         (1.0 + c.anion_complexing + p.ca_phosphate_association * p.p_ultrafilterable * phosphate);
}

// Inputs constant over one interval between events. Age-driven rates are
// evaluated at the interval start (intervals last at most a day).
template <class S>
struct BasicInputs {
  S t_start = 0.0;          // absolute time of the interval start, days
  S age_offset = 0.0;       // age-driven rates are evaluated at t_start + age_offset
  S magnesium_extra = 0.0;  // magnesium from supplements, mg/day (daily average)
  S dialysis_duty = 0.0;    // fraction of the time on dialysis (1 during a session)
  // Continuous intake, used by the steady-state solver in place of meals.
  // Continuous phosphate and binder intake enter through depot_rate[GutP] and
  // depot_rate[GutBinder].
  S ca_in = 0.0;                         // mmol/day into the proximal gut
  S ca_in_distal = 0.0;                  // mmol/day of unabsorbable food calcium into the distal gut
  std::array<S, n_states> depot_rate{};  // into pharmacokinetic gut depots, per day
  S active_absorption_scale = 1.0;       // on the saturable route; below 1 when meals are averaged
  std::array<S, n_states> pk_start{};    // pharmacokinetic states at the interval start
  bool freeze_accumulators = false;      // hold bone, artery and cumulative states fixed
};
using Inputs = BasicInputs<double>;

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
template <class S>
S age_at(const BasicContext<S>& c, std::type_identity_t<S> t_days);
// Extra bone resorption from age and menopause at an age, relative to a young adult.
template <class S>
S resorption_drive(const BasicContext<S>& c, std::type_identity_t<S> age_years);
// Intestinal transcellular calcium transport at an age (the age term fixed at
// the run's start), relative to gut.reference_age before the menopause, at a
// given calcitriol.
template <class S>
S intestinal_responsiveness(const BasicContext<S>& c, std::type_identity_t<S> age_years);

// Named fluxes and algebraic quantities at one state, for outputs and tests.
struct Fluxes {
  double plasma_ca;
  double ionized_ca;                                         // mmol/L
  double absorbed, secreted, faecal, urinary, dialysis;        // mmol/day
  double to_exchangeable, from_exchangeable, formation, resorption, to_artery;  // mmol/day
  double pth_target, calcitriol_target;
  double extrahepatic_supply, liver_supply, active_k, mgp_carboxylation, oc_carboxylation;
  double arterial_drive;
  double plasma_p;                                           // mmol/L
  double absorbed_p, bound_p, faecal_p, urinary_p, dialysis_p;  // mmol/day
  double to_tissue_p;                                        // mmol/day, net into the soft-tissue pool
  double to_soft_ca, soft_ca_release, soft_ca_to_artery;      // mmol/day: retained calcium bone did not accept
  double bone_acceptance;                                    // share of a positive balance bone accepts
};
Fluxes fluxes(const Context& c, const Inputs& in, const double* x, double tau);

// Molar masses, g/mol.
inline constexpr double molar_mass_calcium = 40.078;
inline constexpr double molar_mass_phosphorus = 30.974;
inline constexpr double molar_mass_k1 = 451.0;
inline constexpr double molar_mass_mk4 = 444.0;
inline constexpr double molar_mass_mk7 = 649.0;

// 25(OH)D's fractional clearance relative to its low-level rate
// (d25.half_life): its catabolism (CYP24A1) is induced as 25(OH)D rises, by
// up to d25.catabolism_gain, half-way at d25.catabolism_level. So each extra
// microgram of vitamin D3 raises 25(OH)D less at high doses and from a higher
// start, as the dose-response trials show, yet 25(OH)D has no ceiling: a very
// large dose takes it well above the daily-dose plateaus (Cipriani 2010).
template <class T, class P, class Power>
T d25_clearance_factor(const P& p, const T& d25, Power power) {
  const T induced = power(d25 / p.d25_catabolism_level, p.d25_catabolism_steepness);
  return 1.0 + p.d25_catabolism_gain * induced / (1.0 + induced);
}

// Steady-state 25(OH)D (nmol/L) on a constant vitamin D3 input (mcg/day:
// skin, food and supplements): the level at which clearance,
// d25 * d25_clearance_factor(d25), meets d25.response * input.
double d25_steady_state(const Params& p, double input_mcg_per_day);

// Its inverse: the constant vitamin D3 input (mcg/day) that holds 25(OH)D at
// `d25` nmol/L, in closed form.
double d3_input_for_d25(const Params& p, double d25);

// The sun exposure (mcg/day) that, with `diet_mcg_per_day` of vitamin D3 in
// food, holds 25(OH)D at `d25` nmol/L. Throws InputError at `at` when food
// alone holds it higher (no sun exposure is below zero).
double sun_exposure_for_d25(const Params& p, double d25, double diet_mcg_per_day, const SourceLocation& at);

// Fraction of fat-dependent vitamin K absorption with `fat_g` grams of fat.
double fat_factor(const Params& p, double fat_g);

}  // namespace calcsim::model
