#include "sim/scenario/scenario.hpp"

namespace cyres {

int Scenario::find_policy(const std::string& policy_name) const {
  for (std::size_t i = 0; i < policies.size(); ++i) {
    if (policies[i].name == policy_name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace cyres
