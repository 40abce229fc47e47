#include "tests/support/scenario_builder.hpp"

#include <stdexcept>

namespace cyres::test {

ScenarioBuilder::ScenarioBuilder() {
  scenario_.name = "test";
  scenario_.settings.horizon = 20;
  scenario_.settings.trials = 1;
  scenario_.settings.seed = 1;
}

ScenarioBuilder& ScenarioBuilder::horizon(Step steps) {
  scenario_.settings.horizon = steps;
  return *this;
}
ScenarioBuilder& ScenarioBuilder::trials(std::uint64_t n) {
  scenario_.settings.trials = n;
  return *this;
}
ScenarioBuilder& ScenarioBuilder::seed(std::uint64_t s) {
  scenario_.settings.seed = s;
  return *this;
}

ScenarioBuilder& ScenarioBuilder::sector(const std::string& name, double weight) {
  scenario_.sectors.push_back({name, weight, 0.0});
  return *this;
}

ScenarioBuilder& ScenarioBuilder::organisation(const std::string& name, int teams,
                                               double remediation_steps, double capability) {
  Organisation org;
  org.name = name;
  org.teams = teams;
  org.detection_capability = capability;
  org.remediation = {DurationDistribution::Kind::fixed, remediation_steps, 0.0};
  scenario_.organisations.push_back(org);
  return *this;
}

ScenarioBuilder& ScenarioBuilder::remediation(const std::string& organisation,
                                              DurationDistribution distribution) {
  scenario_.organisations[organisation_index(organisation)].remediation = distribution;
  return *this;
}

ScenarioBuilder& ScenarioBuilder::state(const std::string& name) {
  scenario_.states.push_back(State{name});
  return *this;
}

StateIndex ScenarioBuilder::state_index(const std::string& name) const {
  for (std::size_t g = 0; g < scenario_.states.size(); ++g) {
    if (scenario_.states[g].name == name) return static_cast<StateIndex>(g);
  }
  throw std::invalid_argument("unknown state " + name);
}

SectorIndex ScenarioBuilder::sector_index(const std::string& name) const {
  for (std::size_t s = 0; s < scenario_.sectors.size(); ++s) {
    if (scenario_.sectors[s].name == name) return static_cast<SectorIndex>(s);
  }
  throw std::invalid_argument("unknown sector " + name);
}

OrgIndex ScenarioBuilder::organisation_index(const std::string& name) const {
  for (std::size_t o = 0; o < scenario_.organisations.size(); ++o) {
    if (scenario_.organisations[o].name == name) return static_cast<OrgIndex>(o);
  }
  throw std::invalid_argument("unknown organisation " + name);
}

AssetIndex ScenarioBuilder::asset(const std::string& id, const AssetSpec& spec) {
  if (scenario_.sectors.empty()) sector("s0");
  if (scenario_.organisations.empty()) organisation("o0", 1);
  AssetTable& a = scenario_.assets;
  a.id.push_back(id);
  a.sector.push_back(sector_index(spec.sector));
  a.organisation.push_back(organisation_index(spec.organisation));
  a.state.push_back(spec.state.empty() ? StateIndex{0} : state_index(spec.state));
  a.criticality.push_back(spec.criticality);
  a.vulnerability.push_back(spec.vulnerability);
  a.detection.push_back(spec.detection);
  a.buffer.push_back(spec.buffer);
  a.threshold.push_back(spec.threshold);
  a.restore.push_back(spec.restore);
  a.manual_restoration.push_back(spec.manual_restoration);
  return static_cast<AssetIndex>(a.size() - 1);
}

ScenarioBuilder& ScenarioBuilder::network(AssetIndex u, AssetIndex v, double probability) {
  LinkTable& l = scenario_.links;
  l.source.push_back(u);
  l.target.push_back(v);
  l.kind.push_back(LinkKind::network);
  l.probability.push_back(probability);
  l.weight.push_back(1.0);
  return *this;
}

ScenarioBuilder& ScenarioBuilder::dependency(AssetIndex u, AssetIndex v, double weight) {
  LinkTable& l = scenario_.links;
  l.source.push_back(u);
  l.target.push_back(v);
  l.kind.push_back(LinkKind::dependency);
  l.probability.push_back(0.0);
  l.weight.push_back(weight);
  return *this;
}

ScenarioBuilder& ScenarioBuilder::campaign(std::vector<AssetIndex> entries, Step start,
                                           double payload, Step dwell, double intensity) {
  Campaign c;
  c.name = "c" + std::to_string(scenario_.campaigns.size());
  c.start = start;
  c.selection = EntrySelection::explicit_ids;
  c.entries = std::move(entries);
  c.payload_probability = payload;
  c.dwell = dwell;
  c.intensity = intensity;
  scenario_.campaigns.push_back(c);
  return *this;
}

ScenarioBuilder& ScenarioBuilder::policy(Policy p) {
  scenario_.policies.push_back(std::move(p));
  return *this;
}

Scenario ScenarioBuilder::build() const {
  Scenario s = scenario_;
  double total = 0.0;
  for (const Sector& sector : s.sectors) total += sector.weight;
  for (Sector& sector : s.sectors) sector.normalised_weight = sector.weight / total;
  if (s.states.empty()) s.states = {State{"g0"}};
  if (s.policies.empty()) {
    Policy independent;
    independent.name = "independent";
    s.policies.push_back(independent);
  }
  return s;
}

}  // namespace cyres::test
