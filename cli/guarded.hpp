#pragma once
// Shared by every subcommand: the mapping of engine errors to exit codes and
// messages, parameter overrides from --set, and the scenario overrides
// --years and --dosing.
#include <atomic>
#include <csignal>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "calcsim/parameters.hpp"
#include "calcsim/scenario.hpp"

namespace calcsim::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_bad_input = 2;
inline constexpr int exit_numerical = 3;
// An interrupted run exits as the shell reports a process killed by the
// signal: 128 + its number (130 for Ctrl-C, SIGINT; 143 for SIGTERM).
inline constexpr int exit_signal_base = 128;
inline constexpr int exit_interrupted = exit_signal_base + SIGINT;  // 130, Ctrl-C

// Runs a command body: 0 on success, 2 for bad input, 3 for a numerical
// failure, 128 + the signal when interrupted, with the message on stderr.
int guarded(const std::function<void()>& body);

// From now on SIGINT and SIGTERM set interrupted() instead of killing the
// process, so that a run stops at its next event and writes nothing; a second
// signal kills it at once.
void install_interrupt_handlers();
// The flag the handlers set; simulations read it (SimulationOptions::cancel).
const std::atomic<bool>& interrupted();

// Default parameters with each NAME=VALUE of --set applied (throws InputError).
Params params_with(const std::vector<std::string>& assignments);

// The limit is the engine's (max_duration_years), a whole number of years.
inline const std::string years_help = "Run length in years, more than 0 and at most " +
                                      std::to_string(static_cast<int>(max_duration_years)) + " (overrides the scenario)";
inline constexpr const char* dosing_help =
    "exact (every meal and dose at its time) or daily-averaged (spread over the day: about 100x faster, "
    "within 1% on BMD and arterial score over years; overrides the scenario)";

// Applies --years (validated) and --dosing ("exact" or "daily-averaged", as
// CLI11 checked) to a loaded scenario.
void apply_overrides(Scenario& s, const std::optional<double>& years, const std::string& dosing);

}  // namespace calcsim::cli
