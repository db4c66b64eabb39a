// Every input a fuzzer found a fault with (regressions/<target>/, one file
// each, named after what it caught) stays fixed: the fuzz target's body
// (fuzz_targets.hpp) must run on it without any exception but InputError, and
// under the `sanitize` preset without a sanitizer report. The fuzzers' seeds,
// the bundled scenarios and the parameter assignments, must be accepted.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_targets.hpp"

namespace {

namespace fs = std::filesystem;

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A target's directory appears with its first finding (git keeps no empty directories).
std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().filename() != "README.md") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

template <class Target>
std::size_t replay(const std::string& target, const Target& run) {
  const auto files = files_in(fs::path(CALCSIM_FUZZ_REGRESSIONS) / target);
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    const std::string bytes = read_bytes(file);
    EXPECT_NO_THROW(run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
  }
  return files.size();
}

TEST(FuzzRegressions, EveryFindingStaysFixed) {
  const std::size_t count =
      replay("scenario", calcsim::fuzz::scenario) + replay("expressions", calcsim::fuzz::expressions);
  EXPECT_GE(count, 1u) << "no regression inputs in " << CALCSIM_FUZZ_REGRESSIONS;
}

// The expression fuzzer's seeds (make_corpus.cmake): every parameter at its
// default, written with its unit, is a valid --set.
TEST(FuzzRegressions, ParameterSeedsAreValidAssignments) {
  for (const auto& info : calcsim::parameter_registry()) {
    char value[32];
    std::snprintf(value, sizeof value, "%.17g", info.default_value);
    std::string assignment(info.name);
    assignment.append("=").append(value).append(" ").append(info.unit);
    calcsim::Params p;
    EXPECT_NO_THROW(p.set_from_text(assignment)) << assignment;
  }
}

TEST(FuzzRegressions, BundledScenariosAreValidSeeds) {
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(CALCSIM_SOURCE_SCENARIOS)) {
    if (entry.path().extension() != ".yaml") continue;
    SCOPED_TRACE(entry.path().string());
    EXPECT_NO_THROW(calcsim::parse_scenario(read_bytes(entry.path()), entry.path().string()));
    ++count;
  }
  EXPECT_GE(count, 10u);
}

}  // namespace
