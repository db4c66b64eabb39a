// The calibration and validation tables as `calcsim calibration` and `calcsim
// validation` write them in JSON (--out FILE.json: what --format json prints,
// test_cli_calibration.cpp): every published target documented, each row's
// pass flag and status consistent with its own interval, every calibration row
// met, every validation row met or failing for a documented reason, and no row
// in both tables.
//
// Each table is computed once per test run by a ctest fixture
// (write_target_table.cmake, tests cli.calibration_table and
// cli.validation_table): its experiments take minutes of CPU, and these tests
// only read what the program wrote. Run them through ctest, which runs the
// fixture first; CALCSIM_TARGET_TABLES is the directory it writes to.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The JSON table `calcsim <command>` wrote, after checking
// what every row of both tables shares: exit status 0 and nothing on stderr,
// the disclaimer, a documented source, published value and method, a
// non-empty interval, and a pass flag and status that agree with the row's
// own interval. Returns the rows by id.
std::map<std::string, json> table_rows(const std::string& command) {
  const fs::path dir = CALCSIM_TARGET_TABLES;
  const fs::path exit_file = dir / (command + ".exit");
  if (!fs::exists(exit_file)) {
    ADD_FAILURE() << exit_file << " is missing: run this test through ctest, whose fixture cli." << command
                  << "_table writes it";
    return {};
  }
  EXPECT_EQ(std::stoi(read_text(exit_file)), 0) << "calcsim " << command << "; stderr:\n"
                                                 << read_text(dir / (command + ".err"));
  EXPECT_EQ(read_text(dir / (command + ".err")), "");
  const json j = json::parse(read_text(dir / (command + ".json")));
  EXPECT_EQ(j.at("disclaimer"), "calcsim is an illustrative teaching model, not medical advice.");
  std::map<std::string, json> rows;
  for (const auto& t : j.at("targets")) {
    const double simulated = t.at("simulated"), low = t.at("low"), high = t.at("high");
    const bool pass = simulated >= low && simulated <= high;
    const std::string reason = t.at("known_failure");
    EXPECT_LT(low, high) << t.dump();
    EXPECT_EQ(t.at("pass").get<bool>(), pass) << t.dump();
    EXPECT_EQ(t.at("status"), pass ? "pass" : (reason.empty() ? "FAIL" : "known")) << t.dump();
    // A reason's opening words say its kind: a conflict between published
    // results, or a limit of the model; nothing else is accepted.
    const std::string kind = reason.empty()                         ? ""
                             : reason.starts_with("conflicts with ") ? "conflict"
                             : reason.starts_with("a limit of the model: ") ? "limit"
                                                                            : "unworded";
    EXPECT_NE(kind, "unworded") << t.dump();
    EXPECT_EQ(t.at("failure_kind"), kind) << t.dump();
    for (const char* field : {"source", "published", "how", "quantity", "unit"})
      EXPECT_FALSE(t.at(field).get<std::string>().empty()) << field << " of " << t.dump();
    EXPECT_TRUE(rows.emplace(t.at("id"), t).second) << "id twice in the " << command << " table: " << t.dump();
  }
  return rows;
}

TEST(CliCalibration, JsonTableIsCompleteAndEveryTargetPasses) {
  const auto rows = table_rows("calibration");
  ASSERT_GE(rows.size(), 31u);
  for (const auto& [id, t] : rows) {
    EXPECT_TRUE(t.at("known_failure").get<std::string>().empty()) << id << ": a fit has no excuse for failing";
    EXPECT_TRUE(t.at("pass").get<bool>()) << t.dump();
  }
  for (const char* id : {"absorption.load_15mg", "mgp.mk7_180_twelve_weeks", "mgp.dialysis_1080"})
    EXPECT_TRUE(rows.count(id)) << id;
  // The independent checks live in the validation table only.
  for (const char* id : {"bone.mk7_three_years", "trials.k2_three_years", "vka.deposition"})
    EXPECT_FALSE(rows.count(id)) << id;
}

TEST(CliValidation, JsonTableIsCompleteAndEveryRowPassesOrIsExplained) {
  const auto rows = table_rows("validation");
  ASSERT_GE(rows.size(), 22u);
  for (const auto& [id, t] : rows)
    EXPECT_TRUE(t.at("pass").get<bool>() || !t.at("known_failure").get<std::string>().empty()) << t.dump();
  for (const char* id : {"bone.mk7_three_years", "trials.k2_three_years", "vka.deposition"})
    EXPECT_TRUE(rows.count(id)) << id;
}

// The markdown table (docs/VALIDATION.md) ends with the count of each kind of
// failing row, which is what the JSON rows add up to.
TEST(CliValidation, SummaryCountsConflictsApartFromLimits) {
  const auto rows = table_rows("validation");
  ASSERT_FALSE(rows.empty());
  long passed = 0, conflicts = 0, limits = 0;
  for (const auto& [id, t] : rows) {
    if (t.at("pass").get<bool>())
      ++passed;
    else if (t.at("failure_kind") == "conflict")
      ++conflicts;
    else if (t.at("failure_kind") == "limit")
      ++limits;
  }
  const std::string markdown = read_text(fs::path(CALCSIM_TARGET_TABLES) / "validation.md");
  std::ostringstream expected;
  expected << passed << " of " << rows.size() << " checks pass, " << conflicts + limits
           << " fail for a documented reason (" << conflicts << (conflicts == 1 ? " conflict" : " conflicts")
           << " between published results, " << limits << (limits == 1 ? " limit" : " limits") << " of the model)";
  EXPECT_NE(markdown.find(expected.str()), std::string::npos) << expected.str() << "\n" << markdown.substr(0, 200);
}

// A row fitted to is never also a check of the fit.
TEST(CliTargets, NoRowIsInBothTables) {
  const auto calibration = table_rows("calibration");
  const auto validation = table_rows("validation");
  ASSERT_FALSE(calibration.empty());
  ASSERT_FALSE(validation.empty());
  for (const auto& [id, t] : validation) EXPECT_FALSE(calibration.count(id)) << "in both tables: " << id;
}

}  // namespace
