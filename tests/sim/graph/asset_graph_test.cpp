// The asset graph (sim/graph/asset_graph.hpp) of a tiny hand-made link table:
// each view holds exactly the links of its kind, with the attribute of the same
// link beside each neighbour, and the dependency totals are the input sums.

#include "sim/graph/asset_graph.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace cyres {
namespace {

void add_link(LinkTable& links, AssetIndex u, AssetIndex v, LinkKind kind, double probability,
              double weight) {
  links.source.push_back(u);
  links.target.push_back(v);
  links.kind.push_back(kind);
  links.probability.push_back(probability);
  links.weight.push_back(weight);
}

// Five assets; asset 4 has no links. Probabilities and weights are powers of
// two (exact in float) and distinct, so a neighbour paired with another link's
// attribute shows.
LinkTable tiny_links() {
  LinkTable links;
  add_link(links, 0, 1, LinkKind::network, 0.5, 1.0);
  add_link(links, 1, 2, LinkKind::dependency, 0.0, 2.0);
  add_link(links, 0, 2, LinkKind::both, 0.25, 8.0);
  add_link(links, 3, 2, LinkKind::dependency, 0.0, 0.5);
  add_link(links, 2, 0, LinkKind::network, 0.125, 1.0);
  add_link(links, 3, 0, LinkKind::dependency, 0.0, 4.0);
  return links;
}

// (neighbour, attribute) of asset i in one view, sorted: the order within an
// asset's row is the CSR's, which the model does not rely on.
template <typename Attribute>
std::vector<std::pair<AssetIndex, double>> row(const Adjacency& adjacency,
                                               const std::vector<Attribute>& attribute,
                                               AssetIndex i) {
  std::vector<std::pair<AssetIndex, double>> pairs;
  for (LinkIndex k = adjacency.begin(i); k < adjacency.end(i); ++k) {
    pairs.emplace_back(adjacency.neighbour[k], static_cast<double>(attribute[k]));
  }
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

std::vector<AssetIndex> neighbours(const Adjacency& adjacency, AssetIndex i) {
  std::vector<AssetIndex> out(adjacency.of(i).begin(), adjacency.of(i).end());
  std::sort(out.begin(), out.end());
  return out;
}

using Row = std::vector<std::pair<AssetIndex, double>>;
using Ids = std::vector<AssetIndex>;

TEST(AssetGraph, SizesCountEachLinkInEveryViewOfItsKind) {
  const AssetGraph graph(5, tiny_links());
  EXPECT_EQ(graph.assets(), 5u);
  EXPECT_EQ(graph.network_links(), 3u);     // rows 0, 2, 4
  EXPECT_EQ(graph.dependency_links(), 4u);  // rows 1, 2, 3, 5
  EXPECT_EQ(graph.network_probability().size(), 3u);
  EXPECT_EQ(graph.dependency_out().neighbour.size(), 4u);
  EXPECT_EQ(graph.dependency_weight().size(), 4u);
  for (const Adjacency* view :
       {&graph.network_out(), &graph.dependency_out(), &graph.dependency_in()}) {
    ASSERT_EQ(view->offset.size(), 6u);
    EXPECT_EQ(view->offset.front(), 0u);
    EXPECT_EQ(view->offset.back(), view->neighbour.size());
    EXPECT_TRUE(std::is_sorted(view->offset.begin(), view->offset.end()));
  }
}

TEST(AssetGraph, NetworkOutLinksCarryTheirProbability) {
  const AssetGraph graph(5, tiny_links());
  const auto& p = graph.network_probability();
  EXPECT_EQ(row(graph.network_out(), p, 0), (Row{{1, 0.5}, {2, 0.25}}));
  EXPECT_EQ(row(graph.network_out(), p, 1), Row{});
  EXPECT_EQ(row(graph.network_out(), p, 2), (Row{{0, 0.125}}));
  EXPECT_EQ(row(graph.network_out(), p, 3), Row{});
  EXPECT_EQ(row(graph.network_out(), p, 4), Row{});
}

TEST(AssetGraph, DependencyOutLinksListWhoDependsOnEachAsset) {
  const AssetGraph graph(5, tiny_links());
  EXPECT_EQ(neighbours(graph.dependency_out(), 0), (Ids{2}));
  EXPECT_EQ(neighbours(graph.dependency_out(), 1), (Ids{2}));
  EXPECT_EQ(neighbours(graph.dependency_out(), 2), Ids{});
  EXPECT_EQ(neighbours(graph.dependency_out(), 3), (Ids{0, 2}));
  EXPECT_EQ(neighbours(graph.dependency_out(), 4), Ids{});
}

TEST(AssetGraph, DependencyInLinksCarryTheirWeightAndSumToTheTotal) {
  const AssetGraph graph(5, tiny_links());
  const auto& w = graph.dependency_weight();
  EXPECT_EQ(row(graph.dependency_in(), w, 0), (Row{{3, 4.0}}));
  EXPECT_EQ(row(graph.dependency_in(), w, 1), Row{});
  EXPECT_EQ(row(graph.dependency_in(), w, 2), (Row{{0, 8.0}, {1, 2.0}, {3, 0.5}}));
  EXPECT_EQ(row(graph.dependency_in(), w, 3), Row{});
  EXPECT_EQ(graph.dependency_total(), (std::vector<double>{4.0, 0.0, 10.5, 0.0, 0.0}));
}

TEST(AssetGraph, EachRowListsItsLinksInTableOrder) {
  // Rule 2's draws, rule 6's sums and the impact ranking's searches follow
  // the order of an asset's row, so every result's bits depend on it: table
  // order, whatever the neighbours' numbers. Targets out of order on purpose.
  LinkTable links;
  add_link(links, 0, 3, LinkKind::network, 0.5, 1.0);
  add_link(links, 1, 0, LinkKind::dependency, 0.0, 4.0);
  add_link(links, 0, 1, LinkKind::both, 0.25, 2.0);
  add_link(links, 2, 0, LinkKind::both, 0.125, 1.0);
  add_link(links, 0, 2, LinkKind::network, 0.0625, 1.0);
  add_link(links, 0, 0, LinkKind::dependency, 0.0, 0.5);
  add_link(links, 3, 1, LinkKind::dependency, 0.0, 8.0);
  const AssetGraph graph(4, links);
  const auto in_order = [](const Adjacency& a, AssetIndex i) {
    return Ids(a.of(i).begin(), a.of(i).end());
  };
  EXPECT_EQ(in_order(graph.network_out(), 0), (Ids{3, 1, 2}));
  EXPECT_EQ(std::vector<float>(graph.network_probability().begin(),
                               graph.network_probability().begin() + 3),
            (std::vector<float>{0.5f, 0.25f, 0.0625f}));
  EXPECT_EQ(in_order(graph.dependency_out(), 0), (Ids{1, 0}));
  EXPECT_EQ(in_order(graph.dependency_in(), 0), (Ids{1, 2, 0}));
  const auto& w = graph.dependency_weight();
  const LinkIndex first = graph.dependency_in().begin(0);
  EXPECT_EQ(std::vector<double>(w.begin() + static_cast<std::ptrdiff_t>(first),
                                w.begin() + static_cast<std::ptrdiff_t>(first + 3)),
            (std::vector<double>{4.0, 1.0, 0.5}));
  EXPECT_EQ(in_order(graph.dependency_in(), 1), (Ids{0, 3}));
}

TEST(AssetGraph, NoLinks) {
  const AssetGraph graph(3, LinkTable{});
  EXPECT_EQ(graph.network_links(), 0u);
  EXPECT_EQ(graph.dependency_links(), 0u);
  for (AssetIndex i = 0; i < 3; ++i) {
    EXPECT_TRUE(graph.network_out().of(i).empty());
    EXPECT_TRUE(graph.dependency_in().of(i).empty());
  }
  EXPECT_EQ(graph.dependency_total(), (std::vector<double>{0.0, 0.0, 0.0}));
}

}  // namespace
}  // namespace cyres
