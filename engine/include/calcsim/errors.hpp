#pragma once
// The kinds of failure the engine reports. The command line maps them to exit
// codes (2 for bad input, 3 for numerical failure, 130 for an interrupted
// run); the Python layer maps them to ValueError, RuntimeError and
// KeyboardInterrupt.
#include <limits>
#include <stdexcept>
#include <string>

namespace calcsim {

// Where in a scenario source a bad value sits. line is 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  std::string key;
};

class InputError : public std::runtime_error {
 public:
  InputError(SourceLocation where, const std::string& what_was_expected)
      : std::runtime_error(format(where, what_was_expected)),
        where_(std::move(where)),
        detail_(what_was_expected) {}
  explicit InputError(const std::string& message)
      : std::runtime_error(message), detail_(message) {}

  const SourceLocation& where() const { return where_; }
  const std::string& detail() const { return detail_; }

 private:
  static std::string format(const SourceLocation& where, const std::string& detail) {
    std::string out;
    if (!where.file.empty()) out += where.file;
    if (where.line > 0) out += (out.empty() ? "line " : ":") + std::to_string(where.line);
    if (!where.key.empty()) out += (out.empty() ? "" : ": ") + std::string("key '") + where.key + "'";
    return out.empty() ? detail : out + ": " + detail;
  }
  SourceLocation where_;
  std::string detail_;
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
