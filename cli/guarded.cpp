#include "guarded.hpp"

#include <cmath>
#include <csignal>
#include <exception>
#include <string>
#include <iostream>

#include "calcsim/errors.hpp"
#include "calcsim/units.hpp"

namespace calcsim::cli {
namespace {

std::atomic<bool> interrupt_flag{false};
std::atomic<int> interrupt_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "the signal handler may only touch lock-free atomics");

extern "C" void on_interrupt(int signal_number) {
  interrupt_signal.store(signal_number);
  interrupt_flag.store(true);
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // the second Ctrl-C gets the default action: the process ends at once
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

const std::atomic<bool>& interrupted() { return interrupt_flag; }

int guarded(const std::function<void()>& body) {
  try {
    body();
    return exit_ok;
  } catch (const Cancelled& e) {
    const int signal_number = interrupt_signal.load();
    std::cerr << "calcsim: interrupted" << (signal_number == SIGTERM ? " (SIGTERM)" : "") << ": ";
    if (std::isfinite(e.time_days()))
      std::cerr << "stopped at t = " << e.time_days() << " days";
    else
      std::cerr << e.what();
    std::cerr << "; no output was written\n";
    return exit_signal_base + (signal_number != 0 ? signal_number : SIGINT);
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
    if (!(*years > 0.0 && *years <= max_duration_years))
      throw InputError(SourceLocation{"--years", 0, ""},
                       "expected a number of years above 0 and at most " +
                           std::to_string(static_cast<int>(max_duration_years)) + ", got " + std::to_string(*years));
    s.duration_days = *years * units::days_per_year;
  }
  if (dosing == "exact") s.dosing = Dosing::Exact;
  if (dosing == "daily-averaged") s.dosing = Dosing::DailyAveraged;
}

}  // namespace calcsim::cli
