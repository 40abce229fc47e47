#include "sim/cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace cyres::cli {

ProgressBar::ProgressBar(std::atomic<std::uint64_t>& done, std::uint64_t total)
    : done_(done), total_(total) {
  if (!isatty(fileno(stderr))) return;
  thread_ = std::thread([this] {
    const auto start = std::chrono::steady_clock::now();
    while (!stop_.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      draw(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
  });
}

ProgressBar::~ProgressBar() {
  if (!thread_.joinable()) return;
  stop_ = true;
  thread_.join();
  fmt::print(stderr, "\r{:80}\r", "");
}

void ProgressBar::draw(double elapsed_seconds) const {
  constexpr int WIDTH = 30;
  const std::uint64_t done = done_.load(std::memory_order_relaxed);
  const double fraction =
      total_ > 0 ? static_cast<double>(done) / static_cast<double>(total_) : 1.0;
  const double rate = elapsed_seconds > 0 ? static_cast<double>(done) / elapsed_seconds : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
  const auto filled = static_cast<std::size_t>(fraction * WIDTH);
  fmt::print(stderr, "\r[{}{}] {:5.1f}%  {}/{} trials  {:.0f} trials/s  ETA {:.0f} s ",
             std::string(filled, '#'), std::string(WIDTH - filled, '.'), 100.0 * fraction, done,
             total_, rate, eta);
  std::fflush(stderr);
}

}  // namespace cyres::cli
