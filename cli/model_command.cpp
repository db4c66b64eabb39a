// `calcsim model --table states|outputs|units`: the model's declaration
// (state_list.inc, the output table, the parameter units) as Markdown or CSV.
// docs/MODEL.md's state, output and unit tables are generated from it by
// scripts/update-docs.sh, so they cannot drift from the code.
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "calcsim/outputs.hpp"
#include "calcsim/parameters.hpp"
#include "commands.hpp"
#include "guarded.hpp"
#include "model/model.hpp"
#include "model/output_point.hpp"
#include "report/format.hpp"
#include "support/text.hpp"

namespace calcsim::cli {
namespace {

std::string_view how_solved(model::StateKind k) {
  switch (k) {
    case model::StateKind::Ode: return "integrated";
    case model::StateKind::Accumulator: return "integrated, accumulator";
    case model::StateKind::RunningTotal: return "integrated, running total";
    case model::StateKind::Depot: return "closed form (pharmacokinetic depot)";
  }
  return "";
}

std::string cell(std::string_view s) {  // a Markdown cell: pipes escaped
  std::string out;
  for (char c : s) out.append(c == '|' ? "\\|" : std::string(1, c));
  return out;
}

// Rows of text cells under a header, as Markdown or CSV.
void print(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows, bool markdown) {
  std::ostringstream os;
  for (std::size_t j = 0; j < header.size(); ++j) os << (markdown ? "| " : j > 0 ? "," : "") << header[j] << (markdown ? " " : "");
  os << (markdown ? "|\n" : "\n");
  if (markdown) {
    for (std::size_t j = 0; j < header.size(); ++j) os << "| --- ";
    os << "|\n";
  }
  for (const auto& row : rows) {
    for (std::size_t j = 0; j < row.size(); ++j) {
      if (markdown) os << "| " << cell(row[j]) << " ";
      else os << (j > 0 ? "," : "") << report::csv_field(row[j]);
    }
    os << (markdown ? "|\n" : "\n");
  }
  std::cout << os.str();
}

std::string number(double v) { return text::format_number(v); }  // the declaration's value, 6 digits

}  // namespace

int model_tables(const std::string& table, const std::string& format) {
  return guarded([&] {
    const bool markdown = format == "markdown";
    // (Built with append: GCC 12 warns falsely about "literal" + std::string temporaries.)
    auto code = [&](std::string_view s) { return markdown ? std::string("`").append(s).append("`") : std::string(s); };
    if (table == "states") {
      std::vector<std::vector<std::string>> rows;
      for (int i = 0; i < model::n_states; ++i) {
        const auto& s = model::state_info()[static_cast<std::size_t>(i)];
        rows.push_back({std::to_string(i), code(s.name), std::string(s.unit), std::string(s.description),
                        std::string(how_solved(s.kind)), number(s.scale)});
      }
      print({"#", "state", "unit", "meaning", "how it is solved", "typical size"}, rows, markdown);
      if (markdown)
        std::cout << "\n" << model::n_states << " states: " << model::n_ode << " integrated by the stiff solver, "
                  << model::n_pk << " in closed form.\n";
    } else if (table == "outputs") {
      std::vector<std::vector<std::string>> rows;
      for (const auto& o : output_definitions())
        rows.push_back({code(o.name), std::string(o.unit), std::string(o.description), std::string(o.formula)});
      print({"output", "unit", "meaning", "computed as"}, rows, markdown);
    } else {
      std::vector<std::vector<std::string>> rows;
      for (const auto& u : parameter_units())
        rows.push_back({std::string(u.unit), std::string(u.internal),
                        std::string(u.divide == 1.0 ? "x " : "/ ").append(number(u.divide == 1.0 ? u.multiply : u.divide))});
      print({"registry unit", "internal unit", "conversion"}, rows, markdown);
    }
  });
}

}  // namespace calcsim::cli
