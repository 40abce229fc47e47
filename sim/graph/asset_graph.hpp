#pragma once
// The immutable link structure of a scenario, built once in compressed rows
// (a stable counting sort of the link table: each asset's links in table
// order) and shared read-only by every thread. Three views of the links:
//   network out-links u -> v with p_uv      (lateral movement, rule 2)
//   dependency out-links u -> v             (who must re-check supply when u flips, rule 6)
//   dependency in-links  v <- u with w_uv   (supply of v, rule 6)
// Memory: 8 bytes per network link, 4 + 8 per dependency link, 8 per asset per view.

#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/types.hpp"
#include "sim/scenario/scenario.hpp"

namespace cyres {

//! One compressed adjacency: the neighbours of asset i are
//! neighbour[offset[i] .. offset[i+1]).
struct Adjacency {
  std::vector<LinkIndex> offset;      //!< size assets + 1
  std::vector<AssetIndex> neighbour;  //!< size links
  std::span<const AssetIndex> of(AssetIndex i) const {
    return {neighbour.data() + offset[i], neighbour.data() + offset[i + 1]};
  }
  LinkIndex begin(AssetIndex i) const { return offset[i]; }
  LinkIndex end(AssetIndex i) const { return offset[i + 1]; }
};

class AssetGraph {
 public:
  AssetGraph(std::size_t assets, const LinkTable& links);

  std::size_t assets() const { return assets_; }
  const Adjacency& network_out() const { return network_out_; }
  //! p_uv of network_out().neighbour[k], same indexing [1 per step].
  const std::vector<float>& network_probability() const { return network_probability_; }
  const Adjacency& dependency_out() const { return dependency_out_; }
  const Adjacency& dependency_in() const { return dependency_in_; }
  //! w_uv of dependency_in().neighbour[k].
  const std::vector<double>& dependency_weight() const { return dependency_weight_; }
  //! Sum of w_uv over the inputs of v.
  const std::vector<double>& dependency_total() const { return dependency_total_; }

  std::size_t network_links() const { return network_out_.neighbour.size(); }
  std::size_t dependency_links() const { return dependency_in_.neighbour.size(); }

 private:
  std::size_t assets_;
  Adjacency network_out_;
  std::vector<float> network_probability_;
  Adjacency dependency_out_;
  Adjacency dependency_in_;
  std::vector<double> dependency_weight_;
  std::vector<double> dependency_total_;
};

}  // namespace cyres
