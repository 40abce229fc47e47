// `cyres iim [SCENARIO]`: the sector-level inoperability model (models/iim.hpp)
// of a scenario: prints A*, the risk indicators, the equilibrium and the
// dynamic trajectory's summary, and writes them as `/iim` of an HDF5 file
// (format `cyres-iim`, docs/analysis.md) that `cyres plot` and `cyres report`
// read beside a results file.

#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "models/iim.hpp"
#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/core/pending_output.hpp"
#include "sim/hdf5/hdf5.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario_hash.hpp"

namespace cyres::cli {
namespace {

constexpr const char* IIM_FORMAT = "cyres-iim";
constexpr const char* IIM_FORMAT_VERSION = "1.0";

struct IimArguments {
  ScenarioArguments scenario;
  std::string output;
  double recovered_share = 0.01;
  ForceFlag force;
};

std::vector<double> to_vector(const Eigen::VectorXd& v) {
  return {v.data(), v.data() + v.size()};
}

//! Row-major copy of an Eigen (column-major) matrix.
std::vector<double> row_major(const Eigen::MatrixXd& m) {
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(m.size()));
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    for (Eigen::Index c = 0; c < m.cols(); ++c) out.push_back(m(r, c));
  }
  return out;
}

h5::Dataset numeric(const h5::Object& parent, std::string_view name, std::span<const double> data,
                    const h5::Dims& dims, std::string_view units, std::string_view description) {
  h5::Dataset ds = h5::write_dataset(parent, name, data, dims);
  h5::set_units(ds, units);
  h5::write_attribute(ds, "description", description);
  return ds;
}

void write_iim_group(const h5::File& file, const iim::Analysis& a) {
  const h5::Group g = h5::create_group(file, "iim");
  const auto s = static_cast<hsize_t>(a.sectors.size());
  const auto h = static_cast<hsize_t>(a.perturbation.rows());
  h5::write_attribute(g, "method",
                      "a*_ij = criticality-weighted share of sector i's dependency input weight "
                      "from sector j; docs/analysis.md");
  h5::write_attribute(g, "dependency_spectral_radius", a.dependency_radius);
  h5::write_attribute(g, "attack_spectral_radius", a.attack.radius);
  h5::write_attribute(g, "attack_spectral_radius_upper_bound", a.attack.upper_bound);
  h5::write_attribute(g, "attack_radius_converged", a.attack.converged);
  h5::write_attribute(g, "recovered_share", a.recovered_share);
  h5::write_attribute(g, "equilibrium_capped", a.equilibrium.any_capped());
  h5::write_attribute(g, "trajectory_capped_steps",
                      static_cast<std::int32_t>(a.trajectory.capped_steps));
  h5::write_attribute(g, "dt_hours", a.dt_hours);

  const h5::Dataset sector = h5::write_dataset(g, "sector", a.sectors);
  h5::write_attribute(sector, "description", "sector names; index s everywhere means sector[s]");
  h5::make_scale(sector, "sector");
  std::vector<double> hours(h);
  for (hsize_t t = 0; t < h; ++t) hours[t] = static_cast<double>(t + 1) * a.dt_hours;
  const h5::Dataset time = numeric(g, "time", hours, {}, "h", "(t+1)*dt: the end of step t");
  h5::make_scale(time, "time");

  const h5::Dataset a_star =
      numeric(g, "a_star", row_major(a.a_star), {s, s}, "1",
              "A*: a*_ij = inoperability of sector i per unit inoperability of sector j");
  h5::attach_scale(a_star, sector, 0, "sector");
  h5::attach_scale(a_star, sector, 1, "sector");
  const auto per_sector = [&](std::string_view name, const Eigen::VectorXd& v,
                              std::string_view units, std::string_view description) {
    const h5::Dataset ds = numeric(g, name, to_vector(v), {}, units, description);
    h5::attach_scale(ds, sector, 0, "sector");
  };
  per_sector("c_star", a.c_star, "1", "c*: direct perturbation, sum of the campaigns' impact");
  per_sector("q", a.equilibrium.q, "1", "equilibrium inoperability (I - A*)^-1 c*, capped at 1");
  per_sector("q_uncapped", a.equilibrium.q_uncapped, "1",
             "equilibrium inoperability before the cap at 1");
  per_sector("recovery_time", a.recovery_steps * a.dt_hours, "h",
             "T_s: criticality-weighted mean time to clean and restore one asset");
  per_sector("k", a.k, "1", "K: DIIM recovery coefficient per step of dt_hours");
  const auto per_time_sector = [&](std::string_view name, const Eigen::MatrixXd& m,
                                   std::string_view description) {
    const h5::Dataset ds = numeric(g, name, row_major(m), {h, s}, "1", description);
    h5::attach_scale(ds, time, 0, "time");
    h5::attach_scale(ds, sector, 1, "sector");
  };
  per_time_sector("perturbation", a.perturbation, "c*(t): direct perturbation in force");
  per_time_sector("trajectory", a.trajectory.q, "DIIM inoperability q(t+1) at the end of step t");

  if (!a.campaigns.empty()) {
    std::vector<std::string> names;
    std::vector<double> share;
    std::vector<double> fire;
    for (const iim::CampaignImpact& c : a.campaigns) {
      names.push_back(c.name);
      for (Eigen::Index i = 0; i < c.share.size(); ++i) share.push_back(c.share[i]);
      fire.push_back(c.fire_probability);
    }
    const h5::Dataset campaign = h5::write_dataset(g, "campaign", names);
    h5::write_attribute(campaign, "description", "campaign names, in scenario order");
    h5::make_scale(campaign, "campaign");
    const auto c = static_cast<hsize_t>(names.size());
    const h5::Dataset sh = numeric(g, "campaign_share", share, {c, s}, "1",
                                   "criticality share of each sector held by the entries");
    h5::attach_scale(sh, campaign, 0, "campaign");
    h5::attach_scale(sh, sector, 1, "sector");
    const h5::Dataset fp = numeric(g, "campaign_fire_probability", fire, {}, "1",
                                   "probability that the payload fires within the horizon");
    h5::attach_scale(fp, campaign, 0, "campaign");
    const h5::Dataset ar = numeric(g, "campaign_attack_radius", a.campaign_attack_radius, {}, "1",
                                   "spectral radius of the attack operator at the campaign's "
                                   "intensity, per step");
    h5::attach_scale(ar, campaign, 0, "campaign");
  }
}

void write_iim_file(const std::string& path, const Scenario& scenario, const iim::Analysis& a,
                    const std::string& command_line) {
  write_output_file(path, "IIM file", [&](const std::string& temporary) {
    h5::File file = h5::File::create(temporary);
    h5::write_attribute(file, "format", IIM_FORMAT);
    h5::write_attribute(file, "format_version", IIM_FORMAT_VERSION);
    h5::write_attribute(file, "tool_version", CYRES_VERSION);
    h5::write_attribute(file, "git_revision", CYRES_GIT_REVISION);
    h5::write_attribute(file, "command_line", command_line);
    h5::write_attribute(file, "scenario_name", scenario.name);
    h5::write_attribute(file, "scenario_hash", scenario_hash(scenario.source));
    h5::write_attribute(file, "horizon_steps",
                        static_cast<std::int32_t>(scenario.settings.horizon));
    h5::write_attribute(file, "dt_hours", scenario.settings.dt_hours);
    write_iim_group(file, a);
    file.close();
  });
}

std::string sector_row(const std::string& name, std::size_t width, const Eigen::VectorXd& values) {
  std::string row = fmt::format("  {:<{}}", name, width);
  for (Eigen::Index i = 0; i < values.size(); ++i) row += fmt::format(" {:>6.3f}", values[i]);
  return row + "\n";
}

void print_analysis(const Scenario& scenario, const iim::Analysis& a) {
  std::size_t width = 8;
  for (const std::string& s : a.sectors) width = std::max(width, s.size());
  fmt::print("Sector-level inoperability model of scenario '{}' ({} sectors; docs/analysis.md)\n\n",
             scenario.name, a.sectors.size());
  fmt::print("A* (row i: inoperability of sector i per unit inoperability of sector j)\n");
  std::string header = fmt::format("  {:<{}}", "", width);
  for (const std::string& s : a.sectors) header += fmt::format(" {:>6.6}", s);
  fmt::print("{}\n", header);
  for (std::size_t i = 0; i < a.sectors.size(); ++i) {
    fmt::print("{}", sector_row(a.sectors[i], width, a.a_star.row(static_cast<Eigen::Index>(i))));
  }
  fmt::print("\nrisk indicators\n");
  fmt::print(
      "  dependency operator: spectral radius of A* = {:.4f} (< 1: an equilibrium exists; "
      "the closer to 1, the more a perturbation is amplified)\n",
      a.dependency_radius);
  fmt::print(
      "  attack operator: spectral radius of B (B_vu = min(1, p_uv nu_v), per step) = {:.4g}"
      "{}\n",
      a.attack.radius,
      a.attack.converged
          ? ""
          : fmt::format(" (not converged; upper bound {:.4g})", a.attack.upper_bound));
  for (std::size_t c = 0; c < a.campaigns.size(); ++c) {
    fmt::print("    campaign {}: intensity {:g}, spectral radius {:.4g} per step\n",
               a.campaigns[c].name, scenario.campaigns[c].intensity, a.campaign_attack_radius[c]);
  }
  fmt::print("\nperturbation c* (direct impact: entries' criticality share x P(payload fires))\n");
  for (const iim::CampaignImpact& c : a.campaigns) {
    fmt::print("  {}: P(payload fires within the horizon) = {:.3f}\n", c.name, c.fire_probability);
  }
  fmt::print("\n  {:<{}} {:>8} {:>8} {:>10} {:>10} {:>9} {:>6}\n", "sector", width, "c*", "q",
             "DIIM peak", "DIIM mean", "T_s [h]", "k");
  for (std::size_t i = 0; i < a.sectors.size(); ++i) {
    const auto s = static_cast<Eigen::Index>(i);
    const bool capped = a.equilibrium.capped[i];
    const double peak = a.trajectory.q.rows() > 0 ? a.trajectory.q.col(s).maxCoeff() : 0.0;
    const double mean = a.trajectory.q.rows() > 0 ? a.trajectory.q.col(s).mean() : 0.0;
    fmt::print("  {:<{}} {:>8.4f} {:>7.4f}{} {:>10.4f} {:>10.4f} {:>9.1f} {:>6.3f}\n", a.sectors[i],
               width, a.c_star[s], a.equilibrium.q[s], capped ? "*" : " ", peak, mean,
               a.recovery_steps[s] * a.dt_hours, a.k[s]);
  }
  if (a.equilibrium.any_capped()) {
    fmt::print("  * capped at 1: the linear solve gave more than total inoperability\n");
  }
  if (a.trajectory.capped_steps > 0) {
    fmt::print("  the DIIM trajectory was capped at 1 in {} steps\n", a.trajectory.capped_steps);
  }
  fmt::print(
      "\nq = (I - A*)^-1 c*; DIIM: q(t+1) = q(t) + K (A* q(t) + c*(t) - q(t)) over {} steps "
      "of {:g} h.\n",
      a.perturbation.rows(), a.dt_hours);
}

int run_iim(const IimArguments& args, const std::string& command_line) {
  if (!(args.recovered_share > 0.0 && args.recovered_share < 1.0)) {
    throw ValueError({"--recovered-share", 0, 0},
                     fmt::format("{} is not a share in (0, 1)", args.recovered_share));
  }
  const std::string path = args.scenario.resolved_path();
  const Scenario scenario = load_scenario(path, {args.scenario.overrides});
  if (!args.output.empty()) {
    check_output_path(
        args.output,
        {scenario.source.root_path, scenario.source.assets_path, scenario.source.links_path},
        args.force.replace());
  }
  const SimulationModel model(scenario);
  iim::Options options;
  options.recovered_share = args.recovered_share;
  const iim::Analysis analysis = iim::analyse(model, options);
  print_analysis(scenario, analysis);
  if (!args.output.empty()) {
    write_iim_file(args.output, scenario, analysis, command_line);
    fmt::print("written to {}\n", args.output);
  }
  return 0;
}

}  // namespace

Command add_iim_command(CLI::App& app, const std::string& command_line) {
  auto* command = app.add_subcommand(
      "iim", "Sector-level inoperability model (IIM) of a scenario: A*, equilibrium, dynamics");
  auto args = std::make_shared<IimArguments>();
  args->scenario.add_to(*command);
  command->add_option("-o,--output", args->output,
                      "HDF5 file to write the model to as /iim (default: print only)");
  args->force.add_to(*command);
  command
      ->add_option("--recovered-share", args->recovered_share,
                   "K: inoperability share left after a sector's recovery time T_s")
      ->capture_default_str();
  return [args, command_line] { return run_iim(*args, command_line); };
}

}  // namespace cyres::cli
