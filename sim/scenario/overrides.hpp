#pragma once
// `--set PATH=VALUE` overrides, applied to the YAML tree before validation so
// that an overridden value is checked exactly like one written in the file.
// PATH is dot-separated; list items are addressed by `name` or by index
// (`organisations.varnia-csirt.teams=8`, `campaigns.0.intensity=2`). VALUE is
// parsed as YAML. The new nodes are recorded in the Document, so that an error
// in them is located as `--set PATH` rather than at a line of the file.

#include <string>
#include <vector>

#include "sim/scenario/yaml_reader.hpp"

namespace cyres {

//! Applies each override in order (a later one wins). ValueError for text
//! without '=', ParseError for a VALUE that is not YAML, UnknownKeyError (with
//! a suggestion) for a list item that does not exist or a path through a value.
void apply_overrides(yaml::Document& doc, const std::vector<std::string>& overrides);

}  // namespace cyres
