#include "guarded.hpp"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <exception>
#include <string>
#include <iostream>

#include "calcsim/errors.hpp"

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

// The command line's spelling of an option the engine names: its flag
// ("bands_out" is --bands-out; parameter overrides, "params", come from --set;
// the groups of a calibration or validation, "groups", from --group).
std::string flag_of(const std::string& option) {
  if (option == "params") return "--set";
  if (option == "groups") return "--group";
  std::string flag = "--" + option;
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

}  // namespace

std::string rendered(const InputError& e) {
  const SourceLocation& where = e.where();
  return located_message(where.option.empty() ? file_place(where) : flag_of(where.option), where.key, e.detail());
}

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
    std::cerr << "calcsim: error: " << rendered(e) << "\n";
    return exit_bad_input;
  } catch (const NumericalError& e) {
    std::cerr << "calcsim: " << e.what() << "\n";
    return exit_numerical;
  } catch (const std::exception& e) {
    std::cerr << "calcsim: internal error: " << e.what() << "\n";
    return exit_numerical;
  }
}

}  // namespace calcsim::cli
