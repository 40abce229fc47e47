#include "sim/scenario/policy_levers.hpp"

#include <fmt/format.h>

namespace cyres {

const char* lever_kind_name(LeverKind kind) {
  switch (kind) {
    case LeverKind::real:
      return "real";
    case LeverKind::integer:
      return "integer";
    case LeverKind::flag:
      return "flag";
    case LeverKind::option:
      return "option";
    case LeverKind::organisation_groups:
      return "organisation_groups";
    case LeverKind::sector_list:
      return "sector_list";
  }
  return "unknown";
}

std::string lever_range_text(const LeverParameter& p) {
  switch (p.member.kind) {
    case LeverKind::real:
      return p.real_range.expected();
    case LeverKind::integer:
      return p.integer_range.expected();
    case LeverKind::flag:
      return "true or false";
    case LeverKind::option:
      return fmt::format("one of {}", fmt::join(*p.options, ", "));
    case LeverKind::organisation_groups:
      return "a non-empty list of groups of at least two declared organisations";
    case LeverKind::sector_list:
      return "a non-empty list of declared sectors, each once";
  }
  return "";
}

}  // namespace cyres
