#include "sbml/symbolic.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace calcsim::sbml {
namespace {

// The shortest text that reads back as exactly `v` (so exported numbers
// reproduce the engine's to the last bit).
std::string number_text(double v) {
  if (!std::isfinite(v)) throw std::domain_error("a model constant is not finite");
  std::array<char, 32> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  std::string out(buf.data(), end);
  return v < 0.0 ? "(" + out + ")" : out;
}

}  // namespace

Symbolic::Symbolic(double value) : Symbolic(number_text(value), true, value) {}

Symbolic Symbolic::named(std::string id) { return {std::move(id), false, 0.0}; }

// Two numbers combine to the double result, as the engine computes it; a
// zero added or a one multiplied leaves the other side as it is.
Symbolic operator+(const Symbolic& a, const Symbolic& b) {
  if (a.literal_ && b.literal_) return a.value_ + b.value_;
  if (a.literal_ && a.value_ == 0.0) return b;
  if (b.literal_ && b.value_ == 0.0) return a;
  return Symbolic::compound("(" + a.text_ + " + " + b.text_ + ")");
}

Symbolic operator-(const Symbolic& a, const Symbolic& b) {
  if (a.literal_ && b.literal_) return a.value_ - b.value_;
  if (b.literal_ && b.value_ == 0.0) return a;
  return Symbolic::compound("(" + a.text_ + " - " + b.text_ + ")");
}

Symbolic operator*(const Symbolic& a, const Symbolic& b) {
  if (a.literal_ && b.literal_) return a.value_ * b.value_;
  if (a.literal_ && a.value_ == 1.0) return b;
  if (b.literal_ && b.value_ == 1.0) return a;
  return Symbolic::compound("(" + a.text_ + " * " + b.text_ + ")");
}

Symbolic operator/(const Symbolic& a, const Symbolic& b) {
  if (a.literal_ && b.literal_) return a.value_ / b.value_;
  if (b.literal_ && b.value_ == 1.0) return a;
  return Symbolic::compound("(" + a.text_ + " / " + b.text_ + ")");
}

Symbolic operator-(const Symbolic& a) {
  if (a.literal_) return -a.value_;
  return Symbolic::compound("(-" + a.text_ + ")");
}

Symbolic exp(const Symbolic& a) {
  if (a.literal_) return std::exp(a.value_);
  return Symbolic::compound("exp(" + a.text_ + ")");
}

Symbolic sqrt(const Symbolic& a) {
  if (a.literal_) return std::sqrt(a.value_);
  return Symbolic::compound("sqrt(" + a.text_ + ")");
}

Symbolic pow(const Symbolic& base, const Symbolic& exponent) {
  if (base.literal_ && exponent.literal_) return std::pow(base.value_, exponent.value_);
  return Symbolic::compound("pow(" + base.text_ + ", " + exponent.text_ + ")");
}

Symbolic max(const Symbolic& a, const Symbolic& b) {
  if (a.literal_ && b.literal_) return std::max(a.value_, b.value_);
  return Symbolic::compound("max(" + a.text_ + ", " + b.text_ + ")");
}

Symbolic min(const Symbolic& a, const Symbolic& b) {
  if (a.literal_ && b.literal_) return std::min(a.value_, b.value_);
  return Symbolic::compound("min(" + a.text_ + ", " + b.text_ + ")");
}

}  // namespace calcsim::sbml
