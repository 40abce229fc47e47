// The runner in parts: plan -> blocks of trials -> exact joins. Any split of a
// run's trials (block sizes, trial ranges appended in either association,
// ranks of a distributed run), with or without the stop rule, gives the bits
// of one pass; the parts themselves (accumulators, table encoding) are exact.

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <random>
#include <span>
#include <thread>

#include "models/metric_columns.hpp"
#include "sim/runner/block_runner.hpp"
#include "sim/runner/monte_carlo.hpp"
#include "sim/runner/run_driver.hpp"
#include "sim/runner/series_accumulator.hpp"
#include "sim/stats/quantile.hpp"
#include "tests/support/random_graphs.hpp"
#include "tests/support/scenario_builder.hpp"
#include "tests/support/thread_ranks.hpp"
#include "tests/support/threads.hpp"

namespace cyres {
namespace {

Scenario small_busy_scenario() {
  test::ScenarioBuilder b;
  b.horizon(60).trials(48).seed(2024);
  b.sector("energy", 2.0).sector("water", 1.0);
  b.organisation("civil", 2, 0.0).organisation("defence", 1, 0.0);
  b.remediation("civil", {DurationDistribution::Kind::lognormal, 5.0, 0.6});
  b.remediation("defence", {DurationDistribution::Kind::exponential, 3.0, 0.0});
  std::vector<AssetIndex> nodes;
  for (int i = 0; i < 160; ++i) {
    test::AssetSpec spec;
    spec.sector = i % 3 == 0 ? "water" : "energy";
    spec.organisation = i % 4 == 0 ? "defence" : "civil";
    spec.criticality = 1.0 + (i % 5);
    spec.vulnerability = 0.7;
    spec.detection = 0.04;
    spec.buffer = i % 3;
    spec.threshold = i % 2 ? 1.0 : 0.5;
    spec.restore = i % 2;
    spec.manual_restoration = 10;
    nodes.push_back(b.asset("a" + std::to_string(i), spec));
  }
  test::add_erdos_renyi(b, nodes, 420, 0.1, 3);
  for (int i = 0; i + 2 < 160; i += 2) b.dependency(nodes[i], nodes[i + 2], 1.0);
  b.campaign({nodes[1], nodes[5]}, 0, 0.08, 4);
  Policy alone;
  alone.name = "alone";
  Policy joint;
  joint.name = "joint";
  joint.sharing.mode = SharingMode::all;
  joint.pooling.mode = PoolingMode::pooled;
  joint.containment.isolate_on_detection = true;
  b.policy(alone).policy(joint);
  return b.build();
}

bool same_metrics(const TrialMetrics& a, const TrialMetrics& b) {
  for (const TrialMetricColumn& column : TRIAL_METRIC_COLUMNS) {
    const double x = column.of(a);
    const double y = column.of(b);
    if (std::memcmp(&x, &y, sizeof x) != 0) return false;
  }
  return true;
}

void expect_same_run(const RunResult& a, const RunResult& b) {
  EXPECT_EQ(a.first_trial, b.first_trial);
  ASSERT_EQ(a.trials, b.trials);
  EXPECT_EQ(a.target_reached, b.target_reached);
  ASSERT_EQ(a.policies.size(), b.policies.size());
  for (std::size_t p = 0; p < a.policies.size(); ++p) {
    const PolicyResult& x = a.policies[p];
    const PolicyResult& y = b.policies[p];
    SCOPED_TRACE(x.policy.name);
    ASSERT_EQ(x.trials.size(), y.trials.size());
    for (std::size_t k = 0; k < x.trials.size(); ++k) {
      EXPECT_TRUE(same_metrics(x.trials[k], y.trials[k])) << "trial " << k;
    }
    EXPECT_EQ(0, std::memcmp(x.sector_loss.data(), y.sector_loss.data(),
                             x.sector_loss.size() * sizeof(double)));
    EXPECT_EQ(x.sector_loss.size(), y.sector_loss.size());
    EXPECT_EQ(x.state_loss, y.state_loss);
    EXPECT_TRUE(x.service == y.service);
    EXPECT_TRUE(x.sector_service == y.sector_service);
    EXPECT_EQ(x.state_count_sum, y.state_count_sum);
  }
}

RunResult run_range(const Scenario& scenario, std::uint64_t first, std::uint64_t trials,
                    std::uint64_t block = 0) {
  RunOptions options;
  options.first_trial = first;
  options.trials = trials;
  options.block_trials = block;
  return run_monte_carlo(scenario, options);
}

TEST(SeriesAccumulator, ABlockCountsAsItsTrialsOneByOne) {
  // add_block counts runs of equal values across trials and cells in tiles of
  // 16: 37 cells (a partial last tile), 300 trials with long runs (full
  // service, a sector down), runs broken by one value, NaN (left out), -0 and
  // 0, values beyond [0, 1] (clamped), ties of the slots, and random values.
  constexpr std::size_t cells = 37;
  constexpr std::size_t trials = 300;
  std::mt19937_64 gen(11);
  std::uniform_real_distribution<float> unit(0.0F, 1.0F);
  const std::vector<float> specials = {1.0F,   0.0F,        -0.0F,       std::nanf(""), 1.5F,
                                       -0.25F, 0.5F / 1024, 1.5F / 1024, 0x1p-33F,      1.0F};
  std::vector<float> block(cells * trials);
  for (std::size_t c = 0; c < cells; ++c) {
    float current = specials[c % specials.size()];
    for (std::size_t k = 0; k < trials; ++k) {
      if (gen() % 7 == 0) current = gen() % 2 == 0 ? unit(gen) : specials[gen() % specials.size()];
      block[k * cells + c] = current;
    }
  }
  SeriesAccumulator one_by_one(cells);
  for (std::size_t k = 0; k < trials; ++k) {
    one_by_one.add(std::span<const float>(block).subspan(k * cells, cells));
  }
  for (const int threads : {1, 2}) {
    SeriesAccumulator blocked(cells);
    test::with_threads(threads, [&] { blocked.add_block(block, trials); });
    EXPECT_TRUE(blocked == one_by_one) << threads << " threads";
    // Twice over: the scratch of a thread starts clean for the next block.
    test::with_threads(threads, [&] { blocked.add_block(block, trials); });
    SeriesAccumulator twice = one_by_one;
    twice.merge(one_by_one);
    EXPECT_TRUE(blocked == twice) << threads << " threads";
  }
  EXPECT_LT(one_by_one.count(3), trials);  // the NaN cell's NaNs were left out
}

TEST(SeriesAccumulator, AddsAndMergesExactly) {
  const std::vector<std::vector<float>> trials = {
      {1.0F, 0.5F, 0.3F}, {0.25F, 1.0F, 0.0F}, {0.7F, 0.2F, 1.0F}, {1.0F, 1.0F, 0.123F}};
  SeriesAccumulator all(3);
  for (const auto& t : trials) all.add(t);
  SeriesAccumulator left(3), right(3);
  left.add(trials[0]);
  left.add(trials[1]);
  right.add(trials[2]);
  right.add(trials[3]);
  right.merge(left);  // the other order: integer sums commute
  EXPECT_TRUE(right == all);
  std::vector<float> block;
  for (const auto& t : trials) block.insert(block.end(), t.begin(), t.end());
  SeriesAccumulator blocked(3);
  test::with_threads(2, [&] { blocked.add_block(block, trials.size()); });
  EXPECT_TRUE(blocked == all);

  // Floats of at least 2^-9 are multiples of 2^-32: their fixed-point sum is exact.
  EXPECT_EQ(all.count(0), 4u);
  EXPECT_EQ(all.mean(0), (1.0 + 0.25 + static_cast<double>(0.7F) + 1.0) / 4);
  EXPECT_EQ(all.mean(1), (0.5 + 1.0 + static_cast<double>(0.2F) + 1.0) / 4);
  EXPECT_EQ(all.mean(2), (static_cast<double>(0.3F) + 0.0 + 1.0 + static_cast<double>(0.123F)) / 4);
  // Smaller values round to a multiple of 2^-32: off by at most 2^-33 each.
  SeriesAccumulator tiny(1);
  tiny.add(std::vector<float>{1e-12F});
  EXPECT_LE(std::abs(tiny.mean(0) - 1e-12), std::ldexp(1.0, -33));
  std::vector<double> median(1);
  all.quantiles(0, std::vector<double>{0.5}, median);
  EXPECT_NEAR(median[0], 0.85, UNIT_HISTOGRAM_ERROR);

  SeriesAccumulator nan_only(1);
  nan_only.add(std::vector<float>{std::nanf("")});
  EXPECT_EQ(nan_only.count(0), 0u);
  EXPECT_TRUE(std::isnan(nan_only.mean(0)));
  EXPECT_THROW(all.merge(SeriesAccumulator(2)), std::invalid_argument);
  // Raw state round trip, and raw state that does not fit.
  std::vector<std::uint64_t> index;
  std::vector<std::uint32_t> count;
  all.export_counts(index, count);
  EXPECT_TRUE(SeriesAccumulator::from_raw(index, count, all.sums()) == all);
  const std::vector<std::uint64_t> beyond = {3 * UNIT_HISTOGRAM_SLOTS};
  const std::vector<std::uint32_t> one = {1};
  EXPECT_THROW(SeriesAccumulator::from_raw(beyond, one, {0, 0, 0}), std::invalid_argument);
  const std::vector<std::uint64_t> descending = {5, 4};
  const std::vector<std::uint32_t> two = {1, 1};
  EXPECT_THROW(SeriesAccumulator::from_raw(descending, two, {0, 0, 0}), std::invalid_argument);
}

TEST(MergeableParts, BlockSizeDoesNotChangeTheBits) {
  const Scenario scenario = small_busy_scenario();
  const RunResult one_block = run_range(scenario, 0, 48);
  for (std::uint64_t block : {1u, 5u, 16u, 47u}) {
    SCOPED_TRACE("blocks of " + std::to_string(block));
    expect_same_run(one_block, run_range(scenario, 0, 48, block));
  }
  // The scenario is busy enough for the series to mean something.
  EXPECT_LT(one_block.policies[0].service.mean(59), 0.999);
}

TEST(MergeableParts, AppendIsAssociativeAndEqualsOnePass) {
  const Scenario scenario = small_busy_scenario();
  const RunResult whole = run_range(scenario, 0, 48);
  const RunResult a = run_range(scenario, 0, 13);
  const RunResult b = run_range(scenario, 13, 22);
  const RunResult c = run_range(scenario, 35, 13);
  RunResult left = a;  // (a + b) + c
  append(left, b);
  append(left, c);
  RunResult bc = b;  // a + (b + c)
  append(bc, c);
  RunResult right = a;
  append(right, bc);
  expect_same_run(whole, left);
  expect_same_run(whole, right);
  // Gaps and overlaps are refused.
  RunResult gap = a;
  EXPECT_THROW(append(gap, c), std::invalid_argument);
  RunResult overlap = whole;
  EXPECT_THROW(append(overlap, b), std::invalid_argument);
}

TEST(MergeableParts, TablesSurviveEncoding) {
  const Scenario scenario = small_busy_scenario();
  const RunResult run = run_range(scenario, 7, 9);
  const RunResult decoded = decode_tables(encode_tables(run), run);
  EXPECT_EQ(decoded.first_trial, 7u);
  ASSERT_EQ(decoded.trials, 9u);
  for (std::size_t p = 0; p < run.policies.size(); ++p) {
    for (std::size_t k = 0; k < 9; ++k) {
      EXPECT_TRUE(same_metrics(decoded.policies[p].trials[k], run.policies[p].trials[k]));
    }
    EXPECT_EQ(decoded.policies[p].sector_loss, run.policies[p].sector_loss);
    EXPECT_EQ(decoded.policies[p].service.cells(), 0u);  // tables only
  }
  // Accumulators as bytes add up like the accumulators.
  RunResult twice = run;
  add_encoded_accumulators(twice, encode_accumulators(run));
  RunResult expected = run;
  add_accumulators(expected, run);
  EXPECT_TRUE(twice.policies[1].sector_service == expected.policies[1].sector_service);
  EXPECT_EQ(twice.policies[0].state_count_sum, expected.policies[0].state_count_sum);
  std::vector<std::byte> bytes = encode_tables(run);
  bytes.pop_back();
  EXPECT_THROW(decode_tables(bytes, run), std::invalid_argument);
}

TEST(MergeableParts, InterruptionKeepsWholeBlocksOfTheSameTrials) {
  const Scenario scenario = small_busy_scenario();
  const RunResult whole = run_range(scenario, 0, 48, 8);
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> done{0};
  RunOptions options;
  options.block_trials = 8;
  options.interrupt = &stop;
  options.progress = &done;
  // Raise the flag once the run is under way, from another thread, as a signal would.
  std::thread raiser([&] {
    while (done.load() < 20) std::this_thread::yield();
    stop = true;
  });
  const RunResult stopped =
      test::with_threads(2, [&] { return run_monte_carlo(scenario, options); });
  raiser.join();
  EXPECT_LT(stopped.trials, 48u);
  EXPECT_EQ(stopped.trials % 8, 0u);
  expect_same_run(run_range(scenario, 0, stopped.trials, 8), stopped);
}

RunResult drive_on_ranks(const Scenario& scenario, const RunOptions& options, int ranks) {
  const RunPlan plan = plan_run(scenario, options);
  RunResult at_writer;
  test::ThreadRanks group(ranks);
  group.run([&](Communicator& communicator) {
    DriveOutcome outcome =
        test::with_threads(1, [&] { return drive(scenario, plan, communicator, RunResult{}); });
    if (communicator.is_writer()) at_writer = std::move(outcome.result);
  });
  return at_writer;
}

TEST(MergeableParts, RanksGiveTheBitsOfOneProcess) {
  const Scenario scenario = small_busy_scenario();
  RunOptions options;
  options.block_trials = 5;  // 10 blocks: rounds of several blocks, a short last one
  const RunResult one = run_monte_carlo(scenario, options);
  for (int ranks : {1, 2, 3, 4}) {
    SCOPED_TRACE(std::to_string(ranks) + " ranks");
    expect_same_run(one, drive_on_ranks(scenario, options, ranks));
  }
}

TEST(MergeableParts, StopRuleOverRanksStopsAtTheSameTrial) {
  const Scenario scenario = small_busy_scenario();
  for (const StopTarget target : {StopTarget::own_mean, StopTarget::paired_difference}) {
    RunOptions options;
    options.trials = 400;
    options.stop_block = 8;
    options.stop_target = target;
    options.target_relative_ci = target == StopTarget::own_mean ? 0.1 : 0.02;
    const RunResult one = run_monte_carlo(scenario, options);
    ASSERT_TRUE(one.target_reached);
    ASSERT_LT(one.trials, 400u);
    // With 3 ranks the target is met mid-round: later blocks must be dropped.
    EXPECT_NE(one.trials / 8 % 3, 0u);
    EXPECT_EQ(one.trials % 8, 0u);
    EXPECT_TRUE(stop_rule_met(one, plan_run(scenario, options)));
    for (int ranks : {2, 3}) {
      SCOPED_TRACE(std::to_string(ranks) + " ranks");
      expect_same_run(one, drive_on_ranks(scenario, options, ranks));
    }
  }
}

TEST(MergeableParts, ResumingFromAPrefixGivesTheWholeRun) {
  const Scenario scenario = small_busy_scenario();
  RunOptions options;
  options.block_trials = 6;
  const RunPlan plan = plan_run(scenario, options);
  const RunResult whole = run_monte_carlo(scenario, options);
  RunResult prefix = run_range(scenario, 0, 18);
  SerialCommunicator one;
  const DriveOutcome resumed = drive(scenario, plan, one, std::move(prefix));
  expect_same_run(whole, resumed.result);
}

TEST(RunPlan, RefusesWhatAHistogramCannotCountAndBadStopBlocks) {
  const Scenario scenario = small_busy_scenario();
  RunOptions options;
  options.trials = MAX_RUN_TRIALS + 1;
  EXPECT_THROW(plan_run(scenario, options), std::invalid_argument);
  options.trials = 10;
  options.target_relative_ci = 0.1;
  options.stop_block = 1;
  EXPECT_THROW(plan_run(scenario, options), std::invalid_argument);
  options.policies = {5};
  options.stop_block = 10;
  EXPECT_THROW(plan_run(scenario, options), std::invalid_argument);
  // Blocks never hold more series than the memory bound.
  RunOptions big;
  big.trials = 1000000;
  const RunPlan plan = plan_run(scenario, big);
  EXPECT_LE(plan.block_trials * 60 * 3 * sizeof(float) * 2, MAX_BLOCK_SERIES_BYTES);
}

}  // namespace
}  // namespace cyres
