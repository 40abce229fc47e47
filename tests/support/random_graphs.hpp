#pragma once
// Random test graphs drawn from cyres's own counter-based streams, so that a
// test sees the same graph with any standard library.

#include <cstdint>
#include <set>
#include <utility>

#include "sim/random/streams.hpp"
#include "tests/support/scenario_builder.hpp"

namespace cyres::test {

//! Erdős–Rényi G(n, m): m distinct undirected edges, each added as network
//! links in both directions with probability p.
inline void add_erdos_renyi(ScenarioBuilder& builder, const std::vector<AssetIndex>& nodes,
                            std::size_t edges, double p, std::uint64_t seed) {
  const RandomStreams streams(seed);
  std::set<std::pair<AssetIndex, AssetIndex>> seen;
  const auto n = static_cast<double>(nodes.size());
  for (std::uint32_t draw = 0; seen.size() < edges; ++draw) {
    const auto block = streams.block(0, Purpose::hardening, draw, 0xE7);
    auto a = static_cast<AssetIndex>(RandomStreams::to_unit_double(block.v[0], block.v[1]) * n);
    auto b = static_cast<AssetIndex>(RandomStreams::to_unit_double(block.v[2], block.v[3]) * n);
    if (a == b) continue;
    if (a > b) std::swap(a, b);
    if (!seen.insert({a, b}).second) continue;
    builder.network(nodes[a], nodes[b], p).network(nodes[b], nodes[a], p);
  }
}

}  // namespace cyres::test
