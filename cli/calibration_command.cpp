#include <iostream>
#include <string>
#include <vector>

#include "calcsim/calibration.hpp"
#include "calcsim/errors.hpp"
#include "commands.hpp"
#include "guarded.hpp"

namespace calcsim::cli {

// Exit status 1 when a target fails, so scripts can use the table as a check.
int calibration(const std::string& format, const std::vector<std::string>& set) {
  bool all_pass = true;
  const int status = guarded([&] {
    const auto rows = run_calibration(params_with(set));
    for (const auto& r : rows) all_pass = all_pass && r.pass();
    std::cout << calibration_report(rows, format);
  });
  return status == 0 && !all_pass ? 1 : status;
}

}  // namespace calcsim::cli
