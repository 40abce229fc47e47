#pragma once
// Files shipped inside the binary (data/scenarios, data/policies), keyed by
// their path relative to data/, e.g. "scenarios/varnia/scenario.yaml".

#include <map>
#include <string>
#include <string_view>

namespace cyres {

const std::map<std::string, std::string_view>& embedded_files();

//! Name of the scenario `cyres run` uses when given none.
inline constexpr const char* DEFAULT_SCENARIO = "varnia";

}  // namespace cyres
