#include <iostream>

#include "calcsim/calibration.hpp"
#include "calcsim/errors.hpp"
#include "commands.hpp"

namespace calcsim::cli {

int calibration(const std::string& format, const std::vector<std::string>& set) {
  try {
    Params p;
    for (const auto& assignment : set) p.set_from_text(assignment);
    std::cout << calibration_report(run_calibration(p), format);
    return 0;
  } catch (const InputError& e) {
    std::cerr << "calcsim: error: " << e.what() << "\n";
    return 2;
  } catch (const NumericalError& e) {
    std::cerr << "calcsim: " << e.what() << "\n";
    return 3;
  }
}

}  // namespace calcsim::cli
