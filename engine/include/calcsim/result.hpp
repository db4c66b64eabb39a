#pragma once
// A simulation result: a time-major matrix (one row per output time) with
// named, unit-carrying columns, plus metadata saying what produced it.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

namespace calcsim {

struct Column {
  std::string name;
  std::string unit;
  std::string description;
};

struct SolverStats {
  long steps = 0;
  long rhs_evaluations = 0;
  long jacobian_evaluations = 0;
  long rejected_steps = 0;    // among steps
  long factorisations = 0;    // of the stepper's matrix (a W-method keeps it while h and J stay)
  long segments = 0;          // intervals between events
  long doses = 0;             // meals and intervention doses
  // Stroboscopic dosing: days not integrated but extrapolated over (their
  // output rows interpolated), and the extrapolations that covered them.
  long projected_days = 0;
  long projections = 0;
  double wall_seconds = 0.0;
  std::string method;
  double rtol = 0.0;
  double atol = 0.0;
};

struct Metadata {
  std::string scenario;
  std::string scenario_file;
  std::string description;
  std::string arm;                          // "as written", "without K2", ...
  std::string dosing = "exact";             // "exact" or "daily-averaged" (Scenario::dosing)
  double duration_days = 0.0;               // the run's length; its last output is at its last midnight
  std::string calcsim_version;
  std::string disclaimer;
  std::map<std::string, double> parameters;           // every parameter's value in this run
  std::map<std::string, double> parameter_overrides;  // name -> value, only those changed
  SolverStats solver;
};

using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Result {
  Matrix data;  // rows: output times; columns: `columns`
  std::vector<Column> columns;
  Metadata meta;

  // Index of a column by name; throws std::out_of_range naming it.
  Eigen::Index column(std::string_view name) const;
  bool has_column(std::string_view name) const;
  // A column's values over time.
  Eigen::VectorXd values(std::string_view name) const;
  // Linearly interpolated value of a column at time t (days).
  double at(std::string_view name, double t_days) const;
  // The last output time (days).
  double end_time() const;
  // The run's length (days): what was asked for, such as 3652.5 for 10 years,
  // while the output ends at its last midnight (end_time(), 3652). Summary
  // labels use it ("after 10y"); results built by hand fall back to end_time().
  double duration() const;
};

}  // namespace calcsim
