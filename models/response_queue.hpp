#pragma once
// A response queue served in the policy's triage order: lowest rank first,
// then earliest detection, then lowest asset index, so that the order never
// depends on how the queue was filled.

#include <algorithm>
#include <functional>
#include <vector>

#include "sim/core/types.hpp"

namespace cyres {

struct QueuedIncident {
  double rank = 0.0;  //!< triage rank (PolicyPlan::triage_rank)
  Step detected = 0;  //!< step of detection
  AssetIndex asset = 0;
  bool operator>(const QueuedIncident& other) const {
    if (rank != other.rank) return rank > other.rank;
    if (detected != other.detected) return detected > other.detected;
    return asset > other.asset;
  }
};

//! A binary min-heap on a vector that keeps its capacity across trials.
class ResponseQueue {
 public:
  void push(const QueuedIncident& incident) {
    heap_.push_back(incident);
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>{});
  }
  bool empty() const { return heap_.empty(); }
  const QueuedIncident& peek() const { return heap_.front(); }
  std::size_t size() const { return heap_.size(); }
  QueuedIncident pop() {
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
    const QueuedIncident top = heap_.back();
    heap_.pop_back();
    return top;
  }
  void clear() { heap_.clear(); }

 private:
  std::vector<QueuedIncident> heap_;
};

}  // namespace cyres
