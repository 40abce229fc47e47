#include "sim/output/policy_group.hpp"

#include <numeric>
#include <string>
#include <vector>

#include "sim/output/timeseries_group.hpp"

namespace cyres {
namespace {

std::string organisation_name(const Scenario& scenario, OrgIndex o) {
  return o < scenario.organisations.size() ? scenario.organisations[o].name
                                           : "#" + std::to_string(o);
}
std::string sector_name(const Scenario& scenario, SectorIndex s) {
  return s < scenario.sectors.size() ? scenario.sectors[s].name : "#" + std::to_string(s);
}

//! trials/: one [trials] dataset per TrialMetrics field, sector_loss
//! [trials, sectors] and state_loss [trials, states], each with its units and
//! the `trial` scale on dim 0.
void write_trials(const h5::Group& policy_group, const Scenario& scenario, const RunResult& run,
                  const PolicyResult& result, const h5::Dataset& sector_scale) {
  const h5::Group group = h5::create_group(policy_group, "trials");
  std::vector<std::uint64_t> index(run.trials);
  std::iota(index.begin(), index.end(), run.first_trial);
  const h5::Dataset trial =
      h5::write_dataset(group, "trial", std::span<const std::uint64_t>(index));
  h5::make_scale(trial, "trial");
  h5::set_units(trial, "1");
  h5::write_attribute(trial, "description",
                      "trial index k; trial k of every policy shares its random numbers");

  for (const TrialMetricColumn& column : TRIAL_METRIC_COLUMNS) {
    std::vector<double> reals;
    std::vector<std::uint32_t> counts;
    for (const TrialMetrics& metrics : result.trials) {
      if (column.real != nullptr) reals.push_back(metrics.*column.real);
      if (column.count != nullptr) counts.push_back(metrics.*column.count);
    }
    const h5::Dataset dataset =
        column.real != nullptr
            ? h5::write_dataset(group, column.name, std::span<const double>(reals))
            : h5::write_dataset(group, column.name, std::span<const std::uint32_t>(counts));
    h5::set_units(dataset, column.units);
    h5::write_attribute(dataset, "description", column.description);
    h5::attach_scale(dataset, trial, 0, "trial");
  }

  const h5::Dataset loss =
      h5::write_dataset(group, "sector_loss", std::span<const double>(result.sector_loss),
                        h5::Dims{run.trials, run.sectors});
  h5::set_units(loss, "service-hours");
  h5::write_attribute(loss, "description",
                      "service-hours lost per sector, L_s = sum_t (1 - Q_s(t)) dt");
  h5::attach_scale(loss, trial, 0, "trial");
  h5::attach_scale(loss, sector_scale, 1, "sector");

  // Loss per state (country), labelled by a `state` scale of the state names.
  std::vector<std::string> state_names;
  for (const State& state : scenario.states) state_names.push_back(state.name);
  const h5::Dataset state = h5::write_dataset(group, "state", state_names);
  h5::make_scale(state, "state");
  h5::write_attribute(state, "description",
                      "state (country) names, = /scenario/states; state g means state[g]");
  const h5::Dataset state_loss =
      h5::write_dataset(group, "state_loss", std::span<const double>(result.state_loss),
                        h5::Dims{run.trials, run.states});
  h5::set_units(state_loss, "service-hours");
  h5::write_attribute(state_loss, "description",
                      "each state's contribution to L: L_g = sum_t sum_s W_s (sum over assets of "
                      "s in g of w_i down_i(t)) / (sum over assets of s of w_i) dt; sum_g L_g = L");
  h5::attach_scale(state_loss, trial, 0, "trial");
  h5::attach_scale(state_loss, state, 1, "state");
}

}  // namespace

const char* lever_attribute_type(LeverKind kind) {
  switch (kind) {
    case LeverKind::real:
      return "float64";
    case LeverKind::integer:
      return "int32";
    case LeverKind::flag:
      return "bool";
    case LeverKind::option:
      return "str";
    case LeverKind::organisation_groups:
    case LeverKind::sector_list:
      return "str[]";
  }
  return "";
}

void write_policy_parameters(const h5::Object& obj, const Scenario& scenario,
                             const Policy& policy) {
  h5::write_attribute(obj, "name", policy.name);
  h5::write_attribute(obj, "preset", policy.preset);
  h5::write_attribute(obj, "description", policy.description);
  for (const LeverParameter& lever : LEVER_PARAMETERS) {
    const LeverMember& f = lever.member;
    switch (f.kind) {
      case LeverKind::real:
        h5::write_attribute(obj, lever.hdf5, f.real.get(policy));
        break;
      case LeverKind::integer:  // the member is 32 bits wide (lever_member checks)
        h5::write_attribute(obj, lever.hdf5, static_cast<std::int32_t>(f.integer.get(policy)));
        break;
      case LeverKind::flag:
        h5::write_attribute(obj, lever.hdf5, f.flag.get(policy));
        break;
      case LeverKind::option:
        h5::write_attribute(obj, lever.hdf5, lever.options->at(f.option.get(policy)));
        break;
      case LeverKind::organisation_groups: {
        std::vector<std::string> groups;  // one entry per group: names joined by ", "
        for (const auto& group : f.organisation_groups.get(policy)) {
          std::string joined;
          for (const OrgIndex o : group) {
            joined += (joined.empty() ? "" : ", ") + organisation_name(scenario, o);
          }
          groups.push_back(joined);
        }
        h5::write_attribute(obj, lever.hdf5, groups);
        break;
      }
      case LeverKind::sector_list: {
        std::vector<std::string> names;
        for (const SectorIndex s : f.sector_list.get(policy)) {
          names.push_back(sector_name(scenario, s));
        }
        h5::write_attribute(obj, lever.hdf5, names);
        break;
      }
    }
  }
}

void write_policy_group(const h5::Group& policies, const Scenario& scenario, const RunResult& run,
                        const PolicyResult& result) {
  const h5::Group group = h5::create_group(policies, result.policy.name);
  write_policy_parameters(group, scenario, result.policy);
  const h5::Group timeseries = h5::create_group(group, "timeseries");
  const h5::Dataset sector_scale = write_timeseries_group(timeseries, scenario, run, result);
  write_trials(group, scenario, run, result, sector_scale);
}

}  // namespace cyres
