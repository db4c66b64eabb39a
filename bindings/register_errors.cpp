// The engine's two kinds of failure become Python exceptions with the
// engine's message: calcsim.InputError (a ValueError: bad scenario, dose,
// parameter or option) and calcsim.NumericalError (a RuntimeError: the
// integrator could not complete the run). Both carry the details as
// attributes (file, line, column, key, argument, detail; time_days, state).
// An input error's message is in Python terms: a value from a file is
// "file:line: key: detail"; a value given as a run option is named as the
// Python argument that carries it ("params['mk7.half_life']: ...",
// "format: ..."). A cancelled run (calcsim::Cancelled) becomes
// KeyboardInterrupt.
#include "calcsim/errors.hpp"
#include "register.hpp"

namespace calcsim::python {
namespace {

// Created once and never destroyed: a static py::object would be released
// after the interpreter has shut down.
PyObject* input_error_type = nullptr;
PyObject* numerical_error_type = nullptr;

PyObject* new_exception_type(py::module_& m, const char* name, PyObject* base, const char* doc) {
  const std::string full_name = std::string(PyModule_GetName(m.ptr())) + "." + name;
  PyObject* type = PyErr_NewExceptionWithDoc(full_name.c_str(), doc, base, nullptr);
  if (type == nullptr) throw py::error_already_set();
  m.add_object(name, py::reinterpret_borrow<py::object>(type));
  return type;
}

// The Python argument that carries a run option the engine names; the other
// options are arguments of the same name.
std::string argument_of(const std::string& option) {
  if (option == "output") return "outputs";
  if (option == "out" || option == "bands_out") return "path";
  return option;
}

// "params['mk7.half_life']" for a key of an argument, else the argument.
std::string argument_place(const std::string& argument, const std::string& key) {
  return key.empty() ? argument : argument + "['" + key + "']";
}

void raise(PyObject* type, const std::string& message, const py::dict& attributes) {
  py::object exc = py::reinterpret_borrow<py::object>(type)(message);
  for (auto [key, value] : attributes) exc.attr(key) = value;
  PyErr_SetObject(type, exc.ptr());
}

void translate(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const InputError& e) {
    const SourceLocation& where = e.where();
    const std::string argument = where.option.empty() ? std::string() : argument_of(where.option);
    py::dict attributes;
    attributes["file"] = where.file;
    attributes["line"] = where.line;
    attributes["column"] = where.column;
    attributes["key"] = where.key;
    attributes["argument"] = argument;
    attributes["detail"] = e.detail();
    const std::string message = argument.empty() ? located_message(file_place(where), where.key, e.detail())
                                                 : located_message(argument_place(argument, where.key), "", e.detail());
    raise(input_error_type, message, attributes);
  } catch (const NumericalError& e) {
    py::dict attributes;
    attributes["time_days"] = e.time_days();
    attributes["state"] = e.state();
    raise(numerical_error_type, e.what(), attributes);
  } catch (const Cancelled& e) {
    PyErr_SetString(PyExc_KeyboardInterrupt, e.what());
  }
}

}  // namespace

void register_errors(py::module_& m) {
  input_error_type = new_exception_type(
      m, "InputError", PyExc_ValueError,
      "Bad input: a scenario, dose, parameter or option the engine rejects. A ValueError; the message names "
      "the file, line and key, or the argument, where there is one (attributes file, line, column, key, "
      "argument and detail).");
  numerical_error_type = new_exception_type(
      m, "NumericalError", PyExc_RuntimeError,
      "The integrator could not complete the run. A RuntimeError; attributes time_days and state say where.");
  py::register_exception_translator(&translate);
}

}  // namespace calcsim::python
