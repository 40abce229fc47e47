// Start-up of a run on a scenario file, phase by phase: what `cyres run` does
// before its first trial (load the scenario, then build the model — graph,
// scheduling records, and every asset's downstream impact where a ranking of
// many assets needs it — and the policies' plans), then the first trial;
// last, the graph and a search from every asset (downstream_impact) timed on
// their own: the ranking a scenario that targets or hardens by impact pays
// before its trials, and that triage by impact alone no longer does. Prints one line of key=value
// pairs (bench/startup reads it). Wall seconds (_s) and processor seconds of all threads (_cpu).
//
// Usage: cyres_startup_bench SCENARIO THREADS
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <exception>
#include <string>

#include "models/simulation_model.hpp"
#include "sim/graph/graph_analysis.hpp"
#include "sim/runner/block_runner.hpp"
#include "sim/runner/monte_carlo.hpp"
#include "sim/scenario/loader.hpp"

namespace {

// Wall and processor time since construction [s].
class Stopwatch {
 public:
  Stopwatch() : wall_(std::chrono::steady_clock::now()), cpu_(std::clock()) {}
  double wall() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count();
  }
  double cpu() const { return static_cast<double>(std::clock() - cpu_) / CLOCKS_PER_SEC; }

 private:
  std::chrono::steady_clock::time_point wall_;
  std::clock_t cpu_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fputs("usage: cyres_startup_bench SCENARIO THREADS\n", stderr);
    return 2;
  }
  try {
    const std::string path = argv[1];
    const int threads = std::stoi(argv[2]);
    if (threads < 1) throw std::invalid_argument("THREADS must be at least 1");
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(threads));
    tbb::task_arena arena(threads);
    arena.execute([&] {
      const Stopwatch load;
      const cyres::Scenario scenario = cyres::load_scenario(path);
      const double load_s = load.wall();
      const double load_cpu = load.cpu();

      const Stopwatch setup;
      cyres::RunOptions options;
      options.trials = 1;
      options.block_trials = 1;
      const cyres::RunPlan plan = cyres::plan_run(scenario, options);
      cyres::BlockRunner runner(scenario, plan);
      const double setup_s = setup.wall();
      const double setup_cpu = setup.cpu();

      const Stopwatch first;
      cyres::TrialBlock block;
      runner.run(0, 1, block);
      const double trial_s = first.wall();
      const double trial_cpu = first.cpu();

      const Stopwatch graph_watch;
      const cyres::AssetGraph graph(scenario.assets.size(), scenario.links);
      const double graph_s = graph_watch.wall();
      const Stopwatch impact_watch;
      const std::vector<double> impact =
          cyres::downstream_impact(graph, scenario.assets.criticality);
      const double impact_s = impact_watch.wall();
      const double impact_cpu = impact_watch.cpu();

      std::printf(
          "assets=%zu links=%zu policies=%zu threads=%d load_s=%.3f load_cpu=%.3f setup_s=%.3f "
          "setup_cpu=%.3f before_first_trial_s=%.3f before_first_trial_cpu=%.3f "
          "first_trial_s=%.3f first_trial_cpu=%.3f graph_s=%.3f impact_s=%.3f impact_cpu=%.3f\n",
          scenario.assets.size(), scenario.links.size(), plan.policies.size(), threads, load_s,
          load_cpu, setup_s, setup_cpu, load_s + setup_s, load_cpu + setup_cpu, trial_s, trial_cpu,
          graph_s, impact_s, impact_cpu);
    });
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cyres_startup_bench: %s\n", e.what());
    return 1;
  }
}
