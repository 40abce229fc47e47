#include "models/iim.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "sim/core/error.hpp"

namespace cyres::iim {
namespace {

//! Per-step detection probability of asset i under its mandate organisation [1].
double detection_probability(const Scenario& scenario, AssetIndex i) {
  const Organisation& org = scenario.organisations[scenario.assets.organisation[i]];
  return std::min(1.0, scenario.assets.detection[i] * org.detection_capability);
}

//! Mean time one team needs to clean asset i [steps].
double remediation_mean(const Scenario& scenario, AssetIndex i) {
  return mean_duration(scenario.organisations[scenario.assets.organisation[i]].remediation);
}

std::vector<double> sector_criticality(const Scenario& scenario) {
  std::vector<double> total(scenario.sectors.size(), 0.0);
  for (AssetIndex i = 0; i < scenario.assets.size(); ++i) {
    total[scenario.assets.sector[i]] += scenario.assets.criticality[i];
  }
  return total;
}

CampaignImpact campaign_impact(const SimulationModel& model, std::size_t c,
                               const std::vector<double>& sector_total) {
  const Scenario& scenario = model.scenario();
  const Campaign& campaign = scenario.campaigns[c];
  const AssetTable& assets = scenario.assets;
  CampaignImpact impact;
  impact.name = campaign.name;
  impact.share = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(scenario.sectors.size()));
  const std::vector<AssetIndex>& pool = model.campaign_pool(c);
  // Random entries: `count` distinct assets drawn uniformly from the pool, so
  // each pool member is an entry with probability count / |pool|.
  const double chosen =
      campaign.selection == EntrySelection::random && !pool.empty()
          ? std::min(1.0, static_cast<double>(campaign.count) / static_cast<double>(pool.size()))
          : 1.0;
  double weight = 0.0;
  for (const AssetIndex i : pool) {
    const double w = chosen * assets.criticality[i];
    const SectorIndex s = assets.sector[i];
    if (sector_total[s] > 0.0) impact.share[s] += w / sector_total[s];
    impact.detection += w * detection_probability(scenario, i);
    impact.remediation_steps += w * remediation_mean(scenario, i);
    weight += w;
  }
  if (weight > 0.0) {
    impact.detection /= weight;
    impact.remediation_steps /= weight;
  }
  impact.share = impact.share.cwiseMin(1.0);
  const double steps = std::max(
      0.0, static_cast<double>(scenario.settings.horizon) - campaign.start - campaign.dwell);
  impact.fire_probability = 1.0 - std::pow(1.0 - campaign.payload_probability, steps);
  return impact;
}

//! c*(t) of one campaign: entries whose payload has fired (geometric after the
//! dwell) and that are not yet clean (detection geometric from the start, then
//! the mean remediation time), both as expected shares.
double campaign_in_force(const Campaign& campaign, const CampaignImpact& impact, Step t) {
  const double firing_steps = static_cast<double>(t - campaign.start - campaign.dwell + 1);
  if (firing_steps <= 0.0) return 0.0;
  const double fired = 1.0 - std::pow(1.0 - campaign.payload_probability, firing_steps);
  const double cleaning_steps =
      std::max(0.0, static_cast<double>(t - campaign.start) - impact.remediation_steps + 1.0);
  const double not_clean = std::pow(1.0 - impact.detection, cleaning_steps);
  return fired * not_clean;
}

}  // namespace

Eigen::MatrixXd interdependency_matrix(const Scenario& scenario, const AssetGraph& graph) {
  const auto sectors = static_cast<Eigen::Index>(scenario.sectors.size());
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(sectors, sectors);
  const AssetTable& assets = scenario.assets;
  const Adjacency& in = graph.dependency_in();
  const std::vector<double>& weight = graph.dependency_weight();
  const std::vector<double>& total = graph.dependency_total();
  for (AssetIndex v = 0; v < assets.size(); ++v) {
    if (!(total[v] > 0.0)) continue;
    const SectorIndex i = assets.sector[v];
    for (LinkIndex k = in.begin(v); k < in.end(v); ++k) {
      const SectorIndex j = assets.sector[in.neighbour[k]];
      a(i, j) += assets.criticality[v] * weight[k] / total[v];
    }
  }
  const std::vector<double> criticality = sector_criticality(scenario);
  for (Eigen::Index i = 0; i < sectors; ++i) {
    if (criticality[static_cast<std::size_t>(i)] > 0.0) {
      a.row(i) /= criticality[static_cast<std::size_t>(i)];
    }
  }
  return a;
}

double spectral_radius(const Eigen::MatrixXd& matrix) {
  if (matrix.rows() == 0) return 0.0;
  const Eigen::EigenSolver<Eigen::MatrixXd> solver(matrix, /*computeEigenvectors=*/false);
  return solver.eigenvalues().cwiseAbs().maxCoeff();
}

bool Equilibrium::any_capped() const {
  return std::any_of(capped.begin(), capped.end(), [](bool c) { return c; });
}

Equilibrium equilibrium(const Eigen::MatrixXd& a_star, const Eigen::VectorXd& c_star,
                        const std::string& source) {
  const Eigen::Index n = a_star.rows();
  if (a_star.cols() != n || c_star.size() != n) {
    throw ValueError({source, 0, 0},
                     fmt::format("the inoperability model needs a square A* and a c* of the same "
                                 "size; got A* {}x{} and c* of {}",
                                 a_star.rows(), a_star.cols(), c_star.size()));
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!(c_star[i] >= 0.0 && c_star[i] <= 1.0)) {
      throw ValueError(
          {source, 0, 0},
          fmt::format("perturbation c*[{}] = {} is not an inoperability in [0, 1]", i, c_star[i]));
    }
  }
  Equilibrium e;
  e.spectral_radius = spectral_radius(a_star);
  // Eigen's eigenvalues carry rounding of a few ulps: a radius within
  // RADIUS_TOLERANCE of 1 is 1 as far as the solve is concerned ((I - A*) singular).
  if (!(e.spectral_radius < 1.0 - RADIUS_TOLERANCE)) {
    throw ValueError(
        {source, 0, 0},
        fmt::format("the sector interdependency matrix A* has spectral radius {:.6g} >= 1 (to "
                    "within {:g}), so "
                    "(I - A*) has no nonnegative inverse and the inoperability model has no "
                    "equilibrium (a perturbation would grow without bound); expected a spectral "
                    "radius below 1",
                    e.spectral_radius, RADIUS_TOLERANCE));
  }
  const Eigen::MatrixXd leontief = Eigen::MatrixXd::Identity(n, n) - a_star;
  e.q_uncapped = leontief.partialPivLu().solve(c_star);
  e.q = e.q_uncapped.cwiseMin(1.0).cwiseMax(0.0);
  e.capped.resize(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i)
    e.capped[static_cast<std::size_t>(i)] = e.q_uncapped[i] > 1.0;
  return e;
}

Trajectory dynamic(const Eigen::MatrixXd& a_star, const Eigen::VectorXd& k,
                   const Eigen::MatrixXd& perturbation, const Eigen::VectorXd& q0) {
  const Eigen::Index n = a_star.rows();
  if (a_star.cols() != n || k.size() != n || q0.size() != n ||
      (perturbation.rows() > 0 && perturbation.cols() != n)) {
    throw ValueError(
        {"", 0, 0},
        fmt::format("the dynamic inoperability model needs A* {0}x{0}, K, q(0) and "
                    "c*(t) of {0} sectors; got A* {1}x{2}, K {3}, q(0) {4}, c*(t) "
                    "with {5} columns",
                    n, a_star.rows(), a_star.cols(), k.size(), q0.size(), perturbation.cols()));
  }
  Trajectory trajectory;
  trajectory.q.resize(perturbation.rows(), n);
  Eigen::VectorXd q = q0;
  for (Eigen::Index t = 0; t < perturbation.rows(); ++t) {
    const Eigen::VectorXd c = perturbation.row(t).transpose();
    Eigen::VectorXd next = q + k.asDiagonal() * (a_star * q + c - q);
    if ((next.array() > 1.0).any()) ++trajectory.capped_steps;
    q = next.cwiseMin(1.0).cwiseMax(0.0);
    trajectory.q.row(t) = q.transpose();
  }
  return trajectory;
}

PerronEstimate perron_radius(std::size_t size, const std::vector<std::size_t>& source,
                             const std::vector<std::size_t>& target,
                             const std::vector<double>& value, double tolerance,
                             int max_iterations) {
  PerronEstimate estimate;
  if (size == 0 || value.empty()) {
    estimate.converged = true;
    return estimate;
  }
  std::vector<double> x(size, 1.0);
  std::vector<double> y(size);
  double previous = -1.0;
  for (int it = 1; it <= max_iterations; ++it) {
    y = x;  // the + I shift
    for (std::size_t e = 0; e < value.size(); ++e) y[target[e]] += value[e] * x[source[e]];
    double sum_x = 0.0;
    double sum_y = 0.0;
    double upper = 0.0;
    double largest = 0.0;
    for (std::size_t v = 0; v < size; ++v) {
      sum_x += x[v];
      sum_y += y[v];
      upper = std::max(upper, y[v] / x[v] - 1.0);
      largest = std::max(largest, y[v]);
    }
    estimate.radius = sum_y / sum_x - 1.0;
    estimate.upper_bound = upper;
    estimate.iterations = it;
    // Keep x strictly positive so that the Collatz-Wielandt bound stays valid.
    for (std::size_t v = 0; v < size; ++v) x[v] = std::max(y[v] / largest, 1e-300);
    if (std::abs(estimate.radius - previous) <= tolerance * std::max(1.0, estimate.radius)) {
      estimate.converged = true;
      break;
    }
    previous = estimate.radius;
  }
  return estimate;
}

Analysis analyse(const SimulationModel& model, const Options& options) {
  const Scenario& scenario = model.scenario();
  const AssetTable& assets = scenario.assets;
  const auto sectors = static_cast<Eigen::Index>(scenario.sectors.size());
  Analysis a;
  for (const Sector& s : scenario.sectors) a.sectors.push_back(s.name);
  a.dt_hours = scenario.settings.dt_hours;
  a.recovered_share = options.recovered_share;
  a.a_star = interdependency_matrix(scenario, model.graph());

  const std::vector<double> criticality = sector_criticality(scenario);
  a.c_star = Eigen::VectorXd::Zero(sectors);
  for (std::size_t c = 0; c < scenario.campaigns.size(); ++c) {
    a.campaigns.push_back(campaign_impact(model, c, criticality));
    a.c_star += a.campaigns.back().direct();
  }
  a.c_star = a.c_star.cwiseMin(1.0);
  a.equilibrium = equilibrium(a.a_star, a.c_star, scenario.source.root_path);
  a.dependency_radius = a.equilibrium.spectral_radius;

  // K: k_s = ln(1 / recovered_share) / (T_s (1 - a*_ss)), the DIIM recovery
  // coefficient that leaves `recovered_share` of an isolated sector's initial
  // inoperability after T_s steps; capped at 1 (a step cannot overshoot).
  a.recovery_steps = Eigen::VectorXd::Zero(sectors);
  for (AssetIndex i = 0; i < assets.size(); ++i) {
    a.recovery_steps[assets.sector[i]] +=
        assets.criticality[i] * (remediation_mean(scenario, i) + assets.restore[i]);
  }
  a.k.resize(sectors);
  const double decay = std::log(1.0 / options.recovered_share);
  for (Eigen::Index s = 0; s < sectors; ++s) {
    const double total = criticality[static_cast<std::size_t>(s)];
    a.recovery_steps[s] = std::max(1.0, total > 0.0 ? a.recovery_steps[s] / total : 1.0);
    a.k[s] = std::min(1.0, decay / (a.recovery_steps[s] * (1.0 - a.a_star(s, s))));
  }

  const Step horizon = scenario.settings.horizon;
  a.perturbation = Eigen::MatrixXd::Zero(horizon, sectors);
  for (Step t = 0; t < horizon; ++t) {
    for (std::size_t c = 0; c < scenario.campaigns.size(); ++c) {
      a.perturbation.row(t) += a.campaigns[c].share.transpose() *
                               campaign_in_force(scenario.campaigns[c], a.campaigns[c], t);
    }
  }
  a.perturbation = a.perturbation.cwiseMin(1.0);
  a.trajectory = dynamic(a.a_star, a.k, a.perturbation, Eigen::VectorXd::Zero(sectors));

  // Attack operator: B_vu = min(1, p_uv nu_v intensity) per network link u -> v.
  const Adjacency& network = model.graph().network_out();
  const std::vector<SimulationModel::SpreadLink>& spread = model.spread_links();
  std::vector<std::size_t> source;
  std::vector<std::size_t> target;
  source.reserve(spread.size());
  target.reserve(spread.size());
  for (AssetIndex u = 0; u < assets.size(); ++u) {
    for (LinkIndex k = network.begin(u); k < network.end(u); ++k) {
      source.push_back(u);
      target.push_back(network.neighbour[k]);
    }
  }
  std::map<double, double> by_intensity;
  auto radius_at = [&](double intensity) {
    const auto found = by_intensity.find(intensity);
    if (found != by_intensity.end()) return found->second;
    std::vector<double> value(spread.size());
    for (std::size_t k = 0; k < spread.size(); ++k) {
      value[k] = std::min(1.0, static_cast<double>(spread[k].weight) * intensity);
    }
    const PerronEstimate e = perron_radius(assets.size(), source, target, value);
    if (intensity == 1.0) a.attack = e;
    by_intensity.emplace(intensity, e.radius);
    return e.radius;
  };
  radius_at(1.0);
  for (const Campaign& c : scenario.campaigns)
    a.campaign_attack_radius.push_back(radius_at(c.intensity));
  return a;
}

}  // namespace cyres::iim
