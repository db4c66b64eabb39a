#include "guarded.hpp"

#include <exception>
#include <string>
#include <iostream>

#include "calcsim/errors.hpp"
#include "calcsim/units.hpp"

namespace calcsim::cli {

int guarded(const std::function<void()>& body) {
  try {
    body();
    return exit_ok;
  } catch (const InputError& e) {
    std::cerr << "calcsim: error: " << e.what() << "\n";
    return exit_bad_input;
  } catch (const NumericalError& e) {
    std::cerr << "calcsim: " << e.what() << "\n";
    return exit_numerical;
  } catch (const std::exception& e) {
    std::cerr << "calcsim: internal error: " << e.what() << "\n";
    return exit_numerical;
  }
}

Params params_with(const std::vector<std::string>& assignments) {
  Params p;
  for (const auto& assignment : assignments) p.set_from_text(assignment);
  return p;
}

void apply_overrides(Scenario& s, const std::optional<double>& years, const std::string& dosing) {
  if (years) {
    if (!(*years > 0.0 && *years <= 120.0))
      throw InputError(SourceLocation{"--years", 0, ""},
                       "expected a number of years above 0 and at most 120, got " + std::to_string(*years));
    s.duration_days = *years * units::days_per_year;
  }
  if (dosing == "exact") s.dosing = Dosing::Exact;
  if (dosing == "daily-averaged") s.dosing = Dosing::DailyAveraged;
}

}  // namespace calcsim::cli
