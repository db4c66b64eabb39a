#pragma once
// A scalar that records arithmetic as a formula instead of doing it: running
// the model's equations (model.cpp) with Symbolic states, parameters and
// inputs yields each state's rate as SBML Level 3 infix text, which libSBML
// parses into MathML (sbml_export.cpp). It has no conversion to double or
// bool, so an equation that branches on, or stores as double, a value derived
// from states or parameters does not compile: the model stays exportable.
#include <string>
#include <utility>

namespace calcsim::sbml {

class Symbolic {
 public:
  Symbolic() : Symbolic(0.0) {}
  Symbolic(double value);  // NOLINT(google-explicit-constructor): literals mix with symbols as doubles do
  // A named quantity: an SBML identifier (a parameter, a state, `time`).
  static Symbolic named(std::string id);

  // L3 infix text; every compound expression in parentheses.
  const std::string& text() const { return text_; }

  friend Symbolic operator+(const Symbolic& a, const Symbolic& b);
  friend Symbolic operator-(const Symbolic& a, const Symbolic& b);
  friend Symbolic operator*(const Symbolic& a, const Symbolic& b);
  friend Symbolic operator/(const Symbolic& a, const Symbolic& b);
  friend Symbolic operator-(const Symbolic& a);
  Symbolic& operator+=(const Symbolic& b) { return *this = *this + b; }
  Symbolic& operator-=(const Symbolic& b) { return *this = *this - b; }
  Symbolic& operator*=(const Symbolic& b) { return *this = *this * b; }
  Symbolic& operator/=(const Symbolic& b) { return *this = *this / b; }
  friend Symbolic exp(const Symbolic& a);
  friend Symbolic sqrt(const Symbolic& a);
  friend Symbolic pow(const Symbolic& base, const Symbolic& exponent);
  // SBML Level 3 Version 2's max and min: a choice between two values without a branch.
  friend Symbolic max(const Symbolic& a, const Symbolic& b);
  friend Symbolic min(const Symbolic& a, const Symbolic& b);

 private:
  Symbolic(std::string text, bool literal, double value) : text_(std::move(text)), literal_(literal), value_(value) {}
  static Symbolic compound(std::string text) { return {std::move(text), false, 0.0}; }

  std::string text_;
  bool literal_ = true;  // a number: arithmetic on two numbers is done, as in double
  double value_ = 0.0;
};

}  // namespace calcsim::sbml
