// Every input a fuzzer found a fault with (regressions/<target>/, one file
// each, named after what it caught) stays fixed: the fuzz target's body
// (fuzz_targets.hpp) must run on it without any exception but InputError, and
// under the `sanitize` preset without a sanitizer report. The bundled
// scenarios, the scenario fuzzer's seeds, must load without any error at all.
#include <gtest/gtest.h>

#include <algorithm>
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

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().filename() != "README.md") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

template <class Target>
void replay(const std::string& target, const Target& run) {
  const auto files = files_in(fs::path(CALCSIM_FUZZ_REGRESSIONS) / target);
  EXPECT_FALSE(files.empty()) << "no regression inputs for " << target;
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    const std::string bytes = read_bytes(file);
    EXPECT_NO_THROW(run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
  }
}

TEST(FuzzRegressions, Scenario) { replay("scenario", calcsim::fuzz::scenario); }

TEST(FuzzRegressions, Expressions) { replay("expressions", calcsim::fuzz::expressions); }

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
