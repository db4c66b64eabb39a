// libFuzzer target: the text of --set, --vary, --at and the unit parsers, see fuzz_targets.hpp.
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  calcsim::fuzz::expressions(data, size);
  return 0;
}
