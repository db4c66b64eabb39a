#pragma once
// The coefficients of calcsim's Rosenbrock methods, in one place, with their
// sources. Both are written in the transformed form of Hairer & Wanner,
// "Solving Ordinary Differential Equations II", 2nd ed., section IV.7,
// eq. (7.25) (the form odeint's rosenbrock4 and Hairer's rodas.f use): with
// W = I / (gamma h) - J, stage i solves
//
//   W g_i = f(t + alpha_i h, y + sum_j a_ij g_j) + d_i h df/dt + sum_j (c_ij / h) g_j,
//
// and the step is y_new = y + sum_j m_j g_j, its error estimate sum_j e_j g_j.
//
// - ROS34PW2 (the production method): J. Rang and L. Angermann, "New
//   Rosenbrock W-methods of order 3 for partial differential algebraic
//   equations of index 1", BIT Numer. Math. 45 (2005) 761-787, table of
//   ROS34PW2. Four stages, order 3 with an embedded order 2, L-stable and
//   stiffly accurate. It is a W-method: its order conditions hold for any
//   matrix J, not only the exact Jacobian, so one Jacobian (and its df/dt)
//   can serve many steps and the events between them. The paper gives the
//   classical form (alpha_ij, gamma_ij, b_i, b^_i); the transformed
//   coefficients are derived from them below at compile time.
// - RODAS (for tight tolerances): E. Hairer and G. Wanner, rodas.f, coefficient
//   set METH=1; order 4(3), six stages, stiffly accurate, L-stable. Not a
//   W-method: it needs the exact Jacobian at every step.
//
// The d_i are the row sums gamma_i of the classical Gamma matrix. For RODAS
// odeint's default_rosenbrock_coefficients (Boost 1.74 and later, as far as
// checked) have d4 = +0.0362 where rodas.f has D4 = -0.3620000000000023D-01;
// the c_ij (which fix Gamma) give 0.25, -0.1043, 0.1035 and -0.0362. With
// odeint's sign the method loses its order on non-autonomous systems (it is
// unaffected when df/dt = 0), and its error estimate does not notice: in
// calcsim the closed-form depots make the solver states' right-hand side
// time-dependent, and at rtol 1e-10 the integrated 25(OH)D drifted 4e-5
// (relative) from SUNDIALS CVODE within 90 days of vitamin D3 doses.
// tests/reference/test_rosenbrock_order.cpp shows both: order 4 with rodas.f's
// d4, a lower order with odeint's (`rodas_with_odeint_d4`).
#include <array>
#include <string_view>

namespace calcsim::solver {

inline constexpr int max_stages = 6;
using StageRow = std::array<double, max_stages>;
using StageMatrix = std::array<StageRow, max_stages>;

struct RosenbrockTableau {
  std::string_view name;
  int stages = 0;
  int order = 0;        // of the step
  int error_order = 0;  // of the embedded solution the error estimate compares with
  bool w_method = false;  // order holds with an approximate Jacobian (which may then be reused)
  double gamma = 0.0;
  StageRow alpha{};  // stage times, fractions of h
  StageRow d{};      // df/dt weights: the row sums of Gamma
  StageMatrix a{};   // strictly lower
  StageMatrix c{};   // strictly lower
  StageRow m{};      // the step
  StageRow e{};      // the error estimate: y_new minus the embedded solution
};

namespace detail {

// From the classical form (alpha_ij, gamma_ij with diagonal gamma, b, b^) to
// the transformed one: a = A Gamma^-1, c = diag(1/gamma) - Gamma^-1,
// m = b Gamma^-1, e = (b - b^) Gamma^-1 (Hairer & Wanner IV.7).
struct ClassicalForm {
  int stages;
  double gamma;
  StageMatrix alpha;      // strictly lower
  StageMatrix gamma_ij;   // strictly lower (the diagonal is gamma)
  StageRow b, b_embedded;
};

constexpr StageMatrix inverse_of_gamma(const ClassicalForm& f) {
  // Forward substitution on the lower-triangular Gamma, column by column.
  StageMatrix inv{};
  for (int col = 0; col < f.stages; ++col)
    for (int i = 0; i < f.stages; ++i) {
      double s = i == col ? 1.0 : 0.0;
      for (int j = 0; j < i; ++j) s -= f.gamma_ij[i][j] * inv[j][col];
      inv[i][col] = s / f.gamma;
    }
  return inv;
}

constexpr RosenbrockTableau transformed(std::string_view name, int order, int error_order, bool w_method,
                                        const ClassicalForm& f) {
  RosenbrockTableau t;
  t.name = name;
  t.stages = f.stages;
  t.order = order;
  t.error_order = error_order;
  t.w_method = w_method;
  t.gamma = f.gamma;
  const StageMatrix g = inverse_of_gamma(f);
  for (int i = 0; i < f.stages; ++i) {
    double alpha_sum = 0.0, gamma_sum = f.gamma;
    for (int j = 0; j < i; ++j) {
      alpha_sum += f.alpha[i][j];
      gamma_sum += f.gamma_ij[i][j];
      double a = 0.0;
      for (int k = j; k < i; ++k) a += f.alpha[i][k] * g[k][j];
      t.a[i][j] = a;
      t.c[i][j] = -g[i][j];
    }
    t.alpha[i] = alpha_sum;
    t.d[i] = gamma_sum;
  }
  for (int j = 0; j < f.stages; ++j) {
    double m = 0.0, e = 0.0;
    for (int k = j; k < f.stages; ++k) {
      m += f.b[k] * g[k][j];
      e += (f.b[k] - f.b_embedded[k]) * g[k][j];
    }
    t.m[j] = m;
    t.e[j] = e;
  }
  return t;
}

// Rang & Angermann (2005), ROS34PW2, as published.
inline constexpr ClassicalForm ros34pw2_classical{
    4,
    4.3586652150845900e-01,
    {{{}, {8.7173304301691801e-01}, {8.4457060015369423e-01, -1.1299064236484185e-01}, {0.0, 0.0, 1.0}}},
    {{{},
      {-8.7173304301691801e-01},
      {-9.0338057013044082e-01, 5.4180672388095326e-02},
      {2.4212380706095346e-01, -1.2232505839045147e+00, 5.4526025533510214e-01}}},
    {2.4212380706095346e-01, -1.2232505839045147e+00, 1.5452602553351020e+00, 4.3586652150845900e-01},
    {3.7810903145819369e-01, -9.6042292212423178e-02, 5.0000000000000000e-01, 2.1793326075422950e-01}};

// rodas.f (METH=1), transformed form as printed there. The fifth and sixth
// stages are at t + h; the step is the sixth stage's point plus g_6, g_6 the
// error estimate.
constexpr RosenbrockTableau rodas(double d4) {
  RosenbrockTableau t;
  t.name = "RODAS";
  t.stages = 6;
  t.order = 4;
  t.error_order = 3;
  t.w_method = false;
  t.gamma = 0.25;
  t.alpha = {0.0, 0.386, 0.21, 0.63, 1.0, 1.0};
  t.d = {0.25, -0.1043, 0.1035, d4, 0.0, 0.0};
  t.a[1] = {0.1544000000000000e+01};
  t.a[2] = {0.9466785280815826e+00, 0.2557011698983284e+00};
  t.a[3] = {0.3314825187068521e+01, 0.2896124015972201e+01, 0.9986419139977817e+00};
  t.a[4] = {0.1221224509226641e+01, 0.6019134481288629e+01, 0.1253708332932087e+02, -0.6878860361058950e+00};
  t.a[5] = {0.1221224509226641e+01, 0.6019134481288629e+01, 0.1253708332932087e+02, -0.6878860361058950e+00, 1.0};
  t.c[1] = {-0.5668800000000000e+01};
  t.c[2] = {-0.2430093356833875e+01, -0.2063599157091915e+00};
  t.c[3] = {-0.1073529058151375e+00, -0.9594562251023355e+01, -0.2047028614809616e+02};
  t.c[4] = {0.7496443313967647e+01, -0.1024680431464352e+02, -0.3399990352819905e+02, 0.1170890893206160e+02};
  t.c[5] = {0.8083246795921522e+01, -0.7981132988064893e+01, -0.3152159432874371e+02, 0.1631930543123136e+02,
            -0.6058818238834054e+01};
  t.m = {0.1221224509226641e+01, 0.6019134481288629e+01, 0.1253708332932087e+02, -0.6878860361058950e+00, 1.0, 1.0};
  t.e = {0.0, 0.0, 0.0, 0.0, 0.0, 1.0};
  return t;
}

}  // namespace detail

inline constexpr RosenbrockTableau ros34pw2 = detail::transformed("ROS34PW2", 3, 2, true, detail::ros34pw2_classical);
inline constexpr RosenbrockTableau rodas = detail::rodas(-0.3620000000000023e-01);
// RODAS with odeint's d4 (the sign error above): for the order test only.
inline constexpr RosenbrockTableau rodas_with_odeint_d4 = detail::rodas(+0.3620000000000023e-01);

}  // namespace calcsim::solver
