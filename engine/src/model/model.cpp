#include "model/model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <type_traits>

#include <boost/math/tools/toms748_solve.hpp>
#include <Eigen/Core>
#include <unsupported/Eigen/AutoDiff>

#include "calcsim/errors.hpp"
#include "model/gut.hpp"
#include "sbml/symbolic_model.hpp"
#include "support/text.hpp"

namespace calcsim::model {
namespace {

constexpr double days_per_year = 365.25;  // the age clock (years) against the model's time (days)

constexpr double minutes_per_day = 1440.0;

template <class S>
S rate_from_half_life(const S& half_life_days) {
  return std::numbers::ln2 / half_life_days;
}

// Whole exponents up to 32 in size, which power() takes by products (the
// range is tested first: converting a larger double to int is undefined).
constexpr bool whole_exponent(double e) {
  return e >= -32.0 && e <= 32.0 && e == static_cast<double>(static_cast<int>(e));
}

// x^k for a whole k, by binary powering: the products of x^(2^i) over the
// bits of k (the leading 1 is exact).
template <class T>
T whole_power(const T& x, double e) {
  T result(1.0), square = x;
  for (int k = static_cast<int>(e < 0.0 ? -e : e); k > 0; k >>= 1) {
    if (k & 1) result = result * square;
    if (k > 1) square = square * square;
  }
  return e < 0.0 ? T(1.0 / result) : result;
}

// x^e with the exponents the registry uses most taken without a call to pow,
// which otherwise dominates the cost of the right-hand side: halves and
// whole numbers (the registry's 1, 2, 4 and 16 among them). A symbolic
// exponent (the SBML export) stays a pow.
template <class T, class E>
T power(const T& x, const E& e) {
  using std::pow;
  using std::sqrt;
  if constexpr (std::is_same_v<E, double>) {
    if (e == 1.0) return x;
    if (e == 2.0) return x * x;
    if (e == 0.5) return sqrt(x);
    if (e == -0.5) return 1.0 / sqrt(x);
    if (e == -1.0) return 1.0 / x;
    if (whole_exponent(e)) return whole_power(x, e);
  }
  return pow(x, e);
}

// Powers of one base to several exponents with one logarithm, x^e =
// exp(e ln x): a logarithm and an exponential each cost less than a pow, and
// the equations raise calcitriol and FGF23 to several exponents each. Halves
// and whole exponents keep power()'s short ways; symbols (the SBML export)
// keep pow.
template <class T>
class PowersOf {
 public:
  explicit PowersOf(const T& x) : x_(x) {
    if constexpr (!std::is_same_v<T, sbml::Symbolic>) {
      using std::log;
      log_x_ = log(x);
    }
  }
  template <class E>
  T operator()(const E& e) const {
    if constexpr (!std::is_same_v<T, sbml::Symbolic> && std::is_same_v<E, double>) {
      if (e != 0.5 && e != -0.5 && !whole_exponent(e)) {
        using std::exp;
        return exp(e * log_x_);
      }
    }
    return power<T>(x_, e);
  }

 private:
  T x_;
  T log_x_{};
};

// Choices without a branch, for the equations: an `if` on a value derived
// from parameters or states cannot be exported (the symbols have no truth
// value), these can (SBML's max and min). Doubles, dual numbers and symbols alike.
template <class T>
T larger_of(const T& a, const T& b) {
  using std::max;
  return max(a, b);
}
template <class T>
T smaller_of(const T& a, const T& b) {
  using std::min;
  return min(a, b);
}
template <class S>
S logistic(const S& z) {
  using std::exp;
  return 1.0 / (1.0 + exp(-z));
}

// The whole system, written once: T is the state scalar (double, or a dual
// number for the Jacobian), S the scalar of parameters, context and inputs
// (double; both are symbols for the SBML export). Whatever derives from
// parameters, context or states is `auto` or T, functions are called
// unqualified (exp, pow, sqrt), and nothing branches on such a value.
template <class T, class S>
void equations(const BasicContext<S>& c, const BasicInputs<S>& in, const T* x, T* dx, double tau, Fluxes* out) {
  using std::exp;
  using std::pow;
  using std::sqrt;
  const auto& p = c.p;
  const auto age = age_at(c, in.t_start + in.age_offset);
  (void)tau;

  // Plasma calcium and phosphate and the hormones that hold them.
  const T ca = x[EcfCa] / p.ecf_volume;
  const T phosphate = x[EcfP] / p.ecf_volume;
  const T phos_r = phosphate / p.phosphate_ref;
  const T pth_r = x[Pth] / p.pth_ref;
  const T cal_r = x[Calcitriol] / p.calcitriol_ref;
  const PowersOf<T> calcitriol_power(cal_r), fgf23_power(x[Fgf23]);

  // The parathyroid calcium-sensing receptor reads ionized calcium: the
  // ultrafilterable calcium less what anions hold in soluble complexes, by
  // mass action with ionized calcium. Phosphate's share grows with plasma
  // phosphate, so a phosphate load lowers ionized calcium at a fixed total.
  const T ionized = ionized_calcium<T>(c, ca, phosphate);
  const T secretion_shape = p.pth_min_ratio + (p.pth_max_ratio - p.pth_min_ratio) /
                                                  (1.0 + power<T>(ionized / c.ionized_ca50, p.pth_ca_hill));
  const T pth_target = p.pth_ref * x[PthGland] * secretion_shape * calcitriol_power(-p.pth_calcitriol_exp) *
                       power<T>(phos_r, p.pth_phosphate_exp);
  // The gland grows when calcitriol is low and shrinks when it is high, over
  // months (Peterson & Riggs 2010): an inverse sigmoid through 1 at the
  // reference calcitriol. This is why a lasting calcium load suppresses PTH
  // less than an acute one, and why PTH climbs as kidney function fails.
  const auto gland_span = p.pth_gland_max_ratio - p.pth_gland_min_ratio;
  const auto gland_k50 = (1.0 - p.pth_gland_min_ratio) / (p.pth_gland_max_ratio - 1.0);  // K50^steepness
  const T cal_hill = calcitriol_power(p.pth_gland_calcitriol_steepness);
  const T gland_target = p.pth_gland_max_ratio - gland_span * cal_hill / (cal_hill + gland_k50);
  const auto d25_norm = p.d25_ref / (p.d25_ref + p.calcitriol_d25_km);
  const T substrate = x[D25] / (x[D25] + p.calcitriol_d25_km) / d25_norm;
  const T calcitriol_target = p.calcitriol_ref * power<T>(pth_r, p.calcitriol_pth_exp) * substrate *
                              c.renal_factor * fgf23_power(-p.calcitriol_phosphate_exp);

  // Gut: a saturable, calcitriol-dependent route in the proximal gut, a
  // passive route all along, and transit proximal -> distal -> faeces.
  const GutFlows<T> g = gut_flows<T>(p, x[GutCa], x[GutDistalCa], in.active_absorption_scale * x[GutCapacity]);
  const T absorbed = g.absorbed();
  const T faecal = g.faecal;
  const T secreted = gut_secretion<T>(p, ca);

  // Kidney and dialysis.
  // The tubule's calcium-sensing receptor, like the parathyroid's, reads
  // ionized calcium: phosphate that complexes calcium lowers excretion.
  const T urinary = c.gfr_l_per_day * p.ca_ultrafilterable * ca * p.renal_fe_ref *
                    power<T>(pth_r, -p.renal_pth_exp) * power<T>(ionized / c.ionized_ref, p.renal_ca_exp) *
                    c.sodium_excretion_factor * c.calcium_kidney_factor;
  const T dialysis = in.dialysis_duty * p.dialysis_clearance * (p.ca_ultrafilterable * ca - p.dialysis_calcium);

  // Bone: fast surface exchange, slow remodelling around the patient's set point.
  // Bone surfaces take up calcium phosphate by mass action in the ionized
  // calcium x phosphate product, so a phosphate load draws calcium out of
  // plasma within hours (Hebert 1966); PTH speeds its release.
  const T to_exch = p.exch_flux_ref * ionized / c.ionized_ref * power<T>(phos_r, p.exch_phosphate_exp);
  const T from_exch = p.exch_flux_ref / p.exch_pool_ref * x[ExchCa] * power<T>(pth_r, p.exch_pth_exp);
  const auto drive = resorption_drive(c, age);
  const auto turnover = p.bone_turnover;
  const T pth_resorption = power<T>(x[Pth] / c.pth_setpoint, p.bone_pth_exp);
  const T resorption = turnover * x[BoneCa] * drive * pth_resorption;
  // Formation follows PTH-driven resorption after a remodelling cycle, so a
  // change in PTH moves bone only transiently; age and menopause uncouple it.
  // Mechanical loading raises formation (c.loading_formation, 1 when sedentary).
  const T formation = turnover * x[BoneCa] * (1.0 + p.bone_coupling * (drive - 1.0)) * x[FormationFollow] *
                      (1.0 + p.bone_oc_effect * ((1.0 - x[UcOc]) - c.carboxylated_oc_setpoint)) *
                      c.loading_formation;

  // Vitamin K: liver served first, extrahepatic uptake saturable, warfarin
  // blocks recycling.
  const auto ka1 = p.k1_absorption_rate, ke1 = rate_from_half_life(p.k1_half_life);
  const auto ka4 = p.mk4_absorption_rate, ke4 = rate_from_half_life(p.mk4_half_life);
  const auto ka7 = p.mk7_absorption_rate, ke7 = rate_from_half_life(p.mk7_half_life);
  const T supply_total = p.k1_extrahepatic_weight * x[K1Plasma] + x[Mk4Plasma] + x[Mk7Plasma];
  const T liver = supply_total * p.hepatic_demand / (supply_total + p.hepatic_demand + 1e-12);
  const T extrahepatic = supply_total - liver;
  const T tissue_supply = extrahepatic / (1.0 + extrahepatic / p.tissue_saturation);
  const T recycling = 1.0 / (1.0 + x[WarfarinPlasma] / p.warfarin_ic50);
  const T active_k = x[TissueK] * recycling * c.uremic_recycling;
  const T expression = calcitriol_power(p.mgp_vitd_exp);
  const T mgp_carbox = active_k / (active_k + p.mgp_k50 * expression);
  // Osteoblasts also take vitamin K straight from plasma lipoproteins, so
  // osteocalcin follows a supplement within days (Binkley 2002's weekly dose
  // steps) where vessel-wall MGP follows the slow tissue stores; some
  // osteocalcin stays undercarboxylated at any supply.
  const T bone_k = (x[TissueK] + p.oc_plasma_gain * extrahepatic) * recycling * c.uremic_recycling;
  const T oc_carbox = (1.0 - p.oc_floor) * bone_k / (bone_k + p.oc_k50 * expression);

  // Arterial deposition: grows with the deposit's surface, driven by load and
  // risk factors, inhibited by carboxylated MGP and magnesium.
  const auto magnesium = (c.diet_magnesium + in.magnesium_extra) / p.art_magnesium_ref;
  const T score = x[ArtCa] * p.art_au_per_mmol;
  const T art_drive = c.art_static_drive * exp(p.art_age_slope * (age - p.art_reference_age)) *
                      power<T>(ca / p.ca_ref, p.art_ca_exp) * power<T>(phos_r, p.art_phosphate_exp) *
                      (1.0 - p.art_mgp_theta * x[VesselCmgp]) * power<S>(magnesium, -p.art_mg_exp);
  const T to_artery = p.art_rate * art_drive * (p.art_seed + sqrt(score + 1.0) - 1.0) / p.art_au_per_mmol -
                      p.art_regression * x[ArtCa];

  // Where a positive calcium balance goes (Hill 2013; Spiegel & Brady 2012;
  // KDIGO CKD-MBD). The external balance's running mean over about a week
  // (so meals and dialysis sessions average out) is retained when positive;
  // bone accepts a share that rises with its turnover (PTH over the
  // low-turnover threshold, higher in uraemia), and the rest goes to soft
  // tissue, which returns it slowly to the extracellular fluid and passes a
  // small share to the arterial deposit.
  const T balance_mean = x[CaBalanceMean];
  const T retained = 0.5 * (balance_mean + sqrt(balance_mean * balance_mean +
                                                 p.balance_positive_width * p.balance_positive_width));
  const T turnover_hill = power<T>(x[Pth] / c.low_turnover_pth, p.balance_acceptance_steepness);
  const T bone_accepts = turnover_hill / (1.0 + turnover_hill);
  const T to_soft = (1.0 - bone_accepts) * retained;
  const T soft_release = rate_from_half_life(p.soft_ca_half_life) * x[SoftCa];
  const T soft_to_artery = p.soft_ca_artery_share * soft_release;

  // Phosphate. The gut absorbs free phosphate passively and, following the
  // calcitriol-induced transport capacity, actively; binders bind it (bound
  // phosphate leaves in the faeces). The kidney excretes a fraction of the
  // filtered load whose odds rise with PTH and as kidney function falls;
  // dialysis removes it; a soft-tissue pool buffers plasma; bone and arterial
  // mineral carry it with their calcium.
  const T bound_p = p.p_binding_rate * x[GutBinder] * x[GutP] / (p.p_binding_km + x[GutP]);
  const T absorbed_p = (p.p_passive_rate + p.p_active_rate * x[GutCapacity]) * x[GutP];
  const T faecal_p = p.p_transit_rate * x[GutP] + bound_p;
  const T filtered_p = c.gfr_l_per_day * p.p_ultrafilterable * phosphate;
  const T excretion_odds = p.p_fe_ref / (1.0 - p.p_fe_ref) * power<T>(pth_r, p.p_fe_pth_exp) * c.phosphate_kidney_odds *
                             fgf23_power(p.p_fe_fgf23_exp);
  const T urinary_p = filtered_p * excretion_odds / (1.0 + excretion_odds);
  const T dialysis_p = in.dialysis_duty * p.p_dialysis_clearance * p.p_ultrafilterable * phosphate;
  const T to_tissue_p = p.p_tissue_clearance * (phosphate - x[TissueP] / p.p_tissue_volume);
  const T to_mineral_p = p.p_mineral_ratio * (formation - resorption + to_exch - from_exch + to_artery + soft_to_artery);

  dx[GutCa] = in.ca_in + secreted - g.proximal_exit - g.active - g.passive_proximal;
  dx[GutDistalCa] = in.ca_in_distal + g.proximal_exit - g.passive_distal - faecal;
  dx[EcfCa] = absorbed - secreted - urinary - dialysis - to_exch + from_exch - formation + resorption - to_artery -
              to_soft + (soft_release - soft_to_artery);
  dx[ExchCa] = to_exch - from_exch;
  dx[BoneCa] = formation - resorption;
  dx[ArtCa] = to_artery + soft_to_artery;
  dx[SoftCa] = to_soft - soft_release;
  dx[CaBalanceMean] = rate_from_half_life(p.balance_mean_half_life) * ((absorbed - secreted - urinary - dialysis) - balance_mean);
  dx[CumIntake] = T(in.ca_in + in.ca_in_distal);
  dx[CumAbsorbed] = absorbed;
  dx[CumSecreted] = secreted;
  dx[CumFaecal] = faecal;
  dx[CumUrinary] = urinary;
  dx[CumDialysis] = dialysis;
  dx[Pth] = rate_from_half_life(p.pth_half_life) * (pth_target - x[Pth]);
  dx[PthGland] = rate_from_half_life(p.pth_gland_half_life) * (gland_target - x[PthGland]);
  dx[Calcitriol] = rate_from_half_life(p.calcitriol_half_life) * (calcitriol_target - x[Calcitriol]);
  dx[GutCapacity] = rate_from_half_life(p.gut_adaptation_half_life) *
                    (calcitriol_power(p.gut_calcitriol_exp) * intestinal_responsiveness(c, age) - x[GutCapacity]);

  // Vitamin D3 from skin, food and doses reaches the liver through plasma
  // within days (d3.store_half_life), except a share stored in fat and
  // released over months (d3.fat_fraction, d3.fat_half_life): so a large
  // dose raises 25(OH)D over days and holds part of it up for months.
  const auto ka_d3 = p.d3_absorption_rate;
  const auto k_store = rate_from_half_life(p.d3_store_half_life);
  const auto k_fat = rate_from_half_life(p.d3_fat_half_life);
  const auto d3_in = ka_d3 * x[D3Gut] + c.sun_vitamin_d + c.diet_vitamin_d;
  dx[D3Gut] = in.depot_rate[D3Gut] - ka_d3 * x[D3Gut];
  dx[D3Store] = (1.0 - p.d3_fat_fraction) * d3_in - k_store * x[D3Store];
  dx[D3Fat] = p.d3_fat_fraction * d3_in - k_fat * x[D3Fat];
  const T to_liver = k_store * x[D3Store] + k_fat * x[D3Fat];
  // Calcitriol induces the 24-hydroxylase that inactivates 25(OH)D (Clements
  // 1987), so calcium, which lowers calcitriol, slows 25(OH)D's clearance and
  // raises its level; relative to the patient's own calcitriol, so that the
  // measured 25(OH)D a run starts from is the steady state of its input.
  const T calcitriol_induction = power<T>(x[Calcitriol] / c.calcitriol_setpoint, p.d25_calcitriol_exp);
  dx[D25] = rate_from_half_life(p.d25_half_life) *
            (p.d25_response * to_liver -
             x[D25] * calcitriol_induction *
                 d25_clearance_factor(p, x[D25], [](const T& b, const auto& e) { return power<T>(b, e); }));

  dx[K1Gut] = in.depot_rate[K1Gut] - ka1 * x[K1Gut];
  dx[K1Plasma] = ka1 * x[K1Gut] / p.k1_volume - ke1 * x[K1Plasma];
  dx[Mk4Gut] = in.depot_rate[Mk4Gut] - ka4 * x[Mk4Gut];
  dx[Mk4Plasma] = ka4 * x[Mk4Gut] / p.mk4_volume - ke4 * x[Mk4Plasma];
  dx[Mk7Gut] = in.depot_rate[Mk7Gut] - ka7 * x[Mk7Gut];
  dx[Mk7Plasma] = ka7 * x[Mk7Gut] / p.mk7_volume - ke7 * x[Mk7Plasma];
  dx[TissueK] = rate_from_half_life(p.tissue_half_life) * (tissue_supply + p.tissue_basal - x[TissueK]);

  const auto kaw = p.warfarin_absorption_rate;
  dx[WarfarinGut] = in.depot_rate[WarfarinGut] - kaw * x[WarfarinGut];
  dx[WarfarinPlasma] = kaw * x[WarfarinGut] / p.warfarin_volume -
                       p.warfarin_clearance / p.warfarin_volume * x[WarfarinPlasma];

  // Circulating dp-ucMGP comes partly from MGP as it is made and partly from
  // MGP released as the vessel-wall matrix turns over, which carries the
  // carboxylation of months past.
  const T uncarboxylated_source = p.mgp_new_release_fraction * (1.0 - mgp_carbox) +
                                  (1.0 - p.mgp_new_release_fraction) * (1.0 - x[VesselCmgp]);
  dx[DpucMgp] = rate_from_half_life(p.mgp_circ_half_life) *
                (p.mgp_dpuc_max * expression * uncarboxylated_source - c.mgp_clearance * x[DpucMgp]);
  dx[VesselCmgp] = rate_from_half_life(p.mgp_vessel_half_life) * (mgp_carbox - x[VesselCmgp]);
  dx[UcOc] = rate_from_half_life(p.oc_half_life) * ((1.0 - oc_carbox) - x[UcOc]);
  dx[FormationFollow] = rate_from_half_life(p.bone_coupling_half_life) * (pth_resorption - x[FormationFollow]);
  // Medial elastin calcification follows the wall's uncarboxylated MGP over
  // months to years: 1 at the reference carboxylation, 0 with none missing.
  // A hypothetical mechanism, sized to the one trial that saw stiffness move.
  const T elastin_target = (1.0 - x[VesselCmgp]) / (1.0 - p.elastin_reference_carboxylation);
  dx[ElastinCa] = rate_from_half_life(p.elastin_half_life) * (elastin_target - x[ElastinCa]);

  dx[GutP] = in.depot_rate[GutP] - absorbed_p - faecal_p;
  dx[GutBinder] = in.depot_rate[GutBinder] - bound_p - p.p_transit_rate * x[GutBinder];
  dx[EcfP] = absorbed_p - urinary_p - dialysis_p - to_tissue_p - to_mineral_p;
  dx[TissueP] = to_tissue_p;
  // Osteocytes answer phosphate (dietary loads and plasma phosphate) with
  // FGF23 over hours to days; it raises phosphate excretion and holds back
  // the kidney's 1-alpha-hydroxylase.
  dx[Fgf23] = rate_from_half_life(p.fgf23_half_life) * (phos_r - x[Fgf23]);
  dx[CumIntakeP] = T(in.depot_rate[GutP]);
  dx[CumAbsorbedP] = absorbed_p;
  dx[CumFaecalP] = faecal_p;
  dx[CumUrinaryP] = urinary_p;
  dx[CumDialysisP] = dialysis_p;

  if (in.freeze_accumulators) {
    for (int i = 0; i < n_states; ++i)
      if (states[static_cast<std::size_t>(i)].accumulator()) dx[i] = T(0.0);
  }

  if constexpr (std::is_same_v<T, double>) {
    if (out != nullptr) {
      *out = Fluxes{ca, ionized, absorbed, secreted, faecal, urinary, dialysis, to_exch, from_exch,
                    formation, resorption, to_artery, pth_target, calcitriol_target, extrahepatic,
                    liver, active_k, mgp_carbox, oc_carbox, art_drive, phosphate, absorbed_p, bound_p, faecal_p,
                    urinary_p, dialysis_p, to_tissue_p, to_soft, soft_release, soft_to_artery, bone_accepts};
    }
  }
}

// Derivative directions: one per solver state, plus one for time (through
// the closed-form depots).
using Gradient = Eigen::Matrix<double, n_ode + 1, 1>;
using Dual = Eigen::AutoDiffScalar<Gradient>;

constexpr std::array<int, n_ode> ode_index =
    detail::indices_where<n_ode>([](const StateInfo& s) { return !s.closed_form(); });

// One oral depot feeding one plasma compartment, with constant input r into
// the depot and q (amount per day) straight into the compartment: the closed
// form at tau from (g0, p0). One depot may feed several compartments, each
// with its own volume (1 / its share) and elimination.
struct OralPk {
  double ka, ke, volume;
  double gut(double g0, double r, double tau) const { return r / ka + (g0 - r / ka) * std::exp(-ka * tau); }
  double plasma(double g0, double p0, double r, double q, double tau) const {
    const double d = g0 - r / ka;
    const double ps = (r + q) / (volume * ke);
    const double eb = std::exp(-ke * tau);
    if (std::abs(ke - ka) < 1e-9 * ka) return ps + (p0 - ps) * eb + ka * d / volume * tau * eb;
    const double a = ka * d / (volume * (ke - ka));
    return ps + a * std::exp(-ka * tau) + (p0 - ps - a) * eb;
  }
  void advance(double g0, double p0, double r, double q, double tau, double& g, double& p) const {
    g = gut(g0, r, tau);
    p = plasma(g0, p0, r, q, tau);
  }
};

void pk_closed_form(const Context& c, const Inputs& in, double tau, double* x) {
  const Params& p = c.p;
  const OralPk k1{p.k1_absorption_rate, rate_from_half_life(p.k1_half_life), p.k1_volume};
  const OralPk mk4{p.mk4_absorption_rate, rate_from_half_life(p.mk4_half_life), p.mk4_volume};
  const OralPk mk7{p.mk7_absorption_rate, rate_from_half_life(p.mk7_half_life), p.mk7_volume};
  const OralPk warfarin{p.warfarin_absorption_rate, p.warfarin_clearance / p.warfarin_volume, p.warfarin_volume};
  // Vitamin D3 in mcg: the gut's absorbed D3 and the skin's and food's split
  // between plasma (volume 1 / its share) and fat (volume 1 / d3.fat_fraction).
  const OralPk d3{p.d3_absorption_rate, rate_from_half_life(p.d3_store_half_life), 1.0 / (1.0 - p.d3_fat_fraction)};
  const OralPk d3_fat{p.d3_absorption_rate, rate_from_half_life(p.d3_fat_half_life), 1.0 / p.d3_fat_fraction};
  const auto& s = in.pk_start;
  const auto& r = in.depot_rate;
  k1.advance(s[K1Gut], s[K1Plasma], r[K1Gut], 0.0, tau, x[K1Gut], x[K1Plasma]);
  mk4.advance(s[Mk4Gut], s[Mk4Plasma], r[Mk4Gut], 0.0, tau, x[Mk4Gut], x[Mk4Plasma]);
  mk7.advance(s[Mk7Gut], s[Mk7Plasma], r[Mk7Gut], 0.0, tau, x[Mk7Gut], x[Mk7Plasma]);
  warfarin.advance(s[WarfarinGut], s[WarfarinPlasma], r[WarfarinGut], 0.0, tau, x[WarfarinGut], x[WarfarinPlasma]);
  const double d3_source = c.sun_vitamin_d + c.diet_vitamin_d;
  d3.advance(s[D3Gut], s[D3Store], r[D3Gut], d3_source, tau, x[D3Gut], x[D3Store]);
  x[D3Fat] = d3_fat.plasma(s[D3Gut], s[D3Fat], r[D3Gut], d3_source, tau);
}

}  // namespace

const std::array<StateInfo, n_states>& state_info() { return states; }

template <class S>
S age_at(const BasicContext<S>& c, std::type_identity_t<S> t_days) {
  return c.ageing ? c.age0_years + t_days / days_per_year : c.age0_years;
}

template <class S>
S resorption_drive(const BasicContext<S>& c, std::type_identity_t<S> age) {
  using std::exp;
  if (!c.ageing) return S(1.0);
  const auto& p = c.p;
  S drive = 1.0;
  if (c.female) {
    drive += p.bone_age_excess_female * logistic((age - p.bone_age_onset_female) / p.bone_age_onset_width);
    if (c.has_menopause) {
      const S ysm = age - c.menopause_age;
      const S z = (ysm - p.bone_menopause_peak_delay) / p.bone_menopause_width;
      const S after_menopause = logistic((ysm - p.bone_menopause_late_onset) / p.bone_menopause_late_width);
      drive += p.bone_menopause_peak * exp(-z * z) + p.bone_menopause_late * after_menopause;
      // Smokers lose bone faster only after the menopause (Law & Hackshaw 1997).
      drive += p.smoking_bone_excess * c.smoking_share * after_menopause;
    }
  } else {
    const S ageing_male = logistic((age - p.bone_age_onset_male) / p.bone_age_onset_width);
    drive += (p.bone_age_excess_male + p.smoking_bone_excess * c.smoking_share) * ageing_male;
  }
  return drive;
}
template double age_at(const Context&, double);
template double resorption_drive(const Context&, double);

// The intestine answers calcitriol less with age (Pattanaungkul 2000) and
// loses part of its answer with estrogen at the menopause (Gennari 1990):
// Heaney 1989 measured both in the same women (gut.age_decline,
// gut.menopause_loss). The age term is the patient's at the start of the run
// (c.gut_age_factor), as kidney function is: a run of years changes neither.
// The menopause follows the run's age, as bone's does, so a run through the
// transition sees it.
template <class S>
S intestinal_responsiveness(const BasicContext<S>& c, std::type_identity_t<S> age) {
  S responsiveness = c.gut_age_factor;
  if (c.has_menopause)
    responsiveness *= 1.0 - c.p.gut_menopause_loss * logistic((age - c.menopause_age) / c.p.bone_menopause_width);
  return responsiveness;
}
template double intestinal_responsiveness(const Context&, double);

void symbolic_derivatives(const SymbolicContext& c, const SymbolicInputs& in, const sbml::Symbolic* x,
                          sbml::Symbolic* dx) {
  equations<sbml::Symbolic>(c, in, x, dx, 0.0, nullptr);
}

double fat_factor(const Params& p, double fat_g) {
  return (fat_g + p.fat_floor) / (fat_g + p.fat_half);
}

double d3_input_for_d25(const Params& p, double d25) {
  return d25 * d25_clearance_factor(p, d25, [](double b, double e) { return std::pow(b, e); }) / p.d25_response;
}

double sun_exposure_for_d25(const Params& p, double d25, double diet_mcg_per_day, const SourceLocation& at) {
  // The skin makes what the steady input lacks beyond food; food alone may already be more.
  // Under other parameters the same patient may hold it: one failed start among
  // the draws of a population, a sensitivity run or the posterior.
  const double sun = d3_input_for_d25(p, d25) - diet_mcg_per_day;
  if (sun < 0.0)
    throw NoBalancedStart(at, "the diet's vitamin D3 alone holds 25(OH)D at " +
                                  text::format_number(d25_steady_state(p, diet_mcg_per_day)) + " nmol/L, above the " +
                                  text::format_number(d25) + " asked for; lower diet.vitamin_d");
  return sun;
}

double d25_steady_state(const Params& p, double input_mcg_per_day) {
  // The input that holds a level rises monotonically with it, and the level
  // is at most d25.response * input (clearance is at least its low-level
  // rate): a bracketed root of the closed-form inverse.
  const double input = std::max(input_mcg_per_day, 0.0), high = p.d25_response * input;
  if (high <= 0.0) return 0.0;
  const auto excess = [&](double d25) { return d3_input_for_d25(p, d25) - input; };
  std::uintmax_t iterations = 200;
  const auto [low_end, high_end] = boost::math::tools::toms748_solve(
      excess, 0.0, high, -input, excess(high), boost::math::tools::eps_tolerance<double>(50), iterations);
  return 0.5 * (low_end + high_end);
}

Context run_context(const Params& p, const Scenario& s, const InitialCondition& init) {
  Context c = make_context(p, s);
  c.pth_setpoint = init.pth_setpoint;
  c.carboxylated_oc_setpoint = init.carboxylated_oc_setpoint;
  c.calcitriol_setpoint = init.calcitriol_setpoint;
  return c;
}

Context make_context(const Params& user_params, const Scenario& s) {
  Context c;
  c.p = in_internal_units(user_params);
  const Params& p = c.p;
  const Patient& pt = s.patient;
  c.age0_years = pt.age_years;
  c.ageing = s.ageing;
  c.female = pt.sex == Sex::Female;
  c.has_menopause = c.female && pt.menopause_age_years.has_value();
  c.menopause_age = c.has_menopause ? *pt.menopause_age_years : 0.0;
  c.egfr = pt.egfr;
  c.dialysis = pt.dialysis;
  const double kidney_load =
      pt.dialysis ? 1.0 : std::clamp((p.ckd_threshold - pt.egfr) / p.ckd_threshold, 0.0, 1.0);
  c.kidney_load = kidney_load;
  c.uremic_recycling = 1.0 - p.uremic_recycling_loss * kidney_load;
  // Skeletal resistance to PTH: the PTH below which bone turns over too slowly
  // to take a positive calcium balance rises from about 1 pmol/L with normal
  // kidneys to about 14 pmol/L on dialysis (KDIGO), geometrically with the load.
  c.low_turnover_pth = p.low_turnover_pth_normal *
                       std::pow(p.low_turnover_pth_dialysis / p.low_turnover_pth_normal, kidney_load);
  c.mgp_clearance = p.mgp_nonrenal_clearance + (1.0 - p.mgp_nonrenal_clearance) * std::min(pt.egfr, p.gfr_ref) / p.gfr_ref;
  c.renal_factor = std::pow(std::min(pt.egfr, p.gfr_ref) / p.gfr_ref, p.calcitriol_renal_exp);
  // Like kidney function, the gut's age is a trait of the patient at the start
  // of a run (intestinal_responsiveness).
  c.gut_age_factor = std::exp(-p.gut_age_decline * (std::max(c.age0_years, p.gut_age_onset) - p.gut_reference_age));
  // Fewer nephrons, each excreting a larger share of its filtered calcium
  // (Clin Sci 1970, 38:297) and phosphate (FGF23 lumped in). On dialysis the
  // kidney's eGFR stands for a residual function that the model does not let
  // adapt: the dialyser, not the kidney, carries calcium there.
  c.calcium_kidney_factor =
      pt.dialysis ? 1.0
                  : std::pow(p.renal_fe_kidney_onset / std::min(pt.egfr, p.renal_fe_kidney_onset), p.renal_fe_kidney_exp);
  c.phosphate_kidney_odds = std::pow(p.gfr_ref / std::min(pt.egfr, p.gfr_ref), p.p_fe_kidney_exp);
  // eGFR is per 1.73 m2 of body surface; 1 mL/min is 1.44 L/day.
  c.gfr_l_per_day = pt.egfr * (p.body_surface_area / 1.73) * (minutes_per_day / 1000.0);
  c.art_static_drive = (c.female ? 1.0 : p.art_male_factor) * (pt.diabetes ? p.art_diabetes_factor : 1.0) *
                       (1.0 + p.art_inflammation_step * pt.inflammation) *
                       (pt.family_history_cvd ? p.art_family_factor : 1.0) * (1.0 + p.art_uremic_gain * kidney_load);
  c.smoking_share = pt.smoking == Smoking::Current  ? 1.0
                    : pt.smoking == Smoking::Former ? p.smoking_former_share
                                                    : 0.0;
  c.art_static_drive *= 1.0 + (p.art_smoking_factor - 1.0) * c.smoking_share;
  c.loading_formation = 1.0 + (pt.physical_activity == Activity::Loading   ? p.loading_formation_gain
                               : pt.physical_activity == Activity::Walking ? p.walking_formation_gain
                                                                           : 0.0);
  // 100 mmol of sodium is 2299 mg.
  constexpr double mg_per_100_mmol_sodium = 2299.0;
  c.sodium_excretion_factor =
      std::exp(p.sodium_calciuria * (s.diet.sodium_mg_per_day - p.sodium_ref) / mg_per_100_mmol_sodium);
  c.pwv_static_factor = (c.female ? 1.0 : p.pwv_male_factor) * (pt.diabetes ? p.pwv_diabetes_factor : 1.0) *
                        (1.0 + p.pwv_ckd_gain * kidney_load);
  c.systolic_given = pt.systolic_bp_mmhg.has_value();
  c.systolic_bp = pt.systolic_bp_mmhg.value_or(0.0);
  c.bone_peak = c.female ? p.bone_peak_female : p.bone_peak_male;
  c.diet_vitamin_d = s.diet.vitamin_d_mcg_per_day;
  // A measured 25(OH)D holds under these parameters, whatever they are.
  c.sun_vitamin_d = pt.baseline_d25_nmol_per_l
                        ? sun_exposure_for_d25(p, *pt.baseline_d25_nmol_per_l, s.diet.vitamin_d_mcg_per_day,
                                               locate_key(s, "patient.baseline_d25"))
                        : pt.sun_exposure_mcg_per_day;
  c.diet_magnesium = s.diet.magnesium_mg_per_day;
  c.pth_setpoint = p.pth_ref;
  c.calcitriol_setpoint = p.calcitriol_ref;
  // Complexing by anions other than phosphate, sized so that ionized calcium
  // is ca.ionized_ref at the reference total calcium and phosphate. It cannot
  // be negative: an ultrafilterable fraction too small to carry the ionized
  // reference leaves ionized calcium below it, and the PTH set point follows.
  const double phosphate_complexing_ref = p.ca_phosphate_association * p.p_ultrafilterable * p.phosphate_ref;
  c.anion_complexing =
      std::max(0.0, p.ca_ultrafilterable * p.ca_ref / p.ca_ionized_ref - 1.0 - phosphate_complexing_ref);
  const double ionized_ref = ionized_calcium<double>(c, p.ca_ref, p.phosphate_ref);
  c.ionized_ref = ionized_ref;
  const double span = (p.pth_max_ratio - p.pth_min_ratio) / (1.0 - p.pth_min_ratio) - 1.0;
  c.ionized_ca50 = ionized_ref / std::pow(span, 1.0 / p.pth_ca_hill);
  return c;
}

const std::array<int, n_ode>& ode_states() { return ode_index; }

bool is_pk_state(int i) {
  for (int j : pk_states)
    if (j == i) return true;
  return false;
}

void full_state(const Context& c, const Inputs& in, const double* y, double tau, double* x) {
  for (int k = 0; k < n_ode; ++k) x[ode_index[static_cast<std::size_t>(k)]] = y[k];
  pk_closed_form(c, in, tau, x);
}

void full_derivatives(const Context& c, const Inputs& in, const double* x, double* dxdt, double tau) {
  equations<double>(c, in, x, dxdt, tau, nullptr);
}

void derivatives(const Context& c, const Inputs& in, const double* y, double* dydt, double tau) {
  std::array<double, n_states> x{}, dx{};
  full_state(c, in, y, tau, x.data());
  equations<double>(c, in, x.data(), dx.data(), tau, nullptr);
  for (int k = 0; k < n_ode; ++k) dydt[k] = dx[static_cast<std::size_t>(ode_index[static_cast<std::size_t>(k)])];
}

void jacobian(const Context& c, const Inputs& in, const double* y, double* jac, double* dfdt, double tau) {
  static_assert(Gradient::RowsAtCompileTime == n_ode + 1);
  std::array<double, n_states> x{}, dx{};
  full_state(c, in, y, tau, x.data());
  equations<double>(c, in, x.data(), dx.data(), tau, nullptr);
  std::array<Dual, n_states> xd;
  std::array<Dual, n_states> fd;
  for (int k = 0; k < n_ode; ++k) {
    const auto i = static_cast<std::size_t>(ode_index[static_cast<std::size_t>(k)]);
    xd[i] = Dual(x[i], n_ode + 1, k);
  }
  for (int i : pk_states) {
    const auto u = static_cast<std::size_t>(i);
    Gradient seed = Gradient::Zero();
    seed(n_ode) = dx[u];  // d(depot)/dtau
    xd[u] = Dual(x[u], seed);
  }
  equations<Dual>(c, in, xd.data(), fd.data(), tau, nullptr);
  for (int a = 0; a < n_ode; ++a) {
    const auto& grad = fd[static_cast<std::size_t>(ode_index[static_cast<std::size_t>(a)])].derivatives();
    for (int b = 0; b < n_ode; ++b) jac[a * n_ode + b] = grad(b);
    dfdt[a] = grad(n_ode);
  }
}

Fluxes fluxes(const Context& c, const Inputs& in, const double* x, double tau) {
  std::array<double, n_states> dx{};
  Fluxes f{};
  equations<double>(c, in, x, dx.data(), tau, &f);
  return f;
}

}  // namespace calcsim::model
