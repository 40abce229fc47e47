#include "sim/runner/results.hpp"

#include <cstring>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "models/metric_columns.hpp"
#include "sim/scenario/limits.hpp"

namespace cyres {

// The loader's memory guard counts PER_TRIAL_BYTES per trial and policy for
// what the runner keeps of it (its metrics) and the comparison's row of it.
static_assert(sizeof(TrialMetrics) + TRIAL_METRIC_COLUMNS.size() * sizeof(double) <=
              PER_TRIAL_BYTES);

namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(fmt::format("cannot join run results: {}", what));
}

void check_same_run(const RunResult& into, const RunResult& next) {
  require(into.policies.size() == next.policies.size(), "different numbers of policies");
  require(
      into.horizon == next.horizon && into.sectors == next.sectors && into.states == next.states,
      "different horizons, sectors or states");
  for (std::size_t p = 0; p < into.policies.size(); ++p) {
    require(into.policies[p].policy.name == next.policies[p].policy.name, "different policies");
  }
}

template <class T>
void extend(std::vector<T>& into, const std::vector<T>& next) {
  into.insert(into.end(), next.begin(), next.end());
}

}  // namespace

RunResult tables_like(const RunResult& like) {
  RunResult run;
  run.seed = like.seed;
  run.first_trial = like.first_trial;
  run.trials_requested = like.trials_requested;
  run.target_relative_ci = like.target_relative_ci;
  run.stop_target = like.stop_target;
  run.horizon = like.horizon;
  run.dt_hours = like.dt_hours;
  run.sectors = like.sectors;
  run.states = like.states;
  for (const PolicyResult& p : like.policies) {
    PolicyResult result;
    result.policy = p.policy;
    run.policies.push_back(std::move(result));
  }
  return run;
}

RunResult empty_like(const RunResult& like, std::uint64_t first_trial) {
  RunResult run = tables_like(like);
  run.first_trial = first_trial;
  run.trials = 0;
  for (std::size_t i = 0; i < like.policies.size(); ++i) {
    const PolicyResult& p = like.policies[i];
    PolicyResult& result = run.policies[i];
    result.service = SeriesAccumulator(p.service.cells());
    result.sector_service = SeriesAccumulator(p.sector_service.cells());
    result.state_count_sum.assign(p.state_count_sum.size(), 0);
  }
  return run;
}

void append_tables(RunResult& into, const RunResult& next) {
  check_same_run(into, next);
  if (into.trials == 0) into.first_trial = next.first_trial;
  require(next.trials == 0 || next.first_trial == into.end_trial(),
          "the trials do not follow directly");
  for (std::size_t p = 0; p < into.policies.size(); ++p) {
    PolicyResult& a = into.policies[p];
    const PolicyResult& b = next.policies[p];
    require(b.trials.size() == next.trials && b.sector_loss.size() == next.trials * next.sectors &&
                b.state_loss.size() == next.trials * next.states,
            "per-trial tables of the wrong size");
    extend(a.trials, b.trials);
    extend(a.sector_loss, b.sector_loss);
    extend(a.state_loss, b.state_loss);
  }
  into.trials += next.trials;
}

void add_accumulators(RunResult& into, const RunResult& from) {
  check_same_run(into, from);
  for (std::size_t p = 0; p < into.policies.size(); ++p) {
    PolicyResult& a = into.policies[p];
    const PolicyResult& b = from.policies[p];
    a.service.merge(b.service);
    a.sector_service.merge(b.sector_service);
    require(a.state_count_sum.size() == b.state_count_sum.size(), "different state count shapes");
    for (std::size_t i = 0; i < a.state_count_sum.size(); ++i) {
      a.state_count_sum[i] += b.state_count_sum[i];
    }
  }
}

void append(RunResult& into, const RunResult& next) {
  append_tables(into, next);
  add_accumulators(into, next);
}

// --- bytes ----------------------------------------------------------------------

namespace {

class Writer {
 public:
  template <class T>
  void put(const T& value) {
    const auto* bytes = reinterpret_cast<const std::byte*>(&value);
    out_.insert(out_.end(), bytes, bytes + sizeof(T));
  }
  template <class T>
  void put_vector(const std::vector<T>& values) {
    put(static_cast<std::uint64_t>(values.size()));
    const auto* bytes = reinterpret_cast<const std::byte*>(values.data());
    out_.insert(out_.end(), bytes, bytes + values.size() * sizeof(T));
  }
  std::vector<std::byte> take() { return std::move(out_); }

 private:
  std::vector<std::byte> out_;
};

class Reader {
 public:
  explicit Reader(std::span<const std::byte> bytes) : bytes_(bytes) {}
  template <class T>
  T get() {
    T value;
    take(&value, sizeof(T));
    return value;
  }
  //! A vector of any length.
  template <class T>
  std::vector<T> get_vector() {
    const auto n = get<std::uint64_t>();
    require(n <= (bytes_.size() - at_) / sizeof(T), "encoded vector longer than the bytes");
    std::vector<T> values(n);
    take(values.data(), n * sizeof(T));
    return values;
  }
  template <class T>
  std::vector<T> get_vector(std::uint64_t expected) {
    const auto n = get<std::uint64_t>();
    require(n == expected, "encoded table of an unexpected size");
    std::vector<T> values(n);
    take(values.data(), n * sizeof(T));
    return values;
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  void take(void* to, std::size_t n) {
    require(n <= bytes_.size() - at_, "encoded tables end early");
    // An empty vector's data() may be null, and memcpy's pointers must not be
    // even for zero bytes (C11 7.24.1): UBSan reports it on an empty table.
    if (n == 0) return;
    std::memcpy(to, bytes_.data() + at_, n);
    at_ += n;
  }
  std::span<const std::byte> bytes_;
  std::size_t at_ = 0;
};

}  // namespace

std::vector<std::byte> encode_tables(const RunResult& run) {
  Writer w;
  w.put(run.first_trial);
  w.put(run.trials);
  w.put(static_cast<std::uint64_t>(run.policies.size()));
  for (const PolicyResult& p : run.policies) {
    // TrialMetrics as raw bytes: both ends are the same binary.
    w.put_vector(p.trials);
    w.put_vector(p.sector_loss);
    w.put_vector(p.state_loss);
  }
  return w.take();
}

RunResult decode_tables(std::span<const std::byte> bytes, const RunResult& like) {
  Reader r(bytes);
  RunResult run = tables_like(like);
  run.first_trial = r.get<std::uint64_t>();
  run.trials = r.get<std::uint64_t>();
  require(r.get<std::uint64_t>() == like.policies.size(), "encoded tables of other policies");
  for (PolicyResult& p : run.policies) {
    p.trials = r.get_vector<TrialMetrics>(run.trials);
    p.sector_loss = r.get_vector<double>(run.trials * run.sectors);
    p.state_loss = r.get_vector<double>(run.trials * run.states);
  }
  require(r.done(), "encoded tables run on");
  return run;
}

std::vector<std::byte> encode_accumulators(const RunResult& run) {
  Writer w;
  w.put(static_cast<std::uint64_t>(run.policies.size()));
  std::vector<std::uint64_t> index;
  std::vector<std::uint32_t> count;
  for (const PolicyResult& p : run.policies) {
    for (const SeriesAccumulator* series : {&p.service, &p.sector_service}) {
      series->export_counts(index, count);
      w.put_vector(index);
      w.put_vector(count);
      w.put_vector(series->sums());
    }
    w.put_vector(p.state_count_sum);
  }
  return w.take();
}

void add_encoded_accumulators(RunResult& into, std::span<const std::byte> bytes) {
  Reader r(bytes);
  require(r.get<std::uint64_t>() == into.policies.size(), "encoded accumulators of other policies");
  for (PolicyResult& p : into.policies) {
    for (SeriesAccumulator* series : {&p.service, &p.sector_service}) {
      const auto index = r.get_vector<std::uint64_t>();
      const auto count = r.get_vector<std::uint32_t>(index.size());
      series->merge(
          SeriesAccumulator::from_raw(index, count, r.get_vector<std::uint64_t>(series->cells())));
    }
    const auto counts = r.get_vector<std::int64_t>(p.state_count_sum.size());
    for (std::size_t i = 0; i < counts.size(); ++i) p.state_count_sum[i] += counts[i];
  }
  require(r.done(), "encoded accumulators run on");
}

}  // namespace cyres
