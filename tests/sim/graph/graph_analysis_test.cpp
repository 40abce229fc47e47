// Graph analyses (sim/graph/graph_analysis.hpp) on small graphs whose answers
// are worked by hand in the comments: degrees, downstream impact, cycles and
// the longest dependency chain, and the deterministic top-k ranking.

#include "sim/graph/graph_analysis.hpp"

#include <tbb/global_control.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "sim/random/streams.hpp"

namespace cyres {
namespace {

// A graph of `assets` assets with the given network and dependency links u -> v
// (a dependency u -> v: v needs u's service).
AssetGraph graph_of(std::size_t assets,
                    const std::vector<std::pair<AssetIndex, AssetIndex>>& network,
                    const std::vector<std::pair<AssetIndex, AssetIndex>>& dependency) {
  LinkTable links;
  const auto add = [&](std::pair<AssetIndex, AssetIndex> link, LinkKind kind) {
    links.source.push_back(link.first);
    links.target.push_back(link.second);
    links.kind.push_back(kind);
    links.probability.push_back(kind == LinkKind::network ? 0.1 : 0.0);
    links.weight.push_back(1.0);
  };
  for (const auto& link : network) add(link, LinkKind::network);
  for (const auto& link : dependency) add(link, LinkKind::dependency);
  return AssetGraph(assets, links);
}

AssetGraph dependencies(std::size_t assets,
                        const std::vector<std::pair<AssetIndex, AssetIndex>>& links) {
  return graph_of(assets, {}, links);
}

TEST(NetworkDegree, CountsInAndOutLinks) {
  // 0 -> 1, 0 -> 2, 1 -> 2, 2 -> 0; asset 3 alone. Dependency links do not count.
  const AssetGraph graph = graph_of(4, {{0, 1}, {0, 2}, {1, 2}, {2, 0}}, {{3, 0}, {1, 3}});
  EXPECT_EQ(network_degree(graph), (std::vector<std::uint32_t>{3, 2, 3, 0}));
}

TEST(DownstreamImpact, ChainSumsEverythingDownstreamAndItself) {
  // 0 -> 1 -> 2 (1 needs 0, 2 needs 1), criticality 1, 2, 4.
  const AssetGraph graph = dependencies(3, {{0, 1}, {1, 2}});
  EXPECT_EQ(downstream_impact(graph, {1.0, 2.0, 4.0}), (std::vector<double>{7.0, 6.0, 4.0}));
}

TEST(DownstreamImpact, DiamondCountsASharedDependantOnce) {
  // 0 -> 1 -> 3 and 0 -> 2 -> 3: asset 3 is reached twice from 0 but counted once.
  const AssetGraph graph = dependencies(4, {{0, 1}, {0, 2}, {1, 3}, {2, 3}});
  EXPECT_EQ(downstream_impact(graph, {1.0, 10.0, 100.0, 1000.0}),
            (std::vector<double>{1111.0, 1010.0, 1100.0, 1000.0}));
}

TEST(DownstreamImpact, CycleReachesEveryMemberFromEachMember) {
  // 0 -> 1 -> 2 -> 0 and 2 -> 3; asset 4 alone; network links do not count.
  const AssetGraph graph = graph_of(5, {{4, 0}}, {{0, 1}, {1, 2}, {2, 0}, {2, 3}});
  EXPECT_EQ(downstream_impact(graph, {1.0, 2.0, 4.0, 8.0, 16.0}),
            (std::vector<double>{15.0, 15.0, 15.0, 8.0, 16.0}));
}

TEST(DownstreamImpact, SameBitsAtOneThreadAndMany) {
  // 3000 assets, each with up to three dependants further down, and criticalities
  // that are not exact in binary: sums in another order would show in the bits.
  const std::size_t n = 3000;
  std::vector<std::pair<AssetIndex, AssetIndex>> links;
  const RandomStreams streams(5);
  for (AssetIndex u = 0; u + 1 < n; ++u) {
    for (std::uint32_t j = 0; j < 3; ++j) {
      const auto span = static_cast<double>(n - 1 - u);
      const auto v =
          u + 1 + static_cast<AssetIndex>(streams.uniform(0, Purpose::generate, u, j) * span);
      links.emplace_back(u, v);
    }
  }
  links.emplace_back(static_cast<AssetIndex>(n - 1), 0);  // and one cycle through most of it
  const AssetGraph graph = dependencies(n, links);
  std::vector<double> criticality(n);
  for (std::size_t i = 0; i < n; ++i) criticality[i] = 0.1 * static_cast<double>(i % 17 + 1);
  const std::vector<double> many = downstream_impact(graph, criticality);
  const tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
  EXPECT_EQ(downstream_impact(graph, criticality), many);
}

// The definition, one breadth-first search per asset over the assets, summing
// criticalities in the order they are reached.
std::vector<double> impact_by_definition(const AssetGraph& graph,
                                         const std::vector<double>& criticality) {
  const std::size_t n = graph.assets();
  std::vector<double> impact(n, 0.0);
  for (AssetIndex root = 0; root < n; ++root) {
    std::vector<bool> seen(n, false);
    std::vector<AssetIndex> frontier{root};
    seen[root] = true;
    for (std::size_t head = 0; head < frontier.size(); ++head) {
      impact[root] += criticality[frontier[head]];
      for (AssetIndex v : graph.dependency_out().of(frontier[head])) {
        if (!seen[v]) {
          seen[v] = true;
          frontier.push_back(v);
        }
      }
    }
  }
  return impact;
}

TEST(DownstreamImpact, AcyclicGraphsGiveTheBitsOfOneSearchPerAsset) {
  // Random links downwards only, criticalities inexact in binary: the
  // condensation (all components single assets) must sum in the same order.
  const std::size_t n = 1500;
  std::vector<std::pair<AssetIndex, AssetIndex>> links;
  const RandomStreams streams(9);
  for (AssetIndex u = 0; u + 1 < n; ++u) {
    for (std::uint32_t j = 0; j < 3; ++j) {
      const auto span = static_cast<double>(n - 1 - u);
      links.emplace_back(
          u, u + 1 + static_cast<AssetIndex>(streams.uniform(0, Purpose::generate, u, j) * span));
    }
  }
  const AssetGraph graph = dependencies(n, links);
  std::vector<double> criticality(n);
  for (std::size_t i = 0; i < n; ++i) criticality[i] = 0.1 * static_cast<double>(i % 13 + 1);
  EXPECT_EQ(downstream_impact(graph, criticality), impact_by_definition(graph, criticality));
}

TEST(DownstreamImpact, SmallCyclesKeepTheBitsOfOneSearchPerAsset) {
  // Rings of 40 assets, each feeding the next ring: cycles far below
  // IMPACT_SEARCH_PER_ASSET_UP_TO are searched from every asset, so the sums
  // (inexact in binary) keep the order, and the bits, of the definition.
  const std::size_t ring = 40;
  const std::size_t n = 30 * ring;
  std::vector<std::pair<AssetIndex, AssetIndex>> links;
  for (AssetIndex u = 0; u < n; ++u) {
    const auto first = static_cast<AssetIndex>(u - u % ring);
    links.emplace_back(u, static_cast<AssetIndex>(first + (u + 1) % ring));
    if (u % 7 == 0 && first + ring < n) links.emplace_back(u, static_cast<AssetIndex>(u + ring));
  }
  const AssetGraph graph = dependencies(n, links);
  std::vector<double> criticality(n);
  for (std::size_t i = 0; i < n; ++i) criticality[i] = 0.1 * static_cast<double>(i % 11 + 1);
  EXPECT_EQ(downstream_impact(graph, criticality), impact_by_definition(graph, criticality));
}

TEST(DownstreamImpact, RandomCyclicGraphsKeepTheBitsOfTheDefinition) {
  // Links in every direction (cycles of every size up to most of the graph,
  // below IMPACT_SEARCH_PER_ASSET_UP_TO), repeated links, self-links and
  // links out of order: the searches run on renumbered assets, and must still
  // add the same criticalities (inexact in binary) in the same order, at one
  // thread and many.
  for (const std::uint64_t seed : {3u, 4u, 5u}) {
    const std::size_t n = 1200;
    std::vector<std::pair<AssetIndex, AssetIndex>> links;
    const RandomStreams streams(seed);
    for (AssetIndex u = 0; u < n; ++u) {
      const auto out = static_cast<std::uint32_t>(streams.uniform(0, Purpose::generate, u, 9) * 4);
      for (std::uint32_t j = 0; j < out; ++j) {
        const auto v = static_cast<AssetIndex>(streams.uniform(0, Purpose::generate, u, j) *
                                               static_cast<double>(n));
        links.emplace_back(u, v);
        if (j == 1) links.emplace_back(u, v);
      }
    }
    const AssetGraph graph = dependencies(n, links);
    std::vector<double> criticality(n);
    for (std::size_t i = 0; i < n; ++i) criticality[i] = 0.1 * static_cast<double>(i % 19 + 1);
    const std::vector<double> expected = impact_by_definition(graph, criticality);
    EXPECT_EQ(downstream_impact(graph, criticality), expected) << seed;
    const tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    EXPECT_EQ(downstream_impact(graph, criticality), expected) << seed;
  }
}

TEST(DownstreamImpactIndex, OneAssetAloneHasTheBitsOfTheSearchFromEveryAsset) {
  // Graphs as above, each root asked alone in reverse order, with one
  // ImpactSearch reused across searches and graphs of two sizes (its stamps
  // must neither leak from one search to the next nor from a larger graph).
  ImpactSearch search;
  for (const std::uint64_t seed : {3u, 4u}) {
    for (const std::size_t n : {std::size_t{1200}, std::size_t{700}}) {
      std::vector<std::pair<AssetIndex, AssetIndex>> links;
      const RandomStreams streams(seed);
      for (AssetIndex u = 0; u < n; ++u) {
        const auto out =
            static_cast<std::uint32_t>(streams.uniform(0, Purpose::generate, u, 9) * 4);
        for (std::uint32_t j = 0; j < out; ++j) {
          links.emplace_back(u,
                             static_cast<AssetIndex>(streams.uniform(0, Purpose::generate, u, j) *
                                                     static_cast<double>(n)));
        }
      }
      const AssetGraph graph = dependencies(n, links);
      std::vector<double> criticality(n);
      for (std::size_t i = 0; i < n; ++i) criticality[i] = 0.1 * static_cast<double>(i % 19 + 1);
      const std::vector<double> all = downstream_impact(graph, criticality);
      const DownstreamImpactIndex index(graph, criticality);
      ASSERT_TRUE(index.searches());
      for (auto root = static_cast<AssetIndex>(n); root-- > 0;) {
        ASSERT_EQ(std::bit_cast<std::uint64_t>(index.of(root, search)),
                  std::bit_cast<std::uint64_t>(all[root]))
            << seed << " " << n << " " << root;
      }
    }
  }
}

TEST(DownstreamImpactIndex, StampsThatWrapAroundStartAfresh) {
  // 0 -> 1 -> 2. A search from 2 stamps only asset 2; assets 0 and 1 keep
  // the stamp 0 of assets never reached. The search after number 2^32 - 1
  // would be numbered 0 and take them for reached: it must start afresh.
  const AssetGraph graph = dependencies(3, {{0, 1}, {1, 2}});
  const DownstreamImpactIndex index(graph, {1.0, 2.0, 4.0});
  ImpactSearch search;
  EXPECT_EQ(index.of(2, search), 4.0);
  search.searches = std::numeric_limits<AssetIndex>::max();
  EXPECT_EQ(index.of(0, search), 7.0);
  EXPECT_EQ(search.searches, 1u);
}

TEST(DownstreamImpactIndex, OnlyACycleAboveTheLimitIsCondensedAndLookedUp) {
  ImpactSearch search;
  for (const std::size_t ring :
       {IMPACT_SEARCH_PER_ASSET_UP_TO, IMPACT_SEARCH_PER_ASSET_UP_TO + 1}) {
    std::vector<std::pair<AssetIndex, AssetIndex>> links;
    for (AssetIndex u = 0; u < ring; ++u)
      links.emplace_back(u, static_cast<AssetIndex>((u + 1) % ring));
    links.emplace_back(0, static_cast<AssetIndex>(ring));  // a dependant off the ring
    const AssetGraph graph = dependencies(ring + 1, links);
    std::vector<double> criticality(ring + 1);
    for (std::size_t i = 0; i <= ring; ++i) criticality[i] = 0.1 * static_cast<double>(i % 7 + 1);
    const DownstreamImpactIndex index(graph, criticality);
    EXPECT_EQ(index.searches(), ring <= IMPACT_SEARCH_PER_ASSET_UP_TO) << ring;
    const std::vector<double> all = downstream_impact(graph, criticality);
    for (const AssetIndex root : {AssetIndex{0}, AssetIndex{1}, static_cast<AssetIndex>(ring)}) {
      EXPECT_EQ(std::bit_cast<std::uint64_t>(index.of(root, search)),
                std::bit_cast<std::uint64_t>(all[root]))
          << ring << " " << root;
    }
  }
}

TEST(DownstreamImpact, ABigCycleTakesLinearTimeAndReportsProgress) {
  // 200,000 assets in one dependency ring (above IMPACT_SEARCH_PER_ASSET_UP_TO),
  // and a tail of dependants off it: one search per asset would visit 4e10
  // assets; the condensation visits each once.
  const std::size_t ring = 200'000;
  const std::size_t n = ring + 10;
  std::vector<std::pair<AssetIndex, AssetIndex>> links;
  for (AssetIndex u = 0; u < ring; ++u)
    links.emplace_back(u, static_cast<AssetIndex>((u + 1) % ring));
  for (AssetIndex u = ring; u + 1 < n; ++u) links.emplace_back(u, u + 1);
  links.emplace_back(5, static_cast<AssetIndex>(ring));
  const AssetGraph graph = dependencies(n, links);
  const std::vector<double> criticality(n, 1.0);
  std::atomic<std::uint64_t> total{0};
  std::atomic<std::uint64_t> done{0};
  const auto start = std::chrono::steady_clock::now();
  const std::vector<double> impact = downstream_impact(graph, criticality, {&total, &done});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  for (AssetIndex u = 0; u < ring; ++u) ASSERT_EQ(impact[u], static_cast<double>(n)) << u;
  for (AssetIndex u = ring; u < n; ++u) EXPECT_EQ(impact[u], static_cast<double>(n - u)) << u;
  EXPECT_EQ(total.load(), 11u);  // the ring and the ten tail assets
  EXPECT_EQ(done.load(), total.load());
}

TEST(AnalyseDependencies, EmptyAndLinklessGraphsHaveNoCyclesOrChains) {
  for (std::size_t assets : {0, 4}) {
    const DependencyStructure s = analyse_dependencies(dependencies(assets, {}));
    EXPECT_EQ(s.cyclic_components, 0u);
    EXPECT_EQ(s.assets_in_cycles, 0u);
    EXPECT_EQ(s.largest_cycle, 0u);
    EXPECT_EQ(s.longest_chain, 0u);
  }
}

TEST(AnalyseDependencies, ChainOfFiveAssetsHasFourHops) {
  const DependencyStructure s =
      analyse_dependencies(dependencies(5, {{0, 1}, {1, 2}, {2, 3}, {3, 4}}));
  EXPECT_EQ(s.cyclic_components, 0u);
  EXPECT_EQ(s.longest_chain, 4u);
}

TEST(AnalyseDependencies, LongestChainTakesTheLongerBranch) {
  // 0 -> 1 -> 2 -> 3 and 0 -> 4, 4 -> 3: two hops or three to reach 3.
  const DependencyStructure s =
      analyse_dependencies(dependencies(5, {{0, 4}, {4, 3}, {0, 1}, {1, 2}, {2, 3}}));
  EXPECT_EQ(s.longest_chain, 3u);
}

TEST(AnalyseDependencies, CyclesAreComponentsAndChainsRunBetweenThem) {
  // A 2-cycle {0, 1} (power needs telecoms needs power), a 3-cycle {2, 3, 4},
  // and 1 -> 2, 4 -> 5 -> 6: the condensation is {0,1} -> {2,3,4} -> 5 -> 6,
  // three hops. Asset 7 is alone.
  const DependencyStructure s = analyse_dependencies(
      dependencies(8, {{0, 1}, {1, 0}, {2, 3}, {3, 4}, {4, 2}, {1, 2}, {4, 5}, {5, 6}}));
  EXPECT_EQ(s.cyclic_components, 2u);
  EXPECT_EQ(s.assets_in_cycles, 5u);
  EXPECT_EQ(s.largest_cycle, 3u);
  EXPECT_EQ(s.longest_chain, 3u);
}

TEST(AnalyseDependencies, RandomGraphsAgreeWithMutualReachability) {
  // Components by definition: u and v share one when each reaches the other
  // (transitive closure by brute force); the longest chain is the longest
  // path, in hops between components, over the (acyclic) condensation.
  for (const std::uint64_t seed : {1u, 2u, 3u, 4u, 5u, 6u}) {
    const std::size_t n = 60;
    std::vector<std::pair<AssetIndex, AssetIndex>> links;
    const RandomStreams streams(seed);
    for (AssetIndex u = 0; u < n; ++u) {
      for (std::uint32_t j = 0; j < 2; ++j) {
        if (streams.uniform(0, Purpose::generate, u, 10 + j) < 0.4) continue;
        links.emplace_back(u, static_cast<AssetIndex>(streams.uniform(0, Purpose::generate, u, j) *
                                                      static_cast<double>(n)));
      }
    }
    std::vector<std::vector<bool>> reaches(n, std::vector<bool>(n, false));
    for (std::size_t u = 0; u < n; ++u) reaches[u][u] = true;
    for (const auto& [u, v] : links) reaches[u][v] = true;
    for (std::size_t k = 0; k < n; ++k) {
      for (std::size_t u = 0; u < n; ++u) {
        for (std::size_t v = 0; v < n; ++v) {
          if (reaches[u][k] && reaches[k][v]) reaches[u][v] = true;
        }
      }
    }
    std::vector<std::size_t> leader(n);  // lowest member of each asset's component
    DependencyStructure expected;
    for (std::size_t u = 0; u < n; ++u) {
      std::size_t size = 0;
      leader[u] = n;
      for (std::size_t v = 0; v < n; ++v) {
        if (reaches[u][v] && reaches[v][u]) {
          ++size;
          leader[u] = std::min(leader[u], v);
        }
      }
      if (size > 1 && leader[u] == u) {
        ++expected.cyclic_components;
        expected.assets_in_cycles += size;
        expected.largest_cycle = std::max(expected.largest_cycle, size);
      }
    }
    // Longest chain: relax over the component links n times (paths have
    // fewer than n hops).
    std::vector<std::size_t> chain(n, 0);
    for (std::size_t round = 0; round < n; ++round) {
      for (const auto& [u, v] : links) {
        if (leader[u] != leader[v]) {
          chain[leader[u]] = std::max(chain[leader[u]], chain[leader[v]] + 1);
        }
      }
    }
    expected.longest_chain = *std::max_element(chain.begin(), chain.end());
    const DependencyStructure s = analyse_dependencies(dependencies(n, links));
    EXPECT_EQ(s.cyclic_components, expected.cyclic_components) << seed;
    EXPECT_EQ(s.assets_in_cycles, expected.assets_in_cycles) << seed;
    EXPECT_EQ(s.largest_cycle, expected.largest_cycle) << seed;
    EXPECT_EQ(s.longest_chain, expected.longest_chain) << seed;
  }
}

TEST(AnalyseDependencies, NetworkLinksAreNotDependencies) {
  const DependencyStructure s = analyse_dependencies(graph_of(3, {{0, 1}, {1, 0}, {1, 2}}, {}));
  EXPECT_EQ(s.cyclic_components, 0u);
  EXPECT_EQ(s.longest_chain, 0u);
}

TEST(TopRanked, HighestScoresFirstTiesToTheLowerIndex) {
  const std::vector<double> score = {1.0, 5.0, 3.0, 5.0, 0.5};
  EXPECT_EQ(top_ranked<double>({0, 1, 2, 3, 4}, score, 3), (std::vector<AssetIndex>{1, 3, 2}));
  // Candidates in any order give the same choice.
  EXPECT_EQ(top_ranked<double>({4, 3, 2, 1, 0}, score, 3), (std::vector<AssetIndex>{1, 3, 2}));
  // Only the candidates compete.
  EXPECT_EQ(top_ranked<double>({0, 2, 4}, score, 2), (std::vector<AssetIndex>{2, 0}));
}

TEST(TopRanked, CountBeyondTheCandidatesReturnsThemAllRanked) {
  const std::vector<std::uint32_t> score = {2, 7, 7};
  EXPECT_EQ(top_ranked<std::uint32_t>({0, 1, 2}, score, 10), (std::vector<AssetIndex>{1, 2, 0}));
  EXPECT_EQ(top_ranked<std::uint32_t>({}, score, 2), std::vector<AssetIndex>{});
}

}  // namespace
}  // namespace cyres
