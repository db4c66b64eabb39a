#pragma once
// Trajectory files: CSV (time-major, named columns, units in the header) or
// JSON, chosen by the file's extension. Written to a temporary file in the
// same directory and renamed into place, so a failed or interrupted run never
// leaves a partial file.
#include <string>
#include <vector>

#include "calcsim/report.hpp"

namespace calcsim {

// Writes one or more arms; with several, rows carry an "arm" column (CSV) or
// arms are listed in turn (JSON). Throws InputError for an unsupported
// extension or an unwritable path.
void write_trajectories(const std::string& path, const std::vector<Arm>& arms);

// Writes text to path atomically; errors name `option` (the argument the path came from).
void write_file_atomically(const std::string& path, const std::string& contents, const std::string& option = "out");

// The format of an output file from its extension, in any case: "csv"
// (.csv), "json" (.json) or "markdown" (.md), one of the `accepted` formats.
// Throws InputError naming `option` for another file name, with the endings
// expected ("'t.txt': expected a file name ending in .csv, .json or .md").
std::string output_file_format(const std::string& path, const std::vector<std::string>& accepted,
                               const std::string& option = "out");

// Throws InputError naming `option` when the directory the file is to be
// written in does not exist, so a command can refuse the path before it runs.
void check_output_directory(const std::string& path, const std::string& option = "out");

// Throws InputError unless the path ends in .csv or .json (trajectory files).
void check_output_extension(const std::string& path);

}  // namespace calcsim
