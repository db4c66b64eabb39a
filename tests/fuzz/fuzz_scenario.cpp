// libFuzzer target: scenario text -> parse_scenario (and arms), see fuzz_targets.hpp.
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  calcsim::fuzz::scenario(data, size);
  return 0;
}
