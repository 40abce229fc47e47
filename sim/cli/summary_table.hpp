#pragma once
// The summary table `cyres run` prints: one row per policy, means with 95 %
// confidence intervals of the headline metrics.

#include <string>

#include "sim/runner/results.hpp"

namespace cyres::cli {

std::string summary_table(const RunResult& run);

}  // namespace cyres::cli
