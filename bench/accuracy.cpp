#include "accuracy.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "model/model.hpp"
#include "model/output_point.hpp"

namespace calcsim::bench {
namespace {

Eigen::Index output_column(std::string_view name) {
  const auto& cols = output_columns();
  for (std::size_t j = 0; j < cols.size(); ++j)
    if (cols[j].name == name) return static_cast<Eigen::Index>(j);
  throw std::invalid_argument(std::string("no output column named ").append(name));
}

}  // namespace

SlowSeries slow_series(const Result& r) {
  SlowSeries out;
  out.times.assign(r.data.col(0).begin(), r.data.col(0).end());
  out.values.resize(r.data.rows(), static_cast<Eigen::Index>(slow_outputs.size()));
  for (std::size_t k = 0; k < slow_outputs.size(); ++k)
    out.values.col(static_cast<Eigen::Index>(k)) = r.data.col(r.column(slow_outputs[k]));
  return out;
}

SlowSeries slow_series(const Scenario& s, const Params& p, const InitialCondition& init,
                       const std::vector<double>& times, const Matrix& states) {
  if (states.rows() != static_cast<Eigen::Index>(times.size()) || states.cols() != model::n_states)
    throw std::invalid_argument("slow_series: the states do not match the times");
  const model::Context c = model::run_context(p, s, init);
  std::array<Eigen::Index, slow_outputs.size()> columns{};
  for (std::size_t k = 0; k < slow_outputs.size(); ++k) columns[k] = output_column(slow_outputs[k]);

  SlowSeries out;
  out.times = times;
  out.values.resize(states.rows(), static_cast<Eigen::Index>(slow_outputs.size()));
  std::vector<double> row(output_columns().size());
  for (Eigen::Index i = 0; i < states.rows(); ++i) {
    const Eigen::Index prev = std::max<Eigen::Index>(i - 1, 0);
    compute_outputs(c, times[static_cast<std::size_t>(i)], states.row(i).data(), times[static_cast<std::size_t>(prev)],
                    states.row(prev).data(), times[0], states.row(0).data(), row.data());
    for (std::size_t k = 0; k < slow_outputs.size(); ++k)
      out.values(i, static_cast<Eigen::Index>(k)) = row[static_cast<std::size_t>(columns[k])];
  }
  return out;
}

std::array<double, slow_outputs.size()> slow_errors(const SlowSeries& run, const SlowSeries& reference) {
  const auto n_out = static_cast<Eigen::Index>(slow_outputs.size());
  std::vector<double> worst(slow_outputs.size(), 0.0);
  std::vector<double> size(slow_outputs.size(), 0.0);
  std::size_t shared = 0;
  for (std::size_t i = 0, j = 0; i < run.times.size() && j < reference.times.size();) {
    const double a = run.times[i];
    const double b = reference.times[j];
    if (std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b))) {
      for (Eigen::Index k = 0; k < n_out; ++k) {
        const double ref = reference.values(static_cast<Eigen::Index>(j), k);
        const double diff = std::abs(run.values(static_cast<Eigen::Index>(i), k) - ref);
        auto& w = worst[static_cast<std::size_t>(k)];
        w = std::isnan(diff) ? diff : std::max(w, diff);  // NaN sticks
        size[static_cast<std::size_t>(k)] = std::max(size[static_cast<std::size_t>(k)], std::abs(ref));
      }
      ++shared;
      ++i;
      ++j;
    } else if (a < b) {
      ++i;
    } else {
      ++j;
    }
  }
  if (shared == 0) throw std::invalid_argument("slow_error: the run and the reference share no output time");
  std::array<double, slow_outputs.size()> errors{};
  for (std::size_t k = 0; k < errors.size(); ++k) errors[k] = worst[k] / size[k];
  return errors;
}

double slow_error(const SlowSeries& run, const SlowSeries& reference) {
  double error = 0.0;
  for (const double e : slow_errors(run, reference)) {
    if (std::isnan(e)) return e;
    error = std::max(error, e);
  }
  return error;
}

void write_csv(const SlowSeries& series, const std::string& path) {
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write " + path);
  out.precision(17);
  out << "time";
  for (const auto name : slow_outputs) out << ',' << name;
  out << '\n';
  for (std::size_t i = 0; i < series.times.size(); ++i) {
    out << series.times[i];
    for (Eigen::Index k = 0; k < series.values.cols(); ++k) out << ',' << series.values(static_cast<Eigen::Index>(i), k);
    out << '\n';
  }
  if (!out) throw std::runtime_error("error writing " + path);
}

SlowSeries read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::string line;
  std::getline(in, line);  // the header write_csv writes
  std::vector<double> times, values;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string field;
    std::vector<double> row;
    while (std::getline(fields, field, ',')) row.push_back(std::stod(field));
    if (row.size() != slow_outputs.size() + 1)
      throw std::runtime_error(path + ": expected time and " + std::to_string(slow_outputs.size()) + " outputs per row");
    times.push_back(row[0]);
    values.insert(values.end(), row.begin() + 1, row.end());
  }
  SlowSeries series;
  series.times = times;
  series.values.resize(static_cast<Eigen::Index>(times.size()), static_cast<Eigen::Index>(slow_outputs.size()));
  for (std::size_t i = 0; i < times.size(); ++i)
    for (std::size_t k = 0; k < slow_outputs.size(); ++k)
      series.values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = values[i * slow_outputs.size() + k];
  return series;
}

}  // namespace calcsim::bench
