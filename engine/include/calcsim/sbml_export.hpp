#pragma once
// The model of one scenario as SBML Level 3 Version 2 Core (docs/SBML.md),
// for tools such as COPASI, Tellurium and libRoadRunner. The rate rules are
// generated from the engine's own equations (run on symbols), so the file and
// the engine cannot drift apart.
#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

#include "calcsim/parameters.hpp"
#include "calcsim/scenario.hpp"

namespace calcsim {

struct SbmlExport {
  std::string xml;             // the document
  std::size_t states = 0;      // rate rules, one per state
  std::size_t parameters = 0;  // every SBML parameter (constants, inputs and states)
  std::size_t events = 0;      // meals, doses and input switches after the start
};

// The scenario as written (its arms aside) with parameters p in registry
// units: the states with their rate rules and the engine's starting state
// (the patient's steady state), the parameters and the patient-derived
// constants with their units, the inputs, and every meal and dose of the run
// as an event. Daily-averaged dosing takes the gut saturation correction of
// each interval from the engine's own run (so it integrates the scenario
// once); `cancel` is read as SimulationOptions::cancel.
SbmlExport sbml_export(const Scenario& s, const Params& p, const std::atomic<bool>* cancel = nullptr);

// libSBML's consistency checks (units included) of an SBML document.
struct SbmlCheck {
  std::size_t errors = 0;    // errors and fatal errors
  std::size_t warnings = 0;  // warnings and information
  std::vector<std::string> messages;  // one line each: severity, libSBML error id, message
};
SbmlCheck check_sbml(const std::string& xml);

// Throws InputError (naming `option`) unless the path is a file name ending in .xml or .sbml.
void check_sbml_path(const std::string& path, const std::string& option);

}  // namespace calcsim
