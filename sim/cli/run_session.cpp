#include "sim/cli/run_session.hpp"

#include <ctime>

#include "sim/core/pending_output.hpp"

namespace cyres::cli {
namespace {

// Lock-free, so a signal handler may store to it.
std::atomic<bool> interrupted{false};
std::atomic<int> interrupting_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free);

// A second signal ends the process the default way, for a run that does not
// stop in time on the first, leaving no temporary output behind.
extern "C" void raise_interrupt(int signal) {
  if (interrupted.load()) {
    remove_pending_outputs();
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    return;
  }
  interrupting_signal.store(signal);
  interrupted.store(true);
}

}  // namespace

ThreadControl::ThreadControl(int threads)
    : arena_(threads > 0 ? threads : tbb::task_arena::automatic) {
  if (threads > 0) {
    limit_.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  }
}

InterruptGuard::InterruptGuard() {
  interrupted.store(false);
  interrupting_signal.store(0);
  struct sigaction action {};
  action.sa_handler = raise_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &old_int_);
  sigaction(SIGTERM, &action, &old_term_);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
}

const std::atomic<bool>& InterruptGuard::flag() const {
  return interrupted;
}
int InterruptGuard::signal() const {
  return interrupting_signal.load();
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

}  // namespace cyres::cli
