#include "sim/runner/sweep_plan.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include <fmt/format.h>

#include "sim/scenario/yaml_reader.hpp"

namespace cyres {
namespace {

//! A value as `--set` reads it: YAML in flow style, on one line.
std::string value_text(const YAML::Node& node) {
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

bool is_number(const YAML::Node& node) {
  if (!node.IsScalar()) return false;
  double value = 0.0;
  return YAML::convert<double>::decode(node, value) && std::isfinite(value);
}

//! SplitMix64 of a counter: the Latin hypercube's random numbers, keyed by
//! (seed, parameter, sample, use), so the points depend only on the file.
double unit_draw(std::uint64_t seed, std::uint64_t parameter, std::uint64_t sample,
                 std::uint64_t use) {
  std::uint64_t z = seed ^ (parameter * 0x9e3779b97f4a7c15ULL) ^ (sample * 0xbf58476d1ce4e5b9ULL) ^
                    (use * 0x94d049bb133111ebULL);
  for (int round = 0; round < 2; ++round) {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
  }
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ParseError({path, 0, 0}, "cannot open the sweep file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Reader {
  const yaml::Document& doc;
  SweepPlan& plan;

  SweepParameter parameter(const yaml::Map& item) {
    SweepParameter p;
    p.path = item.required_string("path");
    p.where = doc.locate(item.get("path"));
    if (p.path.empty() || p.path.find('=') != std::string::npos) {
      throw ValueError(p.where, fmt::format("{}: '{}' is not a --set path; expected e.g. "
                                            "organisations.NAME.teams",
                                            item.path_of("path"), p.path));
    }
    return p;
  }

  void grid(const YAML::Node& list) {
    std::vector<std::vector<YAML::Node>> values;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const yaml::Map item(doc, list[i], yaml::item_path("parameters", i), {"path", "values"});
      plan.parameters.push_back(parameter(item));
      const YAML::Node v = item.require("values");
      yaml::expect_sequence(doc, v, item.path_of("values"), true);
      values.emplace_back(v.begin(), v.end());
    }
    // Every combination, the last parameter varying fastest.
    std::size_t count = 1;
    for (const auto& v : values) count *= v.size();
    for (std::size_t k = 0; k < count; ++k) {
      SweepPoint point;
      std::size_t rest = k;
      std::vector<std::size_t> index(values.size());
      for (std::size_t i = values.size(); i-- > 0;) {
        index[i] = rest % values[i].size();
        rest /= values[i].size();
      }
      for (std::size_t i = 0; i < values.size(); ++i) {
        const YAML::Node& node = values[i][index[i]];
        point.values.push_back(value_text(node));
        point.where.push_back(doc.locate(node));
        if (!is_number(node)) plan.parameters[i].numeric = false;
      }
      plan.points.push_back(std::move(point));
    }
  }

  void rows(const yaml::Map& root, const YAML::Node& list) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      const yaml::Map item(doc, list[i], yaml::item_path("parameters", i), {"path"});
      plan.parameters.push_back(parameter(item));
    }
    const YAML::Node points = root.require("points");
    yaml::expect_sequence(doc, points, "points", true);
    for (std::size_t k = 0; k < points.size(); ++k) {
      const YAML::Node row = points[k];
      const std::string where = yaml::item_path("points", k);
      yaml::expect_sequence(doc, row, where, true);
      if (row.size() != plan.parameters.size()) {
        throw ValueError(doc.locate(row),
                         fmt::format("{}: {} values; expected one per parameter ({})", where,
                                     row.size(), plan.parameters.size()));
      }
      SweepPoint point;
      for (std::size_t i = 0; i < row.size(); ++i) {
        point.values.push_back(value_text(row[i]));
        point.where.push_back(doc.locate(row[i]));
        if (!is_number(row[i])) plan.parameters[i].numeric = false;
      }
      plan.points.push_back(std::move(point));
    }
  }

  void latin_hypercube(const yaml::Map& root, const YAML::Node& list) {
    struct Range {
      double min, max;
      bool integer;
    };
    std::vector<Range> ranges;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const yaml::Map item(doc, list[i], yaml::item_path("parameters", i),
                           {"path", "min", "max", "integer"});
      plan.parameters.push_back(parameter(item));
      const double min = yaml::as_number(doc, item.require("min"), item.path_of("min"), {});
      const double max = yaml::as_number(doc, item.require("max"), item.path_of("max"), {});
      if (!(min <= max)) {
        throw ValueError(doc.locate(item.get("max")),
                         fmt::format("{}: {} is below min {}; expected max >= min",
                                     item.path_of("max"), max, min));
      }
      ranges.push_back({min, max, item.boolean("integer", false)});
    }
    const auto samples = static_cast<std::size_t>(root.integer("samples", {1, 1'000'000}, 0));
    if (samples == 0) {
      throw ValueError(root.location(), "design latin_hypercube needs 'samples' (points to draw)");
    }
    // Each parameter's range cut into `samples` equal strata; each stratum
    // used once, in an order shuffled per parameter, at a uniform place in it.
    std::vector<std::vector<std::size_t>> strata(ranges.size());
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      strata[i].resize(samples);
      std::iota(strata[i].begin(), strata[i].end(), std::size_t{0});
      for (std::size_t k = samples; k-- > 1;) {  // Fisher-Yates
        const auto j = static_cast<std::size_t>(unit_draw(plan.sample_seed, i, k, 0) *
                                                static_cast<double>(k + 1));
        std::swap(strata[i][k], strata[i][std::min(j, k)]);
      }
    }
    for (std::size_t k = 0; k < samples; ++k) {
      SweepPoint point;
      for (std::size_t i = 0; i < ranges.size(); ++i) {
        const Range& r = ranges[i];
        const double u =
            (static_cast<double>(strata[i][k]) + unit_draw(plan.sample_seed, i, k, 1)) /
            static_cast<double>(samples);
        const SourceLocation where = doc.locate(list[i]);
        if (r.integer) {
          const double lo = std::ceil(r.min);
          const double span = std::floor(r.max) - lo + 1.0;
          if (span < 1.0) {
            throw ValueError(
                where, fmt::format("parameters[{}]: no integer in [{}, {}]", i, r.min, r.max));
          }
          point.values.push_back(
              fmt::format("{}", lo + std::min(std::floor(u * span), span - 1.0)));
        } else {
          point.values.push_back(fmt::format("{}", r.min + u * (r.max - r.min)));
        }
        point.where.push_back(where);
      }
      plan.points.push_back(std::move(point));
    }
  }
};

}  // namespace

const char* sweep_design_name(SweepDesign design) {
  switch (design) {
    case SweepDesign::grid:
      return "grid";
    case SweepDesign::list:
      return "list";
    case SweepDesign::latin_hypercube:
      return "latin_hypercube";
  }
  return "grid";
}

std::vector<std::string> SweepPlan::overrides(std::size_t point) const {
  std::vector<std::string> out = base_overrides;
  if (trials) out.push_back(fmt::format("simulation.trials={}", *trials));
  if (seed) out.push_back(fmt::format("simulation.seed={}", *seed));
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    out.push_back(fmt::format("{}={}", parameters[i].path, points.at(point).values[i]));
  }
  return out;
}

SweepPlan read_sweep_file(const std::string& path, const std::string& default_scenario) {
  SweepPlan plan;
  plan.file = path;
  plan.text = read_text(path);
  const yaml::Document doc = yaml::Document::parse(path, plan.text);
  const yaml::Map root(doc, doc.root(), "",
                       {"sweep", "scenario", "set", "trials", "seed", "policies", "design",
                        "parameters", "points", "samples", "sample_seed", "point_results"});
  if (root.integer("sweep", {1, 1}, 0) != 1) {
    throw ValueError(root.location(),
                     "missing key 'sweep' (the sweep file format version); expected 'sweep: 1'");
  }
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  const auto relative_to_file = [&](const std::string& p) {
    if (p.starts_with("embedded:") || std::filesystem::path(p).is_absolute()) return p;
    return (folder / p).lexically_normal().string();
  };
  plan.scenario_path =
      root.has("scenario") ? relative_to_file(root.required_string("scenario")) : default_scenario;
  if (root.has("set")) {
    const YAML::Node set = root.get("set");
    yaml::expect_sequence(doc, set, "set", false);
    for (std::size_t i = 0; i < set.size(); ++i) {
      const std::string item = yaml::as_string(doc, set[i], yaml::item_path("set", i));
      if (item.find('=') == std::string::npos) {
        throw ValueError(doc.locate(set[i]),
                         fmt::format("set[{}]: '{}' is not PATH=VALUE", i, item));
      }
      plan.base_overrides.push_back(item);
    }
  }
  if (root.has("trials")) {
    plan.trials = static_cast<std::uint64_t>(root.integer("trials", {1, 100'000'000}, 0));
  }
  if (root.has("seed")) plan.seed = root.unsigned_integer("seed", 0);
  plan.sample_seed =
      root.has("sample_seed") ? root.unsigned_integer("sample_seed", 0) : plan.seed.value_or(0);
  if (root.has("policies")) {
    const YAML::Node policies = root.get("policies");
    yaml::expect_sequence(doc, policies, "policies", true);
    for (std::size_t i = 0; i < policies.size(); ++i) {
      plan.policies.push_back(yaml::as_string(doc, policies[i], yaml::item_path("policies", i)));
    }
  }
  plan.design =
      static_cast<SweepDesign>(root.choice("design", {"grid", "list", "latin_hypercube"}, 0));
  if (root.has("point_results")) {
    plan.point_results = relative_to_file(root.required_string("point_results"));
  }

  const YAML::Node parameters = root.require("parameters");
  yaml::expect_sequence(doc, parameters, "parameters", true);
  Reader reader{doc, plan};
  const auto refuse = [&](const char* key, const char* design) {
    if (root.has(key)) {
      throw ValueError(doc.locate(root.key_node(key)),
                       fmt::format("'{}' belongs to design {}; this sweep's design is {}", key,
                                   design, sweep_design_name(plan.design)));
    }
  };
  switch (plan.design) {
    case SweepDesign::grid:
      refuse("points", "list");
      refuse("samples", "latin_hypercube");
      reader.grid(parameters);
      break;
    case SweepDesign::list:
      refuse("samples", "latin_hypercube");
      reader.rows(root, parameters);
      break;
    case SweepDesign::latin_hypercube:
      refuse("points", "list");
      reader.latin_hypercube(root, parameters);
      break;
  }
  for (std::size_t i = 0; i < plan.parameters.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (plan.parameters[i].path == plan.parameters[j].path) {
        throw ValueError(plan.parameters[i].where,
                         fmt::format("parameters[{}]: path '{}' is swept twice (also "
                                     "parameters[{}])",
                                     i, plan.parameters[i].path, j));
      }
    }
  }
  return plan;
}

void rethrow_located(const SweepPlan& plan, std::size_t point, const InputError& error) {
  // Overrides are located as "--set PATH"; find which of the point's it is.
  const std::string& file = error.where().file;
  for (std::size_t i = 0; i < plan.parameters.size(); ++i) {
    const SweepParameter& p = plan.parameters[i];
    if (file != "--set " + p.path && file != "--set") continue;
    if (file == "--set" && error.detail().find(p.path) == std::string::npos) continue;
    const bool path_problem = dynamic_cast<const UnknownKeyError*>(&error) != nullptr;
    SourceLocation where = path_problem ? p.where : plan.points[point].where[i];
    const std::string message = fmt::format("point {} ({}={}): {}", point, p.path,
                                            plan.points[point].values[i], error.detail());
    if (path_problem) throw UnknownKeyError(where, message);
    if (dynamic_cast<const ReferenceError*>(&error) != nullptr)
      throw ReferenceError(where, message);
    if (dynamic_cast<const SizeError*>(&error) != nullptr) throw SizeError(where, message);
    if (dynamic_cast<const ParseError*>(&error) != nullptr) throw ParseError(where, message);
    throw ValueError(where, message);
  }
  throw;
}

}  // namespace cyres
