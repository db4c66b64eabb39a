#pragma once
// Shared by every subcommand: the mapping of engine errors to exit codes and
// messages, and the interrupt handlers.
#include <atomic>
#include <csignal>
#include <functional>
#include <string>

#include "calcsim/errors.hpp"

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

// An input error in command-line terms: "file:line: key: what was expected",
// or "--flag: what was expected" for a value given as an option.
std::string rendered(const InputError& e);

// From now on SIGINT and SIGTERM set interrupted() instead of killing the
// process, so that a run stops at its next event and writes nothing; a second
// signal kills it at once.
void install_interrupt_handlers();
// The flag the handlers set; simulations read it (SimulationOptions::cancel).
const std::atomic<bool>& interrupted();

}  // namespace calcsim::cli
