#pragma once
// Ranks as threads of one process, for testing the run driver's exchanges
// without MPI: each thread gets a Communicator whose collectives meet at a
// std::barrier, with MPI's semantics (gather at rank 0, broadcast from rank 0).

#include <barrier>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "sim/runner/communicator.hpp"

namespace cyres::test {

class ThreadRanks {
 public:
  explicit ThreadRanks(int size)
      : size_(size), sync_(size), slots_(static_cast<std::size_t>(size)) {}

  //! Runs work(communicator) on `size` threads, one rank each, and joins them.
  void run(const std::function<void(Communicator&)>& work) {
    std::vector<std::thread> threads;
    for (int r = 0; r < size_; ++r) {
      threads.emplace_back([this, r, &work] {
        Rank rank(*this, r);
        work(rank);
      });
    }
    for (std::thread& t : threads) t.join();
  }

 private:
  class Rank final : public Communicator {
   public:
    Rank(ThreadRanks& group, int rank) : group_(group), rank_(rank) {}
    int rank() const override { return rank_; }
    int size() const override { return group_.size_; }
    std::vector<std::vector<std::byte>> gather(std::span<const std::byte> mine) override {
      group_.slots_[index()].assign(mine.begin(), mine.end());
      group_.sync_.arrive_and_wait();
      std::vector<std::vector<std::byte>> all;
      if (rank_ == 0) all = group_.slots_;
      group_.sync_.arrive_and_wait();
      return all;
    }
    void broadcast(std::vector<std::byte>& bytes) override {
      if (rank_ == 0) group_.slots_[0] = bytes;
      group_.sync_.arrive_and_wait();
      if (rank_ != 0) bytes = group_.slots_[0];
      group_.sync_.arrive_and_wait();
    }
    void abort(int) override { std::abort(); }

   private:
    std::size_t index() const { return static_cast<std::size_t>(rank_); }
    ThreadRanks& group_;
    int rank_;
  };

  int size_;
  std::barrier<> sync_;
  std::vector<std::vector<std::byte>> slots_;
};

}  // namespace cyres::test
