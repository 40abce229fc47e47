#pragma once
// Structural measures of a scenario's graph, computed once per scenario:
// ranking keys for targeted campaigns, triage and hardening, and the summary
// `cyres info` prints.

#include <cstdint>
#include <vector>

#include "sim/graph/asset_graph.hpp"

namespace cyres {

//! Network in-degree + out-degree of every asset [links].
std::vector<std::uint32_t> network_degree(const AssetGraph& graph);

//! Downstream impact of every asset: the criticality summed over every asset
//! that depends on it directly or transitively through dependency links,
//! itself included [criticality units]. Computed with a breadth-first search
//! per asset (TBB over assets), cost proportional to the total reach.
std::vector<double> downstream_impact(const AssetGraph& graph,
                                      const std::vector<double>& criticality);

struct DependencyStructure {
  std::size_t cyclic_components = 0;  //!< strongly connected components with > 1 asset
  std::size_t assets_in_cycles = 0;   //!< assets in those components
  std::size_t largest_cycle = 0;      //!< assets in the largest such component
  std::size_t longest_chain = 0;      //!< most dependency hops on a path between components
};

//! Cycles and the longest chain of the dependency graph (Boost strong_components,
//! then a longest path over the condensation, which is acyclic).
DependencyStructure analyse_dependencies(const AssetGraph& graph);

//! Indices of the `count` highest-ranked assets among `candidates` by `score`
//! (ties by lower index, so the choice is deterministic).
template <typename Score>
std::vector<AssetIndex> top_ranked(std::vector<AssetIndex> candidates,
                                   const std::vector<Score>& score, std::size_t count);

}  // namespace cyres

#include "sim/graph/graph_analysis_inl.hpp"
