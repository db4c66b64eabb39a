// The calibration and validation tables as text. Both tables share one layout;
// validation adds each failing row's documented reason.
#include <algorithm>
#include <string_view>
#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

#include "calcsim/errors.hpp"
#include "calcsim/targets.hpp"
#include "calcsim/version.hpp"
#include "report/format.hpp"
#include "support/text.hpp"

namespace calcsim {
namespace {

constexpr const char* calibration_note =
    "Parameters were fitted to every row here, so a pass shows that the fit succeeded, not that the model "
    "predicts anything; the rows nothing was fitted to are in `calcsim validation`. Each tolerance comes "
    "from the published value and its uncertainty. A FAIL is reported, not hidden.";
constexpr const char* validation_note =
    "No parameter was fitted to any row here; each band was fixed from the published spread, before the "
    "model was run on the row except where docs/VALIDATION.md says otherwise. A failing row stays in the "
    "table: 'known' marks a failure whose reason is "
    "documented (a conflict between published results, which the model cannot follow both of, or a limit of "
    "the model), 'FAIL' one that is not.";

struct Layout {
  const char* title;
  const char* note;
  const char* noun;  // what a row is called in the summary line
};

Layout layout(TargetTable kind) {
  if (kind == TargetTable::Calibration) return {"calibration against published human data", calibration_note, "fits"};
  return {"validation against published human experiments not used for fitting", validation_note, "checks"};
}

// "pass", "FAIL", or "known" for a failure with a documented reason.
const char* status(const Target& r) {
  if (r.pass()) return "pass";
  return r.known_failure.empty() ? "FAIL" : "known";
}

std::string number(double v) { return text::format_number(v, 4); }

std::string interval(const Target& r) {
  std::string out(1, '[');
  return out.append(number(r.low)).append(", ").append(number(r.high)).append("]");
}

std::string summary(const std::vector<Target>& rows, const Layout& l) {
  const long passed = std::count_if(rows.begin(), rows.end(), [](const Target& r) { return r.pass(); });
  auto failing = [&rows](FailureKind kind) {
    return std::count_if(rows.begin(), rows.end(),
                         [kind](const Target& r) { return !r.pass() && r.failure_kind() == kind; });
  };
  const long conflicts = failing(FailureKind::Conflict), limits = failing(FailureKind::Limit);
  std::ostringstream os;
  os << passed << " of " << rows.size() << " " << l.noun << " pass";
  if (conflicts + limits > 0)
    os << ", " << conflicts + limits << " fail for a documented reason (" << conflicts << " "
       << (conflicts == 1 ? "conflict" : "conflicts") << " between published results, " << limits << " "
       << (limits == 1 ? "limit" : "limits") << " of the model)";
  os << ". " << l.note << "\n";
  return os.str();
}

std::string markdown(const std::vector<Target>& rows, const Layout& l) {
  std::ostringstream os;
  os << "| target | source | published | simulated | accepted | status | how the model was run |\n"
     << "| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& r : rows) {
    os << "| " << r.quantity << " (`" << r.id << "`) | " << r.source << " | " << r.published << " | "
       << number(r.simulated) << " " << r.unit << " | " << interval(r) << " | ";
    if (r.pass())
      os << "pass";
    else
      os << "**" << status(r) << "**" << (r.known_failure.empty() ? "" : ": " + r.known_failure);
    os << " | " << r.how << " |\n";
  }
  os << "\n" << summary(rows, l);
  return os.str();
}

std::string table(const std::vector<Target>& rows, const Layout& l) {
  // Each column is as wide as its widest cell, so a long published value or
  // unit never runs into the next column.
  auto width = [&rows](const char* header, auto cell) {
    std::size_t w = std::string_view(header).size();
    for (const auto& r : rows) w = std::max(w, cell(r).size());
    return static_cast<int>(w) + 2;
  };
  const int w_id = width("target", [](const Target& r) { return r.id; });
  const int w_published = width("published", [](const Target& r) { return r.published; });
  const int w_simulated = width("simulated", [](const Target& r) { return number(r.simulated); }) - 2;
  const int w_unit = width("unit", [](const Target& r) { return r.unit; });
  const int w_accepted = width("accepted", [](const Target& r) { return interval(r); });
  std::ostringstream os;
  os << "calcsim " << version << " " << l.title << "\n" << disclaimer << "\n\n";
  os << std::left << std::setw(w_id) << "target" << std::setw(w_published) << "published" << std::right
     << std::setw(w_simulated) << "simulated" << "  " << std::left << std::setw(w_unit) << "unit"
     << std::setw(w_accepted) << "accepted" << "status source\n";
  for (const auto& r : rows)
    os << std::left << std::setw(w_id) << r.id << std::setw(w_published) << r.published << std::right
       << std::setw(w_simulated) << number(r.simulated) << "  " << std::left << std::setw(w_unit) << r.unit
       << std::setw(w_accepted) << interval(r) << std::setw(7) << status(r) << r.source << "\n";
  os << "\n" << summary(rows, l);
  return os.str();
}

std::string csv(const std::vector<Target>& rows) {
  using report::csv_field;
  using report::csv_number;
  std::ostringstream os;
  os << "# " << disclaimer
     << "\nid,quantity,source,published,unit,simulated,low,high,pass,status,how,known_failure,failure_kind\n";
  for (const auto& r : rows)
    os << csv_field(r.id) << "," << csv_field(r.quantity) << "," << csv_field(r.source) << ","
       << csv_field(r.published) << "," << csv_field(r.unit) << "," << csv_number(r.simulated) << ","
       << csv_number(r.low) << "," << csv_number(r.high) << "," << (r.pass() ? "true" : "false") << "," << status(r)
       << "," << csv_field(r.how) << "," << csv_field(r.known_failure) << ","
       << failure_kind_name(r.failure_kind()) << "\n";
  return os.str();
}

std::string json(const std::vector<Target>& rows, const Layout& l) {
  nlohmann::json j;
  j["disclaimer"] = disclaimer;
  j["calcsim_version"] = version;
  j["note"] = l.note;
  j["targets"] = nlohmann::json::array();
  for (const auto& r : rows)
    j["targets"].push_back({{"id", r.id}, {"quantity", r.quantity}, {"source", r.source},
                            {"published", r.published}, {"unit", r.unit}, {"simulated", r.simulated},
                            {"low", r.low}, {"high", r.high}, {"pass", r.pass()}, {"status", status(r)},
                            {"how", r.how}, {"known_failure", r.known_failure},
                            {"failure_kind", failure_kind_name(r.failure_kind())}});
  return j.dump(2) + "\n";
}

}  // namespace

std::string targets_report(const std::vector<Target>& rows, TargetTable kind, const std::string& format) {
  const Layout l = layout(kind);
  if (format == "table") return table(rows, l);
  if (format == "csv") return csv(rows);
  if (format == "json") return json(rows, l);
  if (format == "markdown") return markdown(rows, l);
  throw InputError(SourceLocation::of_option("format"), "expected table, csv, json or markdown, got '" + format + "'");
}

}  // namespace calcsim
