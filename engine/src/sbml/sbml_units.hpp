#pragma once
// The model's units as SBML unit definitions: each internal unit the engine
// uses (the parameter units table's internal column, the states' units) maps
// to one definition built from SBML base units.
#include <string>
#include <string_view>

#include <sbml/common/libsbml-namespace.h>

// libSBML's namespace as the installed library was built (Debian's: none).
LIBSBML_CPP_NAMESPACE_BEGIN
class Model;
LIBSBML_CPP_NAMESPACE_END

namespace calcsim::sbml {

// The SBML unit id of an internal unit ("mmol/day" -> "mmol_per_day"),
// adding its definition to the model the first time. Throws std::logic_error
// for a unit this table does not know (a new registry unit must be added).
std::string unit_id(LIBSBML_CPP_NAMESPACE_QUALIFIER Model& model, std::string_view internal_unit);

}  // namespace calcsim::sbml
