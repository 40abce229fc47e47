#include "sim/graph/asset_graph.hpp"

#include <cstdint>

#include "sim/core/huge_pages.hpp"

namespace cyres {
namespace {

// One compressed adjacency of the links of `kind`, each link filed under
// key[row] with neighbour other[row], by a counting sort over the table:
// one pass to count each asset's links, one to place them. The sort is
// stable, so each asset's row lists its links in table order (the order
// Boost's compressed_sparse_row_graph gave them before, which rule 2's draws,
// rule 6's sums and the impact ranking's searches follow, so every result
// keeps its bits). No copy of the links is made on the way (Boost's needed
// three: 40 bytes per link). `on_link(row, k)` is told that table row `row`
// went to position k.
template <typename OnLink>
Adjacency build_adjacency(std::size_t assets, const LinkTable& links, LinkKind kind,
                          const std::vector<AssetIndex>& key, const std::vector<AssetIndex>& other,
                          OnLink on_link) {
  const std::size_t rows = links.size();
  Adjacency adjacency;
  // Counts of asset v go to offset[v + 2]; after the prefix sum offset[v + 1]
  // is where v's row starts, and placing a link advances it, so that it ends
  // where v's row ends: the start of v + 1's.
  adjacency.offset.assign(assets + 2, 0);
  for (std::size_t row = 0; row < rows; ++row) {
    if (links.kind[row] & kind) ++adjacency.offset[key[row] + 2];
  }
  for (std::size_t v = 2; v < assets + 2; ++v) adjacency.offset[v] += adjacency.offset[v - 1];
  resize_huge(adjacency.neighbour, adjacency.offset[assets + 1]);
  for (std::size_t row = 0; row < rows; ++row) {
    if (links.kind[row] & kind) {
      const LinkIndex k = adjacency.offset[key[row] + 1]++;
      adjacency.neighbour[k] = other[row];
      on_link(row, k);
    }
  }
  adjacency.offset.pop_back();
  return adjacency;
}

}  // namespace

AssetGraph::AssetGraph(std::size_t assets, const LinkTable& links) : assets_(assets) {
  std::size_t network_links = 0;
  std::size_t dependency_links = 0;
  for (const std::uint8_t kind : links.kind) {
    network_links += (kind & LinkKind::network) != 0 ? 1 : 0;
    dependency_links += (kind & LinkKind::dependency) != 0 ? 1 : 0;
  }
  resize_huge(network_probability_, network_links);
  network_out_ = build_adjacency(assets, links, LinkKind::network, links.source, links.target,
                                 [&](std::size_t row, LinkIndex k) {
                                   network_probability_[k] =
                                       static_cast<float>(links.probability[row]);
                                 });
  dependency_out_ = build_adjacency(assets, links, LinkKind::dependency, links.source, links.target,
                                    [](std::size_t, LinkIndex) {});
  resize_huge(dependency_weight_, dependency_links);
  dependency_in_ = build_adjacency(
      assets, links, LinkKind::dependency, links.target, links.source,
      [&](std::size_t row, LinkIndex k) { dependency_weight_[k] = links.weight[row]; });

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
