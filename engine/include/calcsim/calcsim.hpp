#pragma once
// The calcsim engine's public API in one include. A scenario (scenario.hpp,
// read from YAML or built in code, quantities in units.hpp) and the model's
// parameters (parameters.hpp) go in; simulate() (simulator.hpp) gives a
// Result (result.hpp) of named, unit-carrying output columns (outputs.hpp).
// Above a single run: arms compared side by side (arms.hpp), sweeps
// (sweep.hpp), sensitivity analyses (sensitivity.hpp), virtual populations
// (population.hpp), and the model held against published data
// (calibration.hpp, validation.hpp, targets.hpp), and intervals over the
// parameter posterior (posterior.hpp, uncertainty.hpp). Out: text, CSV and JSON
// reports (report.hpp), trajectory files (output_files.hpp), an HTML page
// (html_report.hpp) and SBML (sbml_export.hpp). Failures are the exceptions
// of errors.hpp.
#include "calcsim/arms.hpp"
#include "calcsim/calibration.hpp"
#include "calcsim/display.hpp"
#include "calcsim/errors.hpp"
#include "calcsim/html_report.hpp"
#include "calcsim/output_files.hpp"
#include "calcsim/outputs.hpp"
#include "calcsim/parameters.hpp"
#include "calcsim/population.hpp"
#include "calcsim/posterior.hpp"
#include "calcsim/report.hpp"
#include "calcsim/result.hpp"
#include "calcsim/sbml_export.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/sensitivity.hpp"
#include "calcsim/simulator.hpp"
#include "calcsim/sweep.hpp"
#include "calcsim/targets.hpp"
#include "calcsim/uncertainty.hpp"
#include "calcsim/units.hpp"
#include "calcsim/validation.hpp"
#include "calcsim/version.hpp"
