#include "sim/generate/scenario_generator.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <vector>

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/core/pending_output.hpp"
#include "sim/generate/sector_profile.hpp"
#include "sim/generate/table_writer.hpp"
#include "sim/random/streams.hpp"

namespace cyres::generate {
namespace {

constexpr std::uint64_t REGION_SIZE = 4000;  // assets per region (a few thousand) [1]
constexpr std::uint32_t REGIONS_PER_COUNTRY = 8;
constexpr std::uint32_t REGIONS_PER_HUB = 5;  // one managed-service hub per 5 regions
constexpr std::int64_t WINDOW = 16;           // local cluster: +-16 rows of the same estate
constexpr double HUB_CUSTOMER = 0.15;         // share of assets served by a hub [1]
constexpr double HUB_BACK = 0.25;             // share of customers with a path back [1]
constexpr double HUB_TAIL = 2.5;              // hub h = H u^2.5: hub 0 gets H^-0.4 of customers
constexpr double OTHER_LINKS = 2.9;           // mean non-local links per asset (measured) [1]
// Lateral movement per step (scripts/make_varnia.py): P_MSP, P_MSP_BACK, P_OT_FIELD, P_PEER.
constexpr double P_HUB = 0.002, P_HUB_BACK = 0.002, P_CONTROL = 0.003;
constexpr std::array<double, 3> P_LOCAL = {0.004, 0.002, 0.001};
// Detection per step from median dwell 1 - 2^(-1/(24 d)): SOC 9 d, IT 14 d, field 25 d, mil 5 d.
constexpr std::array<double, 3> DETECTION = {0.003204, 0.002061, 0.001155};
constexpr double DETECTION_MIL = 0.005759;
constexpr std::array<double, 3> VULNERABILITY = {0.45, 0.3, 0.2};  // IT/control, sites, field

// Rows of one sector in one region: tier 0 [start, tier1), 1 [tier1, tier2), 2 [tier2, end).
struct Block {
  std::uint32_t start = 0, tier1 = 0, tier2 = 0, end = 0;
  std::uint32_t tier_begin(int k) const { return k == 0 ? start : k == 1 ? tier1 : tier2; }
  std::uint32_t tier_end(int k) const { return k == 0 ? tier1 : k == 1 ? tier2 : end; }
};

class Layout {
 public:
  explicit Layout(std::uint64_t n)
      : regions_(static_cast<std::uint32_t>(
            std::max<std::uint64_t>(1, (n + REGION_SIZE / 2) / REGION_SIZE))),
        base_(n / regions_),
        extra_(n % regions_),
        blocks_(regions_) {
    for (std::uint32_t r = 0; r < regions_; ++r) {
      const std::uint64_t size = base_ + (r < extra_ ? 1 : 0);
      std::array<std::uint64_t, SECTORS> count{};
      std::uint64_t used = 0;
      for (std::size_t s = 0; s < SECTORS; ++s)
        used += count[s] =
            static_cast<std::uint64_t>(PROFILES[s].share * static_cast<double>(size));
      count[energy] += size - used;
      auto at = static_cast<std::uint32_t>(start(r));
      for (std::size_t s = 0; s < SECTORS; ++s) {
        const double c = static_cast<double>(count[s]);
        const auto t0 =
            static_cast<std::uint32_t>(std::max(1.0, std::round(c * PROFILES[s].tier_share[0])));
        const auto t1 =
            static_cast<std::uint32_t>(std::max(1.0, std::round(c * PROFILES[s].tier_share[1])));
        blocks_[r][s] = {at, at + t0, at + t0 + t1, at + static_cast<std::uint32_t>(count[s])};
        at = blocks_[r][s].end;
      }
    }
  }
  std::uint32_t regions() const { return regions_; }
  std::uint64_t start(std::uint32_t r) const {
    return r * base_ + std::min<std::uint64_t>(r, extra_);
  }
  std::uint32_t region_of(std::uint64_t i) const {
    const std::uint64_t split = extra_ * (base_ + 1);
    return static_cast<std::uint32_t>(i < split ? i / (base_ + 1) : extra_ + (i - split) / base_);
  }
  const Block& block(std::uint32_t r, std::size_t s) const { return blocks_[r][s]; }
  std::size_t sector_of(std::uint32_t r, std::uint64_t i) const {
    std::size_t s = 0;
    while (i >= blocks_[r][s].end) ++s;
    return s;
  }
  void id(std::uint32_t i, std::string& out) const {
    const std::uint32_t r = region_of(i);
    out.clear();
    fmt::format_to(std::back_inserter(out), "{}-{:04d}-{:05d}", PROFILES[sector_of(r, i)].code, r,
                   i - start(r));
  }
  bool is_hub(std::uint32_t r, std::uint32_t i) const {
    return r % REGIONS_PER_HUB == 0 && i == blocks_[r][telecoms].start;
  }
  std::uint32_t hubs() const { return (regions_ + REGIONS_PER_HUB - 1) / REGIONS_PER_HUB; }
  std::uint32_t hub(std::uint32_t h) const {
    return blocks_[std::size_t{h} * REGIONS_PER_HUB][telecoms].start;
  }

 private:
  std::uint32_t regions_;
  std::uint64_t base_, extra_;
  std::vector<std::array<Block, SECTORS>> blocks_;
};

// Uniform numbers for one asset: two per 53-bit double, four words per Philox call.
class Draws {
 public:
  Draws(const RandomStreams& streams, std::uint32_t asset) : streams_(streams), asset_(asset) {}
  double uniform() {
    if (used_ == 2) {
      block_ = streams_.block(0, Purpose::generate, asset_, counter_++);
      used_ = 0;
    }
    const double u = RandomStreams::to_unit_double(block_.v[2 * used_], block_.v[2 * used_ + 1]);
    ++used_;
    return u;
  }
  //! An integer in [0, n).
  std::uint32_t below(std::uint32_t n) {
    return std::min(n - 1, static_cast<std::uint32_t>(uniform() * n));
  }

 private:
  const RandomStreams& streams_;
  std::uint32_t asset_, counter_ = 0;
  RandomStreams::Block block_{};
  std::size_t used_ = 2;
};

// Rounded to 1/scale; dividing by an exact integer keeps "0.47", not 0.47000000000000003.
double round_to(double x, double scale) {
  return std::round(x * scale) / scale;
}

// A row of tier k of block b near relative position `pos` in [0, 1).
std::uint32_t near(const Block& b, int k, double pos, Draws& d) {
  const std::uint32_t count = b.tier_end(k) - b.tier_begin(k);
  const double x = std::clamp(pos + (d.uniform() - 0.5) * 0.1, 0.0, 0.999999);
  return b.tier_begin(k) + std::min(count - 1, static_cast<std::uint32_t>(x * count));
}

std::string organisations_yaml(const Layout& layout, std::uint64_t n,
                               std::vector<std::string>& names) {
  std::string y = "organisations:\n";
  auto org = [&](const std::string& name, std::uint64_t teams, double capability, double median,
                 double sigma, const char* why) {
    names.push_back(name);
    fmt::format_to(std::back_inserter(y),
                   "  - name: {}  # {}\n    teams: {}\n    detection_capability: {}\n"
                   "    remediation: {{distribution: lognormal, median: {}, sigma: {}}}\n",
                   name, why, teams, capability, median, sigma);
  };
  names.clear();
  org("eu-cert", 2 + n / 250'000, 1.25, 30, 0.8,
      "EU-level team: cross-border and EU-critical assets");
  org("nato-ncirc", 1 + n / 1'000'000, 1.5, 24, 0.6,
      "NATO rapid reaction: command and control nodes");
  const std::uint32_t countries =
      (layout.regions() + REGIONS_PER_COUNTRY - 1) / REGIONS_PER_COUNTRY;
  for (std::uint32_t c = 0; c < countries; ++c) {
    const std::uint32_t last = std::min(layout.regions(), (c + 1) * REGIONS_PER_COUNTRY);
    const std::uint64_t size =
        (last == layout.regions() ? n : layout.start(last)) - layout.start(c * REGIONS_PER_COUNTRY);
    org(fmt::format("csirt-c{:03d}", c), std::max<std::uint64_t>(2, (size + 4000) / 8000), 1.0, 36,
        0.9, "national CSIRT");
    org(fmt::format("mod-c{:03d}", c), 2, 1.25, 30, 0.7, "defence cyber command");
  }
  return y;
}

void write_yaml(const std::string& path, const GeneratorOptions& o,
                const std::string& organisations, const std::string& ext) {
  std::string y = fmt::format(
      "cyres: 1\nname: synthetic-{}\ndescription: >-\n  Synthetic scenario from `cyres generate "
      "--assets {} --seed {} --mean-degree {}`;\n"
      "  structure documented in docs/scenario-format.md, \"Generated scenarios\".\n\n"
      "simulation:\n  dt: 1\n  horizon: 336\n  trials: {}\n  seed: {}\n  manual_restoration: 5  # "
      "energy, Ukraine 2015 [steps]\n\nsectors:\n",
      o.assets, o.assets, o.seed, o.mean_degree, o.trials, o.seed);
  for (const auto& p : PROFILES)
    fmt::format_to(std::back_inserter(y), "  - name: {}\n    weight: {}\n", p.name, p.weight);
  y += "\n" + organisations;
  fmt::format_to(std::back_inserter(y), "\nassets: assets.{0}\nlinks: links.{0}\n", ext);
  y += R"(
campaigns:
  - name: energy-prepositioning   # state actor in grid control systems, quiet for 5 days
    start: 0
    entry: {random: 3, sector: energy}
    intensity: 1.0
    payload_probability: 0.0285   # median 24 h after the dwell
    dwell: 120
  - name: telecoms-intrusion
    start: 24
    entry: {random: 2, sector: telecoms}
    intensity: 1.0
    payload_probability: 0.0285
    dwell: 48
  - name: targeted-grid           # the best-connected energy asset, hit hard on day 3
    start: 72
    entry: {targeted: 1, sector: energy, by: degree}
    intensity: 2.0
    payload_probability: 0.067
    dwell: 12

policies:
  - {name: independent, preset: independent}
  - {name: shared-awareness, preset: shared-awareness}
  - {name: mutual-assistance, preset: mutual-assistance}
  - {name: joint-crisis-cell, preset: joint-crisis-cell}
)";
  std::ofstream out(path, std::ios::binary);
  out << y;
  if (!out.flush()) throw OutputError(fmt::format("cannot write '{}'", path));
}

//! Creates the output folder (with its parents) and, if the generator fails,
//! removes the folders it created (each only if empty), so a failed
//! `cyres generate` leaves nothing behind.
class FolderGuard {
 public:
  explicit FolderGuard(const std::string& folder) {
    std::error_code error;
    for (std::filesystem::path missing = folder;
         !missing.empty() && !std::filesystem::exists(missing, error);
         missing = missing.parent_path()) {
      created_.push_back(missing);  // innermost first
    }
    std::filesystem::create_directories(folder, error);
    if (error) throw OutputError(fmt::format("cannot create '{}': {}", folder, error.message()));
  }
  ~FolderGuard() {
    std::error_code ignored;
    if (!kept_) {
      for (const auto& folder : created_) std::filesystem::remove(folder, ignored);
    }
  }
  FolderGuard(const FolderGuard&) = delete;
  FolderGuard& operator=(const FolderGuard&) = delete;
  void keep() { kept_ = true; }

 private:
  std::vector<std::filesystem::path> created_;
  bool kept_ = false;
};

}  // namespace

GeneratedScenario generate_scenario(const std::string& outdir, const GeneratorOptions& o) {
  if (o.assets < MIN_ASSETS || o.assets > MAX_ASSETS) {
    throw ValueError({"--assets"},
                     fmt::format("value '{}' is out of range; expected an integer in [{}, {}]",
                                 o.assets, MIN_ASSETS, MAX_ASSETS));
  }
  if (!(o.mean_degree >= 4.0 && o.mean_degree <= 100.0)) {
    throw ValueError(
        {"--mean-degree"},
        fmt::format("value '{}' is out of range; expected a number in [4, 100]", o.mean_degree));
  }
  GeneratedScenario result;
  result.format = o.format == TableFormat::automatic
                      ? (o.assets <= CSV_MAX_ASSETS ? TableFormat::csv : TableFormat::hdf5)
                      : o.format;
  const bool csv = result.format == TableFormat::csv;
  const std::string ext = csv ? "csv" : "h5";
  check_output_folder(outdir, {"scenario.yaml", "assets." + ext, "links." + ext}, o.replace);
  FolderGuard folder(outdir);
  const auto in_folder = [&outdir](const std::string& name) {
    return (std::filesystem::path(outdir) / name).string();
  };
  PendingOutput assets_file(in_folder("assets." + ext));
  PendingOutput links_file(in_folder("links." + ext));
  PendingOutput yaml_file(in_folder("scenario.yaml"));
  const TablePaths tables{assets_file.temporary(), links_file.temporary()};

  const Layout layout(o.assets);
  const RandomStreams streams(o.seed);
  TableLabels labels;
  for (const auto& p : PROFILES) labels.sectors.emplace_back(p.name);
  for (std::uint32_t r = 0; r < layout.regions(); ++r)
    labels.regions.push_back(fmt::format("r{:04d}", r));
  const std::string organisations = organisations_yaml(layout, o.assets, labels.organisations);
  auto writer =
      csv ? make_csv_writer(tables, labels,
                            [&layout](std::uint32_t i, std::string& s) { layout.id(i, s); })
          : make_hdf5_writer(tables, labels);

  const double local_mean = std::max(0.0, o.mean_degree - OTHER_LINKS);
  AssetRow a;
  std::vector<std::uint32_t> picked;
  for (std::uint32_t r = 0; r < layout.regions(); ++r) {
    const std::uint32_t country = r / REGIONS_PER_COUNTRY;
    for (std::size_t s = 0; s < SECTORS; ++s) {
      const Block& b = layout.block(r, s);
      const SectorProfile& p = PROFILES[s];
      for (std::uint32_t i = b.start; i < b.end; ++i) {
        Draws d(streams, i);
        const int k = i < b.tier1 ? 0 : i < b.tier2 ? 1 : 2;
        const double pos =
            static_cast<double>(i - b.tier_begin(k)) / (b.tier_end(k) - b.tier_begin(k));
        const bool hub = layout.is_hub(r, i);
        std::uint64_t links = 0;
        auto emit = [&](std::uint32_t u, std::uint32_t v, std::uint8_t type, double prob,
                        double weight) {
          writer->link({u, v, type, prob, weight});
          ++links;
        };
        // Dependencies: own sector's hierarchy first (v needs its parents)...
        int inputs = 0;
        if (k > 0) {
          const int parents = k == 1 ? std::min<int>(2, static_cast<int>(b.tier1 - b.start))
                                     : (d.uniform() < 0.3 && b.tier2 - b.tier1 > 1 ? 2 : 1);
          const std::uint32_t first = near(b, k - 1, pos, d);
          const std::uint32_t span = b.tier_end(k - 1) - b.tier_begin(k - 1);
          for (int j = 0; j < parents; ++j) {
            const std::uint32_t u =
                b.tier_begin(k - 1) +
                (first - b.tier_begin(k - 1) + static_cast<std::uint32_t>(j)) % span;
            // Control rooms also manage their sites over the network.
            emit(u, i, k == 1 ? 3 : 2, k == 1 ? P_CONTROL : 0.0, 1.0);
          }
          inputs += parents;
        } else if ((s == energy || s == telecoms) && (r ^ 1u) < layout.regions()) {
          // Interconnection with the twin region (r xor 1): cross-border cycles of two
          // regions. A ring through all regions would put every control asset in one
          // strongly connected component and make downstream reach O(assets).
          emit(near(layout.block(r ^ 1u, s), 0, pos, d), i, 2, 0.0, 0.5);
          ++inputs;
        }
        const bool only_hierarchy = inputs == 2;
        // ...then the sector matrix (energy: its control tiers only).
        for (std::size_t t = 0; t < SECTORS; ++t) {
          if (DEPENDENCY[s][t] <= 0.0 || (s == energy && k == 2) ||
              !(d.uniform() < DEPENDENCY[s][t]))
            continue;
          emit(near(layout.block(r, t),
                    t == space ? 0
                    : k == 2   ? 2
                               : 1,
                    pos, d),
               i, 2, 0.0, provider_weight(t));
          ++inputs;
        }
        // Network: a local cluster in the same estate, and managed-service hubs.
        const double x = local_mean + (d.uniform() - 0.5);
        const auto local = static_cast<std::uint32_t>(
            std::max(0.0, std::floor(x) + (d.uniform() < x - std::floor(x) ? 1 : 0)));
        picked.clear();
        const std::uint32_t lo =
            static_cast<std::uint32_t>(std::max<std::int64_t>(b.start, std::int64_t{i} - WINDOW));
        const std::uint32_t hi =
            static_cast<std::uint32_t>(std::min<std::int64_t>(b.end - 1, std::int64_t{i} + WINDOW));
        const std::uint32_t want = std::min(local, hi - lo);
        for (int tries = 0; picked.size() < want && tries < 8 * static_cast<int>(want); ++tries) {
          const std::uint32_t v = lo + d.below(hi - lo + 1);
          if (v == i || std::find(picked.begin(), picked.end(), v) != picked.end()) continue;
          picked.push_back(v);
          emit(i, v, 1, P_LOCAL[static_cast<std::size_t>(k)], 1.0);
        }
        if (!hub && d.uniform() < HUB_CUSTOMER) {
          const auto h = layout.hub(std::min(
              layout.hubs() - 1,
              static_cast<std::uint32_t>(std::pow(d.uniform(), HUB_TAIL) * layout.hubs())));
          const bool near_hub = h >= b.start && h < b.end && (h > i ? h - i : i - h) <= WINDOW;
          if (!near_hub) {
            emit(h, i, 1, P_HUB, 1.0);
            if (d.uniform() < HUB_BACK) emit(i, h, 1, P_HUB_BACK, 1.0);
          }
        }
        result.links += links;

        layout.id(i, a.id);
        a.sector = static_cast<std::uint16_t>(s);
        a.region = r;
        a.organisation = static_cast<std::uint16_t>(
            s == defence ? (k == 0 ? 1 : 3 + 2 * country)
            : (s == space || (k == 0 && !hub && (s == energy || s == telecoms || s == finance)))
                ? 0
                : 2 + 2 * country);
        a.criticality = k == 2 ? round_to(std::min(50.0, 0.5 / std::sqrt(1.0 - d.uniform())), 100.0)
                               : 1.0;  // Pareto(0.5, 2), thousands served
        const double nu =
            hub ? 0.6 : VULNERABILITY[static_cast<std::size_t>(k)] * (s == defence ? 0.6 : 1.0);
        a.vulnerability = std::clamp(round_to(nu + (d.uniform() - 0.5) * 0.1, 100.0), 0.01, 1.0);
        a.detection = s == defence ? DETECTION_MIL
                      : hub        ? DETECTION[0]
                                   : DETECTION[static_cast<std::size_t>(k)];
        a.threshold = inputs <= 1 ? 1.0 : only_hierarchy && inputs == 2 ? 0.5 : 0.6;
        a.buffer = p.buffer[static_cast<std::size_t>(k)];
        if (s == telecoms && k == 2)
          a.buffer = std::array{0, 0, 2, 2, 4}[d.below(5)];  // ~30 min / 2 h / 4 h
        a.restore = p.restore[static_cast<std::size_t>(k)];
        a.manual = s == finance && k < 2 ? 24 : p.manual;
        writer->asset(a);
      }
    }
  }
  writer->close();
  write_yaml(yaml_file.temporary(), o, organisations, ext);
  // The YAML last: a folder whose YAML is new has its new tables.
  assets_file.commit();
  links_file.commit();
  yaml_file.commit();
  folder.keep();
  result.yaml_path = yaml_file.path();
  result.assets = o.assets;
  result.regions = layout.regions();
  result.organisations = labels.organisations.size();
  return result;
}

}  // namespace cyres::generate
