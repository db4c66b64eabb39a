// A validation table's failing rows by kind (calcsim/targets.hpp): a reason
// that opens "conflicts with" is a disagreement between published results,
// one that opens "a limit of the model:" is something the model cannot do;
// the summary line counts the two apart and the CSV and JSON say which each is.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "calcsim/targets.hpp"

namespace {

using calcsim::FailureKind;
using calcsim::Target;

Target row(const std::string& id, double simulated, const std::string& reason = "") {
  Target t{id, "a quantity", "Someone 2000", "1", "ratio", simulated, 0.5, 1.5, "how it was run"};
  t.known_failure = reason;
  return t;
}

const std::vector<Target> rows = {
    row("a.passes", 1.0),
    row("b.passes_with_a_reason", 1.0, "conflicts with Other 2001: the model follows Other"),
    row("c.conflict", 2.0, "conflicts with Other 2001: the model follows Other"),
    row("d.limit", 0.1, "a limit of the model: it has no such state"),
    row("e.limit", 3.0, "a limit of the model: nor this"),
};

TEST(FailureKind, TheReasonsOpeningWordsSayWhichKind) {
  EXPECT_EQ(rows[0].failure_kind(), FailureKind::None);
  EXPECT_EQ(rows[2].failure_kind(), FailureKind::Conflict);
  EXPECT_EQ(rows[3].failure_kind(), FailureKind::Limit);
  // Anything not worded as a conflict counts against the model.
  EXPECT_EQ(row("f", 2.0, "the model cannot").failure_kind(), FailureKind::Limit);
  EXPECT_STREQ(calcsim::failure_kind_name(FailureKind::Conflict), "conflict");
  EXPECT_STREQ(calcsim::failure_kind_name(FailureKind::Limit), "limit");
  EXPECT_STREQ(calcsim::failure_kind_name(FailureKind::None), "");
}

TEST(FailureKind, TheSummaryCountsFailingRowsOfEachKind) {
  const std::string markdown = calcsim::targets_report(rows, calcsim::TargetTable::Validation, "markdown");
  // A passing row with a reason (one side of a disagreement the model meets) is not counted.
  EXPECT_NE(markdown.find("2 of 5 checks pass, 3 fail for a documented reason (1 conflict between published "
                          "results, 2 limits of the model)"),
            std::string::npos)
      << markdown;
  const std::string table = calcsim::targets_report({rows[0], rows[2]}, calcsim::TargetTable::Validation, "table");
  EXPECT_NE(table.find("1 of 2 checks pass, 1 fail for a documented reason (1 conflict between published results, "
                       "0 limits of the model)"),
            std::string::npos)
      << table;
  const std::string clean = calcsim::targets_report({rows[0]}, calcsim::TargetTable::Validation, "table");
  EXPECT_NE(clean.find("1 of 1 checks pass. "), std::string::npos) << clean;
}

TEST(FailureKind, CsvAndJsonCarryEachRowsKind) {
  const auto j = nlohmann::json::parse(calcsim::targets_report(rows, calcsim::TargetTable::Validation, "json"));
  std::vector<std::string> kinds;
  for (const auto& t : j.at("targets")) kinds.push_back(t.at("failure_kind"));
  EXPECT_EQ(kinds, (std::vector<std::string>{"", "conflict", "conflict", "limit", "limit"}));
  const std::string csv = calcsim::targets_report(rows, calcsim::TargetTable::Validation, "csv");
  EXPECT_NE(csv.find(",known_failure,failure_kind\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("a limit of the model: nor this,limit\n"), std::string::npos) << csv;
}

}  // namespace
