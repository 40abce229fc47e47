// assets.csv -> AssetTable (docs/scenario-format.md, "assets.csv").
#include <cmath>

#include <fmt/format.h>

#include "sim/scenario/readers.hpp"

namespace cyres {

namespace {

// Resolves a name column against `names`; ReferenceError with a suggestion otherwise.
std::size_t resolve(const CsvColumns& columns, const CsvRow& row, std::string_view column,
                    const NameIndex& names, std::string_view section) {
  const std::string value(columns.required(row, column));
  const auto index = names.find(value);
  if (!index) {
    throw ReferenceError(columns.locate(row),
                         fmt::format("column '{}': unknown {} '{}' (not declared in {}){}", column,
                                     column, value, section, names.suggest(value)));
  }
  return *index;
}

// Version 2 replaced `region` (a free label) by `state` (a declared state);
// each column is refused, with the reason, in the version that lacks it.
void check_state_column(const CsvTable& table, int version) {
  const bool v2 = version >= FORMAT_V2;
  const std::string_view other = v2 ? "region" : "state";
  for (const std::string& column : table.header) {
    if (column != other) continue;
    throw UnknownKeyError({table.file, table.header_line},
                          v2 ? std::string("unknown column 'region': region was replaced by state "
                                           "in version 2 (a state declared in states)")
                             : needs_v2("column 'state'"));
  }
}

}  // namespace

AssetTable read_assets(const CsvTable& table, const AssetDefaults& defaults,
                       const AssetReferences& references, NameIndex& asset_names) {
  check_state_column(table, references.version);
  const bool v2 = references.version >= FORMAT_V2;
  const CsvColumns columns(table, {{"id", true},
                                   {"sector", true},
                                   {"organisation", true},
                                   {"name", false},
                                   {v2 ? "state" : "region", v2},
                                   {"criticality", false},
                                   {"vulnerability", false},
                                   {"detection", false},
                                   {"buffer", false},
                                   {"threshold", false},
                                   {"restore", false},
                                   {"manual_restoration", false}});
  // AssetIndex is 32-bit; its largest value stays free as a "none" marker.
  if (table.rows.size() >= std::numeric_limits<AssetIndex>::max()) {
    throw SizeError({table.file}, fmt::format("{} assets; expected at most {}", table.rows.size(),
                                              std::numeric_limits<AssetIndex>::max() - 1));
  }
  const std::size_t n = table.rows.size();
  AssetTable a;
  a.id.reserve(n);
  a.sector.reserve(n);
  a.organisation.reserve(n);
  if (v2) a.state.reserve(n);
  a.criticality.reserve(n);
  a.vulnerability.reserve(n);
  a.detection.reserve(n);
  a.buffer.reserve(n);
  a.threshold.reserve(n);
  a.restore.reserve(n);
  a.manual_restoration.reserve(n);
  asset_names.reserve(n);
  std::vector<int> first_line;  // where each id was defined, for the duplicate message
  first_line.reserve(n);

  double total_criticality = 0.0;  // bounds every impact sum (sim/graph)
  for (const CsvRow& row : table.rows) {
    const std::string id(columns.required(row, "id"));
    if (!is_identifier(id, ":")) {
      columns.fail(row, "id",
                   fmt::format("value '{}' is not a valid asset id; expected letters, digits, "
                               "'_', '.', ':' or '-'",
                               id));
    }
    if (!asset_names.add(id)) {
      throw ReferenceError(
          columns.locate(row),
          fmt::format("column 'id': asset id '{}' is defined twice (first at line {}); ids must "
                      "be unique",
                      id, first_line[*asset_names.find(id)]));
    }
    first_line.push_back(row.line);
    a.id.push_back(id);
    a.sector.push_back(
        static_cast<SectorIndex>(resolve(columns, row, "sector", references.sectors, "sectors")));
    a.organisation.push_back(static_cast<OrgIndex>(
        resolve(columns, row, "organisation", references.organisations, "organisations")));
    if (v2) {
      a.state.push_back(
          static_cast<StateIndex>(resolve(columns, row, "state", references.states, "states")));
    }
    a.criticality.push_back(
        columns.number(row, "criticality", NumberRule::at_least(0.0), defaults.criticality));
    total_criticality += a.criticality.back();
    if (!std::isfinite(total_criticality)) {
      columns.fail(row, "criticality", criticality_overflow(a.criticality.back()));
    }
    a.vulnerability.push_back(
        columns.number(row, "vulnerability", NumberRule::probability(), defaults.vulnerability));
    a.detection.push_back(
        columns.number(row, "detection", NumberRule::probability(), defaults.detection));
    a.buffer.push_back(
        static_cast<Step>(columns.integer(row, "buffer", DURATION_RULE, defaults.buffer)));
    a.threshold.push_back(
        columns.number(row, "threshold", NumberRule::fraction_above_zero(), defaults.threshold));
    a.restore.push_back(
        static_cast<Step>(columns.integer(row, "restore", DURATION_RULE, defaults.restore)));
    a.manual_restoration.push_back(
        columns.duration_or_never(row, "manual_restoration", defaults.manual_restoration));
  }
  return a;
}

}  // namespace cyres
