#pragma once
// Builds small scenarios in code for unit tests of the engine, without the
// loader: one sector, one organisation and one state unless more are added.

#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace cyres::test {

struct AssetSpec {
  std::string sector = "s0";
  std::string organisation = "o0";
  std::string state;  //!< a state added with state(); "" = the first (or the default "g0")
  double criticality = 1.0;
  double vulnerability = 1.0;
  double detection = 0.0;
  Step buffer = 0;
  double threshold = 1.0;
  Step restore = 0;
  Step manual_restoration = NEVER;
};

class ScenarioBuilder {
 public:
  ScenarioBuilder();
  ScenarioBuilder& horizon(Step steps);
  ScenarioBuilder& trials(std::uint64_t n);
  ScenarioBuilder& seed(std::uint64_t s);
  ScenarioBuilder& sector(const std::string& name, double weight = 1.0);
  //! A state (country); assets name it in AssetSpec::state.
  ScenarioBuilder& state(const std::string& name);
  //! Organisation with `teams` teams and a fixed remediation time [steps].
  ScenarioBuilder& organisation(const std::string& name, int teams, double remediation_steps = 0.0,
                                double capability = 1.0);
  ScenarioBuilder& remediation(const std::string& organisation, DurationDistribution distribution);
  AssetIndex asset(const std::string& id, const AssetSpec& spec = {});
  ScenarioBuilder& network(AssetIndex u, AssetIndex v, double probability);
  ScenarioBuilder& dependency(AssetIndex u, AssetIndex v, double weight = 1.0);
  ScenarioBuilder& campaign(std::vector<AssetIndex> entries, Step start = 0, double payload = 0.0,
                            Step dwell = 0, double intensity = 1.0);
  Campaign& last_campaign() { return scenario_.campaigns.back(); }
  ScenarioBuilder& policy(Policy p);
  //! The finished scenario (default policy `independent` if none was added).
  Scenario build() const;

 private:
  SectorIndex sector_index(const std::string& name) const;
  OrgIndex organisation_index(const std::string& name) const;
  StateIndex state_index(const std::string& name) const;
  Scenario scenario_;
};

}  // namespace cyres::test
