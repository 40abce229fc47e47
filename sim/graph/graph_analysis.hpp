#pragma once
// Structural measures of a scenario's graph, computed once per scenario:
// ranking keys for targeted campaigns, triage and hardening, and the summary
// `cyres info` prints.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/graph/asset_graph.hpp"

namespace cyres {

//! Network in-degree + out-degree of every asset [links].
std::vector<std::uint32_t> network_degree(const AssetGraph& graph);

//! Where downstream_impact reports how far it is, for a progress display
//! (either may be null): `total` is set to the number of searches before they
//! start, `done` counts those finished.
struct ImpactProgress {
  std::atomic<std::uint64_t>* total = nullptr;
  std::atomic<std::uint64_t>* done = nullptr;
};

//! Largest strongly connected component of the dependency graph for which
//! downstream_impact still searches from every asset [assets].
inline constexpr std::size_t IMPACT_SEARCH_PER_ASSET_UP_TO = 4096;

//! Downstream impact of every asset: the criticality summed over every asset
//! that depends on it directly or transitively through dependency links,
//! itself included [criticality units]. While every dependency cycle (strongly
//! connected component) has at most IMPACT_SEARCH_PER_ASSET_UP_TO assets, one
//! breadth-first search per asset (TBB over assets) sums criticalities in the
//! order it reaches them, as it always has, so existing scenarios keep their
//! bits; the cost is assets x mean reach, at most quadratic in the size of a
//! cycle (about 5 ns per asset reached: the assets are renumbered so that a
//! search stays in a small part of memory, and a search neither clears nor
//! allocates anything). Beyond that the graph is condensed to its components, whose members
//! all reach the same assets, and one search per component sums the
//! components reached: a cycle of any size costs linear time, and every member
//! of a component gets the same value.
std::vector<double> downstream_impact(const AssetGraph& graph,
                                      const std::vector<double>& criticality,
                                      const ImpactProgress& progress = {});

//! A graph in compressed rows, with a weight per node: the dependency graph
//! as downstream impact searches it.
struct WeightedRows {
  std::vector<double> weight;     //!< per node
  std::vector<LinkIndex> offset;  //!< successors of c: successor[offset[c] .. offset[c+1])
  std::vector<AssetIndex> successor;
};

//! What DownstreamImpactIndex::of reuses from one search to the next (one
//! per thread): a search stamp per node, so that nothing is cleared between
//! searches, and the queue.
struct ImpactSearch {
  std::vector<AssetIndex> seen_in;  //!< number of the search that last reached a node
  std::vector<AssetIndex> queue;
  AssetIndex searches = 0;
  std::size_t reached = 0;  //!< nodes the last search reached (0 if it looked up)
};

//! Downstream impact one asset at a time, for triage, which asks for the few
//! assets of a large graph that reach a queue. Built in linear time: the
//! graph renumbered as downstream_impact renumbers it, so that a search stays
//! in a small part of memory and costs what its root reaches. Where a
//! dependency cycle has more than IMPACT_SEARCH_PER_ASSET_UP_TO assets, the
//! impacts of all assets are computed here instead (the condensation), and
//! looked up.
class DownstreamImpactIndex {
 public:
  DownstreamImpactIndex(const AssetGraph& graph, const std::vector<double>& criticality);

  //! downstream_impact(graph, criticality)[root], bit for bit: the same
  //! search adding the same criticalities in the same order [criticality units].
  double of(AssetIndex root, ImpactSearch& search) const;

  //! True if of() searches (every cycle within the limit), false if it looks up.
  bool searches() const { return all_.empty(); }

  //! The assets in the order of their nodes: searches from successive ones
  //! reach much the same nodes, so that asking for every asset in this order
  //! costs what downstream_impact's pass costs on one thread.
  const std::vector<AssetIndex>& search_order() const { return order_; }

 private:
  std::vector<AssetIndex> label_;  //!< node of each asset in rows_
  std::vector<AssetIndex> order_;  //!< asset of each node
  WeightedRows rows_;
  std::vector<double> all_;  //!< every asset's impact, where the graph is condensed
};

struct DependencyStructure {
  std::size_t cyclic_components = 0;  //!< strongly connected components with > 1 asset
  std::size_t assets_in_cycles = 0;   //!< assets in those components
  std::size_t largest_cycle = 0;      //!< assets in the largest such component
  std::size_t longest_chain = 0;      //!< most dependency hops on a path between components
};

//! Cycles and the longest chain of the dependency graph (Tarjan's strongly
//! connected components, then a longest path over the condensation, which is
//! acyclic).
DependencyStructure analyse_dependencies(const AssetGraph& graph);

//! Indices of the `count` highest-ranked assets among `candidates` by `score`
//! (ties by lower index, so the choice is deterministic).
template <typename Score>
std::vector<AssetIndex> top_ranked(std::vector<AssetIndex> candidates,
                                   const std::vector<Score>& score, std::size_t count);

}  // namespace cyres

#include "sim/graph/graph_analysis_inl.hpp"
