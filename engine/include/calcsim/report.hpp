#pragma once
// Human-readable and machine-readable summaries of runs and comparisons.
#include <string>
#include <vector>

#include "calcsim/result.hpp"

namespace calcsim {

enum class Format { Table, Csv, Json };
Format parse_format(const std::string& name);  // throws InputError

// A run or an arm of a comparison, with the name it is shown under.
struct Arm {
  std::string name;
  const Result* result;
};

// The quantities a summary shows, in order (column names of Result).
const std::vector<std::string>& summary_quantities();
// The readable name a summary shows for one of them ("Plasma calcium"); "" for another column.
std::string summary_label(const std::string& column);
// The decimals a summary shows for one of them (2 for another column).
int summary_decimals(const std::string& column);
// A summary table's cell for one of them: its decimals, never "-0.00"; the
// label of the arterial score category. With `change`, a change or difference:
// signed ("+0.25"), blank for the category.
std::string summary_cell(const std::string& column, double value, bool change = false);

// Summary of one run at the given times (days; clipped to the run).
std::string run_summary(const Result& r, const std::vector<double>& at_days, Format format);

// Arms side by side at the given times, with each arm's difference from the first.
std::string comparison_summary(const std::vector<Arm>& arms, const std::vector<double>& at_days, Format format);

// Where a summary reads each time. Times (ascending) are clipped to the run
// and read at midnight of the day they fall on (before that day's meals and
// doses), so every row is sampled at the same time of day; a time whose
// midnight an earlier time already reads is dropped. The one rule for run and
// comparison summaries, the analyses and the Python summaries.
struct SummaryTime {
  double requested;  // as asked for, clipped to the run (labels)
  double sample;     // where it is read: midnight of its day
};
std::vector<SummaryTime> summary_read_times(const std::vector<double>& ascending_days, double end_days);

// The numbers of a summary: summary_quantities() (rows) of `r` at each time's
// sample (columns): the numbers the tables, CSV and JSON below print.
Matrix summary_values(const Result& r, const std::vector<SummaryTime>& times);

// Default summary times for a run of this length: start, 1 y, 5 y and the end.
std::vector<double> default_summary_times(double duration_days);

// Parses "1y,5y,10y" or "30d,6mo" into days (throws InputError naming
// `option`, the command-line option the text came from).
std::vector<double> parse_times(const std::string& text, const std::string& option = "at");

}  // namespace calcsim
