#include "calcsim/simulator.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

#include "calcsim/errors.hpp"
#include "calcsim/version.hpp"
#include "model/output_point.hpp"
#include "schedule/schedule.hpp"
#include "schedule/timeline_walk.hpp"
#include "simulate/stroboscopic.hpp"
#include "solver/integrator.hpp"

namespace calcsim {
namespace {

std::map<std::string, double> overrides(const Params& p) {
  std::map<std::string, double> out;
  const Params defaults;
  for (const auto& info : parameter_registry()) {
    const double v = *p.get(info.name);
    if (v != *defaults.get(info.name)) out.emplace(std::string(info.name), v);
  }
  return out;
}

// The first output row has no preceding interval: it reports the first
// interval's balance averages, so every row of a balance column is defined.
void fill_first_row_balance(Matrix& data) {
  if (data.rows() < 2) return;
  const auto outputs = output_definitions();
  for (std::size_t j = 0; j < outputs.size(); ++j)
    if (outputs[j].interval_average) data(0, static_cast<Eigen::Index>(j)) = data(1, static_cast<Eigen::Index>(j));
}

void check_cancel(const SimulationOptions& options, double t_days) {
  if (options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed)) throw Cancelled(t_days);
}

}  // namespace

void require_finite(const Result& r) {
  for (Eigen::Index i = 0; i < r.data.rows(); ++i)
    for (Eigen::Index j = 0; j < r.data.cols(); ++j) {
      const double v = r.data(i, j);
      if (std::isfinite(v)) continue;
      const std::string& column = r.columns.at(static_cast<std::size_t>(j)).name;
      const double t = r.data.cols() > 0 && std::isfinite(r.data(i, 0)) ? r.data(i, 0) : 0.0;
      throw NumericalError(t, column,
                           "output '" + column + "' became " + (std::isnan(v) ? "NaN" : "infinite") +
                               " (parameters may be outside the range where the model is valid)");
    }
}

Result simulate(const Scenario& s, const Params& p, const SimulationOptions& options) {
  check_cancel(options, 0.0);
  return simulate_from(s, p, initial_condition(s, p, options.cancel), options);
}

Result simulate_from(const Scenario& s, const Params& p, const InitialCondition& init,
                     const SimulationOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  if (init.dosing != starting_dosing(s.dosing))
    throw InputError(SourceLocation{s.file.empty() ? s.name : s.file, 0, "dosing"},
                     std::string("the starting state is the steady state of ") + to_string(init.dosing) +
                         " dosing, but the scenario uses " + to_string(s.dosing) +
                         " dosing; compute the starting state with the same dosing");
  model::Context c = model::make_context(p, s);
  c.pth_setpoint = init.pth_setpoint;
  c.carboxylated_oc_setpoint = init.carboxylated_oc_setpoint;

  const Timeline tl = build_timeline(s, p, options.cancel);
  const std::vector<double> times = output_times(tl.t_end, s.output_every_days);
  const auto n_out = static_cast<Eigen::Index>(times.size());

  Matrix states(n_out, model::n_states);
  FullState x{};
  {
    const std::vector<double>& x0 = options.initial_state ? *options.initial_state : init.state;
    std::copy(x0.begin(), x0.end(), x.begin());
  }

  Integrator integrator(c, options.rtol, options.atol);
  StroboscopicStats strobe;
  if (s.dosing == Dosing::Stroboscopic) {
    StroboscopicOptions strobe_options;
    strobe_options.cancel = options.cancel;
    strobe = walk_stroboscopic(c, tl, times, x, integrator, states, strobe_options);
  } else {
    WalkOptions walk_options;
    walk_options.cancel = options.cancel;
    TimelineWalk walk(c, tl, times, walk_options);
    walk.run(x, [&](const SegmentRun& run, SolverState& y) {
      integrator.advance(run, y, [&](std::size_t k, const double* ys) {
        model::full_state(c, *run.inputs, ys, run.sample_taus[k],
                          states.row(static_cast<Eigen::Index>(run.first_sample + k)).data());
      });
    });
  }

  Result r;
  const auto& cols = output_columns();
  r.columns = cols;
  const auto n_cols = static_cast<Eigen::Index>(cols.size());
  const Eigen::Index extra = options.include_states ? model::n_states : 0;
  r.data.resize(n_out, n_cols + extra);
  for (Eigen::Index k = 0; k < n_out; ++k) {
    const Eigen::Index prev = k > 0 ? k - 1 : 0;
    compute_outputs(c, times[static_cast<std::size_t>(k)], states.row(k).data(), times[static_cast<std::size_t>(prev)],
                    states.row(prev).data(), times[0], states.row(0).data(), r.data.row(k).data());
  }
  fill_first_row_balance(r.data);
  if (options.include_states) {
    r.data.rightCols(model::n_states) = states;
    for (const auto& info : model::state_info())
      r.columns.push_back({"state." + std::string(info.name), std::string(info.unit), std::string(info.description)});
  }
  require_finite(r);

  r.meta.scenario = s.name;
  r.meta.scenario_file = s.file;
  r.meta.description = s.description;
  r.meta.arm = options.arm;
  r.meta.dosing = to_string(s.dosing);
  r.meta.duration_days = tl.t_end;
  r.meta.calcsim_version = version;
  r.meta.disclaimer = disclaimer;
  r.meta.parameter_overrides = overrides(p);
  for (const auto& info : parameter_registry()) r.meta.parameters.emplace(std::string(info.name), *p.get(info.name));
  r.meta.solver = integrator.stats();
  r.meta.solver.doses = static_cast<long>(tl.dose_count);
  r.meta.solver.projected_days = strobe.projected_days;
  r.meta.solver.projections = strobe.projections;
  r.meta.solver.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return r;
}

}  // namespace calcsim
