#pragma once
// Stroboscopic dosing (Dosing::Stroboscopic): exact dosing, every meal and
// dose a bolus at its time, that does not integrate every day of a long
// stretch of identical days.
//
// The state sampled at midnight once per period of the schedule (a day, or a
// week when doses or dialysis follow the weekdays) drifts slowly: the fast
// states (gut, PTH, plasma calcium and phosphate) follow each day's meals and
// forget the day before within hours. The walk integrates whole periods
// exactly, takes the drift per day of the sampled state from the last three
// samples (a second-order backward difference), and extrapolates it over
// many periods at once (projective integration, Gear & Kevrekidis 2003;
// stroboscopic averaging, Calvo, Chartier, Murua & Sanz-Serna 2011; envelope
// following, Petzold 1981). The states that relax over days (gut capacity,
// dp-ucMGP, tissue vitamin K: 0.1 to 0.2 per day) make an explicit
// extrapolation unstable beyond about ten days, so each extrapolation is a
// step of ROS2 (a second-order, L-stable Rosenbrock W-method) on the drift,
// with the model's Jacobian at the step's start: its first stage lands the
// state, the landed state and two integrated periods from it give the
// drift there (its fast states are off their daily cycle for the first
// hours, which the backward difference weights least), and the second stage
// corrects the state by the difference. The step length follows an error estimate (the third
// derivative of the sampled state, from the drifts of the last three steps).
// Every day starts the integrator afresh (Integrator::restart), so that the
// integrated day is a smooth function of its starting state and the drifts
// carry no memory of earlier step sizes. The pharmacokinetic depots (closed
// form) are walked exactly through the skipped days, dose by dose.
//
// A day that differs from the day one period before it (an intervention
// starting or stopping, a one-off dose, a diet change, the end of the run) is
// always integrated exactly, and the drift is measured afresh after it. A day
// with an output time other than midnight is integrated exactly too, and a
// run without a long enough stretch of repeating days is exact dosing's walk.
// Output rows at the midnights of skipped days come from the step (linear in
// time plus the second stage's correction growing as its square, plus the
// last period's shape for a weekly period): they are interpolated, not
// integrated, and Result's solver statistics count them as `projected_days`.
//
// Linear invariants of the state (the mass balances: every flux leaving one
// state enters another or a running total) hold to round-off: the drifts
// keep them (they are differences of integrated states), and so does the
// step, since the Jacobian keeps them too.
#include <atomic>
#include <vector>

#include "calcsim/result.hpp"
#include "schedule/schedule.hpp"
#include "schedule/timeline_walk.hpp"
#include "solver/integrator.hpp"

namespace calcsim {

struct StroboscopicOptions {
  // Local error of each extrapolation on every state but the fast ones:
  // |error| <= atol + rtol |x|. Measured on postmenopausal-mk7 over ten
  // years: 96 extrapolations over 3,365 of 3,652 days, within 5.8e-4 of
  // exact dosing on BMD change, arterial score and dp-ucMGP; rtol 3e-5: 70,
  // 9.5e-4 and a quarter less CPU, but 2.0e-3 on warfarin-user's arterial
  // score.
  double rtol = 1e-5;
  double atol = 1e-7;
  // Periods integrated after an extrapolation before its first sample. None:
  // ROS2's second stage asks for the drift at the landed state itself.
  // Measured on postmenopausal-mk7: with one, 91 extrapolations, 7.3e-4 from
  // exact and 114 ms of CPU; with none, 96, 5.8e-4 and 101 ms.
  int settle_periods = 0;
  const std::atomic<bool>* cancel = nullptr;
};

struct StroboscopicStats {
  long period_days = 0;     // the schedule's period (0: none found, every day integrated)
  long exact_days = 0;      // days integrated
  long projected_days = 0;  // days extrapolated over
  long projections = 0;     // extrapolations
};

// Walks an exact-dosing timeline from the full state x at its start. Row k of
// `states` receives the full state at times[k] (ascending, from
// output_times).
StroboscopicStats walk_stroboscopic(const model::Context& c, const Timeline& tl, const std::vector<double>& times,
                                    FullState x, Integrator& integrator, Matrix& states,
                                    const StroboscopicOptions& options = {});

}  // namespace calcsim
