#pragma once
// The coefficients of odeint's rosenbrock4, with one sign corrected.
//
// odeint's rosenbrock4 is Hairer & Wanner's RODAS (order 4(3), coefficient
// set METH=1 of rodas.f). Its default_rosenbrock_coefficients (Boost 1.74 and
// later, as far as checked) have d4 = +0.0362, where rodas.f has
// D4 = -0.3620000000000023D-01. The d_i multiply the explicit time derivative
// df/dt and must equal the row sums gamma_i of the method's Gamma matrix,
// which the c_ij coefficients determine: those give 0.25, -0.1043, 0.1035 and
// -0.0362. With the wrong sign the method loses its order on non-autonomous
// systems (it is unaffected when df/dt = 0), and its error estimate does not
// notice: in calcsim the closed-form depots make the solver states'
// right-hand side time-dependent, and at rtol 1e-10 the integrated 25(OH)D
// drifted 4e-5 (relative) from SUNDIALS CVODE within 90 days of vitamin D3
// doses (tests/reference). Header-only and C++17, like integrator.cpp.
#include <boost/numeric/odeint/stepper/rosenbrock4.hpp>

namespace calcsim::detail {

struct RodasCoefficients : boost::numeric::odeint::default_rosenbrock_coefficients<double> {
  // Hides the base's d4 (rosenbrock4 reads it as m_coef.d4).
  const double d4 = -0.3620000000000023e-01;
};

}  // namespace calcsim::detail
