#pragma once
// Shared by every subcommand: the mapping of engine errors to exit codes and
// messages, and parameter overrides from --set.
#include <functional>
#include <string>
#include <vector>

#include "calcsim/parameters.hpp"

namespace calcsim::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_bad_input = 2;
inline constexpr int exit_numerical = 3;
inline constexpr int exit_interrupted = 130;  // 128 + SIGINT, as shells report Ctrl-C

// Runs a command body: 0 on success, 2 for bad input, 3 for a numerical
// failure, 130 when interrupted (Cancelled), with the engine's message on stderr.
int guarded(const std::function<void()>& body);

// Default parameters with each NAME=VALUE of --set applied (throws InputError).
Params params_with(const std::vector<std::string>& assignments);

}  // namespace calcsim::cli
