// Runs a short default scenario through the installed library and checks that
// MK-7 lowers dp-ucMGP, so a broken install cannot pass by merely linking.
// It includes the umbrella header, so every installed header must compile
// without the engine's internal ones.
#include <calcsim/calcsim.hpp>
#include <iostream>

int main() {
  calcsim::Scenario s = calcsim::default_scenario();
  s.duration_days = 60.0;
  const calcsim::Result r = calcsim::simulate(s, calcsim::Params{});
  const double start = r.at("dp_ucmgp", 0.0);
  const double end = r.at("dp_ucmgp", 60.0);
  std::cout << "calcsim " << calcsim::version << ": dp-ucMGP " << start << " -> " << end << " pmol/L\n";
  return end < start ? 0 : 1;
}
