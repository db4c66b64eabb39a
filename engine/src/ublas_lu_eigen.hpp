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

namespace boost::numeric::ublas {

using calcsim_matrix = matrix<double>;
using calcsim_permutation = permutation_matrix<std::size_t>;
using calcsim_vector = vector<double>;
using calcsim_row_major_map = Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;

// Factorises m in place as P m = L U (unit lower L); pm receives P's row indices.
template <>
inline calcsim_matrix::size_type lu_factorize<calcsim_matrix, calcsim_permutation>(calcsim_matrix& m,
                                                                                  calcsim_permutation& pm) {
  const auto n = static_cast<Eigen::Index>(m.size1());
  calcsim_row_major_map a(&m.data()[0], n, n);
  Eigen::PartialPivLU<Eigen::Ref<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>> lu(a);
  const auto& p = lu.permutationP().indices();
  for (Eigen::Index i = 0; i < n; ++i) pm(static_cast<std::size_t>(p(i))) = static_cast<std::size_t>(i);
  return 0;
}

// Solves m x = b for x in place, with m and pm from lu_factorize above.
template <>
inline void lu_substitute<calcsim_matrix, std::size_t, unbounded_array<std::size_t>, calcsim_vector>(
    const calcsim_matrix& m, const calcsim_permutation& pm, calcsim_vector& mv) {
  const auto n = static_cast<Eigen::Index>(m.size1());
  const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> a(&m.data()[0], n, n);
  Eigen::Map<Eigen::VectorXd> x(&mv.data()[0], n);
  Eigen::VectorXd b = x;
  for (Eigen::Index i = 0; i < n; ++i) x(i) = b(static_cast<Eigen::Index>(pm(static_cast<std::size_t>(i))));
  a.triangularView<Eigen::UnitLower>().solveInPlace(x);
  a.triangularView<Eigen::Upper>().solveInPlace(x);
}

}  // namespace boost::numeric::ublas
