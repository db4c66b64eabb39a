#pragma once

namespace calcsim {
inline constexpr const char* version = "0.1.0";
inline constexpr const char* disclaimer =
    "calcsim is an illustrative teaching model, not medical advice.";
}  // namespace calcsim
