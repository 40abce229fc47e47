#include "sim/graph/graph_analysis.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <limits>

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

//! Strongly connected components of the dependency graph.
struct Components {
  std::vector<AssetIndex> of;        //!< component of each asset
  std::size_t count = 0;             //!< number of components
  std::vector<AssetIndex> finished;  //!< the assets in the order they joined their component
};

// Tarjan's algorithm with its own stacks (no recursion, so a chain of a
// million assets does not exhaust the call stack), on the graph's adjacency
// arrays as they are. Components are numbered in the order they complete,
// which is reverse topological: every link between components goes from a
// higher to a lower number. `finished` lists the assets of component 0, then
// 1, ...: a depth-first post-order, in which the assets a search reaches
// first from an asset lie just before it.
Components dependency_components(const AssetGraph& graph) {
  const std::size_t n = graph.assets();
  const Adjacency& out = graph.dependency_out();
  constexpr AssetIndex NONE = std::numeric_limits<AssetIndex>::max();
  Components c;
  c.of.assign(n, NONE);
  c.finished.reserve(n);
  std::vector<AssetIndex> index(n, NONE);  // discovery number
  std::vector<AssetIndex> low(n, 0);       // lowest discovery number reachable on the stack
  std::vector<AssetIndex> stack;           // discovered, not yet in a component
  struct Frame {
    AssetIndex asset;
    LinkIndex next;  // next out-link to follow
  };
  std::vector<Frame> calls;
  AssetIndex discovered = 0;
  const auto discover = [&](AssetIndex u) {
    index[u] = low[u] = discovered++;
    stack.push_back(u);
    calls.push_back({u, out.begin(u)});
  };
  for (AssetIndex s = 0; s < n; ++s) {
    if (index[s] != NONE) continue;
    discover(s);
    while (!calls.empty()) {
      const AssetIndex u = calls.back().asset;
      if (calls.back().next < out.end(u)) {
        const AssetIndex v = out.neighbour[calls.back().next++];
        if (index[v] == NONE) {
          discover(v);
        } else if (c.of[v] == NONE) {  // on the stack
          low[u] = std::min(low[u], index[v]);
        }
        continue;
      }
      calls.pop_back();
      if (!calls.empty()) {
        AssetIndex& parent_low = low[calls.back().asset];
        parent_low = std::min(parent_low, low[u]);
      }
      if (low[u] != index[u]) continue;
      AssetIndex member = NONE;
      do {
        member = stack.back();
        stack.pop_back();
        c.of[member] = static_cast<AssetIndex>(c.count);
        c.finished.push_back(member);
      } while (member != u);
      ++c.count;
    }
  }
  return c;
}

// One breadth-first search from `root`, numbered `mark` (which no entry of
// seen_in bears yet): the sum of the weights of the nodes it reaches, added
// in the order it reaches them; after it, queue[0 .. reached) lists them.
// `queue` has room for every node plus one: a search queues each node once,
// and the last node's links write one slot past its end.
double reach_sum(const WeightedRows& rows, AssetIndex root, AssetIndex mark, AssetIndex* seen_in,
                 AssetIndex* queue, std::size_t& reached) {
  const double* weight = rows.weight.data();
  const LinkIndex* offset = rows.offset.data();
  const AssetIndex* successor = rows.successor.data();
  double sum = 0.0;
  queue[0] = root;
  std::size_t tail = 1;
  seen_in[root] = mark;
  for (std::size_t head = 0; head < tail; ++head) {
    const AssetIndex c = queue[head];
    sum += weight[c];
    // Without a branch on whether d was seen (which would be hard to
    // predict): d is always written, and kept if it was new.
    for (LinkIndex k = offset[c]; k < offset[c + 1]; ++k) {
      const AssetIndex d = successor[k];
      queue[tail] = d;
      tail += seen_in[d] != mark ? 1 : 0;
      seen_in[d] = mark;
    }
  }
  reached = tail;
  return sum;
}

// For every node r: the sum of weight[v] over the nodes v reachable from r, r
// included, added in breadth-first order (which depends only on the graph, so
// the sums are deterministic at any thread count). Each thread keeps one
// array of search stamps (no clearing between searches) and one queue.
std::vector<double> reach_sums(const WeightedRows& rows, const ImpactProgress& progress) {
  const std::size_t nodes = rows.weight.size();
  if (progress.total != nullptr) progress.total->store(nodes, std::memory_order_relaxed);
  std::vector<double> reach(nodes, 0.0);
  // Searches are numbered root + 1: each thread's stamps are new to this call.
  tbb::enumerable_thread_specific<ImpactSearch> scratch;
  const auto report_every = std::max<std::size_t>(1, nodes / 100);
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, nodes), [&](const tbb::blocked_range<std::size_t>& range) {
        ImpactSearch& s = scratch.local();
        if (s.seen_in.empty()) {
          s.seen_in.assign(nodes, 0);
          s.queue.resize(nodes + 1);  // as reach_sum needs
        }
        AssetIndex* seen_in = s.seen_in.data();
        std::size_t done = 0;
        for (std::size_t root = range.begin(); root != range.end(); ++root) {
          reach[root] =
              reach_sum(rows, static_cast<AssetIndex>(root), static_cast<AssetIndex>(root + 1),
                        seen_in, s.queue.data(), s.reached);
          if (progress.done != nullptr && ++done == report_every) {
            progress.done->fetch_add(done, std::memory_order_relaxed);
            done = 0;
          }
        }
        if (progress.done != nullptr) progress.done->fetch_add(done, std::memory_order_relaxed);
      });
  return reach;
}

// Whether every component is small enough for one search per asset.
bool searches_per_asset(const Components& components) {
  std::vector<std::size_t> size(components.count, 0);
  for (const AssetIndex c : components.of) ++size[c];
  return std::all_of(size.begin(), size.end(),
                     [](std::size_t s) { return s <= IMPACT_SEARCH_PER_ASSET_UP_TO; });
}

// The dependency graph with its assets renumbered in depth-first post-order
// (`label`: the node of each asset), so that what a search reaches lies close
// together in memory. Every asset keeps its links in their order, so a search
// reaches the same assets in the same order as on the graph itself and adds
// the same numbers in the same order.
WeightedRows renumbered_rows(const AssetGraph& graph, const std::vector<double>& criticality,
                             const Components& components, std::vector<AssetIndex>& label) {
  const std::size_t n = graph.assets();
  const Adjacency& out = graph.dependency_out();
  const std::vector<AssetIndex>& order = components.finished;
  label.resize(n);
  for (std::size_t x = 0; x < n; ++x) label[order[x]] = static_cast<AssetIndex>(x);
  WeightedRows rows;
  rows.weight.resize(n);
  rows.offset.resize(n + 1);
  rows.successor.resize(out.neighbour.size());
  LinkIndex k = 0;
  for (std::size_t x = 0; x < n; ++x) {
    const AssetIndex u = order[x];
    rows.weight[x] = criticality[u];
    rows.offset[x] = k;
    for (const AssetIndex v : out.of(u)) rows.successor[k++] = label[v];
  }
  rows.offset[n] = k;
  return rows;
}

}  // namespace

std::vector<double> downstream_impact(const AssetGraph& graph,
                                      const std::vector<double>& criticality,
                                      const ImpactProgress& progress) {
  const std::size_t n = graph.assets();
  const Adjacency& out = graph.dependency_out();
  const Components components = dependency_components(graph);
  std::vector<double> impact(n);

  if (searches_per_asset(components)) {
    // One search per asset: the values (to the last bit) impact always had.
    std::vector<AssetIndex> label;
    const WeightedRows rows = renumbered_rows(graph, criticality, components, label);
    const std::vector<double> reach = reach_sums(rows, progress);
    for (std::size_t x = 0; x < n; ++x) impact[components.finished[x]] = reach[x];
    return impact;
  }

  // The condensation: every member of a component reaches what the component
  // reaches, so one search per component replaces one per asset. A
  // component's criticality is summed in asset order; its successors are
  // listed in the order its members' links first name them.
  const std::size_t count = components.count;
  const std::vector<AssetIndex>& component = components.of;
  WeightedRows rows;
  rows.weight.assign(count, 0.0);
  for (AssetIndex u = 0; u < n; ++u) rows.weight[component[u]] += criticality[u];
  std::vector<std::vector<AssetIndex>> members(count);
  for (AssetIndex u = 0; u < n; ++u) members[component[u]].push_back(u);
  rows.offset.assign(count + 1, 0);
  std::vector<std::size_t> listed_for(count, count);  // last component that listed it
  for (std::size_t c = 0; c < count; ++c) {
    listed_for[c] = c;  // not its own successor
    for (const AssetIndex u : members[c]) {
      for (const AssetIndex v : out.of(u)) {
        const AssetIndex d = component[v];
        if (listed_for[d] == c) continue;
        listed_for[d] = c;
        rows.successor.push_back(d);
      }
    }
    rows.offset[c + 1] = rows.successor.size();
  }
  const std::vector<double> reach = reach_sums(rows, progress);
  for (AssetIndex u = 0; u < n; ++u) impact[u] = reach[component[u]];
  return impact;
}

DownstreamImpactIndex::DownstreamImpactIndex(const AssetGraph& graph,
                                             const std::vector<double>& criticality) {
  const Components components = dependency_components(graph);
  if (searches_per_asset(components)) {
    rows_ = renumbered_rows(graph, criticality, components, label_);
    order_ = components.finished;
  } else {
    all_ = downstream_impact(graph, criticality);
  }
}

double DownstreamImpactIndex::of(AssetIndex root, ImpactSearch& search) const {
  if (!all_.empty()) {
    search.reached = 0;
    return all_[root];
  }
  const std::size_t nodes = rows_.weight.size();
  if (search.seen_in.size() != nodes || ++search.searches == 0) {
    // A graph of another size, or the stamps wrapped: start afresh.
    search.seen_in.assign(nodes, 0);
    search.queue.resize(nodes + 1);  // as reach_sum needs
    search.searches = 1;
  }
  return reach_sum(rows_, label_[root], search.searches, search.seen_in.data(), search.queue.data(),
                   search.reached);
}

DependencyStructure analyse_dependencies(const AssetGraph& graph) {
  const Adjacency& out = graph.dependency_out();
  const Components components = dependency_components(graph);
  const std::size_t count = components.count;
  const std::vector<AssetIndex>& component = components.of;

  DependencyStructure result;
  std::vector<std::size_t> size(count, 0);
  for (const AssetIndex c : component) ++size[c];
  for (std::size_t s : size) {
    if (s > 1) {
      ++result.cyclic_components;
      result.assets_in_cycles += s;
      result.largest_cycle = std::max(result.largest_cycle, s);
    }
  }

  // Components are numbered in reverse topological order: every edge between
  // components goes from a higher to a lower number. So scanning components from
  // low to high sees every successor's chain length before its predecessors'.
  // `finished` lists each component's members together, component 0 first.
  std::vector<std::size_t> chain(count, 0);  // longest path (hops) starting in component
  for (const AssetIndex u : components.finished) {
    const AssetIndex c = component[u];
    for (const AssetIndex v : out.of(u)) {
      if (component[v] != c) chain[c] = std::max(chain[c], chain[component[v]] + 1);
    }
    result.longest_chain = std::max(result.longest_chain, chain[c]);
  }
  return result;
}

}  // namespace cyres
