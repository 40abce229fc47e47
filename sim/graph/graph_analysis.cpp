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

std::vector<double> downstream_impact(const AssetGraph& graph,
                                      const std::vector<double>& criticality) {
  const std::size_t n = graph.assets();
  std::vector<double> impact(n, 0.0);
  struct Scratch {
    std::vector<std::uint32_t> seen_in;  // search number that last saw an asset
    std::vector<AssetIndex> frontier;
  };
  tbb::enumerable_thread_specific<Scratch> scratch;
  const Adjacency& out = graph.dependency_out();
  tbb::parallel_for(tbb::blocked_range<AssetIndex>(0, static_cast<AssetIndex>(n)),
                    [&](const tbb::blocked_range<AssetIndex>& range) {
                      Scratch& s = scratch.local();
                      if (s.seen_in.empty()) s.seen_in.assign(n, 0);
                      for (AssetIndex root = range.begin(); root != range.end(); ++root) {
                        const std::uint32_t mark = root + 1;
                        // The sum runs in BFS order, which depends only on the graph:
                        // deterministic.
                        double sum = 0.0;
                        s.frontier.assign(1, root);
                        s.seen_in[root] = mark;
                        for (std::size_t head = 0; head < s.frontier.size(); ++head) {
                          const AssetIndex u = s.frontier[head];
                          sum += criticality[u];
                          for (AssetIndex v : out.of(u)) {
                            if (s.seen_in[v] != mark) {
                              s.seen_in[v] = mark;
                              s.frontier.push_back(v);
                            }
                          }
                        }
                        impact[root] = sum;
                      }
                    });
  return impact;
}

DependencyStructure analyse_dependencies(const AssetGraph& graph) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  const std::size_t n = graph.assets();
  Graph g(n);
  const Adjacency& out = graph.dependency_out();
  for (AssetIndex u = 0; u < n; ++u) {
    for (AssetIndex v : out.of(u)) boost::add_edge(u, v, g);
  }
  std::vector<std::size_t> component(n);
  const std::size_t components = n == 0 ? 0 : boost::strong_components(g, component.data());

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
