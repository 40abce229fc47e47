#include "sim/graph/asset_graph.hpp"

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/range/iterator_range.hpp>
#include <utility>

namespace cyres {
namespace {

// Each CSR edge carries the row of its link in the link table, so that the
// link's attributes can be laid out in the CSR's order.
struct LinkRow {
  std::size_t row = 0;
};
using CsrGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, LinkRow,
                                                    boost::no_property, AssetIndex, LinkIndex>;

// Builds one adjacency from (from, to, row) triples and hands each edge's row
// to `on_edge` in adjacency order.
template <typename OnEdge>
Adjacency build_adjacency(std::size_t assets,
                          const std::vector<std::pair<AssetIndex, AssetIndex>>& edges,
                          const std::vector<LinkRow>& rows, OnEdge on_edge) {
  const CsrGraph graph(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(),
                       rows.begin(), static_cast<AssetIndex>(assets));
  Adjacency adjacency;
  adjacency.offset.assign(assets + 1, 0);
  adjacency.neighbour.reserve(edges.size());
  for (AssetIndex v = 0; v < assets; ++v) {
    for (const auto& edge : boost::make_iterator_range(boost::out_edges(v, graph))) {
      adjacency.neighbour.push_back(boost::target(edge, graph));
      on_edge(graph[edge].row);
    }
    adjacency.offset[v + 1] = adjacency.neighbour.size();
  }
  return adjacency;
}

}  // namespace

AssetGraph::AssetGraph(std::size_t assets, const LinkTable& links) : assets_(assets) {
  std::vector<std::pair<AssetIndex, AssetIndex>> network_edges, dependency_edges,
      dependency_reverse;
  std::vector<LinkRow> network_rows, dependency_rows;
  for (std::size_t row = 0; row < links.size(); ++row) {
    if (links.kind[row] & LinkKind::network) {
      network_edges.emplace_back(links.source[row], links.target[row]);
      network_rows.push_back({row});
    }
    if (links.kind[row] & LinkKind::dependency) {
      dependency_edges.emplace_back(links.source[row], links.target[row]);
      dependency_reverse.emplace_back(links.target[row], links.source[row]);
      dependency_rows.push_back({row});
    }
  }

  network_probability_.reserve(network_edges.size());
  network_out_ = build_adjacency(assets, network_edges, network_rows, [&](std::size_t row) {
    network_probability_.push_back(static_cast<float>(links.probability[row]));
  });
  dependency_out_ = build_adjacency(assets, dependency_edges, dependency_rows, [](std::size_t) {});
  dependency_weight_.reserve(dependency_reverse.size());
  dependency_in_ =
      build_adjacency(assets, dependency_reverse, dependency_rows,
                      [&](std::size_t row) { dependency_weight_.push_back(links.weight[row]); });

  // Totals summed in adjacency order: rule 6 sums the up inputs in the same
  // order, so "all inputs up" gives exactly the total.
  dependency_total_.assign(assets, 0.0);
  for (AssetIndex v = 0; v < assets; ++v) {
    for (LinkIndex k = dependency_in_.begin(v); k < dependency_in_.end(v); ++k) {
      dependency_total_[v] += dependency_weight_[k];
    }
  }
}

}  // namespace cyres
