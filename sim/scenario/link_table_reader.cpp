// links.csv -> LinkTable (docs/scenario-format.md, "links.csv").
#include <array>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "sim/scenario/readers.hpp"

namespace cyres {

namespace {

const std::vector<std::string> LINK_TYPES = {"network", "dependency", "both"};

AssetIndex resolve_asset(const CsvColumns& columns, const CsvRow& row, std::string_view column,
                         const NameIndex& assets) {
  const std::string value(columns.required(row, column));
  const auto index = assets.find(value);
  if (!index) {
    throw ReferenceError(columns.locate(row),
                         fmt::format("column '{}': unknown asset '{}' (not in the assets table){}",
                                     column, value, assets.suggest(value)));
  }
  return static_cast<AssetIndex>(*index);
}

}  // namespace

LinkTable read_links(const CsvTable& table, const NameIndex& asset_names) {
  const CsvColumns columns(table, {{"source", true},
                                   {"target", true},
                                   {"type", true},
                                   {"probability", false},
                                   {"weight", false}});
  const std::size_t n = table.rows.size();
  LinkTable l;
  l.source.reserve(n);
  l.target.reserve(n);
  l.kind.reserve(n);
  l.probability.reserve(n);
  l.weight.reserve(n);
  // First line of each (source, target) pair, one map per link type.
  std::array<std::unordered_map<std::uint64_t, int>, 3> seen;
  std::vector<double> input_weight(asset_names.size(), 0.0);  // sum of w_uv into each v

  for (const CsvRow& row : table.rows) {
    const AssetIndex u = resolve_asset(columns, row, "source", asset_names);
    const AssetIndex v = resolve_asset(columns, row, "target", asset_names);
    const std::string_view type_text = columns.required(row, "type");
    const Parsed<std::size_t> type = parse_choice(type_text, LINK_TYPES);
    if (!type.ok()) columns.fail(row, "type", type.problem);
    if (u == v) {
      throw ValueError(columns.locate(row),
                       fmt::format("column 'target': self-link '{}' -> '{}'; expected a target "
                                   "different from the source",
                                   asset_names.names()[u], asset_names.names()[v]));
    }
    const std::uint64_t pair = (std::uint64_t{u} << 32) | v;
    const auto [it, fresh] = seen[type.value].emplace(pair, row.line);
    if (!fresh) {
      throw ValueError(
          columns.locate(row),
          fmt::format("duplicate link '{}' -> '{}' of type '{}' (first at line {}); "
                      "expected each (source, target, type) once",
                      asset_names.names()[u], asset_names.names()[v], type_text, it->second));
    }
    const auto kind = static_cast<std::uint8_t>(type.value + 1);  // network=1, dependency=2, both=3
    double probability = 0.0;
    if ((kind & LinkKind::network) != 0) {
      if (columns.cell(row, "probability").empty()) {
        columns.fail(row, "probability",
                     fmt::format("the cell is empty; a '{}' link needs p_uv, expected {}",
                                 type_text, NumberRule::probability().expected()));
      }
      probability = columns.number(row, "probability", NumberRule::probability(), 0.0);
    }
    const double weight = columns.number(row, "weight", NumberRule::above(0.0), 1.0);
    if ((kind & LinkKind::dependency) != 0) {
      input_weight[v] += weight;
      if (!std::isfinite(input_weight[v])) {
        columns.fail(row, "weight", input_weight_overflow(weight, asset_names.names()[v]));
      }
    }
    l.source.push_back(u);
    l.target.push_back(v);
    l.kind.push_back(kind);
    l.probability.push_back(probability);
    l.weight.push_back(weight);
  }
  return l;
}

}  // namespace cyres
