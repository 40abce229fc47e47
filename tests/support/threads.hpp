#pragma once
// Runs work on exactly `threads` TBB threads, as the command line does
// (sim/cli/run_session.hpp): the library leaves thread control to its caller.

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <cstddef>
#include <utility>

namespace cyres::test {

template <class F>
auto with_threads(int threads, F&& work) {
  const tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                                  static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  return arena.execute(std::forward<F>(work));
}

}  // namespace cyres::test
