#pragma once
#include <algorithm>

namespace cyres {

template <typename Score>
std::vector<AssetIndex> top_ranked(std::vector<AssetIndex> candidates,
                                   const std::vector<Score>& score, std::size_t count) {
  count = std::min(count, candidates.size());
  const auto higher = [&](AssetIndex a, AssetIndex b) {
    return score[a] != score[b] ? score[a] > score[b] : a < b;
  };
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(count),
                    candidates.end(), higher);
  candidates.resize(count);
  return candidates;
}

}  // namespace cyres
