#pragma once
// Small text helpers shared by the parsers and the report writers.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace calcsim::text {

inline std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diag = up;
    }
  }
  return row[b.size()];
}

// The candidate nearest to `word`, or "" when none is close enough to be a
// plausible typo (distance above a third of the word's length, at least 2).
// Words longer than 64 characters get no suggestion (nobody mistypes one; the
// distance costs their length times each candidate's).
inline std::string closest_match(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string best;
  if (word.size() > 64) return best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  const std::string w = lower(word);
  for (auto c : candidates) {
    // The distance is at least the difference in length.
    if ((c.size() > w.size() ? c.size() - w.size() : w.size() - c.size()) >= best_distance) continue;
    const std::size_t d = edit_distance(w, lower(c));
    if (d < best_distance) {
      best_distance = d;
      best = std::string(c);
    }
  }
  return best;
}

// Every candidate as near to `word` as closest_match's (ties included, in the
// order given): "mk8" is as near to "mk4" as to "mk7". Empty when none is close.
inline std::vector<std::string> closest_matches(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::vector<std::string> out;
  const std::string best = closest_match(word, candidates);
  if (best.empty()) return out;
  const std::string w = lower(word);
  const std::size_t distance = edit_distance(w, lower(best));
  for (auto c : candidates)
    if (edit_distance(w, lower(c)) == distance) out.emplace_back(c);
  return out;
}

// " (did you mean 'mk7'?)", or with equally near candidates " (did you mean
// 'mk4' or 'mk7'?)"; when none is near, a candidate that begins with the word
// ("warfarin-user" for "warfarin"). Empty when nothing fits.
inline std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::vector<std::string> best = closest_matches(word, candidates);
  // Of equally near ones, those that begin with the word: "vitamin_k1" for "vitamin_k", not "vitamin_d".
  const auto extends = [&](const std::string& c) { return c.starts_with(word); };
  if (std::any_of(best.begin(), best.end(), extends)) std::erase_if(best, [&](const auto& c) { return !extends(c); });
  if (best.empty() && !word.empty())
    for (auto c : candidates)
      if (c.starts_with(word)) best.emplace_back(c);
  if (best.empty() || best.size() > 3) return {};
  std::string out = " (did you mean '";
  for (std::size_t i = 0; i < best.size(); ++i)
    out.append(i == 0 ? "" : i + 1 == best.size() ? "' or '" : "', '").append(best[i]);
  return out.append("'?)");
}

// A number in a message ("0.25", "1e-09"). Tables and CSV cells format through
// report/format.hpp.
inline std::string format_number(double v, int significant = 6) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", significant, v);
  return buf;
}

// A ratio, exponent or fraction: the registry writes its unit "1", which
// messages leave out, so "0.7" is not read as "0.7 1".
inline bool is_dimensionless(std::string_view unit) { return unit.empty() || unit == "1"; }

// " h" after a number in a message, or nothing for a dimensionless unit.
inline std::string unit_suffix(std::string_view unit) {
  std::string suffix;
  if (is_dimensionless(unit)) return suffix;
  suffix.reserve(unit.size() + 1);
  suffix.push_back(' ');
  suffix.append(unit);
  return suffix;
}

// A number with its unit in a message ("72 h"; "0.7" when dimensionless).
inline std::string format_quantity(double v, std::string_view unit) { return format_number(v) + unit_suffix(unit); }

// Parses a whole string as a finite number; nullopt otherwise.
inline std::optional<double> parse_number(std::string_view s) {
  const std::string t = trim(s);
  if (t.empty()) return std::nullopt;
  double v = 0.0;
  const char* begin = t.data();
  if (*begin == '+') ++begin;
  const auto [ptr, ec] = std::from_chars(begin, t.data() + t.size(), v);
  if (ec != std::errc() || ptr != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// "72" or "72 h" where `unit` is "h": the number, or nullopt for any other unit.
inline std::optional<double> parse_number_with_unit(std::string_view s, std::string_view unit) {
  const std::string t = trim(s);
  if (auto v = parse_number(t)) return v;
  if (!unit.empty() && t.size() > unit.size() && t.ends_with(unit)) {
    const std::string head = trim(std::string_view(t).substr(0, t.size() - unit.size()));
    return parse_number(head);
  }
  return std::nullopt;
}

// `s` padded with spaces to `width`: on the right when `left` (left-aligned), else on the left.
inline std::string pad(const std::string& s, std::size_t width, bool left) {
  if (s.size() >= width) return s;
  return left ? s + std::string(width - s.size(), ' ') : std::string(width - s.size(), ' ') + s;
}

// `s` cut to at most `limit` bytes, ending in "..." when cut, for quoting input in
// messages: a whole file read as one value would otherwise fill the screen. The
// cut never splits a UTF-8 character.
inline std::string shortened(std::string_view s, std::size_t limit = 40) {
  if (s.size() <= limit) return std::string(s);
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return std::string(s.substr(0, end)) + "...";
}

}  // namespace calcsim::text
