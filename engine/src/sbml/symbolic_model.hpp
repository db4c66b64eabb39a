#pragma once
// The model's equations run on symbols (model.cpp instantiates them), for the
// SBML export.
#include "model/model.hpp"
#include "sbml/symbolic.hpp"

namespace calcsim::model {

using SymbolicContext = BasicContext<sbml::Symbolic>;
using SymbolicInputs = BasicInputs<sbml::Symbolic>;

// dx (n_states entries) as formulas in the symbols of c, in and x.
void symbolic_derivatives(const SymbolicContext& c, const SymbolicInputs& in, const sbml::Symbolic* x,
                          sbml::Symbolic* dx);

}  // namespace calcsim::model
