#pragma once
// One Rosenbrock dense-output stepper that walks interval after interval,
// carrying its step size across the events between them.
//
// odeint's rosenbrock4 is tied to uBLAS, whose allocator use does not compile
// as C++20 in Boost 1.74; the stepper therefore lives behind this interface in
// integrator.cpp, which is built as C++17.
#include <functional>
#include <memory>
#include <vector>

#include "calcsim/model.hpp"
#include "calcsim/result.hpp"

namespace calcsim {

class Integrator {
 public:
  using Sink = std::function<void(std::size_t, const double*)>;

  Integrator(const model::Context& context, double rtol, double atol);
  ~Integrator();
  Integrator(const Integrator&) = delete;
  Integrator& operator=(const Integrator&) = delete;

  // Integrates the solver states y (model::n_ode entries) over local time
  // [0, length] with constant inputs. For every tau in sample_taus (ascending,
  // within [0, length]) calls sink(index, y at tau).
  void advance(const model::Inputs& inputs, std::vector<double>& x, double length,
               const std::vector<double>& sample_taus, const Sink& sink);

  const SolverStats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace calcsim
