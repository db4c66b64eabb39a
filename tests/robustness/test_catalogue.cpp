// The catalogue of bad inputs (catalogue.yaml), run through the `calcsim`
// program: one test per case. Each must exit with its code (2: bad input)
// quickly, print nothing on stdout, say on stderr where the problem is (the
// file, line and key, or the option) and what was expected, and leave the
// working directory as it was: `run` and `compare` are given `--out out.csv`,
// and neither that file nor a temporary one may appear.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "../cli/cli_runner.hpp"
#include "catalogue.hpp"

namespace {

using namespace calcsim::cli_test;
using calcsim::robustness::Case;

std::vector<Case> cli_cases() {
  std::vector<Case> out;
  try {
    for (auto& c : calcsim::robustness::load_catalogue(CALCSIM_CATALOGUE))
      if (c.cli) out.push_back(std::move(c));
  } catch (const std::exception& e) {
    Case unreadable;
    unreadable.id = "catalogue_unreadable";
    unreadable.category = e.what();
    out.push_back(unreadable);
  }
  return out;
}

// What the message must contain: where (file and line, or option, and key)
// and what was expected.
std::vector<std::string> required_fragments(const Case& c) {
  std::vector<std::string> out;
  std::string place;
  if (c.has_file || !c.generate.empty())
    place = concat(calcsim::robustness::case_file, c.line > 0 ? concat(":", std::to_string(c.line)) : "");
  if (!c.argument.empty()) place = c.argument;
  if (!place.empty()) out.push_back(concat(place, ": ", c.key.empty() ? "" : concat(c.key, ": ")));
  else if (!c.key.empty()) out.push_back(concat(c.key, ": "));
  out.insert(out.end(), c.expect.begin(), c.expect.end());
  return out;
}

class Catalogue : public ::testing::TestWithParam<Case> {};

TEST_P(Catalogue, IsRefusedClearlyAndWritesNothing) {
  const Case& c = GetParam();
  ASSERT_NE(c.id, "catalogue_unreadable") << "cannot read " << CALCSIM_CATALOGUE << ": " << c.category;
  ASSERT_FALSE(c.expect.empty()) << c.id << ": a case must say what the message holds";
  CliRunner cli;
  if (c.has_file) write_text(cli.work() / calcsim::robustness::case_file, c.file);
  if (!c.generate.empty())
    write_text(cli.work() / calcsim::robustness::case_file, calcsim::robustness::generated_content(c.generate));

  std::vector<std::string> args = c.args;
  if (!args.empty() && (args.front() == "run" || args.front() == "compare") &&
      std::find(args.begin(), args.end(), "--out") == args.end()) {
    args.push_back("--out");
    args.push_back("out.csv");
  }
  const Outcome r = cli.fail(args, c.exit_code, required_fragments(c));
  EXPECT_EQ(r.err.rfind("calcsim: error: ", 0), 0u) << "the message starts with 'calcsim: error: '\n" << describe(r);
  EXPECT_LE(r.seconds, c.within_seconds) << c.id << " took " << r.seconds << " s\n" << describe(r);
  EXPECT_FALSE(fs::exists(cli.work() / "out.csv"));
  // Nothing at all is written: no output, no page, no temporary file.
  for (const auto& entry : fs::directory_iterator(cli.work()))
    EXPECT_EQ(entry.path().filename(), calcsim::robustness::case_file) << c.id << " left " << entry.path();
}

INSTANTIATE_TEST_SUITE_P(Case, Catalogue, ::testing::ValuesIn(cli_cases()),
                         [](const ::testing::TestParamInfo<Case>& param) { return param.param.id; });

// The catalogue holds what issue 7 asks for: at least 50 cases, each category
// represented, ids unique.
TEST(CatalogueContents, CoversEveryKindOfBadInput) {
  const auto cases = calcsim::robustness::load_catalogue(CALCSIM_CATALOGUE);
  EXPECT_GE(cases.size(), 50u);
  std::map<std::string, int> per_category;
  std::set<std::string> ids;
  for (const auto& c : cases) {
    ++per_category[c.category];
    EXPECT_TRUE(ids.insert(c.id).second) << "duplicate id " << c.id;
  }
  for (const char* category : {"file", "yaml", "keys", "units", "dose", "values", "time", "arms", "scenario",
                               "options", "set", "python"})
    EXPECT_GT(per_category[category], 0) << "no case of category " << category;
  for (const char* kind : {"binary", "huge", "deep", "laughs", "recursive"})
    EXPECT_TRUE(std::any_of(cases.begin(), cases.end(), [&](const Case& c) { return c.generate == kind; }))
        << "no case with a generated " << kind << " file";
}

}  // namespace
