#pragma once
// The report module's rules for numbers and CSV, one owner each. Every writer
// of a table, a CSV report or a data file (engine/src/report, the analyses'
// reports, the command line's tables, the Python bindings) formats through
// these:
//   csv_field     a text field of a CSV file: RFC 4180, quoted only where needed
//   csv_number    a number cell of a CSV report: 10 significant digits
//   exact_number  a number of a data file (--out): the shortest text that reads
//                 back to the same double
//   fixed         a table cell with a fixed count of decimals, never "-0.00"
//   signed_fixed  the same with a sign ("+0.25"), for changes and differences
// NaN is an empty cell in CSV (pandas reads it back as NaN).
#include <charconv>
#include <cmath>
#include <system_error>
#include <iomanip>
#include <sstream>
#include <string>
#include <string_view>

#include "support/text.hpp"

namespace calcsim::report {

// Significant digits of a number cell in a CSV report.
inline constexpr int csv_digits = 10;

// A CSV field (RFC 4180): as it is, or in double quotes with each quote
// doubled when it holds a comma, a quote, a carriage return or a line feed.
inline std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

// A number cell of a CSV report: csv_digits significant digits, the shorter of
// fixed and exponent notation ("0.25", "1e-09"); NaN as an empty cell.
inline std::string csv_number(double v) { return std::isnan(v) ? std::string() : text::format_number(v, csv_digits); }

// A number of a data file: the shortest text that reads back to the same
// double ("0.1", not "0.10000000000000001"); NaN as an empty cell.
inline std::string exact_number(double v) {
  if (std::isnan(v)) return {};
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

// A table cell with `decimals` decimals ("0.250"); a value that rounds to zero
// is shown as zero, without a minus sign ("0.00", never "-0.00").
inline std::string fixed(double v, int decimals) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(decimals) << v;
  std::string s = os.str();
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

// fixed with a sign: "+0.25", "-0.25", and "0.00" for what rounds to zero.
inline std::string signed_fixed(double v, int decimals) {
  const std::string s = fixed(v, decimals);
  // (Built with append: GCC 12 warns falsely about "literal" + std::string.)
  return (s[0] == '-' || s.find_first_not_of("0.") == std::string::npos) ? s : std::string(1, '+').append(s);
}

}  // namespace calcsim::report
