#include "calcsim/output_files.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

#include "calcsim/errors.hpp"
#include "calcsim/version.hpp"
#include "report/format.hpp"
#include "support/text.hpp"

namespace calcsim {
namespace {

namespace fs = std::filesystem;

// The directory a file is written in ("." for a bare file name).
fs::path directory_of(const fs::path& target) { return target.has_parent_path() ? target.parent_path() : fs::path("."); }

bool ends_with_ci(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && text::lower(s.substr(s.size() - suffix.size())) == suffix;
}

std::string csv_text(const std::vector<Arm>& arms) {
  std::ostringstream os;
  const Result& first = *arms.front().result;
  os << "# " << disclaimer << " calcsim " << version << ", scenario " << first.meta.scenario << "\n";
  const bool with_arm = arms.size() > 1;
  if (with_arm) os << "arm,";
  for (std::size_t j = 0; j < first.columns.size(); ++j)
    os << (j ? "," : "") << report::csv_field(first.columns[j].name + " [" + first.columns[j].unit + "]");
  os << "\n";
  for (const auto& a : arms) {
    const Matrix& d = a.result->data;
    for (Eigen::Index i = 0; i < d.rows(); ++i) {
      if (with_arm) os << report::csv_field(a.name) << ",";
      for (Eigen::Index j = 0; j < d.cols(); ++j) os << (j ? "," : "") << report::exact_number(d(i, j));
      os << "\n";
    }
  }
  return os.str();
}

std::string json_text(const std::vector<Arm>& arms) {
  nlohmann::json j;
  j["disclaimer"] = disclaimer;
  j["calcsim_version"] = version;
  for (const auto& a : arms) {
    const Result& r = *a.result;
    nlohmann::json arm{{"arm", a.name},
                       {"scenario", r.meta.scenario},
                       {"description", r.meta.description},
                       {"dosing", r.meta.dosing},
                       {"parameter_overrides", r.meta.parameter_overrides},
                       {"parameters", r.meta.parameters},
                       {"solver",
                        {{"method", r.meta.solver.method},
                         {"rtol", r.meta.solver.rtol},
                         {"atol", r.meta.solver.atol},
                         {"steps", r.meta.solver.steps},
                         {"rhs_evaluations", r.meta.solver.rhs_evaluations},
                         {"jacobian_evaluations", r.meta.solver.jacobian_evaluations},
                         {"segments", r.meta.solver.segments},
                         {"doses", r.meta.solver.doses},
                         {"wall_seconds", r.meta.solver.wall_seconds}}}};
    for (const auto& c : r.columns) arm["columns"].push_back({{"name", c.name}, {"unit", c.unit}, {"description", c.description}});
    nlohmann::json rows = nlohmann::json::array();
    for (Eigen::Index i = 0; i < r.data.rows(); ++i) {
      std::vector<double> row(r.data.row(i).data(), r.data.row(i).data() + r.data.cols());
      rows.push_back(row);
    }
    arm["data"] = std::move(rows);
    j["arms"].push_back(std::move(arm));
  }
  return j.dump() + "\n";
}

}  // namespace

std::string output_file_format(const std::string& path, const std::vector<std::string>& accepted,
                               const std::string& option) {
  // Every format an output file can have, with the extension that names it.
  static const std::pair<const char*, const char*> extensions[] = {
      {"csv", ".csv"}, {"json", ".json"}, {"markdown", ".md"}};
  std::vector<std::string> endings;
  for (const auto& format : accepted) {
    const auto* it = std::find_if(std::begin(extensions), std::end(extensions),
                                  [&](const auto& e) { return format == e.first; });
    if (it == std::end(extensions)) throw std::logic_error("no file extension for the format '" + format + "'");
    if (ends_with_ci(path, it->second)) return format;
    endings.emplace_back(it->second);
  }
  std::string expected;
  for (std::size_t i = 0; i < endings.size(); ++i)
    expected.append(i == 0 ? "" : i + 1 == endings.size() ? " or " : ", ").append(endings[i]);
  throw InputError(SourceLocation::of_option(option), "'" + path + "': expected a file name ending in " + expected);
}

void check_output_directory(const std::string& path, const std::string& option) {
  const fs::path dir = directory_of(path);
  if (!fs::is_directory(dir))
    throw InputError(SourceLocation::of_option(option), "'" + path + "': directory '" + dir.string() + "' does not exist");
}

void check_output_extension(const std::string& path) { output_file_format(path, {"csv", "json"}); }

void write_file_atomically(const std::string& path, const std::string& contents, const std::string& option) {
  check_output_directory(path, option);
  const fs::path target(path);
  const fs::path dir = directory_of(target);
  std::random_device rd;
  // Built with append rather than operator+ to keep GCC 12's -Wrestrict false positive away.
  std::string hidden_name(1, '.');
  hidden_name.append(target.filename().string()).append(".tmp").append(std::to_string(rd()));
  const fs::path tmp = dir / hidden_name;
  {
    std::ofstream out(tmp, std::ios::binary);
    out << contents;
    out.close();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw InputError(SourceLocation::of_option(option), "'" + path + "': cannot write the file");
    }
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw InputError(SourceLocation::of_option(option), "'" + path + "': cannot move the finished file into place");
  }
}

void write_trajectories(const std::string& path, const std::vector<Arm>& arms) {
  const std::string format = output_file_format(path, {"csv", "json"});
  write_file_atomically(path, format == "csv" ? csv_text(arms) : json_text(arms));
}

}  // namespace calcsim
