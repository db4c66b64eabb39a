// `calcsim calibration` and `calcsim validation`: the model against published
// human data, the fits and the independent checks.
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include "calcsim/calibration.hpp"
#include "calcsim/errors.hpp"
#include "calcsim/output_files.hpp"
#include "calcsim/uncertainty.hpp"
#include "calcsim/validation.hpp"
#include "commands.hpp"
#include "guarded.hpp"

namespace calcsim::cli {
namespace {

// The format of a table file, from its extension: .csv, .json or .md.
// Throws InputError (naming --out) for another file name, or a directory that
// does not exist, before anything runs.
std::string table_file_format(const std::string& path) {
  check_output_directory(path);
  return output_file_format(path, {"csv", "json", "markdown"});
}

// Exit status 1 when a row fails without a documented reason, so scripts can
// use the table as a check; the table is printed (and written to `out`, in the
// format its extension names) either way.
template <typename RunRows>
int print_targets(TargetTable kind, const TableCommandOptions& o, RunRows run_rows) {
  bool unexplained = false;
  const int status = guarded([&] {
    const std::string out_format = o.out.empty() ? std::string() : table_file_format(o.out);
    const std::vector<Target> rows = run_rows(params_with(o.set));
    for (const auto& r : rows) unexplained = unexplained || r.unexplained_failure();
    const std::string shown = targets_report(rows, kind, o.format);
    if (!o.out.empty()) write_file_atomically(o.out, targets_report(rows, kind, out_format));
    std::cout << shown;
  });
  return status == 0 && unexplained ? 1 : status;
}

}  // namespace

int calibration(const TableCommandOptions& o) {
  return print_targets(TargetTable::Calibration, o, [&](const Params& p) {
    return run_calibration_groups(p, o.groups);
  });
}

int validation(const TableCommandOptions& o) {
  return print_targets(TargetTable::Validation, o, [&](const Params& p) {
    ValidationOptions options;
    options.groups = o.groups;
    return run_validation_with(p, options);
  });
}

int validation_coverage(const std::string& format, const std::vector<std::string>& set, int draws,
                        std::uint64_t seed, const std::string& posterior, const std::string& dosing) {
  return guarded([&] {
    if (format != "markdown") parse_format(format);  // bad input before any run
    check_draw_count(draws, "uncertainty");
    UncertaintyOptions options;
    options.draws = draws;
    options.seed = seed;
    options.posterior_file = posterior;
    options.dosing_fixed = dosing == "exact";
    options.cancel = &interrupted();  // Ctrl-C stops the draws (exit 130)
    for (const auto& assignment : set) options.keep.push_back(assignment.substr(0, assignment.find('=')));
    const ValidationCoverage c = calcsim::validation_coverage(params_with(set), options);
    std::cout << coverage_report(c, format);
    std::cerr << "calcsim: " << c.draws << " posterior draws of the validation rows in " << std::fixed
              << std::setprecision(1) << c.wall_seconds << " s\n";
  });
}

}  // namespace calcsim::cli
