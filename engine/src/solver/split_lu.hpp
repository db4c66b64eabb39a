#pragma once
// LU factorisation of a Rosenbrock matrix W = I / (gamma h) - J that
// exploits the model's structure: the running totals (cumulative intake,
// absorbed, faecal ...) and the outputs that feed back on nothing (dp-ucMGP,
// elastin calcification) have columns of J that are zero off the diagonal,
// so those of W hold only the diagonal. W x = b then splits: the other
// states solve their own block (21 x 21 for calcsim's 34 solver states),
// and each such state follows from its row's few entries in the block. Same
// answer to round-off, about a third of the work. The split is found from W
// itself, so any matrix works (with no such column it is a plain
// partial-pivoting LU).
//
// The block is factorised and solved by plain loops on fixed-capacity
// arrays rather than by Eigen's dynamic-size LU, whose triangular-solve and
// matrix-vector kernels are written for large matrices: on the 21 x 21 block
// their set-up cost exceeded the arithmetic (measured on ten years of meals:
// the substitutions were 29% of the run, the factorisations 7%). The
// elimination is the same (partial pivoting by the largest entry of each
// column, Doolittle, as Eigen's PartialPivLU), and skips the block's zeros
// when it eliminates (most of J's entries are zero) and the rows of the
// states outside the block keep only their non-zero entries.
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>

#include <Eigen/Core>

namespace calcsim::solver {

template <int N>
class SplitLu {
 public:
  using matrix_type = Eigen::Matrix<double, N, N, Eigen::RowMajor>;
  using vector_type = Eigen::Matrix<double, N, 1>;

  // Factorises w. Returns the ratio of the smallest to the largest pivot:
  // zero or NaN when w is singular.
  double compute(const matrix_type& w) {
    k_ = z_ = 0;
    for (int j = 0; j < N; ++j) {
      bool diagonal_only = w(j, j) != 0.0;
      for (int i = 0; i < N && diagonal_only; ++i) diagonal_only = i == j || w(i, j) == 0.0;
      if (diagonal_only)
        diagonal_[at(z_++)] = j;
      else
        coupled_[at(k_++)] = j;
    }
    // The block, row r of the factor holding the block's row row_[r].
    for (int r = 0; r < k_; ++r) {
      row_[at(r)] = coupled_[at(r)];
      double* a = lu_row(r);
      for (int c = 0; c < k_; ++c) a[c] = w(coupled_[at(r)], coupled_[at(c)]);
    }
    double smallest = std::numeric_limits<double>::infinity(), largest = 0.0;
    auto pivot = [&](double p) {
      p = std::abs(p);
      if (!(p >= smallest)) smallest = p;  // (NaN propagates)
      if (p > largest) largest = p;
    };
    for (int c = 0; c < k_; ++c) {
      int best = c;
      double best_size = std::abs(lu_row(c)[c]);
      for (int r = c + 1; r < k_; ++r) {
        const double size = std::abs(lu_row(r)[c]);
        if (size > best_size) {
          best = r;
          best_size = size;
        }
      }
      if (best != c) {
        double* a = lu_row(c);
        double* b = lu_row(best);
        for (int j = 0; j < k_; ++j) std::swap(a[j], b[j]);
        std::swap(row_[at(c)], row_[at(best)]);
      }
      const double* u = lu_row(c);
      pivot(u[c]);
      if (!(u[c] != 0.0)) {
        inverse_pivot_[at(c)] = 0.0;  // singular (reported by the ratio), never solved through
        continue;
      }
      const double inverse = 1.0 / u[c];
      inverse_pivot_[at(c)] = inverse;
      for (int r = c + 1; r < k_; ++r) {
        double* a = lu_row(r);
        if (a[c] == 0.0) continue;
        const double l = a[c] * inverse;
        a[c] = l;
        for (int j = c + 1; j < k_; ++j) a[j] -= l * u[j];
      }
    }
    // The factors' non-zero entries, row by row, for the substitutions
    // (about 180 of the 441 for calcsim's block: J is sparse, and so, with
    // some fill-in, are L and U).
    lower_.clear();
    upper_.clear();
    for (int r = 0; r < k_; ++r) {
      const double* a = lu_row(r);
      for (int c = 0; c < r; ++c)
        if (a[c] != 0.0) lower_.add(c, a[c]);
      lower_.end_row(r);
      for (int c = r + 1; c < k_; ++c)
        if (a[c] != 0.0) upper_.add(c, a[c]);
      upper_.end_row(r);
    }
    // The rows outside the block: their entries in the block's columns.
    entries_ = 0;
    for (int d = 0; d < z_; ++d) {
      const int j = diagonal_[at(d)];
      pivot(w(j, j));
      inverse_diagonal_[at(d)] = 1.0 / w(j, j);
      first_entry_[at(d)] = entries_;
      for (int r = 0; r < k_; ++r) {
        const double v = w(j, coupled_[at(r)]);
        if (v != 0.0) {
          entry_column_[static_cast<std::size_t>(entries_)] = coupled_[at(r)];
          entry_value_[static_cast<std::size_t>(entries_++)] = v;
        }
      }
    }
    first_entry_[at(z_)] = entries_;
    return smallest / largest;
  }

  vector_type solve(const vector_type& b) const {
    std::array<double, N> y;
    // Forward substitution with the unit lower factor, in pivot order.
    for (int r = 0; r < k_; ++r) y[at(r)] = b(row_[at(r)]) - lower_.dot(r, y);
    // Back substitution with the upper factor.
    vector_type x;
    for (int r = k_ - 1; r >= 0; --r) {
      y[at(r)] = (y[at(r)] - upper_.dot(r, y)) * inverse_pivot_[at(r)];
      x(coupled_[at(r)]) = y[at(r)];
    }
    for (int d = 0; d < z_; ++d) {
      const int j = diagonal_[at(d)];
      double s = b(j);
      for (int e = first_entry_[at(d)]; e < first_entry_[at(d + 1)]; ++e)
        s -= entry_value_[static_cast<std::size_t>(e)] * x(entry_column_[static_cast<std::size_t>(e)]);
      x(j) = s * inverse_diagonal_[at(d)];
    }
    return x;
  }

 private:
  static constexpr std::size_t at(int i) { return static_cast<std::size_t>(i); }

  // The non-zero entries of a triangular factor's rows (without the
  // diagonal): row r's at first[r] .. first[r + 1] - 1.
  struct SparseRows {
    std::array<int, static_cast<std::size_t>(N) * N> column{};
    std::array<double, static_cast<std::size_t>(N) * N> value{};
    std::array<int, N + 1> first{};
    int count = 0;
    void clear() { count = 0; }
    void add(int c, double v) {
      column[at(count)] = c;
      value[at(count++)] = v;
    }
    void end_row(int r) { first[at(r + 1)] = count; }
    // Row r times y; the row's first entry starts the first of two partial
    // sums, so the substitution is not one chain of dependent additions.
    double dot(int r, const std::array<double, N>& y) const {
      double s0 = 0.0, s1 = 0.0;
      int e = first[at(r)];
      const int end = first[at(r + 1)];
      for (; e + 1 < end; e += 2) {
        s0 += value[at(e)] * y[at(column[at(e)])];
        s1 += value[at(e + 1)] * y[at(column[at(e + 1)])];
      }
      if (e < end) s0 += value[at(e)] * y[at(column[at(e)])];
      return s0 + s1;
    }
  };
  double* lu_row(int r) { return lu_.data() + static_cast<std::size_t>(r) * N; }
  const double* lu_row(int r) const { return lu_.data() + static_cast<std::size_t>(r) * N; }

  int k_ = 0, z_ = 0;  // sizes of the coupled block and of the diagonal-only columns
  std::array<int, N> coupled_{}, diagonal_{};
  // The block's LU (row stride N): the unit lower factor below the diagonal,
  // the upper factor on and above it; row r is the block's row row_[r]
  // (a state index) after pivoting.
  std::array<double, static_cast<std::size_t>(N) * N> lu_{};
  std::array<int, N> row_{};
  std::array<double, N> inverse_pivot_{};
  SparseRows lower_, upper_;
  // Outside the block: 1 / W_jj, and the non-zero W_jc (c in the block) of
  // diagonal-only state d at first_entry_[d] .. first_entry_[d + 1] - 1.
  std::array<double, N> inverse_diagonal_{};
  std::array<int, N + 1> first_entry_{};
  std::array<int, static_cast<std::size_t>(N) * N> entry_column_{};
  std::array<double, static_cast<std::size_t>(N) * N> entry_value_{};
  int entries_ = 0;
};

}  // namespace calcsim::solver
