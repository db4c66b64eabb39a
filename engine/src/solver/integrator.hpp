#pragma once
// The production solver: the Rosenbrock dense-output stepper
// (rosenbrock_stepper.hpp) driven by Boost.Odeint's integrate_times over one
// segment at a time, carrying its step size and its Jacobian across the
// events between segments.
#include <functional>
#include <memory>
#include <span>

#include "calcsim/result.hpp"
#include "model/model.hpp"
#include "schedule/timeline_walk.hpp"

namespace calcsim {

class Integrator {
 public:
  using Sink = std::function<void(std::size_t, const double*)>;

  // rtol, atol: per step, on every solver state. Below `rodas_below_rtol`
  // the order-4 RODAS (a fresh Jacobian every step) takes fewer steps than
  // the order-3 W-method ROS34PW2 (which reuses its Jacobian).
  static constexpr double rodas_below_rtol = 1e-6;
  Integrator(const model::Context& context, double rtol, double atol);
  ~Integrator();
  Integrator(const Integrator&) = delete;
  Integrator& operator=(const Integrator&) = delete;

  // Integrates the solver states y over local time [0, length] with constant
  // inputs. For every tau in sample_taus (ascending, within [0, length])
  // calls sink(index, y at tau). Throws NumericalError when the solver fails.
  void advance(const model::Inputs& inputs, SolverState& y, double length, std::span<const double> sample_taus,
               const Sink& sink);
  // One segment of a TimelineWalk.
  void advance(const SegmentRun& run, SolverState& y, const Sink& sink) {
    advance(*run.inputs, y, run.length, run.sample_taus, sink);
  }

  // Forgets what the integration so far carried: the next segment starts
  // with the first segment's step size and a fresh Jacobian, so that its
  // solution depends on its starting state alone (stroboscopic dosing
  // restarts every day, making the integrated day a smooth map of the state
  // at its start rather than of the step sizes the days before left).
  void restart();

  const SolverStats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace calcsim
