#pragma once
// LU factorisation of a Rosenbrock matrix W = I / (gamma h) - J that
// exploits the model's structure: the running totals (cumulative intake,
// absorbed, faecal ...) and the outputs that feed back on nothing (dp-ucMGP,
// elastin calcification) have columns of J that are zero off the diagonal,
// so those of W hold only the diagonal. W x = b then splits: the other
// states solve their own block (21 x 21 for calcsim's 34 solver states),
// and each such state follows from its row's few entries in the block. Same
// answer to round-off, about a third of the work. The split is found from J
// itself (once per Jacobian: SplitPattern), so any matrix works (with no such
// column it is a plain partial-pivoting LU).
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
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <memory>
#include <utility>

#include <Eigen/Core>

namespace calcsim::solver {

// What of the split depends on J alone, not on the step size: which columns
// are diagonal-only, the block of -J on the others, and the rows of the
// diagonal-only states (their entries in the block's columns). Computed once
// per Jacobian and shared by the factorisations at every step size.
template <int N>
struct SplitPattern {
  using matrix_type = Eigen::Matrix<double, N, N, Eigen::RowMajor>;
  static constexpr std::size_t at(int i) { return static_cast<std::size_t>(i); }

  explicit SplitPattern(const matrix_type& jac) {
    for (int col = 0; col < N; ++col) {
      bool diagonal_only = true;
      for (int i = 0; i < N && diagonal_only; ++i) diagonal_only = i == col || jac(i, col) == 0.0;
      if (diagonal_only)
        diagonal[at(z++)] = col;
      else
        coupled[at(k++)] = col;
    }
    // The block's states in order of their number of couplings (row and
    // column), fewest first: eliminating the hubs (extracellular calcium
    // and phosphate, the balance's running mean) last keeps the factors
    // sparse (measured on calcsim's block: about 95 non-zero entries in L
    // and U besides U's diagonal, against 170 in state order). The same
    // order for rows and columns; pivoting still picks each pivot.
    std::array<int, N> degree{};
    for (int r = 0; r < k; ++r)
      for (int c = 0; c < k; ++c)
        if (r != c && jac(coupled[at(r)], coupled[at(c)]) != 0.0) {
          ++degree[at(r)];
          ++degree[at(c)];
        }
    std::array<int, N> order{};
    for (int r = 0; r < k; ++r) order[at(r)] = r;
    std::stable_sort(order.begin(), order.begin() + k, [&degree](int a, int b) { return degree[at(a)] < degree[at(b)]; });
    std::array<int, N> by_degree{};
    for (int r = 0; r < k; ++r) by_degree[at(r)] = coupled[at(order[at(r)])];
    coupled = by_degree;
    for (int r = 0; r < k; ++r) {
      const int i = coupled[at(r)];
      for (int c = 0; c < k; ++c) block[at(r) * N + at(c)] = -jac(i, coupled[at(c)]);
    }
    int entries = 0;
    for (int d = 0; d < z; ++d) {
      const int i = diagonal[at(d)];
      jac_diagonal[at(d)] = jac(i, i);
      first_entry[at(d)] = entries;
      for (int r = 0; r < k; ++r) {
        // (Written whatever the value, counted only when not zero: no branch.)
        const double v = -jac(i, coupled[at(r)]);
        entry_column[at(entries)] = coupled[at(r)];
        entry_value[at(entries)] = v;
        entries += v != 0.0 ? 1 : 0;
      }
    }
    first_entry[at(z)] = entries;
  }

  int k = 0, z = 0;  // sizes of the coupled block and of the diagonal-only columns
  std::array<int, N> coupled{}, diagonal{};
  std::array<double, static_cast<std::size_t>(N) * N> block{};  // -J on the block, row stride N
  // Diagonal-only state d: J_ii, and the non-zero W_ic = -J_ic (c in the
  // block) at first_entry[d] .. first_entry[d + 1] - 1.
  std::array<double, N> jac_diagonal{};
  std::array<int, N + 1> first_entry{};
  std::array<int, static_cast<std::size_t>(N) * N> entry_column{};
  std::array<double, static_cast<std::size_t>(N) * N> entry_value{};
};

template <int N>
class SplitLu {
 public:
  using matrix_type = Eigen::Matrix<double, N, N, Eigen::RowMajor>;
  using vector_type = Eigen::Matrix<double, N, 1>;
  using pattern_type = SplitPattern<N>;

  // Factorises W = shift I - jac (a Rosenbrock matrix, shift = 1 / (gamma h))
  // without forming it. Returns the ratio of the smallest to the largest
  // pivot: zero or NaN when W is singular.
  double compute(const matrix_type& jac, double shift) {
    return compute(std::make_shared<const pattern_type>(jac), shift);
  }
  // The same with J's split computed beforehand (kept for the solves).
  double compute(std::shared_ptr<const pattern_type> pattern, double shift) {
    pattern_ = std::move(pattern);
    const pattern_type& p = *pattern_;
    k_ = p.k;
    // The block, row r of the factor holding the block's row row_[r].
    for (int r = 0; r < k_; ++r) {
      row_[at(r)] = p.coupled[at(r)];
      double* a = lu_row(r);
      const double* j = p.block.data() + at(r) * N;
      for (int c = 0; c < k_; ++c) a[c] = j[c];
      a[r] += shift;
    }
    double smallest = std::numeric_limits<double>::infinity(), largest = 0.0;
    auto pivot = [&](double v) {
      v = std::abs(v);
      if (!(v >= smallest)) smallest = v;  // (NaN propagates)
      if (v > largest) largest = v;
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
    // (about 95 of the 420 off the diagonal for calcsim's block: J is
    // sparse, and so, with little fill-in in SplitPattern's order, are L and U).
    lower_.fill_from(lu_.data(), k_, true);
    upper_.fill_from(lu_.data(), k_, false);
    // The diagonal-only states: W_ii = shift - J_ii.
    for (int d = 0; d < p.z; ++d) {
      const double w = shift - p.jac_diagonal[at(d)];
      pivot(w);
      inverse_diagonal_[at(d)] = 1.0 / w;
    }
    return smallest / largest;
  }

  vector_type solve(const vector_type& b) const {
    std::array<double, N> y;
    // Forward substitution with the unit lower factor, in pivot order.
    for (int r = 0; r < k_; ++r) y[at(r)] = lower_.subtract_row(r, y, b(row_[at(r)]));
    // Back substitution with the upper factor.
    const pattern_type& p = *pattern_;
    vector_type x;
    for (int r = k_ - 1; r >= 0; --r) {
      y[at(r)] = upper_.subtract_row(r, y, y[at(r)]) * inverse_pivot_[at(r)];
      x(p.coupled[at(r)]) = y[at(r)];
    }
    for (int d = 0; d < p.z; ++d) {
      double s = b(p.diagonal[at(d)]);
      for (int e = p.first_entry[at(d)]; e < p.first_entry[at(d + 1)]; ++e)
        s -= p.entry_value[at(e)] * x(p.entry_column[at(e)]);
      x(p.diagonal[at(d)]) = s * inverse_diagonal_[at(d)];
    }
    return x;
  }

 private:
  static constexpr std::size_t at(int i) { return static_cast<std::size_t>(i); }

  // The non-zero entries of a triangular factor's rows (without the
  // diagonal): row r's at first[r] .. first[r + 1] - 1.
  // (The entries are written before they are read: not zeroed, so that a
  // stepper's kept factorisations cost nothing until they are used.)
  struct SparseRows {
    std::array<int, static_cast<std::size_t>(N) * N> column;
    std::array<double, static_cast<std::size_t>(N) * N> value;
    std::array<int, N + 1> first{};
    // From the LU (row stride N) of a k x k block: the lower factor's
    // entries (left of the diagonal) or the upper's (right of it). Every
    // entry is written, only the non-zero ones counted: a branch would be
    // mispredicted at random. (A local count: one kept in the object would be
    // reloaded after every store to `column`, which may alias it.)
    void fill_from(const double* lu, int k, bool lower) {
      int count = 0;
      for (int r = 0; r < k; ++r) {
        const double* a = lu + at(r) * N;
        const int begin = lower ? 0 : r + 1, end = lower ? r : k;
        for (int c = begin; c < end; ++c) {
          column[at(count)] = c;
          value[at(count)] = a[c];
          count += a[c] != 0.0 ? 1 : 0;
        }
        first[at(r + 1)] = count;
      }
    }
    // s minus row r times y.
    double subtract_row(int r, const std::array<double, N>& y, double s) const {
      for (int e = first[at(r)]; e < first[at(r + 1)]; ++e) s -= value[at(e)] * y[at(column[at(e)])];
      return s;
    }
  };
  double* lu_row(int r) { return lu_.data() + static_cast<std::size_t>(r) * N; }
  const double* lu_row(int r) const { return lu_.data() + static_cast<std::size_t>(r) * N; }

  std::shared_ptr<const pattern_type> pattern_;
  int k_ = 0;  // the size of the coupled block
  // The block's LU (row stride N): the unit lower factor below the diagonal,
  // the upper factor on and above it; row r is the block's row row_[r]
  // (a state index) after pivoting. Written by compute before it is read.
  std::array<double, static_cast<std::size_t>(N) * N> lu_;
  std::array<int, N> row_{};
  std::array<double, N> inverse_pivot_{};
  SparseRows lower_, upper_;
  std::array<double, N> inverse_diagonal_{};  // 1 / W_ii of the diagonal-only states
};

}  // namespace calcsim::solver
