#include "sim/graph/graph_analysis.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

namespace cyres {

std::vector<std::uint32_t> network_degree(const AssetGraph& graph) {
  std::vector<std::uint32_t> degree(graph.assets(), 0);
  const Adjacency& out = graph.network_out();
  for (AssetIndex u = 0; u < graph.assets(); ++u) {
    degree[u] += static_cast<std::uint32_t>(out.end(u) - out.begin(u));
    for (AssetIndex v : out.of(u)) ++degree[v];
  }
  return degree;
}

namespace {

// Strongly connected components of the dependency graph (Boost's Tarjan, whose
// depth-first search keeps its own stack, so a chain of a million assets does
// not exhaust the call stack). Components are numbered in reverse topological
// order: every link between components goes from a higher to a lower number.
std::vector<std::size_t> dependency_components(const AssetGraph& graph, std::size_t& count) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  const std::size_t n = graph.assets();
  Graph g(n);
  const Adjacency& out = graph.dependency_out();
  for (AssetIndex u = 0; u < n; ++u) {
    for (AssetIndex v : out.of(u)) boost::add_edge(u, v, g);
  }
  std::vector<std::size_t> component(n);
  count = n == 0 ? 0 : boost::strong_components(g, component.data());
  return component;
}

}  // namespace

namespace {

// For every node r of a graph of `nodes` nodes: the sum of weight[v] over the
// nodes v reachable from r, r included, added in breadth-first order (which
// depends only on the graph, so the sums are deterministic at any thread
// count). successors(c, f) calls f(d) for each link c -> d, in a fixed order.
template <class Successors>
std::vector<double> reach_sums(std::size_t nodes, const std::vector<double>& weight,
                               Successors successors, const ImpactProgress& progress) {
  if (progress.total != nullptr) progress.total->store(nodes, std::memory_order_relaxed);
  std::vector<double> reach(nodes, 0.0);
  struct Scratch {
    std::vector<std::size_t> seen_in;  // search number + 1 that last saw a node
    std::vector<std::size_t> frontier;
  };
  tbb::enumerable_thread_specific<Scratch> scratch;
  const auto report_every = std::max<std::size_t>(1, nodes / 100);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, nodes),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      Scratch& s = scratch.local();
                      if (s.seen_in.empty()) s.seen_in.assign(nodes, 0);
                      std::size_t done = 0;
                      for (std::size_t root = range.begin(); root != range.end(); ++root) {
                        const std::size_t mark = root + 1;
                        double sum = 0.0;
                        s.frontier.assign(1, root);
                        s.seen_in[root] = mark;
                        for (std::size_t head = 0; head < s.frontier.size(); ++head) {
                          const std::size_t c = s.frontier[head];
                          sum += weight[c];
                          successors(c, [&](std::size_t d) {
                            if (s.seen_in[d] != mark) {
                              s.seen_in[d] = mark;
                              s.frontier.push_back(d);
                            }
                          });
                        }
                        reach[root] = sum;
                        if (progress.done != nullptr && ++done == report_every) {
                          progress.done->fetch_add(done, std::memory_order_relaxed);
                          done = 0;
                        }
                      }
                      if (progress.done != nullptr) {
                        progress.done->fetch_add(done, std::memory_order_relaxed);
                      }
                    });
  return reach;
}

}  // namespace

std::vector<double> downstream_impact(const AssetGraph& graph,
                                      const std::vector<double>& criticality,
                                      const ImpactProgress& progress) {
  const std::size_t n = graph.assets();
  const Adjacency& out = graph.dependency_out();
  std::size_t components = 0;
  const std::vector<std::size_t> component = dependency_components(graph, components);
  std::vector<std::size_t> size(components, 0);
  for (const std::size_t c : component) ++size[c];
  const std::size_t largest = size.empty() ? 0 : *std::max_element(size.begin(), size.end());

  if (largest <= IMPACT_SEARCH_PER_ASSET_UP_TO) {
    // One search per asset: the values (to the last bit) impact always had.
    return reach_sums(
        n, criticality,
        [&](std::size_t u, const auto& f) {
          for (const AssetIndex v : out.of(static_cast<AssetIndex>(u))) f(v);
        },
        progress);
  }

  // The condensation: every member of a component reaches what the component
  // reaches, so one search per component replaces one per asset. A
  // component's criticality is summed in asset order; its successors are
  // listed in the order its members' links first name them.
  std::vector<double> weight(components, 0.0);
  for (AssetIndex u = 0; u < n; ++u) weight[component[u]] += criticality[u];
  std::vector<std::vector<AssetIndex>> members(components);
  for (AssetIndex u = 0; u < n; ++u) members[component[u]].push_back(u);
  std::vector<std::uint64_t> offset(components + 1, 0);
  std::vector<std::size_t> successor;
  std::vector<std::size_t> listed_for(components, components);  // last component that listed it
  for (std::size_t c = 0; c < components; ++c) {
    listed_for[c] = c;  // not its own successor
    for (const AssetIndex u : members[c]) {
      for (const AssetIndex v : out.of(u)) {
        const std::size_t d = component[v];
        if (listed_for[d] == c) continue;
        listed_for[d] = c;
        successor.push_back(d);
      }
    }
    offset[c + 1] = successor.size();
  }
  const std::vector<double> reach = reach_sums(
      components, weight,
      [&](std::size_t c, const auto& f) {
        for (std::uint64_t k = offset[c]; k < offset[c + 1]; ++k) f(successor[k]);
      },
      progress);
  std::vector<double> impact(n);
  for (AssetIndex u = 0; u < n; ++u) impact[u] = reach[component[u]];
  return impact;
}

DependencyStructure analyse_dependencies(const AssetGraph& graph) {
  const std::size_t n = graph.assets();
  const Adjacency& out = graph.dependency_out();
  std::size_t components = 0;
  const std::vector<std::size_t> component = dependency_components(graph, components);

  DependencyStructure result;
  std::vector<std::size_t> size(components, 0);
  for (std::size_t c : component) ++size[c];
  for (std::size_t s : size) {
    if (s > 1) {
      ++result.cyclic_components;
      result.assets_in_cycles += s;
      result.largest_cycle = std::max(result.largest_cycle, s);
    }
  }

  // Tarjan numbers components in reverse topological order: every edge between
  // components goes from a higher to a lower number. So scanning components from
  // low to high sees every successor's chain length before its predecessors'.
  std::vector<std::vector<AssetIndex>> members(components);
  for (AssetIndex u = 0; u < n; ++u) members[component[u]].push_back(u);
  std::vector<std::size_t> chain(components, 0);  // longest path (hops) starting in component
  for (std::size_t c = 0; c < components; ++c) {
    for (AssetIndex u : members[c]) {
      for (AssetIndex v : out.of(u)) {
        if (component[v] != c) chain[c] = std::max(chain[c], chain[component[v]] + 1);
      }
    }
    result.longest_chain = std::max(result.longest_chain, chain[c]);
  }
  return result;
}

}  // namespace cyres
