#pragma once
// A progress bar with rate and ETA on stderr, drawn by its own thread while
// the workers count finished trials; silent when stderr is not a terminal.

#include <atomic>
#include <cstdint>
#include <thread>

namespace cyres::cli {

class ProgressBar {
 public:
  ProgressBar(std::atomic<std::uint64_t>& done, std::uint64_t total);
  ~ProgressBar();  //!< stops drawing and clears the line
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

 private:
  void draw(double elapsed_seconds) const;
  std::atomic<std::uint64_t>& done_;
  std::uint64_t total_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace cyres::cli
