#include "cvode_reference.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include "schedule/schedule.hpp"
#include "schedule/timeline_walk.hpp"

namespace calcsim::reference {
namespace {

static_assert(std::is_same_v<realtype, double>, "the reference solver expects SUNDIALS built with double precision");

struct RhsData {
  const model::Context* context = nullptr;
  const model::Inputs* inputs = nullptr;
};

// CVODE's right-hand side: the model's, in the segment's local time.
int rhs(realtype tau, N_Vector y, N_Vector ydot, void* user_data) {
  const auto* d = static_cast<const RhsData*>(user_data);
  model::derivatives(*d->context, *d->inputs, N_VGetArrayPointer(y), N_VGetArrayPointer(ydot), tau);
  const double* f = N_VGetArrayPointer(ydot);
  for (int k = 0; k < model::n_ode; ++k)
    if (!std::isfinite(f[k])) return 1;  // recoverable: CVODE retries with a smaller step
  return 0;
}

// The model's own Jacobian (automatic differentiation), into CVODE's
// column-major dense matrix.
int model_jacobian(realtype tau, N_Vector y, N_Vector, SUNMatrix jac, void* user_data, N_Vector, N_Vector,
                   N_Vector) {
  const auto* d = static_cast<const RhsData*>(user_data);
  std::array<double, model::n_ode * model::n_ode> row_major{};
  std::array<double, model::n_ode> dfdt{};
  model::jacobian(*d->context, *d->inputs, N_VGetArrayPointer(y), row_major.data(), dfdt.data(), tau);
  for (sunindextype i = 0; i < model::n_ode; ++i)
    for (sunindextype j = 0; j < model::n_ode; ++j) {
      const double v = row_major[static_cast<std::size_t>(i * model::n_ode + j)];
      if (!std::isfinite(v)) return 1;  // recoverable, as for the right-hand side
      SM_ELEMENT_D(jac, i, j) = v;
    }
  return 0;
}

// CVODE's messages become the text of the exception thrown on failure.
void capture_error(int, const char* module, const char* function, char* msg, void* user_data) {
  auto* text = static_cast<std::string*>(user_data);
  text->assign(module).append(" ").append(function).append(": ").append(msg);
}

// Owners of the SUNDIALS objects, freed in reverse order of creation.
struct Sundials {
  SUNContext context = nullptr;
  N_Vector y = nullptr;
  N_Vector abstol = nullptr;
  SUNMatrix matrix = nullptr;
  SUNLinearSolver solver = nullptr;
  void* cvode = nullptr;
  std::string last_error;
  Sundials() = default;
  Sundials(const Sundials&) = delete;
  Sundials& operator=(const Sundials&) = delete;
  ~Sundials() {
    if (cvode != nullptr) CVodeFree(&cvode);
    if (solver != nullptr) SUNLinSolFree(solver);
    if (matrix != nullptr) SUNMatDestroy(matrix);
    if (abstol != nullptr) N_VDestroy(abstol);
    if (y != nullptr) N_VDestroy(y);
    if (context != nullptr) SUNContext_Free(&context);
  }
  void check(int flag, const char* call, double t_abs = -1.0) const {
    if (flag >= 0) return;
    std::string what = "CVODE reference: ";
    what.append(call).append(" failed (").append(CVodeGetReturnFlagName(flag)).append(")");
    if (t_abs >= 0.0) what.append(" at day ").append(std::to_string(t_abs));
    if (!last_error.empty()) what.append(": ").append(last_error);
    throw std::runtime_error(what);
  }
  void check_created(const void* object, const char* what) const {
    if (object == nullptr) throw std::runtime_error(std::string("CVODE reference: could not create ").append(what));
  }
};

}  // namespace

const char* sundials_version() { return SUNDIALS_VERSION; }

CvodeRun solve_with_cvode(const Scenario& s, const Params& p, const InitialCondition& init,
                          const CvodeOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  // The same context as simulate_from: the patient's own set points.
  model::Context c = model::run_context(p, s, init);

  const Timeline tl = build_timeline(s, p);
  CvodeRun run;
  run.times = output_times(tl.t_end, s.output_every_days);
  run.states.resize(static_cast<Eigen::Index>(run.times.size()), model::n_states);

  FullState x{};
  if (init.state.size() != x.size()) throw std::invalid_argument("CVODE reference: the initial state has the wrong size");
  std::copy(init.state.begin(), init.state.end(), x.begin());
  const auto& ode = model::ode_states();

  Sundials sd;
  sd.check(SUNContext_Create(nullptr, &sd.context), "SUNContext_Create");
  sd.y = N_VNew_Serial(model::n_ode, sd.context);
  sd.check_created(sd.y, "the state vector");
  sd.abstol = N_VNew_Serial(model::n_ode, sd.context);
  sd.check_created(sd.abstol, "the tolerance vector");
  double* y = N_VGetArrayPointer(sd.y);
  double* abstol = N_VGetArrayPointer(sd.abstol);
  for (int k = 0; k < model::n_ode; ++k) {
    abstol[k] = options.abstol[static_cast<std::size_t>(ode[static_cast<std::size_t>(k)])];
    if (!(abstol[k] > 0.0)) throw std::invalid_argument("CVODE reference: every solver state needs a positive abstol");
    y[k] = x[static_cast<std::size_t>(ode[static_cast<std::size_t>(k)])];
  }

  model::Inputs in;
  RhsData data{&c, &in};
  sd.cvode = CVodeCreate(CV_BDF, sd.context);
  sd.check_created(sd.cvode, "the CVODE solver");
  sd.check(CVodeSetErrHandlerFn(sd.cvode, capture_error, &sd.last_error), "CVodeSetErrHandlerFn");
  sd.check(CVodeInit(sd.cvode, rhs, 0.0, sd.y), "CVodeInit");
  sd.check(CVodeSVtolerances(sd.cvode, options.reltol, sd.abstol), "CVodeSVtolerances");
  sd.check(CVodeSetUserData(sd.cvode, &data), "CVodeSetUserData");
  sd.check(CVodeSetMaxNumSteps(sd.cvode, options.max_steps_per_segment), "CVodeSetMaxNumSteps");
  sd.matrix = SUNDenseMatrix(model::n_ode, model::n_ode, sd.context);
  sd.check_created(sd.matrix, "the dense matrix");
  sd.solver = SUNLinSol_Dense(sd.y, sd.matrix, sd.context);
  sd.check_created(sd.solver, "the dense linear solver");
  sd.check(CVodeSetLinearSolver(sd.cvode, sd.solver, sd.matrix), "CVodeSetLinearSolver");
  // Without CVodeSetJacFn CVODE forms a difference-quotient Jacobian (see the header).
  if (options.model_jacobian) sd.check(CVodeSetJacFn(sd.cvode, model_jacobian), "CVodeSetJacFn");

  // Statistics are per CVodeReInit; accumulate them over segments.
  auto add_stats = [&] {
    long v = 0;
    CVodeGetNumSteps(sd.cvode, &v);
    run.stats.steps += v;
    CVodeGetNumRhsEvals(sd.cvode, &v);
    run.stats.rhs_evaluations += v;
    CVodeGetNumLinRhsEvals(sd.cvode, &v);
    run.stats.rhs_evaluations += v;
    CVodeGetNumJacEvals(sd.cvode, &v);
    run.stats.jacobian_evaluations += v;
    CVodeGetNumErrTestFails(sd.cvode, &v);
    run.stats.error_test_failures += v;
  };

  TimelineWalk walk(c, tl, run.times);
  walk.run(x, [&](const SegmentRun& segment, SolverState& ys) {
    in = *segment.inputs;
    const double length = segment.length;
    std::copy(ys.begin(), ys.end(), y);

    // Advances CVODE to local time `target`, stopping exactly there. Targets
    // within 1e-12 days (under a microsecond) of where CVODE stands are taken
    // as reached: CVODE refuses to step over such a sliver, and the state
    // moves by at most |f| * 1e-12 in it.
    const double sliver = 1e-12 * std::max(1.0, length);
    double tau = 0.0;
    const double t_start = in.t_start;
    auto advance_to = [&](double target) {
      if (target - tau <= sliver) return;
      sd.check(CVodeSetStopTime(sd.cvode, target), "CVodeSetStopTime", t_start + tau);
      double reached = tau;
      const int flag = CVode(sd.cvode, target, sd.y, &reached, CV_NORMAL);
      sd.check(flag, "CVode", t_start + reached);
      tau = reached;
    };

    const bool integrate = length > 0.0;
    if (integrate) {
      sd.check(CVodeReInit(sd.cvode, 0.0, sd.y), "CVodeReInit", t_start);
      ++run.stats.segments;
    }
    for (std::size_t k = 0; k < segment.sample_taus.size(); ++k) {
      if (integrate) advance_to(std::min(segment.sample_taus[k], length));
      model::full_state(c, in, y, tau, run.states.row(static_cast<Eigen::Index>(segment.first_sample + k)).data());
    }
    if (integrate) {
      advance_to(length);
      add_stats();
    }
    for (int k = 0; k < model::n_ode; ++k)
      if (!std::isfinite(y[k]))
        throw std::runtime_error(std::string("CVODE reference: non-finite state at day ").append(std::to_string(t_start + tau)));
    std::copy(y, y + model::n_ode, ys.begin());
  });
  run.stats.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return run;
}

}  // namespace calcsim::reference
