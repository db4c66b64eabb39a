#pragma once
// odeint's rosenbrock4 factorises its Jacobian with uBLAS's generic LU, which
// dominated run time (about two thirds of all instructions for this model's
// 19 x 19 system). These explicit specialisations for odeint's exact types
// route the factorisation and the triangular solves to Eigen, working on the
// same row-major storage. Include before the odeint Rosenbrock headers.
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
  if (n == d::lu_size)
    d::factorise<d::FixedMatrix>(&m.data()[0], n, &pm.data()[0]);
  else
    d::factorise<d::DynamicMatrix>(&m.data()[0], n, &pm.data()[0]);
  return 0;
}

// Solves m x = b for x in place, with m and pm from lu_factorize above.
template <>
inline void lu_substitute<calcsim_matrix, std::size_t, unbounded_array<std::size_t>, calcsim_vector>(
    const calcsim_matrix& m, const calcsim_permutation& pm, calcsim_vector& mv) {
  namespace d = calcsim::detail;
  const auto n = static_cast<Eigen::Index>(m.size1());
  if (n == d::lu_size)
    d::substitute<d::FixedMatrix>(&m.data()[0], n, &pm.data()[0], &mv.data()[0]);
  else
    d::substitute<d::DynamicMatrix>(&m.data()[0], n, &pm.data()[0], &mv.data()[0]);
}

}  // namespace boost::numeric::ublas
