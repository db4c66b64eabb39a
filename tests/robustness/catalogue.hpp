#pragma once
// The catalogue of bad inputs (catalogue.yaml) as C++ values, and the content
// of its generated files. The Python runner (tests/python/test_robustness.py)
// generates the same content; the comment at the top of catalogue.yaml
// describes the fields.
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace calcsim::robustness {

struct Case {
  std::string id;
  std::string category;
  std::string file;      // content of case.yaml ...
  bool has_file = false;
  std::string generate;  // ... or what to generate there
  std::vector<std::string> args;
  int exit_code = 2;
  int line = 0;
  std::string key;
  std::string argument;
  std::vector<std::string> expect;
  double within_seconds = 20.0;
  bool cli = true;       // false for the cases of the Python runner only
};

inline constexpr const char* case_file = "case.yaml";

// The generated files: a binary file (a PNG signature, then bytes of every
// value), a NUL on line 2, UTF-16 text, 100 MB of valid YAML, brackets nested
// 100,000 deep, the "billion laughs" of nested aliases, and an alias inside
// its own anchor.
inline std::string generated_content(const std::string& kind) {
  if (kind == "binary") {
    std::string out("\x89PNG\r\n\x1a\n", 8);
    for (int i = 0; i < 4096; ++i) out.push_back(static_cast<char>((i * 151 + 7) % 256));
    return out;
  }
  if (kind == "nul") return std::string("name: x\n\0\0\0\n", 12);
  if (kind == "utf16") {
    std::string out("\xFF\xFE", 2);
    for (char c : std::string("duration: 1 year\n")) out.append({c, '\0'});
    return out;
  }
  if (kind == "huge") {
    constexpr std::size_t size = std::size_t{100} << 20;
    std::string out = "description: |\n";
    const std::string line = "  " + std::string(97, 'x') + "\n";
    out.reserve(size);
    while (out.size() + line.size() <= size) out += line;
    if (out.size() + 1 < size) out.append("#").append(size - out.size() - 1, 'x');  // a comment fills the rest
    out.resize(size, '\n');
    return out;
  }
  if (kind == "deep") return "interventions: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  if (kind == "laughs") {
    std::string out = "interventions:\n  - &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int level = 1; level <= 9; ++level) {
      out += "  - &a" + std::to_string(level) + " [";
      for (int k = 0; k < 9; ++k) out += (k ? ", *a" : "*a") + std::to_string(level - 1);
      out += "]\n";
    }
    return out;
  }
  if (kind == "recursive") return "interventions: &loop [*loop]\n";
  throw std::invalid_argument("catalogue: unknown generated content '" + kind + "'");
}

inline std::vector<std::string> strings(const YAML::Node& n) {
  std::vector<std::string> out;
  for (const auto& item : n) out.push_back(item.as<std::string>());
  return out;
}

// GoogleTest shows a case by its id.
inline void PrintTo(const Case& c, std::ostream* os) { *os << c.id; }

// Every case of the catalogue file; throws when it cannot be read.
inline std::vector<Case> load_catalogue(const std::string& path) {
  std::vector<Case> cases;
  for (const auto& n : YAML::LoadFile(path)) {
    Case c;
    c.id = n["id"].as<std::string>();
    c.category = n["category"].as<std::string>();
    if (n["file"]) {
      c.file = n["file"].as<std::string>();
      c.has_file = true;
    }
    if (n["generate"]) c.generate = n["generate"].as<std::string>();
    if (n["args"]) c.args = strings(n["args"]);
    else if (c.has_file || !c.generate.empty()) c.args = {"run", case_file};
    else c.cli = false;
    if (n["exit"]) c.exit_code = n["exit"].as<int>();
    if (n["line"]) c.line = n["line"].as<int>();
    if (n["key"]) c.key = n["key"].as<std::string>();
    if (n["argument"]) c.argument = n["argument"].as<std::string>();
    if (n["expect"]) c.expect = strings(n["expect"]);
    if (n["within"]) c.within_seconds = n["within"].as<double>();
    cases.push_back(std::move(c));
  }
  return cases;
}

}  // namespace calcsim::robustness
