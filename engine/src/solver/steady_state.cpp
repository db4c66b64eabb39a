// The patient's initial state: computed, not guessed. First the usual diet is
// spread evenly over the day and the fast system is relaxed and then solved
// to its steady state (bone, artery and running totals held fixed); then real
// meals settle it onto its daily (with dialysis, weekly) cycle, solved as a
// periodic orbit. The averaged system is solved by Powell's hybrid method
// (MINPACK's hybrj, as Eigen's HybridNonLinearSolver) with its Newton
// fallback; the periodic orbit by a chord iteration whose Jacobian is the
// averaged system's monodromy over the cycle, refined by Broyden's updates,
// with Powell's method on the burnt-in state as its fallback. Each solution
// is checked against a named limit: a steady state that does not converge is
// a NumericalError naming the scenario, the residual and what was tried, and
// an integration that fails on the way one naming the scenario and stage.
// The limits a test may lower are in steady_state.hpp.
#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include <unsupported/Eigen/MatrixFunctions>
#include <unsupported/Eigen/NonLinearOptimization>

#include "calcsim/errors.hpp"
#include "calcsim/simulator.hpp"
#include "calcsim/units.hpp"
#include "integrator.hpp"
#include "steady_state.hpp"
#include "model/pulsed_absorption.hpp"
#include "schedule/schedule.hpp"
#include "schedule/timeline_walk.hpp"
#include "support/text.hpp"

namespace calcsim {
namespace {

// Whole cycles (a dialysis rota comes round weekly). The averaged start, with
// the gut's saturation corrected, is already close to the daily cycle: two
// days bring the fast states onto it, two weeks the dialysis week.
constexpr double burn_in_days = 2.0;
constexpr double dialysis_burn_in_days = 14.0;

// Skeletal calcium at the start: the young-adult peak, reduced by the same
// age and menopause drift the model applies during a run, integrated from 30.
double initial_bone(const model::Context& c) {
  const double peak = c.bone_peak;
  const Params& p = c.p;
  if (!c.ageing || c.age0_years <= p.bone_peak_age) return peak;
  // The turnover is per day (internal units); ages are in years.
  const double loss_per_year = p.bone_turnover * units::days_per_year * (1.0 - p.bone_coupling);
  const int n = 2000;
  const double h = (c.age0_years - p.bone_peak_age) / n;
  double integral = 0.0;
  for (int i = 0; i <= n; ++i) {
    const double weight = (i == 0 || i == n) ? 0.5 : 1.0;
    integral += weight * (model::resorption_drive(c, p.bone_peak_age + i * h) - 1.0);
  }
  return peak * std::exp(-loss_per_year * integral * h);
}

// Where the steady-state search starts: each state's first guess from
// state_list.inc (expressions in p, c and s).
std::vector<double> first_guess(const model::Context& c, const Scenario& s) {
  const auto& p = c.p;
  return {
#define X(id, name, unit, kind, scale, guess, desc) static_cast<double>(guess),
#include "model/state_list.inc"
#undef X
  };
}

// A steady state that could not be found: names the scenario, the stage, the
// worst residual and what was tried.
std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", v);
  return buffer;
}

[[noreturn]] void fail(const Scenario& s, const std::string& stage, const std::string& state, double residual,
                       double limit, const std::string& tried) {
  throw NumericalError(0.0, state,
                       "the steady state of scenario '" + s.name + "' did not converge (" + stage + "): residual " +
                           number(residual) + " relative to the state's typical size, limit " + number(limit) +
                           "; tried " + tried +
                           " (the parameters may be outside the range where the model has a steady state)");
}

// Plasma calcium (total, mmol/L) that no patient lives at: a settling that
// ends below it has drained the patient's calcium.
constexpr double lowest_settling_calcium = 1.0;
// Below the normal range (2.15-2.55 mmol/L) and still falling: a settling that
// the solver gives up on down here is draining too.
constexpr double draining_calcium = 1.9;
// An external balance (mmol/day) more negative than a starting state has: the
// age-related bone loss of the default 58-year-old woman leaves about -0.6.
constexpr double losing_balance = 1.5;

// Dietary calcium (mg/day) below which a failed start is put down to the diet:
// measured, starts fail below it (below 200 mg/day without dialysis, 400 on
// dialysis without sun), and none above it for want of calcium alone.
constexpr double lowest_balanced_calcium_mg = 400.0;

// Where the settling stood when it was given up: the last whole day, plasma
// calcium there (mmol/L) and the running mean of the external calcium balance
// (gut, kidney and dialysis, mmol/day).
struct Settling {
  double day = 0.0, calcium = 0.0, balance = 0.0;
};

// The parameters set away from the registry's values, as "name = value unit".
std::vector<std::string> parameters_set(const Params& p) {
  std::vector<std::string> out;
  for (const ParameterInfo& info : parameter_registry()) {
    const double value = *p.get(info.name);
    if (value != info.default_value)
      out.push_back(std::string(info.name) + " = " + text::format_quantity(value, info.unit));
  }
  return out;
}

// A patient the model cannot start in calcium balance, which every run starts
// in: plasma calcium drains while the averaged system settles (no steady state
// exists) until the solver fails. Bone, re-centred on the patient's own
// hormones, does not make up a loss that the gut and kidney cannot close:
//  - kidney failure without dialysis: phosphate climbs, calcitriol collapses,
//    and the gut takes up less calcium than the digestive juices carry into it;
//  - too little calcium in the diet for the digestive juices' and the urine's
//    obligatory losses (real people on such diets lose bone, which is not a
//    steady state);
//  - on dialysis, so much phosphate for the calcium eaten (1600 mg/day with
//    400 of calcium, 2000 with 600) that calcium phosphate leaves plasma for
//    the tissues faster than the gut and dialysate bring calcium.
// The patient (or the parameters set by hand), not the solver, is the cause:
// said so, at the key that makes it so (a NumericalError when none of these is).
[[noreturn]] void no_balanced_start(const Scenario& s, const Params& p, const Settling& at) {
  const auto& pt = s.patient;
  const auto& diet = s.diet;
  const std::string where = at.calcium < draining_calcium
                                ? "plasma calcium falls to " + text::format_number(at.calcium, 2) + " mmol/L by day " +
                                      text::format_number(at.day)
                                : "after a year the gut, kidney and dialysate still lose " +
                                      text::format_number(std::round(-at.balance * model::molar_mass_calcium)) +
                                      " mg/day more calcium than they take up";
  const std::string settling = "as the model settles this patient on this diet (calcium " +
                               text::format_number(diet.calcium_mg_per_day) + " mg/day, phosphate " +
                               text::format_number(diet.phosphate_mg_per_day) + " mg/day), " + where +
                               ": the model starts every patient in calcium balance, and this one has no such state";
  // Parameters set by hand may be the cause whatever the patient: said first,
  // at the option that set them.
  if (const std::vector<std::string> set = parameters_set(p); !set.empty()) {
    constexpr std::size_t named = 3;  // a posterior draw sets dozens: the first few, and how many more
    std::string listed;
    for (std::size_t i = 0; i < std::min(named, set.size()); ++i) listed.append(i == 0 ? "" : ", ").append(set[i]);
    if (set.size() > named) listed += " and " + std::to_string(set.size() - named) + " more set";
    throw NoBalancedStart(SourceLocation::of_option("params"),
                          "with " + listed + ": " + settling +
                              "; expected values nearer the registry's (calcsim params), or another patient or diet");
  }
  if (!pt.dialysis && pt.egfr < p.ckd_threshold)
    throw NoBalancedStart(locate_key(s, "patient.egfr"),
                          "eGFR " + text::format_number(pt.egfr) + " mL/min/1.73m2 without dialysis: " + settling +
                              " (with failing kidneys, phosphate climbs, calcitriol collapses and the gut takes up "
                              "less calcium than it secretes); expected patient.dialysis for kidney failure, or more "
                              "dietary calcium or less phosphate");
  if (diet.calcium_mg_per_day < lowest_balanced_calcium_mg)
    throw NoBalancedStart(locate_key(s, "diet.calcium"),
                          "calcium " + text::format_number(diet.calcium_mg_per_day) + " mg/day: " + settling +
                              " (the digestive juices and the kidney or dialysate lose more calcium than the gut "
                              "can take up from so little; on such a diet people lose bone); expected more dietary "
                              "calcium (the usual diet sets the starting state; supplements begin on day 0)");
  if (pt.dialysis)
    throw NoBalancedStart(locate_key(s, "diet.phosphate"),
                          "phosphate " + text::format_number(diet.phosphate_mg_per_day) + " mg/day on dialysis: " +
                              settling + " (calcium phosphate leaves plasma for the tissues faster than the gut and "
                              "the dialysate bring calcium); expected less phosphate or more calcium in the diet, or "
                              "a phosphate binder");
  throw NumericalError(at.day, "ecf_ca",
                       "the steady state of scenario '" + s.name + "' could not be computed: " + settling +
                           " (the parameters may be outside the range where the model has a steady state)");
}

// The whole days 1, 2, ... up to `length`.
std::vector<double> whole_days(double length) {
  std::vector<double> days;
  for (double d = 1.0; d <= length; d += 1.0) days.push_back(d);
  return days;
}

// The index among the solver states of model state `id`.
int solver_index(int id) {
  const auto& ode = model::ode_states();
  return static_cast<int>(std::find(ode.begin(), ode.end(), id) - ode.begin());
}

// An integration that fails inside the search (the relaxation, the burn-in
// onto the cycle, a cycle of the one-cycle map or of its Jacobian) is the
// steady state's failure too: reported with the scenario and the stage, and
// the integrator's own time, state and reason.
template <class Step>
void in_stage(const Scenario& s, const std::string& stage, Step&& step) {
  try {
    step();
  } catch (const NumericalError& e) {
    throw NumericalError(e.time_days(), e.state(),
                         "the steady state of scenario '" + s.name + "' could not be computed (" + stage +
                             "): " + e.detail());
  }
}

std::string status_text(Eigen::HybridNonLinearSolverSpace::Status status) {
  using namespace Eigen::HybridNonLinearSolverSpace;
  switch (status) {
    case RelativeErrorTooSmall: return "converged in x";
    case TooManyFunctionEvaluation: return "too many evaluations";
    case TolTooSmall: return "tolerance too small for further progress";
    case NotMakingProgressJacobian: return "no progress over five Jacobians";
    case NotMakingProgressIterations: return "no progress over ten iterations";
    case UserAsked: return "stopped";
    default: return "improper input";
  }
}

// The solver states that are solved for: all but the accumulators (held fixed).
std::vector<int> free_solver_states() {
  std::vector<int> free;
  for (int k = 0; k < model::n_ode; ++k)
    if (!model::state_info()[static_cast<std::size_t>(model::ode_states()[static_cast<std::size_t>(k)])].accumulator())
      free.push_back(k);
  return free;
}

double typical_size(int full_index) { return model::state_info()[static_cast<std::size_t>(full_index)].scale; }

// The diet-averaged steady state: f(y) = 0 on the free solver states, with
// the model's own Jacobian (automatic differentiation). A state whose rate
// of change is below this fraction of its typical size per day would move
// by under 4e-7 of it in a year, far inside every tolerance a run uses.
constexpr double averaged_residual_limit = 1e-9;  // per day, of each state's typical size
// Powell's method stops when a step changes x by less than this (relative);
// and gives up after this many evaluations (a solve takes about ten).
constexpr double hybrid_xtol = 1e-12;
constexpr int averaged_max_evaluations = 200;

// Residuals are rates relative to each state's typical size (per day), so
// that Powell's merit function, the residual's norm, weighs every state alike.
struct AveragedSystem {
  static double size_of(int solver_index) {
    return typical_size(model::ode_states()[static_cast<std::size_t>(solver_index)]);
  }
  const model::Context& c;
  const model::Inputs& in;
  const std::vector<int>& free;
  SolverState base;
  SolverState at(const Eigen::VectorXd& z) const {
    SolverState y = base;
    for (std::size_t a = 0; a < free.size(); ++a) y[static_cast<std::size_t>(free[a])] = z(static_cast<Eigen::Index>(a));
    return y;
  }
  int operator()(const Eigen::VectorXd& z, Eigen::VectorXd& f) const {
    const SolverState y = at(z);
    SolverState dy{};
    model::derivatives(c, in, y.data(), dy.data(), 0.0);
    for (std::size_t a = 0; a < free.size(); ++a)
      f(static_cast<Eigen::Index>(a)) = dy[static_cast<std::size_t>(free[a])] / size_of(free[a]);
    return 0;
  }
  int df(const Eigen::VectorXd& z, Eigen::MatrixXd& jac) const {
    const SolverState y = at(z);
    std::array<double, model::n_ode * model::n_ode> full{};
    SolverState dfdt{};
    model::jacobian(c, in, y.data(), full.data(), dfdt.data(), 0.0);
    for (std::size_t a = 0; a < free.size(); ++a)
      for (std::size_t b = 0; b < free.size(); ++b)
        jac(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) =
            full[static_cast<std::size_t>(free[a] * model::n_ode + free[b])] / size_of(free[a]);
    return 0;
  }
};

// The worst scaled residual of the averaged system at z, and where.
double worst_residual(const AveragedSystem& system, const Eigen::VectorXd& z, Eigen::Index& where) {
  Eigen::VectorXd f(z.size());
  system(z, f);
  return f.allFinite() ? f.cwiseAbs().maxCoeff(&where) : std::numeric_limits<double>::infinity();
}

// Newton's method with full steps: where Powell's method stops at a local
// minimum of the residual's norm (it only accepts steps that reduce it, and
// with dialysis the path to the root first climbs), Newton's iteration, which
// may climb, converges quadratically from the relaxed state.
constexpr int newton_max_iterations = 20;
int newton(const AveragedSystem& system, Eigen::VectorXd& z) {
  Eigen::VectorXd f(z.size());
  Eigen::MatrixXd jac(z.size(), z.size());
  Eigen::Index where = 0;
  for (int iteration = 1; iteration <= newton_max_iterations; ++iteration) {
    system(z, f);
    system.df(z, jac);
    const Eigen::PartialPivLU<Eigen::MatrixXd> lu(jac);
    z -= lu.solve(f);
    if (worst_residual(system, z, where) <= averaged_residual_limit) return iteration;
  }
  return newton_max_iterations;
}

// Solves the averaged system from y (updated); fails with a report.
void solve_averaged(const Scenario& s, const model::Context& c, const model::Inputs& in, SolverState& y) {
  const std::vector<int> free = free_solver_states();
  AveragedSystem system{c, in, free, y};
  Eigen::VectorXd start(static_cast<Eigen::Index>(free.size()));
  for (std::size_t a = 0; a < free.size(); ++a) start(static_cast<Eigen::Index>(a)) = y[static_cast<std::size_t>(free[a])];
  Eigen::VectorXd z = start;
  Eigen::HybridNonLinearSolver<AveragedSystem> solver(system);
  solver.parameters.xtol = hybrid_xtol;
  solver.parameters.maxfev = averaged_max_evaluations;
  const auto status = solver.solve(z);
  Eigen::Index where = 0;
  double worst = worst_residual(system, z, where);
  std::string tried = "Powell's hybrid method with the model's Jacobian (" + std::to_string(solver.nfev) +
                      " evaluations, " + status_text(status) + ")";
  if (!(worst <= averaged_residual_limit)) {
    Eigen::VectorXd newton_z = start;
    const int iterations = newton(system, newton_z);
    Eigen::Index newton_where = 0;
    const double newton_worst = worst_residual(system, newton_z, newton_where);
    tried += ", then Newton's method from the same start (" + std::to_string(iterations) + " iterations)";
    if (newton_worst <= worst || !std::isfinite(worst)) {
      z = newton_z;
      worst = newton_worst;
      where = newton_where;
    }
  }
  if (!(worst <= averaged_residual_limit))
    fail(s, "the diet-averaged steady state",
         std::string(model::state_info()[static_cast<std::size_t>(model::ode_states()[static_cast<std::size_t>(free[static_cast<std::size_t>(where)])])].name),
         worst, averaged_residual_limit, tried);
  y = system.at(z);
}

SolverState solver_part(const std::vector<double>& x) {
  FullState full{};
  std::copy(x.begin(), x.end(), full.begin());
  return calcsim::solver_part(full);
}

// Averages over a cycle that define the remodelling set point.
struct SetPointSums {
  double pth_power = 0.0, carboxylated = 0.0;
  int count = 0;
  double pth_setpoint(const Params& p) const {
    return std::pow(pth_power / count, 1.0 / p.bone_pth_exp);
  }
  double carboxylated_oc() const { return carboxylated / count; }
};
// The periodic cycle's unknowns after its states: the PTH, carboxylated
// osteocalcin and calcitriol set points, in that order. The first two are
// their cycle averages; the calcitriol set point is the one at which the
// cycle's 25(OH)D starts at the steady state of the patient's vitamin D3
// input (model::d25_steady_state), so that a measured 25(OH)D is the run's
// first value exactly (calcitriol's daily swing moves the clearance within
// the day, so its plain average misses by about 1e-4 of the level).
constexpr Eigen::Index n_set_points = 3;
double starting_d25(const model::Context& c) {
  return model::d25_steady_state(c.p, c.sun_vitamin_d + c.diet_vitamin_d);
}

// Integrates the timeline from the full state x (accumulators frozen), with
// absolute times shifted by `offset` days; optionally samples the set point
// 96 times a day.
void check_cancel(const std::atomic<bool>* cancel) {
  if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) throw Cancelled(0.0);
}

void run_cycles(const model::Context& c, const Timeline& tl, double offset, std::vector<double>& x, SetPointSums* sums,
                const std::atomic<bool>* cancel, double rtol = 1e-8) {
  constexpr int samples_per_day = 96;
  Integrator integrator(c, rtol, rtol * 1e-3);
  std::vector<double> samples;
  if (sums != nullptr)
    for (long k = 0; static_cast<double>(k) / samples_per_day < tl.t_end; ++k)
      samples.push_back(static_cast<double>(k) / samples_per_day);
  WalkOptions options;
  options.time_offset = offset;
  options.freeze_accumulators = true;
  options.cancel = cancel;
  TimelineWalk walk(c, tl, std::move(samples), options);
  FullState state{};
  std::copy(x.begin(), x.end(), state.begin());
  FullState sample{};
  walk.run(state, [&](const SegmentRun& run, SolverState& y) {
    integrator.advance(run, y, [&](std::size_t k, const double* ys) {
      model::full_state(c, *run.inputs, ys, run.sample_taus[k], sample.data());
      sums->pth_power += std::pow(sample[model::Pth], c.p.bone_pth_exp);
      sums->carboxylated += 1.0 - sample[model::UcOc];
      ++sums->count;
    });
  });
  std::copy(state.begin(), state.end(), x.begin());
}

// The periodic cycle: unknowns are the fast states at the cycle's start
// (every state that is not an accumulator, the closed-form depots included)
// and the three set-point values; residuals are each state's change over one
// cycle, each remodelling set point's difference from its cycle average and the
// starting 25(OH)D's from its target (n_set_points).
//
// The cycle is integrated at a tight tolerance for the residual; for the
// fallback, Powell's method, the Jacobian, which only steers it (and is updated by rank-one
// Broyden corrections between evaluations), by difference quotients from
// cycles at a looser one with the cheaper ROS34PW2: rtol 1e-5 and a relative
// difference step ten times that (as 1e-6 and 1e-5 were), so that the
// integration noise stays a tenth of the step. Measured on every bundled
// scenario: a starting state within 5e-10 (relative) of the one 1e-6 gave,
// in a quarter less time (ROS34PW2 takes about 490 steps a day at 1e-6).
// The chord iteration below takes its steps' cycles at that looser tolerance too.
constexpr double periodic_residual_rtol = 1e-8, periodic_jacobian_rtol = 1e-5;
constexpr double difference_step = 1e-4;  // relative (ten times the integration tolerance, below the curvature)
// Converged when no state changes over a cycle by more than this fraction of
// its typical size (and the set points match their averages as closely):
// a hundred times the residual's own integration tolerance.
constexpr double periodic_residual_limit = 1e-6;
// Powell's method stops at the first cycle whose residual is within the
// cycle's own integration tolerance: smaller residuals are integration noise.
// (Its inner iteration otherwise goes on until its step is below
// hybrid_xtol: measured on the default scenario, 16 cycles at the tight
// tolerance to reach a residual of 8e-14 where the fifth was at 7e-10.)
constexpr double periodic_stop_residual = periodic_residual_rtol;

struct PeriodicCycle {
  const model::Context& c;
  const Timeline& cycle;
  const std::vector<double>& x;  // the full state the unknowns are placed into
  const std::vector<int>& free;  // full-state indices of the unknown states
  const std::atomic<bool>* cancel;
  double rtol = periodic_residual_rtol;
  // The first trial whose residual is within periodic_stop_residual, and
  // that residual: Powell's method is stopped there (the functor returns -1).
  mutable bool stopped = false;
  mutable Eigen::VectorXd stop_z{}, stop_r{};
  // A trial whose residual at rtol is already known (make_periodic's check
  // of the starting point, which Powell's method evaluates first).
  Eigen::VectorXd known_z{}, known_r{};
  Eigen::Index m() const { return static_cast<Eigen::Index>(free.size()); }

  // Cycle change and set-point mismatch, each relative to its typical size.
  Eigen::VectorXd residual(const Eigen::VectorXd& z, double tolerance) const {
    model::Context trial = c;
    trial.pth_setpoint = z(m());
    trial.carboxylated_oc_setpoint = z(m() + 1);
    trial.calcitriol_setpoint = z(m() + 2);
    std::vector<double> start = x;
    for (Eigen::Index a = 0; a < m(); ++a) start[static_cast<std::size_t>(free[static_cast<std::size_t>(a)])] = z(a);
    std::vector<double> end = start;
    SetPointSums sums;
    run_cycles(trial, cycle, -cycle.t_end, end, &sums, cancel, tolerance);
    Eigen::VectorXd r(m() + n_set_points);
    for (Eigen::Index a = 0; a < m(); ++a) {
      const int i = free[static_cast<std::size_t>(a)];
      r(a) = (end[static_cast<std::size_t>(i)] - start[static_cast<std::size_t>(i)]) / typical_size(i);
    }
    r(m()) = (sums.pth_setpoint(c.p) - z(m())) / typical_size(model::Pth);
    r(m() + 1) = sums.carboxylated_oc() - z(m() + 1);  // a fraction: its typical size is 1
    r(m() + 2) = (start[model::D25] - starting_d25(c)) / typical_size(model::D25);
    return r;
  }
  // Eigen's functor interface. A trial the model cannot integrate returns a
  // huge residual, so the trust region shrinks away from it.
  int operator()(const Eigen::VectorXd& z, Eigen::VectorXd& f) const {
    if (known_z.size() == z.size() && known_z == z) {
      f = known_r;
    } else {
      try {
        f = residual(z, rtol);
      } catch (const NumericalError&) {
        f.setConstant(1e20);
      }
    }
    if (f.cwiseAbs().maxCoeff() <= periodic_stop_residual) {
      stopped = true;
      stop_z = z;
      stop_r = f;
      return -1;
    }
    return 0;
  }
  int df(const Eigen::VectorXd& z, Eigen::MatrixXd& jac) const {
    const Eigen::VectorXd base = residual(z, periodic_jacobian_rtol);
    for (Eigen::Index b = 0; b < z.size(); ++b) {
      Eigen::VectorXd shifted = z;
      const double h = difference_step * std::max(std::abs(z(b)), 1e-3);
      shifted(b) += h;
      jac.col(b) = (residual(shifted, periodic_jacobian_rtol) - base) / h;
    }
    return 0;
  }
};

// The periodic cycle's unknowns: the full-state indices of the states that
// are not accumulators, then the three set points; each has a typical size.
std::vector<int> periodic_states() {
  std::vector<int> free;
  for (int i = 0; i < model::n_states; ++i)
    if (!model::state_info()[static_cast<std::size_t>(i)].accumulator()) free.push_back(i);
  return free;
}

Eigen::VectorXd unknown_sizes(const std::vector<int>& free) {
  const auto m = static_cast<Eigen::Index>(free.size());
  Eigen::VectorXd size(m + n_set_points);
  for (Eigen::Index a = 0; a < m; ++a) size(a) = typical_size(free[static_cast<std::size_t>(a)]);
  size(m) = typical_size(model::Pth);
  size(m + 1) = 1.0;  // the carboxylated fraction
  size(m + 2) = typical_size(model::Calcitriol);  // its residual is in 25(OH)D's typical size
  return size;
}

// The chord iteration's Jacobian: the one-cycle map's residual linearised
// not by integrating cycles but from the diet-averaged system at its steady
// state, where the meals' cycle stays close to it. With w the unknowns
// relative to their typical sizes and A the averaged system's Jacobian in
// those units (the set points constant), a cycle of length T maps a small
// change dw to exp(A T) dw, and the set points' cycle averages move by
// (1/T) times the integral of exp(A t) dw over the cycle: both blocks of one
// matrix exponential, exp([[A T, I T], [0, 0]]) (Van Loan's construction).
// The residual's Jacobian is then exp(A T) - I on the state rows and the
// averaged PTH (carboxylated fraction) less its set point on the next two rows, and on the last
// the starting 25(OH)D (less its target) that the calcitriol set point holds.
// The solver states' columns are the model's automatic-differentiation
// Jacobian; the depots' and set points' columns (which it does not cover)
// are central difference quotients of the right-hand side, which costs
// microseconds; the depots' rows of the solver states' columns are zero (their
// closed form depends on the depots alone).
constexpr double linearisation_step = 1e-6;  // relative to the typical size: central differences err by its square
Eigen::MatrixXd averaged_cycle_jacobian(const model::Context& c, const model::Inputs& averaged, const SolverState& y,
                                        const std::vector<int>& free, double cycle_days) {
  const auto m = static_cast<Eigen::Index>(free.size());
  const Eigen::Index n = m + n_set_points;
  const Eigen::VectorXd size = unknown_sizes(free);
  std::vector<Eigen::Index> position(static_cast<std::size_t>(model::n_states), -1);
  for (Eigen::Index a = 0; a < m; ++a) position[static_cast<std::size_t>(free[static_cast<std::size_t>(a)])] = a;

  std::array<double, model::n_states> x{};
  model::full_state(c, averaged, y.data(), 0.0, x.data());
  Eigen::MatrixXd a_matrix = Eigen::MatrixXd::Zero(n, n);  // d(rate / size of row) / d(value / size of column)
  std::array<double, model::n_ode * model::n_ode> jac{};
  SolverState dfdt{};
  model::jacobian(c, averaged, y.data(), jac.data(), dfdt.data(), 0.0);
  for (int k = 0; k < model::n_ode; ++k) {
    const Eigen::Index row = position[static_cast<std::size_t>(model::ode_states()[static_cast<std::size_t>(k)])];
    if (row < 0) continue;
    for (int l = 0; l < model::n_ode; ++l) {
      const Eigen::Index col = position[static_cast<std::size_t>(model::ode_states()[static_cast<std::size_t>(l)])];
      if (col >= 0) a_matrix(row, col) = jac[static_cast<std::size_t>(k * model::n_ode + l)] * size(col) / size(row);
    }
  }
  // One column by central differences: `shift` moves the column's unknown by h.
  auto difference_column = [&](Eigen::Index col, auto&& shift) {
    const double h = linearisation_step * size(col);
    std::array<double, model::n_states> up{}, down{};
    model::Context cu = c, cd = c;
    std::array<double, model::n_states> xu = x, xd = x;
    shift(cu, xu, h);
    shift(cd, xd, -h);
    model::full_derivatives(cu, averaged, xu.data(), up.data(), 0.0);
    model::full_derivatives(cd, averaged, xd.data(), down.data(), 0.0);
    for (Eigen::Index row = 0; row < m; ++row) {
      const auto i = static_cast<std::size_t>(free[static_cast<std::size_t>(row)]);
      a_matrix(row, col) = (up[i] - down[i]) / (2.0 * h) * size(col) / size(row);
    }
  };
  for (int i : model::pk_states)
    if (position[static_cast<std::size_t>(i)] >= 0)
      difference_column(position[static_cast<std::size_t>(i)],
                        [i](model::Context&, std::array<double, model::n_states>& xs, double h) {
                          xs[static_cast<std::size_t>(i)] += h;
                        });
  difference_column(m, [](model::Context& cs, std::array<double, model::n_states>&, double h) { cs.pth_setpoint += h; });
  difference_column(m + 1, [](model::Context& cs, std::array<double, model::n_states>&, double h) {
    cs.carboxylated_oc_setpoint += h;
  });
  difference_column(m + 2, [](model::Context& cs, std::array<double, model::n_states>&, double h) {
    cs.calcitriol_setpoint += h;
  });

  Eigen::MatrixXd van_loan = Eigen::MatrixXd::Zero(2 * n, 2 * n);
  van_loan.topLeftCorner(n, n) = a_matrix * cycle_days;
  van_loan.topRightCorner(n, n) = Eigen::MatrixXd::Identity(n, n) * cycle_days;
  const Eigen::MatrixXd exponential = van_loan.exp();
  const Eigen::MatrixXd monodromy = exponential.topLeftCorner(n, n);
  const Eigen::MatrixXd mean = exponential.topRightCorner(n, n) / cycle_days;  // (1/T) integral of exp(A t)

  Eigen::MatrixXd b = monodromy - Eigen::MatrixXd::Identity(n, n);
  const Eigen::Index pth = position[model::Pth], ucoc = position[model::UcOc], d25 = position[model::D25];
  b.row(m) = mean.row(pth) * size(pth) / size(m);
  b(m, m) -= 1.0;
  b.row(m + 1) = -mean.row(ucoc) * size(ucoc) / size(m + 1);  // the carboxylated fraction is 1 - UcOc
  b(m + 1, m + 1) -= 1.0;
  b.row(m + 2).setZero();
  b(m + 2, d25) = 1.0;  // 25(OH)D at the cycle's start less its target, in 25(OH)D's typical size
  return b;
}

// The chord iteration: w <- w - B^-1 r(w), one cycle per step, with B from
// averaged_cycle_jacobian refined after each step by Broyden's rank-one
// update (Broyden 1965, his "good" method) from the step and the residual's
// change, so that what the averaged system mispredicts (the meals'
// nonlinearity, the dialysis week's sessions) is learnt as it goes. It starts
// from the averaged steady state itself: the fast states, which the cycle map
// contracts, are put onto the cycle by the first step as a burn-in would.
//
// Each step's cycle is integrated at periodic_jacobian_rtol, an eighth of
// the cost of one at periodic_residual_rtol, and its residual corrected by
// the defect d, the difference between the residual at a finer tolerance and
// at that one, measured at one point and held fixed (a defect correction:
// the integration error moves far less than the residual over the last
// steps). Once the residual is within chord_defect_residual (ten times the
// coarse integration's own error in it, 9e-5 on the default scenario, 4e-4
// with dialysis: further coarse steps would only chase that error), d is
// measured with a cycle at chord_defect_rtol; once the corrected residual is within
// chord_verify_residual, a cycle at periodic_residual_rtol, the tolerance the
// residual limits are defined at, checks it, converged (as Powell's method is)
// within periodic_residual_limit, and otherwise measures d afresh there.
// Measured on every bundled scenario: nine or ten cycles a day (one at each
// finer tolerance), 21 or 22 with dialysis, to a residual of 2e-8 to 1e-7
// and a starting state within 5e-8 (relative) of Powell's; on the default
// scenario the cycle solve costs a quarter of Powell's (about 31 coarse cycles
// for its Jacobian and three at periodic_residual_rtol).
constexpr double chord_defect_residual = 1e-3;
// RODAS at 1e-7 integrates a cycle at three fifths of the cost of 1e-8 and
// its residual within 3e-8 of it (9e-8 with dialysis): a tenth of the limit.
constexpr double chord_defect_rtol = 1e-7;
// A tenth of periodic_residual_limit: the corrected residual's own error
// (the defect's change since it was measured) then leaves the check room.
constexpr double chord_verify_residual = 1e-7;
// A residual that grows past this multiple of the smallest one so far (or an
// integration that fails) ends the iteration: Broyden's updates cannot
// repair a Jacobian that far off, and Powell's method takes over.
constexpr double chord_divergence_factor = 100.0;

struct ChordOutcome {
  bool converged = false;
  int cycles = 0;
  std::string reason = "not started";
};

ChordOutcome chord_iteration(const PeriodicCycle& system, const Eigen::MatrixXd& jacobian, const Eigen::VectorXd& size,
                             Eigen::VectorXd& z, Eigen::VectorXd& r, int max_cycles) {
  ChordOutcome out;
  Eigen::MatrixXd b = jacobian;
  Eigen::VectorXd w = z.cwiseQuotient(size), step;
  Eigen::VectorXd defect = Eigen::VectorXd::Zero(w.size());
  double best = std::numeric_limits<double>::infinity();
  double defect_rtol = 0.0;  // the tolerance defect was measured at (0: none yet)
  auto cycle = [&](double rtol, Eigen::VectorXd& result) {
    if (out.cycles >= max_cycles) {
      out.reason = "limit reached";
      return false;
    }
    ++out.cycles;
    try {
      result = system.residual(w.cwiseProduct(size), rtol);
    } catch (const NumericalError&) {
      out.reason = "a cycle could not be integrated";
      return false;
    }
    if (!result.allFinite()) {
      out.reason = "a cycle could not be integrated";
      return false;
    }
    return true;
  };
  Eigen::VectorXd coarse, fine;
  while (cycle(periodic_jacobian_rtol, coarse)) {
    Eigen::VectorXd next_r = coarse + defect;
    double worst = next_r.cwiseAbs().maxCoeff();
    if (!(worst <= chord_divergence_factor * best)) {
      out.reason = "diverging";
      break;
    }
    if (step.size() > 0) b += (next_r - r - b * step) * step.transpose() / step.squaredNorm();
    r = next_r;
    best = std::min(best, worst);
    // The finer cycles at this point, when the residual calls for them.
    const double finer = defect_rtol == 0.0 && worst <= chord_defect_residual ? chord_defect_rtol
                         : defect_rtol > 0.0 && worst <= chord_verify_residual ? periodic_residual_rtol
                                                                              : 0.0;
    if (finer > 0.0) {
      if (!cycle(finer, fine)) break;
      if (finer == periodic_residual_rtol && fine.cwiseAbs().maxCoeff() <= periodic_residual_limit) {
        r = fine;
        out.converged = true;
        out.reason = "converged";
        break;
      }
      defect = fine - coarse;
      defect_rtol = finer;
      r = fine;
    }
    step = -Eigen::PartialPivLU<Eigen::MatrixXd>(b).solve(r);
    if (!step.allFinite()) {
      out.reason = "singular Jacobian";
      break;
    }
    w += step;
  }
  z = w.cwiseProduct(size);
  return out;
}

// Makes x (at the averaged steady state) and c's set points periodic over
// the cycle: the chord iteration from there, or if it does not converge
// within its limit, `burn_in` onto the cycle of real meals and Powell's
// method from the state that leaves.
template <class BurnIn>
void make_periodic(const Scenario& s, model::Context& c, const Timeline& cycle, std::vector<double>& x,
                   const Eigen::MatrixXd& chord_jacobian, const SteadyStateLimits& limits,
                   const std::atomic<bool>* cancel, BurnIn&& burn_in) {
  const std::vector<int> free = periodic_states();
  PeriodicCycle system{c, cycle, x, free, cancel};
  const Eigen::Index m = system.m();
  Eigen::VectorXd z(m + n_set_points);
  auto load = [&] {
    for (Eigen::Index a = 0; a < m; ++a) z(a) = x[static_cast<std::size_t>(free[static_cast<std::size_t>(a)])];
    z(m) = c.pth_setpoint;
    z(m + 1) = c.carboxylated_oc_setpoint;
    z(m + 2) = c.calcitriol_setpoint;
  };
  load();

  Eigen::HybridNonLinearSolver<PeriodicCycle> solver(system);
  solver.parameters.xtol = hybrid_xtol;
  solver.parameters.maxfev = limits.periodic_max_evaluations;
  // Converged as soon as the residual is within its limit (Powell's own test
  // is on the step, which integration noise keeps from shrinking further).
  const std::string stage = s.patient.dialysis ? "the weekly dialysis cycle" : "the daily cycle of meals";
  Eigen::VectorXd r;
  auto worst = [&r](Eigen::Index& where) { return r.cwiseAbs().maxCoeff(&where); };
  Eigen::Index where = 0;
  auto status = Eigen::HybridNonLinearSolverSpace::Running;
  ChordOutcome chord;
  in_stage(s, stage,
           [&] { chord = chord_iteration(system, chord_jacobian, unknown_sizes(free), z, r, limits.chord_max_cycles); });
  if (!chord.converged) {
    // Powell's method from the burnt-in state, as if the chord iteration had not been tried.
    burn_in(x);
    load();
  }
  in_stage(s, stage, [&] {
    if (chord.converged) return;
    r = system.residual(z, periodic_residual_rtol);
    system.known_z = z;
    system.known_r = r;
    if (worst(where) > periodic_residual_limit) {
      status = solver.solveInit(z);
      while (status == Eigen::HybridNonLinearSolverSpace::Running) {
        status = solver.solveOneStep(z);
        r = solver.fvec;
        if (worst(where) <= periodic_residual_limit) break;
      }
      if (system.stopped) {
        z = system.stop_z;
        r = system.stop_r;
      } else {
        r = system.residual(z, periodic_residual_rtol);
      }
    }
  });
  if (!(worst(where) <= periodic_residual_limit)) {
    const std::string state = where < m ? std::string(model::state_info()[static_cast<std::size_t>(free[static_cast<std::size_t>(where)])].name)
                                        : std::array{"PTH set point", "carboxylated osteocalcin set point",
                                                     "calcitriol set point"}[static_cast<std::size_t>(where - m)];
    fail(s, stage, state, worst(where),
         periodic_residual_limit,
         "the chord iteration on the one-cycle map with the averaged system's monodromy and Broyden's updates, " +
             std::to_string(chord.cycles) + " cycles (" + chord.reason +
             "), then Powell's hybrid method on the one-cycle map, " + std::to_string(solver.nfev) + " cycles and " +
             std::to_string(solver.njev) + " difference-quotient Jacobians (" +
             (status == Eigen::HybridNonLinearSolverSpace::Running ? std::string("not started") : status_text(status)) + ")");
  }
  for (Eigen::Index a = 0; a < m; ++a) x[static_cast<std::size_t>(free[static_cast<std::size_t>(a)])] = z(a);
  c.pth_setpoint = z(m);
  c.carboxylated_oc_setpoint = z(m + 1);
  c.calcitriol_setpoint = z(m + 2);
}

}  // namespace

InitialCondition initial_condition(const Scenario& s, const Params& p, const std::atomic<bool>* cancel) {
  return initial_condition(s, p, SteadyStateLimits{}, cancel);
}

InitialCondition initial_condition(const Scenario& s, const Params& p, const SteadyStateLimits& limits,
                                   const std::atomic<bool>* cancel) {
  model::Context c = model::make_context(p, s);
  std::vector<double> x = first_guess(c, s);
  // 25(OH)D's clearance follows calcitriol relative to the patient's own, its
  // set point, so at the diet-averaged steady state that factor is exactly 1.
  // The averaged stages hold it there (exponent 0) while the set point is
  // still being found, so that a patient whose calcitriol is far from the
  // reference does not drain 25(OH)D on the way; the daily cycle restores it.
  const double d25_calcitriol_exp = c.p.d25_calcitriol_exp;
  c.p.d25_calcitriol_exp = 0.0;

  // 1. Relax and solve the diet-averaged system, re-centring the patient's
  //    remodelling set point on the hormones it settles at. The depots start
  //    at their own steady state under the averaged intake.
  model::Inputs averaged = averaged_diet_inputs(s, p);
  averaged.freeze_accumulators = true;
  SolverState y = solver_part(x);
  model::full_state(c, averaged, y.data(), 1e4, x.data());
  std::copy(x.begin(), x.end(), averaged.pk_start.begin());
  const std::vector<CalciumBolus> meals = diet_calcium_day(s, p);
  constexpr double relax_days = 365.0;  // a year: the slowest fast state (25(OH)D) settles in months
  const std::vector<double> settling_days = whole_days(relax_days);
  const int ecf_calcium = solver_index(model::EcfCa), balance_mean = solver_index(model::CaBalanceMean);
  auto settle = [&](bool relax_first) {
    // Meals saturate active absorption as a trickle would not (pulsed_absorption.hpp).
    averaged.active_absorption_scale =
        active_absorption_scale(c, meals, x[model::GutCapacity], x[model::EcfCa] / p.ecf_volume);
    // Plasma calcium at the last whole day settled: a patient with no balanced
    // state drains it until the solver fails (or, more rarely, settles near
    // zero); a patient on dialysis may dip on the way and recover.
    Settling at{0.0, x[model::EcfCa] / p.ecf_volume, x[model::CaBalanceMean]};
    if (relax_first) {
      check_cancel(cancel);
      auto sample = [&](std::size_t i, const double* state) {
        at = {settling_days[i], state[ecf_calcium] / p.ecf_volume, state[balance_mean]};
      };
      try {
        in_stage(s, "relaxing the diet-averaged system for a year", [&] {
          Integrator relax(c, 1e-6, 1e-9);
          relax.advance(averaged, y, relax_days, settling_days, sample);
        });
      } catch (const NumericalError&) {
        if (at.calcium < draining_calcium) no_balanced_start(s, p, at);
        throw;
      }
      if (at.calcium < lowest_settling_calcium) no_balanced_start(s, p, at);
    }
    try {
      solve_averaged(s, c, averaged, y);
    } catch (const NumericalError&) {
      // Given up on after draining, or with plasma calcium still held while the
      // patient loses more calcium than a starting state could (on a diet with
      // too little of it, the external balance is still well below zero).
      if (relax_first && (at.calcium < draining_calcium || at.balance < -losing_balance)) no_balanced_start(s, p, at);
      throw;
    }
    model::full_state(c, averaged, y.data(), 0.0, x.data());
    c.pth_setpoint = x[model::Pth];
    c.carboxylated_oc_setpoint = 1.0 - x[model::UcOc];
    c.calcitriol_setpoint = x[model::Calcitriol];
  };
  // The set point and the state it is centred on move each other; each round
  // relaxes (so the slow vitamin K and hormone states follow), solves
  // the averaged steady state, and re-centres the set point. Four rounds
  // leave the set point where a fifth would not move it in the digits a run
  // reports; the cycle solve below (or the absorption loop) finishes the job.
  constexpr int set_point_rounds = 4;
  for (int round = 0; round < set_point_rounds; ++round) settle(true);

  InitialCondition init;
  init.dosing = starting_dosing(s.dosing);
  if (s.dosing == Dosing::DailyAveraged) {
    // Daily-averaged runs see exactly this averaged intake: its steady state is
    // theirs, once the absorption correction agrees with the state it is for.
    // A fixed point: the correction is a contraction (it moves by a few
    // percent of the state's change), so each round gains about two digits.
    constexpr int absorption_rounds = 50;
    constexpr double absorption_tolerance = 1e-12;  // on the scale factor, which is about 1
    double change = 0.0;
    for (int round = 0; round < absorption_rounds; ++round) {
      const double scale = averaged.active_absorption_scale;
      settle(false);
      change = std::abs(averaged.active_absorption_scale - scale);
      if (change < absorption_tolerance) break;
    }
    if (!(change < absorption_tolerance))
      fail(s, "the gut saturation correction of daily-averaged dosing", "GutCapacity", change, absorption_tolerance,
           std::to_string(absorption_rounds) + " rounds of the fixed-point iteration");
    init.state = x;
    init.pth_setpoint = c.pth_setpoint;
    init.carboxylated_oc_setpoint = c.carboxylated_oc_setpoint;
    init.calcitriol_setpoint = c.calcitriol_setpoint;
    return init;
  }

  // 2. Settle onto the daily (or weekly, with dialysis) cycle of real meals:
  //    the chord iteration on the one-cycle map (or, failing it, two weeks'
  //    burn-in and Powell's method) makes every fast state periodic, and the
  //    set point becomes the cycle's average.
  Scenario usual = s;
  usual.interventions.clear();
  const double cycle_days = s.patient.dialysis ? 7.0 : 1.0;
  c.p.d25_calcitriol_exp = d25_calcitriol_exp;
  const Eigen::MatrixXd chord_jacobian = averaged_cycle_jacobian(c, averaged, y, periodic_states(), cycle_days);
  usual.duration_days = cycle_days;
  const Timeline cycle = build_timeline(usual, p);
  // The burn-in only brings the start of Powell's method close: rtol 1e-6,
  // the W-method's range (below it RODAS evaluates a Jacobian every step);
  // measured on every bundled scenario, the starting state is the same as
  // with 1e-7 to 4e-10 (relative), in 3 ms less (27 ms less with dialysis).
  constexpr double burn_in_rtol = 1e-6;
  auto burn_in = [&](std::vector<double>& state) {
    Scenario settling = usual;
    settling.duration_days = s.patient.dialysis ? dialysis_burn_in_days : burn_in_days;
    in_stage(s, "the burn-in onto the cycle of real meals", [&] {
      run_cycles(c, build_timeline(settling, p), -settling.duration_days, state, nullptr, cancel, burn_in_rtol);
    });
  };
  make_periodic(s, c, cycle, x, chord_jacobian, limits, cancel, burn_in);
  // Running totals start the run at zero (the settling above added meals to them).
  for (int i = 0; i < model::n_states; ++i)
    if (model::state_info()[static_cast<std::size_t>(i)].kind == model::StateKind::RunningTotal)
      x[static_cast<std::size_t>(i)] = 0.0;
  init.state = x;
  init.pth_setpoint = c.pth_setpoint;
  init.carboxylated_oc_setpoint = c.carboxylated_oc_setpoint;
  init.calcitriol_setpoint = c.calcitriol_setpoint;
  return init;
}

}  // namespace calcsim
