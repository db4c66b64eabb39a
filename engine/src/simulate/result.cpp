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
  const auto rows = detail::rows_around(data.col(0), t);
  const auto lo = static_cast<Eigen::Index>(rows.lo), hi = static_cast<Eigen::Index>(rows.hi);
  if (lo == hi) return data(lo, j);
  return detail::interpolate_rows(data(lo, 0), data(lo, j), data(hi, 0), data(hi, j), t);
}

}  // namespace calcsim
