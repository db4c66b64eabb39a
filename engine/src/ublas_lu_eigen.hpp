#pragma once
// odeint's rosenbrock4 factorises its Jacobian with uBLAS's generic LU, which
// dominated run time (about two thirds of all instructions for this model's
// 19 x 19 system). These explicit specialisations for odeint's exact types
// route the factorisation and the triangular solves to Eigen, working on the
// same row-major storage. Include before the odeint Rosenbrock headers.
#include <array>
#include <cstddef>

#include <Eigen/Core>
#include <Eigen/LU>
#include <boost/numeric/ublas/lu.hpp>
#include <boost/numeric/ublas/matrix.hpp>
#include <boost/numeric/ublas/vector.hpp>

#include "calcsim/model.hpp"

namespace calcsim::detail {

// Fixed-size kernels for the model's own dimension (the common case), so
// Eigen can unroll them; any other size takes the dynamic path.
constexpr int lu_size = model::n_ode;
using FixedMatrix = Eigen::Matrix<double, lu_size, lu_size, Eigen::RowMajor>;
using DynamicMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

template <class Matrix>
void factorise(double* data, Eigen::Index n, std::size_t* rows_of_p) {
  Eigen::Map<Matrix> a(data, n, n);
  const Eigen::PartialPivLU<Matrix> lu(a);
  a = lu.matrixLU();
  const auto& p = lu.permutationP().indices();
  for (Eigen::Index i = 0; i < n; ++i) rows_of_p[p(i)] = static_cast<std::size_t>(i);
}

// The running totals (cumulative intake, absorbed, faecal ...) feed back on
// nothing, so their columns of the Jacobian are zero and those of the
// Rosenbrock matrix W = I/(gamma h) - J hold only the diagonal. W x = b then
// splits: the other states solve their own block (15 x 15 here, which Eigen
// factorises unblocked), and each running total follows by one dot product.
// Same answer to round-off, about a third of the linear algebra. The block's
// factors stay with the thread, keyed by the matrix they belong to; odeint
// always factorises a matrix before substituting with it.
struct BlockLu {
  using Small = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor, lu_size, lu_size>;
  const double* matrix = nullptr;  // the matrix factorised last on this thread (nullptr: none split)
  Eigen::Index k = 0, z = 0;       // sizes of the coupled block and of the diagonal-only columns
  std::array<Eigen::Index, lu_size> coupled{}, diagonal{};
  Eigen::PartialPivLU<Small> lu;
};
inline thread_local BlockLu block_lu;

// Splits and factorises when some columns are diagonal-only; false otherwise.
inline bool factorise_split(const double* data) {
  constexpr Eigen::Index n = lu_size;
  BlockLu& s = block_lu;
  s.matrix = nullptr;
  s.k = s.z = 0;
  for (Eigen::Index j = 0; j < n; ++j) {
    bool diagonal_only = true;
    for (Eigen::Index i = 0; i < n && diagonal_only; ++i) diagonal_only = i == j || data[i * n + j] == 0.0;
    if (diagonal_only && data[j * n + j] != 0.0)
      s.diagonal[static_cast<std::size_t>(s.z++)] = j;
    else
      s.coupled[static_cast<std::size_t>(s.k++)] = j;
  }
  if (s.z == 0) return false;
  BlockLu::Small a(s.k, s.k);
  for (Eigen::Index r = 0; r < s.k; ++r)
    for (Eigen::Index c = 0; c < s.k; ++c)
      a(r, c) = data[s.coupled[static_cast<std::size_t>(r)] * n + s.coupled[static_cast<std::size_t>(c)]];
  s.lu.compute(a);
  s.matrix = data;
  return true;
}

inline bool substitute_split(const double* data, double* x) {
  constexpr Eigen::Index n = lu_size;
  const BlockLu& s = block_lu;
  if (s.matrix != data) return false;
  Eigen::Matrix<double, Eigen::Dynamic, 1, 0, lu_size, 1> b(s.k);
  for (Eigen::Index r = 0; r < s.k; ++r) b(r) = x[s.coupled[static_cast<std::size_t>(r)]];
  const Eigen::Matrix<double, Eigen::Dynamic, 1, 0, lu_size, 1> y = s.lu.solve(b);
  for (Eigen::Index r = 0; r < s.k; ++r) x[s.coupled[static_cast<std::size_t>(r)]] = y(r);
  for (Eigen::Index d = 0; d < s.z; ++d) {
    const Eigen::Index j = s.diagonal[static_cast<std::size_t>(d)];
    double rhs = x[j];
    for (Eigen::Index r = 0; r < s.k; ++r) rhs -= data[j * n + s.coupled[static_cast<std::size_t>(r)]] * y(r);
    x[j] = rhs / data[j * n + j];
  }
  return true;
}

template <class Matrix>
void substitute(const double* data, Eigen::Index n, const std::size_t* rows_of_p, double* x_data) {
  const Eigen::Map<const Matrix> a(data, n, n);
  Eigen::Map<Eigen::VectorXd> x(x_data, n);
  Eigen::Matrix<double, Eigen::Dynamic, 1, 0, lu_size, 1> b = x;
  for (Eigen::Index i = 0; i < n; ++i) x(i) = b(static_cast<Eigen::Index>(rows_of_p[i]));
  a.template triangularView<Eigen::UnitLower>().solveInPlace(x);
  a.template triangularView<Eigen::Upper>().solveInPlace(x);
}

}  // namespace calcsim::detail

namespace boost::numeric::ublas {

using calcsim_matrix = matrix<double>;
using calcsim_permutation = permutation_matrix<std::size_t>;
using calcsim_vector = vector<double>;

// Factorises m in place as P m = L U (unit lower L); pm receives P's row indices.
template <>
inline calcsim_matrix::size_type lu_factorize<calcsim_matrix, calcsim_permutation>(calcsim_matrix& m,
                                                                                  calcsim_permutation& pm) {
  namespace d = calcsim::detail;
  const auto n = static_cast<Eigen::Index>(m.size1());
  d::block_lu.matrix = nullptr;
  if (n == d::lu_size) {
    if (!d::factorise_split(&m.data()[0])) d::factorise<d::FixedMatrix>(&m.data()[0], n, &pm.data()[0]);
  } else {
    d::factorise<d::DynamicMatrix>(&m.data()[0], n, &pm.data()[0]);
  }
  return 0;
}

// Solves m x = b for x in place, with m and pm from lu_factorize above.
template <>
inline void lu_substitute<calcsim_matrix, std::size_t, unbounded_array<std::size_t>, calcsim_vector>(
    const calcsim_matrix& m, const calcsim_permutation& pm, calcsim_vector& mv) {
  namespace d = calcsim::detail;
  const auto n = static_cast<Eigen::Index>(m.size1());
  if (n == d::lu_size && d::substitute_split(&m.data()[0], &mv.data()[0])) return;
  if (n == d::lu_size)
    d::substitute<d::FixedMatrix>(&m.data()[0], n, &pm.data()[0], &mv.data()[0]);
  else
    d::substitute<d::DynamicMatrix>(&m.data()[0], n, &pm.data()[0], &mv.data()[0]);
}

}  // namespace boost::numeric::ublas
