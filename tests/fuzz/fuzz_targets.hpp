#pragma once
// What the fuzzers run on each input, shared by the libFuzzer entry points
// (fuzz_scenario.cpp, fuzz_expressions.cpp) and by the regression test that
// replays every input they ever found a fault with (test_fuzz_regressions.cpp).
//
// The contract under test: whatever the bytes, the parsers either succeed or
// throw InputError (std::invalid_argument for the unit and clock parsers,
// which the callers turn into InputError). Any other exception, a crash, a
// sanitizer report or a hang is a bug.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "calcsim/arms.hpp"
#include "calcsim/errors.hpp"
#include "calcsim/parameters.hpp"
#include "calcsim/report.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/sweep.hpp"
#include "calcsim/units.hpp"

namespace calcsim::fuzz {

inline std::string as_text(const std::uint8_t* data, std::size_t size) {
  return size == 0 ? std::string() : std::string(reinterpret_cast<const char*>(data), size);
}

// A scenario file: parsed and validated (arms included), then its arms applied
// as `calcsim compare` would before simulating.
inline void scenario(const std::uint8_t* data, std::size_t size) {
  try {
    const Scenario s = parse_scenario(as_text(data, size), "fuzz.yaml");
    for (const auto& arm : arms_of(s)) validate(arm.scenario);
  } catch (const InputError&) {
  }
}

// The text of a command-line option: --set NAME=VALUE, --vary, --at and
// --every, --output, --format, and the quantities and clock times of files.
inline void expressions(const std::uint8_t* data, std::size_t size) {
  const std::string text = as_text(data, size);
  const auto refused = [](const auto& parse) {
    try {
      parse();
    } catch (const InputError&) {
    } catch (const std::invalid_argument&) {
    }
  };
  refused([&] { Params().set_from_text(text); });
  refused([&] { parse_sweep(text); });
  refused([&] { parse_times(text, "--at"); });
  refused([&] { parse_output_names(text, "--output"); });
  refused([&] { parse_format(text); });
  refused([&] { units::parse_clock(text); });
  for (const auto dim : {units::Dimension::Mass, units::Dimension::VitaminD, units::Dimension::MassPerDay,
                         units::Dimension::VitaminDPerDay, units::Dimension::Duration, units::Dimension::Age,
                         units::Dimension::FilterRate, units::Dimension::Score, units::Dimension::Pressure,
                         units::Dimension::VitaminDStatus})
    refused([&] { units::parse(text, dim); });
}

}  // namespace calcsim::fuzz
