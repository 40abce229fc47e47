#pragma once
// One Monte Carlo trial: the seven rules of docs/model.md, "One step", in order, for one
// policy. A TrialEngine is a per-thread workspace, built once and reused: the
// work of a trial grows with what the attack touches, not with the graph size.
//
// Step t:  1 campaigns start      (rules 1-4 and 6 read the state committed at
//          2 lateral movement      the end of step t-1; their changes become
//          3 payload               visible at the commit that ends step t)
//          4 detection
//          5 response              (serves the queue as left by rule 4 of step t)
//          6 supply
//          commit, then 7 service  (measures the state at the end of step t)
//
// Rules 2-4 are scheduled, not polled: an asset's detection and payload steps
// are drawn as geometric times when it becomes C (detection redrawn from the
// step its organisation becomes aware), and a spreader's next lateral-movement
// candidate as a geometric jump along its (step, out-neighbour) sequence; each
// lies in a calendar bucket of its step (docs/model.md, "Random numbers").

#include <cstdint>
#include <span>
#include <vector>

#include "models/geometric.hpp"
#include "models/policy_plan.hpp"
#include "models/response_queue.hpp"
#include "models/simulation_model.hpp"
#include "models/trial_state.hpp"
#include "sim/random/streams.hpp"
#include "models/trial_metrics.hpp"

namespace cyres {

//! Where one trial writes its results (slots owned by the runner).
struct TrialOutput {
  TrialMetrics* metrics = nullptr;
  std::span<double> sector_loss;            //!< [sector]
  std::span<float> service;                 //!< [step]
  std::span<float> sector_service;          //!< [step][sector]
  std::span<std::int64_t> state_count_sum;  //!< [step][StateCount], added to
};

class TrialEngine {
 public:
  //! With `early_stop`, a trial in which nothing can change any more stops
  //! there and fills the remaining steps' results with the final state's
  //! (bit-identical to running on; false runs every step, for tests).
  explicit TrialEngine(const SimulationModel& model, bool early_stop = true);

  //! Runs trial `trial` of `plan` and writes its results to `out`.
  void run(const PolicyPlan& plan, std::uint64_t trial, const TrialOutput& out);

  //! Steps the last trial ran through the rules (the horizon, or fewer if it
  //! stopped early; for tests).
  Step steps_run() const { return steps_run_; }
  //! Assets whose state the last trial changed (for tests of the reset).
  std::size_t touched() const { return touched_.size(); }
  //! The state of an asset at the end of the last trial (for tests).
  const AssetState& state(AssetIndex i) const { return state_[i]; }

 private:
  //! Rule 2: spreader `asset` tries its out-link `link` (an index into the
  //! network adjacency) at the bucket's step; it is candidate number `draw` of
  //! its jumps. The campaign is the spreader's, kept here to spare a load.
  struct SpreadEvent {
    LinkIndex link;
    AssetIndex asset;
    std::uint32_t draw;
    std::uint16_t campaign;
  };
  //! Bits of hot_: the two tests of rule 2's inner loop, one byte per asset.
  enum HotBit : std::uint8_t {
    HOT_CLOSED = 1 << 0,  //!< not in S, or pending: no attempt can compromise it
    HOT_SILENT = 1 << 1,  //!< isolated or remediated: spreads no more in this trial
  };
  struct PendingCompromise {
    AssetIndex asset;
    std::uint16_t campaign;
  };
  struct Job {
    AssetIndex asset;
    OrgIndex team_org;  //!< whose team does the work
    Step finish;        //!< step at whose end the asset is R
  };
  struct Restoration {
    AssetIndex asset;
    Step due;  //!< step at whose end the asset is up again
  };

  void reset(const PolicyPlan& plan, std::uint64_t trial);
  // The rules, each in its own file (models/rules_*.cpp).
  void start_campaigns(Step t);                  // rule 1
  void move_laterally(Step t);                   // rule 2
  void fire_payloads(Step t);                    // rule 3
  void detect(Step t);                           // rule 4
  void respond(Step t);                          // rule 5
  void check_supply(Step t);                     // rule 6
  void commit(Step t);                           // end of step: pending changes become state
  void spread(SpreadEvent event, Step t);        // rule 2 for one spreader in step t
  void measure(Step t, const TrialOutput& out);  // rule 7 and per-step metrics
  void update_crisis(Step t, double service);
  void activate_crisis(Step t);
  bool settled(Step t) const;
  void fill_settled(Step from, const TrialOutput& out);
  void finish(const TrialOutput& out);

  //! Prefetches what schedule() and detect() read of asset i.
  void prefetch_asset(AssetIndex i) const;
  // Small state transitions that keep the counters in step.
  void touch(AssetIndex i);
  void set_security(AssetIndex i, Security security);
  void set_flag(AssetIndex i, AssetFlag flag);
  void clear_flag(AssetIndex i, AssetFlag flag);
  void mark_functional_change(AssetIndex i) { functional_changes_.push_back(i); }
  void watch_supply(AssetIndex i);
  void make_aware(OrgIndex detector, std::uint16_t campaign, Step t);
  void lower_awareness(std::size_t org, std::size_t campaign, Step from);
  // Scheduling of rules 2-4 for an asset that becomes C at the end of step t.
  void schedule(AssetIndex i, Step t);
  void schedule_detection(AssetIndex i, Step from);
  //! from + a geometric number of failures with per-step probability p, drawn
  //! from the stream (purpose, i, from); NEVER if not before the horizon.
  Step draw_step(double p, Purpose purpose, AssetIndex i, Step from) const;
  void start_job(AssetIndex asset, OrgIndex team_org, Step t, Step mobilisation, Step detected);
  void complete_job(const Job& job, Step t);

  const SimulationModel& model_;
  const PolicyPlan* plan_ = nullptr;
  const RandomStreams streams_;
  std::uint64_t trial_ = 0;
  // log(1 - p) of rule 2's bounds and of the detection and payload
  // probabilities, memoised (draw_step is logically const).
  mutable LogMissCache lateral_rate_;
  mutable LogMissCache detection_rate_;
  mutable LogMissCache payload_rate_;

  std::vector<AssetState> state_;
  std::vector<std::uint8_t> hot_;  //!< [asset] HotBit, reset with state_
  std::vector<AssetIndex> touched_;
  Step horizon_ = 0;
  bool dirty_ = false;                  //!< calendars may hold entries (trial interrupted)
  std::vector<AssetIndex> undetected_;  //!< assets that became C (some may be D or R by now)
  std::vector<std::vector<SpreadEvent>> spread_due_;  //!< [step] rule 2 calendar
  std::vector<std::vector<AssetIndex>>
      detect_due_;  //!< [step] rule 4 calendar (stale if detect_at differs)
  std::vector<std::vector<AssetIndex>> payload_due_;  //!< [step] rule 3 calendar
  std::vector<PendingCompromise> pending_;            //!< marked HOT_CLOSED only, until commit
  std::vector<AssetIndex> functional_changes_;
  std::vector<AssetIndex> watched_, watched_scratch_;
  std::vector<Restoration> restorations_;
  std::vector<Job> jobs_;
  std::vector<ResponseQueue> queues_;  //!< one per organisation, or one pooled
  std::vector<int> teams_, free_teams_;
  std::vector<Step> aware_from_;  //!< [org][campaign] first step with the boost
  std::vector<std::uint64_t> sector_down_units_;
  std::vector<AssetIndex> entry_draws_;
  std::vector<double> service_;   //!< Q(t) of the current trial, full precision
  std::vector<double> sector_q_;  //!< scratch of fill_settled [sector]
  bool early_stop_ = true;
  Step last_start_ = 0;        //!< latest campaign start
  std::size_t scheduled_ = 0;  //!< entries in the three calendars
  Step steps_run_ = 0;

  // Counters of the current state, kept by the transitions above.
  std::int64_t count_[state_count_kinds] = {};
  // Crisis mechanism.
  Step crisis_triggered_ = NEVER;
  Step crisis_active_from_ = NEVER;
  // Trial metrics accumulated along the way.
  TrialMetrics metrics_;
  double detection_latency_sum_ = 0.0;  // [steps]
  double queue_wait_sum_ = 0.0;         // [steps]
  std::uint64_t remediations_started_ = 0;
  double team_steps_ = 0.0;  // [team-steps]
};

}  // namespace cyres
