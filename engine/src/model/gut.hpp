#pragma once
// The gut's calcium flows, written once: the model's right-hand side, the
// pulsed-absorption correction (pulsed_absorption.cpp) and the calibration's
// radiocalcium tracer all use these. Parameters in internal units (per day),
// of any scalar type P (BasicParams<double> or the SBML export's symbols).
#include "calcsim/parameters.hpp"

namespace calcsim::model {

// Two lumens: the proximal gut absorbs by a saturable, calcitriol-dependent
// (active) route and a passive one and empties into the distal gut, which
// absorbs passively and empties into the faeces. mmol/day.
template <class T>
struct GutFlows {
  T active, passive_proximal, passive_distal, proximal_exit, faecal;
  T absorbed() const { return active + passive_proximal + passive_distal; }
};

// Per-atom rate of the active route (1/day) with `proximal` mmol in the lumen
// and the transport capacity (relative) `capacity`.
template <class T, class P>
T active_rate(const P& p, const T& proximal, const T& capacity) {
  return p.gut_active_vmax * capacity / (p.gut_active_km + proximal);
}

template <class T, class P>
GutFlows<T> gut_flows(const P& p, const T& proximal, const T& distal, const T& capacity) {
  return {active_rate<T>(p, proximal, capacity) * proximal, p.gut_passive_rate * proximal, p.gut_passive_rate * distal,
          p.gut_proximal_transit * proximal, p.gut_distal_transit * distal};
}

// Calcium secreted into the gut with digestive juices at plasma calcium `ca`, mmol/day.
template <class T, class P>
T gut_secretion(const P& p, const T& ca) {
  return p.gut_secretion * ca / p.ca_ref;
}

}  // namespace calcsim::model
