#pragma once
// Scenarios from a YAML tree built in memory rather than parsed from text:
// the Python bindings build one from a dict of the scenario-file schema, so
// that the dict reaches the engine's own reader without being written out.
#include <yaml-cpp/yaml.h>

#include <string>

#include "calcsim/scenario.hpp"

namespace calcsim {

// The same reader, checks and messages as parse_scenario() (naming `origin`
// and the dotted key); a tree built in memory has no lines, so none are named.
Scenario read_scenario_tree(const YAML::Node& root, const std::string& origin);

}  // namespace calcsim
