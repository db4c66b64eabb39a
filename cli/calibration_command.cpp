#include <iostream>

#include "calcsim/calibration.hpp"
#include "calcsim/errors.hpp"
#include "commands.hpp"
#include "guarded.hpp"

namespace calcsim::cli {

int calibration(const std::string& format, const std::vector<std::string>& set) {
  return guarded([&] { std::cout << calibration_report(run_calibration(params_with(set)), format); });
}

}  // namespace calcsim::cli
