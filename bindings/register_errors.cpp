// The engine's two kinds of failure become Python exceptions with the
// engine's message: calcsim.InputError (a ValueError: bad scenario, dose,
// parameter or option) and calcsim.NumericalError (a RuntimeError: the
// integrator could not complete the run). Both carry the details as
// attributes (file, line, key, detail; time_days, state). A cancelled run
// (calcsim::Cancelled) becomes KeyboardInterrupt.
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

void raise(PyObject* type, const std::string& message, const py::dict& attributes) {
  py::object exc = py::reinterpret_borrow<py::object>(type)(message);
  for (auto [key, value] : attributes) exc.attr(key) = value;
  PyErr_SetObject(type, exc.ptr());
}

void translate(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const InputError& e) {
    py::dict attributes;
    attributes["file"] = e.where().file;
    attributes["line"] = e.where().line;
    attributes["key"] = e.where().key;
    attributes["detail"] = e.detail();
    raise(input_error_type, e.what(), attributes);
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
      "the file, line and key where there is one (attributes file, line, key and detail).");
  numerical_error_type = new_exception_type(
      m, "NumericalError", PyExc_RuntimeError,
      "The integrator could not complete the run. A RuntimeError; attributes time_days and state say where.");
  py::register_exception_translator(&translate);
}

}  // namespace calcsim::python
