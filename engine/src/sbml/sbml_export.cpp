#include "calcsim/sbml_export.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

#include <sbml/SBMLTypes.h>
#include <sbml/math/L3Parser.h>

#include "calcsim/errors.hpp"
#include "calcsim/simulator.hpp"
#include "calcsim/version.hpp"
#include "sbml/sbml_units.hpp"
#include "sbml/symbolic_model.hpp"
#include "schedule/schedule.hpp"
#include "schedule/timeline_walk.hpp"
#include "solver/integrator.hpp"
#include "support/text.hpp"

namespace calcsim {
LIBSBML_CPP_NAMESPACE_USE  // libSBML names unqualified whether or not it was built with a namespace
namespace {

using sbml::Symbolic;

// The inputs the equations read, each with its SBML id, unit and meaning:
// one list for the symbolic inputs and for the engine's numbers. The gut
// depots' input rates are named after their depot ("k1_gut_input").
template <class S, class Visit>
void for_each_input(model::BasicInputs<S>& in, Visit&& visit) {
  visit("ca_in", "mmol/day", "Calcium into the proximal gut as a continuous rate (daily-averaged dosing)", in.ca_in);
  visit("ca_in_distal", "mmol/day", "Unabsorbable food calcium into the distal gut as a continuous rate",
        in.ca_in_distal);
  visit("magnesium_extra", "mg/day", "Magnesium from supplements (daily average)", in.magnesium_extra);
  visit("dialysis_duty", "1", "Fraction of the time on dialysis (1 during a session)", in.dialysis_duty);
  visit("active_absorption_scale", "1",
        "Scale on the saturable gut calcium route (below 1 when meals are averaged over the day)",
        in.active_absorption_scale);
  for (int i : model::continuous_input_states) {
    const auto& info = model::states[static_cast<std::size_t>(i)];
    visit(std::string(info.name) + "_input", std::string(info.unit) + "/day",
          "Continuous input into " + std::string(info.description) + " (daily-averaged dosing)",
          in.depot_rate[static_cast<std::size_t>(i)]);
  }
}

model::SymbolicContext symbolic_context(const model::Context& c) {
  model::SymbolicContext sc;
#define X(field, name, value, unit, lo, hi, source, desc) sc.p.field = Symbolic::named(#field);
#include "calcsim/parameter_list.inc"
#undef X
#define X(field, value, unit, desc) sc.field = Symbolic::named(#field);
#include "model/context_list.inc"
#undef X
  sc.ageing = c.ageing;
  sc.female = c.female;
  sc.has_menopause = c.has_menopause;
  sc.dialysis = c.dialysis;
  return sc;
}

model::SymbolicInputs symbolic_inputs() {
  model::SymbolicInputs in;
  in.t_start = Symbolic::named("time");  // SBML's model time: age grows continuously
  in.age_offset = 0.0;
  for_each_input(in, [](const std::string& id, const std::string&, const std::string&, Symbolic& field) {
    field = Symbolic::named(id);
  });
  return in;
}

std::unique_ptr<ASTNode> formula(const std::string& text) {
  std::unique_ptr<ASTNode> ast(SBML_parseL3Formula(text.c_str()));
  if (!ast) {
    const std::unique_ptr<char, void (*)(void*)> why(SBML_getLastParseL3Error(), std::free);
    throw std::logic_error("libSBML cannot parse a generated formula (" + std::string(why ? why.get() : "") +
                           "): " + text.substr(0, 200));
  }
  return ast;
}

// Gives every number in the formula a unit (its own formulas' literals are
// amounts, rates or times of one known unit).
void set_literal_units(ASTNode& node, const std::string& unit) {
  if (node.isNumber()) node.setUnits(unit);
  for (unsigned k = 0; k < node.getNumChildren(); ++k) set_literal_units(*node.getChild(k), unit);
}

void collect_names(const ASTNode& node, std::set<std::string>& out) {
  if (node.getType() == AST_NAME) out.insert(node.getName());
  for (unsigned k = 0; k < node.getNumChildren(); ++k) collect_names(*node.getChild(k), out);
}

// The engine's inputs over every segment of the timeline. With exact dosing
// they do not depend on the state; daily-averaged dosing corrects the gut's
// saturable route at each segment's starting state, so the scenario is run.
std::vector<model::Inputs> segment_inputs_of_run(const model::Context& c, const Timeline& tl,
                                                 const InitialCondition& init, Dosing dosing,
                                                 const std::atomic<bool>* cancel) {
  std::vector<model::Inputs> out;
  FullState x{};
  std::copy(init.state.begin(), init.state.end(), x.begin());
  WalkOptions options;
  options.cancel = cancel;
  TimelineWalk walk(c, tl, {}, options);
  if (dosing != Dosing::DailyAveraged) {
    for (std::size_t i = 0; i < walk.segment_count(); ++i) out.push_back(walk.start(i, x));
    return out;
  }
  const SimulationOptions defaults;
  Integrator integrator(c, defaults.rtol, defaults.atol);
  walk.run(x, [&](const SegmentRun& run, SolverState& y) {
    out.push_back(*run.inputs);
    integrator.advance(run, y, [](std::size_t, const double*) {});
  });
  return out;
}

std::string sbml_id(const std::string& name) {
  std::string id = "calcsim_";
  for (char ch : name) id.push_back(std::isalnum(static_cast<unsigned char>(ch)) != 0 ? ch : '_');
  return id;
}

std::string xhtml_escape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '&') out += "&amp;";
    else if (ch == '<') out += "&lt;";
    else if (ch == '>') out += "&gt;";
    else out.push_back(ch);
  }
  return out;
}

class DocumentBuilder {
 public:
  explicit DocumentBuilder(const Scenario& s) : doc_(3, 2), m_(doc_.createModel()) {
    m_->setId(sbml_id(s.name));
    m_->setName("calcsim " + std::string(version) + ": " + s.name);
    m_->setTimeUnits(sbml::unit_id(*m_, "day"));
    m_->setNotes("<body xmlns=\"http://www.w3.org/1999/xhtml\"><p>" +
                 xhtml_escape("Exported by calcsim " + std::string(version) + " from the scenario '" + s.name +
                              "'. " + s.description) +
                 "</p><p>" + xhtml_escape(disclaimer) + "</p></body>");
  }

  void parameter(const std::string& id, double value, const std::string& unit, const std::string& name,
                 bool constant) {
    if (!ids_.insert(id).second) throw std::logic_error("the SBML export uses the id '" + id + "' twice");
    Parameter* q = m_->createParameter();
    q->setId(id);
    q->setName(name);
    q->setValue(value);
    q->setUnits(sbml::unit_id(*m_, unit));
    q->setConstant(constant);
  }

  void rate_rule(const std::string& variable, const ASTNode& math) {
    RateRule* r = m_->createRateRule();
    r->setVariable(variable);
    r->setMath(&math);
  }

  // An event at time t (days) that assigns each (variable, formula, unit of the formula's numbers).
  void event(std::size_t index, double t, const std::vector<std::array<std::string, 3>>& assignments) {
    Event* e = m_->createEvent();
    e->setId("event_" + std::to_string(index));
    e->setName("day " + text::format_number(t));
    e->setUseValuesFromTriggerTime(true);
    Trigger* trigger = e->createTrigger();
    trigger->setInitialValue(true);  // not fired at the start: the start state already holds segment 0
    trigger->setPersistent(true);
    const auto when = formula("time >= " + Symbolic(t).text());
    set_literal_units(*when, sbml::unit_id(*m_, "day"));
    trigger->setMath(when.get());
    for (const auto& [variable, math, unit] : assignments) {
      EventAssignment* a = e->createEventAssignment();
      a->setVariable(variable);
      const auto value = formula(math);
      set_literal_units(*value, sbml::unit_id(*m_, unit));
      a->setMath(value.get());
    }
    ++events_;
  }

  std::size_t parameter_count() const { return ids_.size(); }
  std::size_t event_count() const { return events_; }
  std::string xml() {
    std::unique_ptr<char, void (*)(void*)> text(writeSBMLToString(&doc_), std::free);
    if (!text) throw std::logic_error("libSBML could not write the document");
    return text.get();
  }

 private:
  SBMLDocument doc_;
  Model* m_;
  std::set<std::string> ids_;
  std::size_t events_ = 0;
};

}  // namespace

SbmlExport sbml_export(const Scenario& s, const Params& p, const std::atomic<bool>* cancel) {
  const InitialCondition init = initial_condition(s, p, cancel);
  model::Context c = model::run_context(p, s, init);
  const Timeline tl = build_timeline(s, p);
  std::vector<model::Inputs> inputs = segment_inputs_of_run(c, tl, init, s.dosing, cancel);

  // The rate of every state, from the engine's equations run on symbols.
  const model::SymbolicContext sc = symbolic_context(c);
  const model::SymbolicInputs sin = symbolic_inputs();
  std::vector<Symbolic> x, dx(model::n_states);
  for (const auto& info : model::states) x.push_back(Symbolic::named(std::string(info.name)));
  model::symbolic_derivatives(sc, sin, x.data(), dx.data());
  std::vector<std::unique_ptr<ASTNode>> rates;
  std::set<std::string> used;
  for (const Symbolic& rate : dx) {
    rates.push_back(formula(rate.text()));
    collect_names(*rates.back(), used);
  }

  DocumentBuilder b(s);
  // Constants the rates use: registry parameters (in internal units) and the
  // numbers the engine derives from the patient and diet.
  auto constant = [&](const std::string& id, double value, std::string_view unit, const std::string& name) {
    if (used.count(id) != 0) b.parameter(id, value, std::string(unit), name, true);
  };
#define X(field, name, value, unit, lo, hi, source, desc) \
  constant(#field, c.p.field, parameter_unit(unit).internal, std::string(name) + ": " + desc);
#include "calcsim/parameter_list.inc"
#undef X
#define X(field, value, unit, desc) constant(#field, c.field, unit, std::string(desc) + " (from the scenario)");
#include "model/context_list.inc"
#undef X

  // Inputs: variables the events switch, starting at segment 0's values.
  std::vector<std::pair<std::string, std::string>> input_units;  // (id, unit) of each input the rates use
  for_each_input(inputs.front(), [&](const std::string& id, const std::string& unit, const std::string& desc,
                                     double value) {
    if (used.count(id) == 0) return;
    b.parameter(id, value, unit, desc, false);
    input_units.emplace_back(id, unit);
  });
  auto input_values = [&](model::Inputs& in) {
    std::map<std::string, double> values;
    for_each_input(in, [&](const std::string& id, const std::string&, const std::string&, double value) {
      values[id] = value;
    });
    return values;
  };

  // States, from the engine's starting state with segment 0's meals and doses.
  FullState x0{};
  std::copy(init.state.begin(), init.state.end(), x0.begin());
  for (const Jump& j : tl.segments.front().jumps) x0[static_cast<std::size_t>(j.state)] += j.amount;
  for (std::size_t i = 0; i < model::states.size(); ++i) {
    const auto& info = model::states[i];
    b.parameter(std::string(info.name), x0[i], std::string(info.unit), std::string(info.description), false);
    b.rate_rule(std::string(info.name), *rates[i]);
  }

  // Every later segment: its meals and doses (added to their depots) and the
  // inputs that change, at its start.
  std::map<std::string, double> previous = input_values(inputs.front());
  for (std::size_t i = 1; i < tl.segments.size(); ++i) {
    std::vector<std::array<std::string, 3>> assignments;
    std::map<int, double> added;
    for (const Jump& j : tl.segments[i].jumps) added[j.state] += j.amount;
    for (const auto& [state, amount] : added) {
      const auto& info = model::states[static_cast<std::size_t>(state)];
      const std::string id(info.name);
      assignments.push_back({id, id + " + " + Symbolic(amount).text(), std::string(info.unit)});
    }
    const std::map<std::string, double> now = input_values(inputs[i]);
    for (const auto& [id, unit] : input_units)
      if (now.at(id) != previous.at(id)) assignments.push_back({id, Symbolic(now.at(id)).text(), unit});
    previous = now;
    if (!assignments.empty()) b.event(i, tl.segments[i].t_start, assignments);
  }

  SbmlExport out;
  out.states = model::states.size();
  out.parameters = b.parameter_count();
  out.events = b.event_count();
  out.xml = b.xml();
  return out;
}

SbmlCheck check_sbml(const std::string& xml) {
  std::unique_ptr<SBMLDocument> doc(readSBMLFromString(xml.c_str()));
  doc->setConsistencyChecks(LIBSBML_CAT_UNITS_CONSISTENCY, true);
  doc->checkConsistency();
  SbmlCheck out;
  for (unsigned k = 0; k < doc->getNumErrors(); ++k) {
    const SBMLError* e = doc->getError(k);
    const bool error = e->getSeverity() == LIBSBML_SEV_ERROR || e->getSeverity() == LIBSBML_SEV_FATAL;
    (error ? out.errors : out.warnings) += 1;
    out.messages.push_back(e->getSeverityAsString() + " " + std::to_string(e->getErrorId()) + ": " +
                           text::trim(e->getMessage()));
  }
  return out;
}

void check_sbml_path(const std::string& path, const std::string& option) {
  const std::string lower = text::lower(path);
  const std::string file = lower.substr(lower.find_last_of('/') + 1);
  const bool named = (file.ends_with(".xml") && file.size() > 4) || (file.ends_with(".sbml") && file.size() > 5);
  if (!named)
    throw InputError(SourceLocation::of_option(option), "expected a file name ending in .xml or .sbml, got '" + path + "'");
}

}  // namespace calcsim
