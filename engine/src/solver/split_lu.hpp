#pragma once
// LU factorisation of a Rosenbrock matrix W = I / (gamma h) - J that
// exploits the model's structure: the running totals (cumulative intake,
// absorbed, faecal ...) feed back on nothing, so their columns of J are zero
// and those of W hold only the diagonal. W x = b then splits: the other
// states solve their own block (15 x 15 for calcsim's 21 solver states,
// which Eigen factorises unblocked), and each such state follows by one dot
// product. Same answer to round-off, about a third of the work. The split is
// found from W itself, so any matrix works (with no such column it is a
// plain partial-pivoting LU).
#include <array>

#include <Eigen/Core>
#include <Eigen/LU>

namespace calcsim::solver {

template <int N>
class SplitLu {
 public:
  using matrix_type = Eigen::Matrix<double, N, N, Eigen::RowMajor>;
  using vector_type = Eigen::Matrix<double, N, 1>;

  // Factorises w (kept for the substitution). Returns the ratio of the
  // smallest to the largest pivot: zero or NaN when w is singular.
  double compute(const matrix_type& w) {
    w_ = w;
    k_ = z_ = 0;
    for (int j = 0; j < N; ++j) {
      bool diagonal_only = w(j, j) != 0.0;
      for (int i = 0; i < N && diagonal_only; ++i) diagonal_only = i == j || w(i, j) == 0.0;
      if (diagonal_only)
        diagonal_[static_cast<std::size_t>(z_++)] = j;
      else
        coupled_[static_cast<std::size_t>(k_++)] = j;
    }
    Block a(k_, k_);
    for (int r = 0; r < k_; ++r)
      for (int c = 0; c < k_; ++c) a(r, c) = w(coupled_[static_cast<std::size_t>(r)], coupled_[static_cast<std::size_t>(c)]);
    lu_.compute(a);
    double smallest = std::numeric_limits<double>::infinity(), largest = 0.0;
    auto pivot = [&](double p) {
      p = std::abs(p);
      if (!(p >= smallest)) smallest = p;  // (NaN propagates)
      if (p > largest) largest = p;
    };
    for (int r = 0; r < k_; ++r) pivot(lu_.matrixLU()(r, r));
    for (int d = 0; d < z_; ++d) pivot(w(diagonal_[static_cast<std::size_t>(d)], diagonal_[static_cast<std::size_t>(d)]));
    return smallest / largest;
  }

  vector_type solve(const vector_type& b) const {
    Small rhs(k_);
    for (int r = 0; r < k_; ++r) rhs(r) = b(coupled_[static_cast<std::size_t>(r)]);
    const Small y = lu_.solve(rhs);
    vector_type x;
    for (int r = 0; r < k_; ++r) x(coupled_[static_cast<std::size_t>(r)]) = y(r);
    for (int d = 0; d < z_; ++d) {
      const int j = diagonal_[static_cast<std::size_t>(d)];
      double s = b(j);
      for (int r = 0; r < k_; ++r) s -= w_(j, coupled_[static_cast<std::size_t>(r)]) * y(r);
      x(j) = s / w_(j, j);
    }
    return x;
  }

 private:
  using Block = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor, N, N>;
  using Small = Eigen::Matrix<double, Eigen::Dynamic, 1, 0, N, 1>;
  matrix_type w_ = matrix_type::Identity();
  int k_ = 0, z_ = 0;  // sizes of the coupled block and of the diagonal-only columns
  std::array<int, N> coupled_{}, diagonal_{};
  Eigen::PartialPivLU<Block> lu_{Block::Identity(1, 1)};
};

}  // namespace calcsim::solver
