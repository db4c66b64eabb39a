#include "calcsim/result.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "simulate/read_outputs.hpp"

namespace calcsim {

Eigen::Index Result::column(std::string_view name) const {
  for (std::size_t j = 0; j < columns.size(); ++j)
    if (columns[j].name == name) return static_cast<Eigen::Index>(j);
  throw std::out_of_range("no output column named '" + std::string(name) + "'");
}

bool Result::has_column(std::string_view name) const {
  return std::any_of(columns.begin(), columns.end(), [&](const Column& c) { return c.name == name; });
}

Eigen::VectorXd Result::values(std::string_view name) const { return data.col(column(name)); }

double Result::end_time() const { return data.rows() > 0 ? data(data.rows() - 1, 0) : 0.0; }

double Result::duration() const { return meta.duration_days > 0.0 ? meta.duration_days : end_time(); }

double Result::at(std::string_view name, double t) const {
  const Eigen::Index j = column(name);
  const Eigen::Index n = data.rows();
  if (n == 0) throw std::out_of_range("empty result");
  if (t <= data(0, 0)) return data(0, j);
  if (t >= data(n - 1, 0)) return data(n - 1, j);
  Eigen::Index lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const Eigen::Index mid = (lo + hi) / 2;
    (data(mid, 0) <= t ? lo : hi) = mid;
  }
  return detail::interpolate_rows(data(lo, 0), data(lo, j), data(hi, 0), data(hi, j), t);
}

}  // namespace calcsim
