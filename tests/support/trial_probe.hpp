#pragma once
// Runs single trials of a scenario and keeps everything they wrote, so that
// tests can read the state counts and service at the end of every step.

#include <memory>
#include <vector>

#include "models/policy_plan.hpp"
#include "models/simulation_model.hpp"
#include "models/trial_engine.hpp"
#include "sim/scenario/scenario.hpp"

namespace cyres::test {

struct TrialTrace {
  TrialMetrics metrics;
  std::vector<double> sector_loss;
  std::vector<double> state_loss;
  std::vector<float> service;
  std::vector<float> sector_service;
  std::vector<std::int64_t> counts;  //!< [step][StateCount]
  std::int64_t count(Step t, StateCount kind) const {
    return counts[static_cast<std::size_t>(t) * state_count_kinds + kind];
  }
};

class TrialProbe {
 public:
  explicit TrialProbe(Scenario scenario, std::size_t policy = 0)
      : scenario_(std::move(scenario)),
        model_(scenario_),
        plan_(model_, scenario_.policies.at(policy), scenario_.settings.seed),
        engine_(model_) {}

  TrialTrace run(std::uint64_t trial = 0) {
    const auto steps = static_cast<std::size_t>(scenario_.settings.horizon);
    const std::size_t sectors = scenario_.sectors.size();
    TrialTrace trace;
    trace.sector_loss.assign(sectors, 0.0);
    trace.state_loss.assign(scenario_.states.size(), 0.0);
    trace.service.assign(steps, 0.0f);
    trace.sector_service.assign(steps * sectors, 0.0f);
    trace.counts.assign(steps * state_count_kinds, 0);
    TrialOutput out{&trace.metrics,       trace.sector_loss, trace.service,
                    trace.sector_service, trace.counts,      trace.state_loss};
    engine_.run(plan_, trial, out);
    return trace;
  }

  const TrialEngine& engine() const { return engine_; }
  void clear_touched() { engine_.clear_touched(); }
  const SimulationModel& model() const { return model_; }

 private:
  Scenario scenario_;
  SimulationModel model_;
  PolicyPlan plan_;
  TrialEngine engine_;
};

}  // namespace cyres::test
