// What kind of documented reason a validation row fails for (targets.hpp).
#include "calcsim/targets.hpp"

namespace calcsim {

FailureKind Target::failure_kind() const {
  if (known_failure.empty()) return FailureKind::None;
  // Anything not worded as a conflict counts against the model.
  return known_failure.starts_with(conflict_opening) ? FailureKind::Conflict : FailureKind::Limit;
}

const char* failure_kind_name(FailureKind kind) {
  switch (kind) {
    case FailureKind::Conflict:
      return "conflict";
    case FailureKind::Limit:
      return "limit";
    case FailureKind::None:
      break;
  }
  return "";
}

}  // namespace calcsim
