#include "guarded.hpp"

#include <exception>
#include <iostream>

#include "calcsim/errors.hpp"

namespace calcsim::cli {

int guarded(const std::function<void()>& body) {
  try {
    body();
    return exit_ok;
  } catch (const InputError& e) {
    std::cerr << "calcsim: error: " << e.what() << "\n";
    return exit_bad_input;
  } catch (const Cancelled& e) {
    std::cerr << "calcsim: interrupted: " << e.what() << "\n";
    return exit_interrupted;
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

}  // namespace calcsim::cli
