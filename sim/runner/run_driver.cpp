#include "sim/runner/run_driver.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "sim/runner/block_runner.hpp"

namespace cyres {
namespace {

//! What rank 0 tells every rank after a round.
struct Decision {
  std::uint64_t accepted = 0;  //!< blocks of the round that count: ranks 0..accepted-1
  std::uint64_t next = 0;      //!< first trial of the next round
  std::uint8_t finished = 0;
  std::uint8_t interrupted = 0;
  std::uint8_t target_reached = 0;
  std::uint8_t checkpoint = 0;
};

//! What each rank reports after running its block of a round.
enum class BlockStatus : std::uint8_t { none = 0, done = 1, interrupted = 2 };

template <class T>
std::vector<std::byte> to_bytes(const T& value) {
  std::vector<std::byte> bytes(sizeof(T));
  std::memcpy(bytes.data(), &value, sizeof(T));
  return bytes;
}

template <class T>
T from_bytes(const std::vector<std::byte>& bytes) {
  if (bytes.size() != sizeof(T)) throw std::runtime_error("run driver: malformed message");
  T value;
  std::memcpy(&value, bytes.data(), sizeof(T));
  return value;
}

//! Adds every rank's accumulators to rank 0's `acc`; the other ranks' are
//! emptied, their part being in rank 0's now. Integer sums: exact in any order.
void flush(Communicator& communicator, RunResult& acc) {
  if (communicator.size() == 1) return;
  const std::vector<std::byte> mine =
      communicator.is_writer() ? std::vector<std::byte>{} : encode_accumulators(acc);
  const std::vector<std::vector<std::byte>> all =
      communicator.gather(std::span<const std::byte>(mine));
  if (communicator.is_writer()) {
    for (std::size_t r = 1; r < all.size(); ++r) add_encoded_accumulators(acc, all[r]);
  } else {
    for (PolicyResult& p : acc.policies) {
      p.service.clear();
      p.sector_service.clear();
      std::fill(p.state_count_sum.begin(), p.state_count_sum.end(), 0);
    }
  }
}

}  // namespace

DriveOutcome drive(const Scenario& scenario, const RunPlan& plan, Communicator& communicator,
                   RunResult resumed, const DriveControl& control) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const int rank = communicator.rank();
  const bool writer = communicator.is_writer();
  const bool stop_rule = plan.target_relative_ci > 0.0;

  // Rank 0 holds everything that counts: the per-trial tables of every
  // accepted block, and the accumulators of its own blocks and the resumed
  // ones. Other ranks accumulate their blocks' series until the next flush.
  DriveOutcome outcome;
  RunResult& done = outcome.result;
  const double wall_before = resumed.wall_seconds;
  if (writer && resumed.trials > 0) {
    done = std::move(resumed);
  } else {
    done = empty_result(scenario, plan);
  }
  done.trials_requested = plan.trials();
  done.target_relative_ci = plan.target_relative_ci;

  std::vector<std::byte> start_bytes = to_bytes(done.trials > 0 ? done.end_trial() : plan.begin);
  communicator.broadcast(start_bytes);
  std::uint64_t next = from_bytes<std::uint64_t>(start_bytes);

  BlockRunner runner(scenario, plan);
  TrialBlock block;
  const std::uint64_t b = plan.block_trials;
  std::uint64_t checkpointed_at = next;
  auto checkpointed_when = Clock::now();
  const auto interrupted = [&] {
    return control.interrupt != nullptr && control.interrupt->load(std::memory_order_relaxed);
  };

  while (next < plan.end) {
    // This rank's block of the round, if the range reaches it.
    const std::uint64_t my_begin = std::min(plan.end, next + static_cast<std::uint64_t>(rank) * b);
    const std::uint64_t my_end = std::min(plan.end, my_begin + b);
    BlockStatus status = BlockStatus::none;
    if (my_begin < my_end) {
      status = runner.run(my_begin, my_end, block, control.interrupt, control.progress)
                   ? BlockStatus::done
                   : BlockStatus::interrupted;
    }
    std::vector<std::byte> message{static_cast<std::byte>(status)};
    if (status == BlockStatus::done && !writer) {
      const std::vector<std::byte> tables = encode_tables(block.tables);
      message.insert(message.end(), tables.begin(), tables.end());
    }
    const std::vector<std::vector<std::byte>> reports =
        communicator.gather(std::span<const std::byte>(message));

    Decision decision;
    if (writer) {
      for (std::size_t r = 0; r < reports.size(); ++r) {
        const auto reported = static_cast<BlockStatus>(reports[r].at(0));
        if (reported == BlockStatus::interrupted) decision.interrupted = 1;
        if (reported != BlockStatus::done) break;
        if (r == 0) {
          append_tables(done, block.tables);
        } else {
          append_tables(done,
                        decode_tables(std::span<const std::byte>(reports[r]).subspan(1), done));
        }
        decision.accepted = r + 1;
        if (stop_rule && stop_rule_met(done, plan)) {
          decision.target_reached = 1;
          break;
        }
      }
      if (interrupted()) decision.interrupted = 1;
      decision.next = done.trials > 0 ? done.end_trial() : plan.begin;
      decision.finished =
          decision.interrupted || decision.target_reached || decision.next >= plan.end;
      const double since = std::chrono::duration<double>(Clock::now() - checkpointed_when).count();
      decision.checkpoint =
          !decision.finished && control.checkpoint &&
          ((control.checkpoint_trials > 0 &&
            decision.next - checkpointed_at >= control.checkpoint_trials) ||
           (control.checkpoint_seconds > 0.0 && since >= control.checkpoint_seconds));
    }
    std::vector<std::byte> decision_bytes = to_bytes(decision);
    communicator.broadcast(decision_bytes);
    decision = from_bytes<Decision>(decision_bytes);

    if (static_cast<std::uint64_t>(rank) < decision.accepted) fold_series(done, block);
    next = decision.next;
    if (decision.target_reached) done.target_reached = true;
    if (decision.interrupted) outcome.interrupted = true;
    if (decision.checkpoint) {
      flush(communicator, done);
      if (writer) {
        done.wall_seconds =
            wall_before + std::chrono::duration<double>(Clock::now() - start).count();
        control.checkpoint(done);
      }
      checkpointed_at = next;
      checkpointed_when = Clock::now();
    }
    if (decision.finished) break;
  }
  flush(communicator, done);
  done.wall_seconds = wall_before + std::chrono::duration<double>(Clock::now() - start).count();
  if (!writer) done = tables_like(done);
  return outcome;
}

}  // namespace cyres
