#pragma once
// The kinds of failure the engine reports. The command line maps them to exit
// codes (2 for bad input, 3 for numerical failure, 130 for an interrupted
// run); the Python layer maps them to ValueError, RuntimeError and
// KeyboardInterrupt.
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace calcsim {

// Where a bad value sits. A value read from a file (a scenario, a posterior)
// has the file, its line and column (1-based; 0 means unknown) and the key path
// ("interventions[0].dose"). A value given as a run option has instead the
// option's engine name ("format", "vary", "at", "params" for parameter
// overrides, with the parameter as key): engine messages name keys, and each
// front end spells the option in its own terms (--format on the command line,
// format= in Python).
struct SourceLocation {
  std::string file;
  int line = 0;
  std::string key;
  int column = 0;
  std::string option;

  SourceLocation() = default;
  SourceLocation(std::string file_, int line_, std::string key_, int column_ = 0)
      : file(std::move(file_)), line(line_), key(std::move(key_)), column(column_) {}

  static SourceLocation of_option(std::string option, std::string key = {}) {
    SourceLocation where;
    where.option = std::move(option);
    where.key = std::move(key);
    return where;
  }
};

// A message with its place in front: "place: key: detail", parts left out when
// empty. The place is "file:line" (see file_place) or an option as a front end
// spells it.
inline std::string located_message(const std::string& place, const std::string& key, const std::string& detail) {
  std::string out = place;
  if (!key.empty()) out += (out.empty() ? "" : ": ") + key;
  return out.empty() ? detail : out + ": " + detail;
}

// "file:line", "file", "line N" or "" for a location in a file.
inline std::string file_place(const SourceLocation& where) {
  std::string out = where.file;
  if (where.line > 0) out += (out.empty() ? "line " : ":") + std::to_string(where.line);
  return out;
}

// Bad input. detail() says what was wrong and what was expected; where() says
// where, for each front end to render. what() is the engine's own rendering,
// naming an option by its engine name.
class InputError : public std::runtime_error {
 public:
  InputError(SourceLocation where, const std::string& what_was_expected)
      : std::runtime_error(located_message(where.option.empty() ? file_place(where) : where.option, where.key,
                                           what_was_expected)),
        where_(std::move(where)),
        detail_(what_was_expected) {}
  explicit InputError(const std::string& message)
      : std::runtime_error(message), detail_(message) {}

  const SourceLocation& where() const { return where_; }
  const std::string& detail() const { return detail_; }

 private:
  SourceLocation where_;
  std::string detail_;
};

// A patient the model cannot start: under these parameters the scenario's
// patient and diet have no calcium-balanced starting state (untreated kidney
// failure on a poor diet). Bad input for a single run, pointing at the key; one
// failed run among many for the analyses that vary parameters (sensitivity,
// populations, posterior draws), which count it as they count a NumericalError.
class NoBalancedStart : public InputError {
 public:
  using InputError::InputError;
};

class NumericalError : public std::runtime_error {
 public:
  NumericalError(double time_days, std::string state, const std::string& message)
      : std::runtime_error("numerical failure at t = " + std::to_string(time_days) +
                           " days in state '" + state + "': " + message),
        time_days_(time_days),
        state_(std::move(state)),
        detail_(message) {}

  double time_days() const { return time_days_; }
  const std::string& state() const { return state_; }
  // What went wrong, without the time and state of what().
  const std::string& detail() const { return detail_; }

 private:
  double time_days_;
  std::string state_;
  std::string detail_;
};

// A run stopped because its caller asked it to (SimulationOptions::cancel, or
// a population's cancel callback): Ctrl-C on the command line,
// KeyboardInterrupt in Python. Not a failure of the input or of the solver;
// nothing was produced.
class Cancelled : public std::runtime_error {
 public:
  explicit Cancelled(double time_days)
      : std::runtime_error("the run was interrupted at t = " + std::to_string(time_days) + " days"),
        time_days_(time_days) {}
  explicit Cancelled(const std::string& message) : std::runtime_error(message) {}

  // Simulated time at which a single run stopped (NaN for an analysis of many runs).
  double time_days() const { return time_days_; }

 private:
  double time_days_ = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace calcsim
