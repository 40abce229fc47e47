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

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "models/geometric.hpp"
#include "models/policy_plan.hpp"
#include "models/response_queue.hpp"
#include "models/simulation_model.hpp"
#include "models/trial_metrics.hpp"
#include "models/trial_state.hpp"
#include "sim/random/block_batch.hpp"
#include "sim/random/streams.hpp"

namespace cyres {

//! Where one trial writes its results (slots owned by the runner).
struct TrialOutput {
  TrialMetrics* metrics = nullptr;
  std::span<double> sector_loss;            //!< [sector]
  std::span<float> service;                 //!< [step]
  std::span<float> sector_service;          //!< [step][sector]
  std::span<std::int64_t> state_count_sum;  //!< [step][StateCount], added to
  std::span<double> state_loss;             //!< [state]: its contribution to L; may be empty
};

class TrialEngine {
 public:
  //! With `early_stop`, a trial in which nothing can change any more stops
  //! there and fills the remaining steps' results with the final state's
  //! (bit-identical to running on; false runs every step, for tests).
  explicit TrialEngine(const SimulationModel& model, bool early_stop = true);

  //! Runs trial `trial` of `plan` and writes its results to `out`.
  void run(const PolicyPlan& plan, std::uint64_t trial, const TrialOutput& out);

  //! Returns the assets the last trial touched to their state before it: the
  //! clean-up, in proportion to what the trial did, that run() does first. A
  //! caller that times trials one by one calls it after each, so that each
  //! trial pays for its own clean-up (bench/trial_cost.cpp). The results of
  //! the last trial (state(), touched()) are gone after it.
  void clear_touched();

  //! Steps the last trial ran through the rules (the horizon, or fewer if it
  //! stopped early; for tests).
  Step steps_run() const { return steps_run_; }
  //! Assets whose state the last trial changed (for tests of the reset).
  std::size_t touched() const { return touched_.size(); }
  //! The state of an asset at the end of the last trial (for tests).
  const AssetState& state(AssetIndex i) const { return state_[i]; }

 private:
  //! Rule 2: spreader `asset` tries its out-neighbour number `neighbour` (in
  //! its out-list, SimulationModel::AssetSchedule::first_link on) at the
  //! bucket's step; it is candidate number `draw` of its jumps. The campaign
  //! is the spreader's, kept here to spare a load. 16 bytes: a step's bucket
  //! is written and read once, and the calendar's traffic is what a large
  //! outbreak's step waits on.
  struct SpreadEvent {
    AssetIndex asset;
    std::uint32_t neighbour;
    std::uint32_t draw;
    std::uint16_t campaign;
    std::uint16_t epoch;  //!< the spreader's episode; stale once it changed
  };
  //! A chunk of one step's live spread events: the Philox blocks of their
  //! next candidates, drawn together (sim/random/block_batch.hpp), and where
  //! each event lies in the step's bucket.
  struct SpreadChunk {
    BlockBatch blocks;
    std::array<std::uint32_t, BlockBatch::CAPACITY> event{};
  };
  //! Bits of hot_: the two tests of rule 2's inner loop, one byte per asset.
  enum HotBit : std::uint8_t {
    HOT_CLOSED = 1 << 0,   //!< not in S, or pending: no attempt can compromise it
    HOT_SILENT = 1 << 1,   //!< isolated or remediated: spreads no more in this episode
    HOT_CLEANED = 1 << 2,  //!< R and open to reinfection: attempts on it use rho
  };
  struct PendingCompromise {
    AssetIndex asset;
    std::uint16_t campaign;
  };
  enum class Work : std::uint8_t { eviction, restoration };
  struct Job {
    AssetIndex asset;
    OrgIndex team_org;  //!< whose team (or crew) does the work
    Step finish;        //!< step at whose end the work is done
    Work work = Work::eviction;
    std::int32_t lent = -1;  //!< index into lent_ if a lent team does it
  };
  //! The attacker's return to an asset whose eviction was incomplete.
  struct Return {
    AssetIndex asset;
    std::uint16_t epoch;  //!< the episode it returns from; stale if the asset moved on
  };
  //! From step `from`, organisation o detects campaign c with this boost.
  struct BoostStep {
    Step from;
    double boost;
  };
  struct Request {
    OrgIndex requester;
    OrgIndex provider;
    Step decide_at;
    std::uint32_t number;  //!< the requester's request count, keys the approval draw
  };
  struct LentTeam {
    OrgIndex provider;
    OrgIndex holder;
    Step arrive;  //!< first step it can work for the holder
    bool busy;
    bool active;  //!< false once returned
  };
  struct Restoration {
    AssetIndex asset;
    Step due;  //!< step at whose end the asset is up again
  };

  void reset(const PolicyPlan& plan, std::uint64_t trial);
  // The rules, each in its own file (models/rules_*.cpp).
  void start_campaigns(Step t);  // rule 1
  void move_laterally(Step t);   // rule 2
  void fire_payloads(Step t);    // rule 3
  void detect(Step t);           // rule 4
  void respond(Step t);          // rule 5
  void check_supply(Step t);     // rule 6
  void commit(Step t);           // end of step: pending changes become state
  //! Rule 2, the events from `begin` of a step's bucket: the live ones (a
  //! spreader silenced or in a later episode has nothing left to try), with
  //! their records fetched and the blocks of their next candidates drawn.
  void prepare_spreads(const std::vector<SpreadEvent>& due, std::size_t begin, SpreadChunk& chunk);
  //! Rule 2 for one spreader in step t; `next` is the Philox block of its
  //! next candidate (lateral stream, (asset, draw + 1, epoch)), drawn with the
  //! others of its step (move_laterally).
  void spread(SpreadEvent event, Step t, const RandomStreams::Block& next);
  bool nothing_due(Step t) const;                // rules 1-6 have no work in step t
  void measure(Step t, const TrialOutput& out);  // rule 7 and per-step metrics
  void update_levels();                          // sector_q_ and the service, if stale
  void add_state_loss(const TrialOutput& out);
  void notice(AssetIndex i, Step t);   // rule 3: impact makes the incident visible
  void return_attackers(Step t);       // rule 5: incomplete evictions come back
  void serve_restoration(Step t);      // rule 5: crews restore attack-down assets
  void assist(Step t);                 // rule 5: requests for assistance
  void serve_with_lent_teams(Step t);  // rule 5: lent teams work their holders' queues
  void evicted(AssetIndex i, Step t);  // rule 5: a finished remediation
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
  void make_aware(AssetIndex detected, OrgIndex detector, std::uint16_t campaign, Step t);
  //! Raises the boost of (org, campaign) to `boost` from step `from` and
  //! redraws the detection of its undetected assets (docs/model.md, rule 4).
  void raise_awareness(std::size_t org, std::size_t campaign, Step from, double boost);
  double boost_at(std::size_t org, std::size_t campaign, Step t) const;
  Step next_rise(std::size_t org, std::size_t campaign, Step t) const;
  //! Scheduling of rules 2-4 for asset i, which becomes C at the end of step
  //! t, given the Philox blocks of its first detection draw (detection stream,
  //! (i, t + 1)) and of its first lateral jump (lateral stream, (i, 0, epoch)),
  //! drawn with the others of its step (commit).
  void schedule(AssetIndex i, Step t, const RandomStreams::Block& detection,
                const RandomStreams::Block& lateral);
  //! Draws the detection step of asset i from step `from` on; `first`, if
  //! not null, is the uniform of stream (detection, i, from), drawn already.
  //! (A pointer, not std::optional: the optional's flag, stored as a byte and
  //! loaded as a word, stalled every call on its store.)
  void schedule_detection(AssetIndex i, Step from, const double* first = nullptr);
  //! from + a geometric number of failures with per-step probability p, drawn
  //! from the stream (purpose, i, from), or from `drawn`, that stream's
  //! uniform, if the caller has it; NEVER if not before the horizon.
  Step draw_step(double p, Purpose purpose, AssetIndex i, Step from,
                 const double* drawn = nullptr) const;
  void start_job(AssetIndex asset, OrgIndex team_org, Step t, Step mobilisation, Step detected,
                 std::int32_t lent = -1);
  void start_restoration(AssetIndex asset, OrgIndex crew_org, Step t, Step evicted_at);
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
  //! Two, so that one chunk is prepared while the other spreads (move_laterally).
  std::array<SpreadChunk, 2> spread_chunks_;
  //! The first detection draws and lateral jumps of a chunk of one step's
  //! new compromises, drawn together (commit).
  BlockBatch detection_blocks_;
  BlockBatch first_jump_blocks_;
  std::vector<AssetIndex> functional_changes_;
  std::vector<AssetIndex> watched_, watched_scratch_;
  std::vector<Restoration> restorations_;
  std::vector<Job> jobs_;
  std::vector<ResponseQueue> queues_;  //!< one per organisation, or one pooled
  //! Incidents in queues_ and in restore_queues_: rule 5's loops over the
  //! organisations are skipped while these are 0 (a contained trial's usual
  //! step), so that a step costs in proportion to activity.
  std::size_t queued_ = 0;
  std::size_t restore_queued_ = 0;
  std::vector<int> teams_, free_teams_;
  std::vector<std::vector<BoostStep>> awareness_;  //!< [org][campaign] rising staircase
  std::vector<std::vector<Return>> return_due_;    //!< [step] attacker returns
  std::size_t returns_pending_ = 0;
  bool episodes_ = false;  //!< assets can be compromised more than once (check epochs)
  std::vector<ResponseQueue> restore_queues_;  //!< [org] attack-down assets once R
  std::vector<int> free_crews_;                //!< [org]; UNLIMITED_CREWS: no queue
  std::vector<Request> requests_;
  std::vector<LentTeam> lent_;
  std::vector<int> open_requests_;                      //!< [org]
  std::vector<std::uint32_t> request_count_;            //!< [org]
  std::vector<std::uint32_t> next_provider_;            //!< [org]
  std::vector<std::uint64_t> state_sector_down_units_;  //!< [state][sector]
  //! [state] assets down (DOWN) in the state: a state with none adds nothing
  //! to its loss, so rule 7 skips it.
  std::vector<std::uint32_t> state_down_assets_;
  std::uint32_t states_down_ = 0;  //!< states with an asset down
  //! [step] 1 where a campaign starts (rule 1 has work only then).
  std::vector<std::uint8_t> campaign_starts_;
  Step first_compromise_ = NEVER;
  Step first_detection_ = NEVER;
  Step evicted_at_ = NEVER;
  std::vector<std::uint64_t> sector_down_units_;
  std::vector<AssetIndex> entry_draws_;
  std::vector<double> service_;  //!< Q(t) of the current trial, full precision
  // Rule 7's levels of the committed state, recomputed only after commit
  // changed a sector's down weight (most steps of most trials change none):
  // the same expressions in the same order as every step, so the same bits.
  std::vector<double> sector_q_;          //!< q_s [sector]
  std::vector<double> sector_step_loss_;  //!< (1 - q_s) dt [sector; h]
  double levels_service_ = 1.0;           //!< Q = sum_s W_s q_s
  bool levels_stale_ = true;
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
  double team_steps_ = 0.0;            // [team-steps]
  double lent_steps_ = 0.0;            // [team-steps] lent teams worked for others
  double restoration_wait_sum_ = 0.0;  // [steps]
  std::uint64_t restorations_started_ = 0;
};

}  // namespace cyres
