#include "sim/runner/communicator.hpp"

#include <cstdlib>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#ifdef CYRES_WITH_MPI
#include <mpi.h>
#endif

namespace cyres {

bool built_with_mpi() {
#ifdef CYRES_WITH_MPI
  return true;
#else
  return false;
#endif
}

bool launched_by_mpi() {
  // Open MPI's mpirun, PMIx launchers (srun --mpi=pmix) and Hydra/PMI ones.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

#ifdef CYRES_WITH_MPI
namespace {

void check(int code, const char* call) {
  if (code != MPI_SUCCESS) {
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(code, text, &length);
    throw std::runtime_error(fmt::format("{} failed: {}", call, std::string(text, length)));
  }
}

int as_count(std::size_t n) {
  if (n > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw std::runtime_error(fmt::format("MPI message of {} elements is too large", n));
  }
  return static_cast<int>(n);
}

class MpiCommunicator final : public Communicator {
 public:
  MpiCommunicator() {
    check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
    check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  std::vector<std::vector<std::byte>> gather(std::span<const std::byte> mine) override {
    // Sizes first, then the bytes: one MPI_Gatherv.
    const auto my_size = static_cast<std::uint64_t>(mine.size());
    std::vector<std::uint64_t> sizes(static_cast<std::size_t>(size_));
    check(MPI_Gather(&my_size, 1, MPI_UINT64_T, sizes.data(), 1, MPI_UINT64_T, 0, MPI_COMM_WORLD),
          "MPI_Gather");
    std::vector<int> counts;
    std::vector<int> offsets;
    std::vector<std::byte> all;
    if (rank_ == 0) {
      std::size_t total = 0;
      for (const std::uint64_t s : sizes) {
        counts.push_back(as_count(s));
        offsets.push_back(as_count(total));
        total += s;
      }
      as_count(total);
      all.resize(total);
    }
    check(MPI_Gatherv(mine.data(), as_count(mine.size()), MPI_BYTE, all.data(), counts.data(),
                      offsets.data(), MPI_BYTE, 0, MPI_COMM_WORLD),
          "MPI_Gatherv");
    std::vector<std::vector<std::byte>> out;
    if (rank_ == 0) {
      for (std::size_t r = 0; r < sizes.size(); ++r) {
        const auto first = all.begin() + offsets[r];
        out.emplace_back(first, first + counts[r]);
      }
    }
    return out;
  }

  void broadcast(std::vector<std::byte>& bytes) override {
    auto n = static_cast<std::uint64_t>(bytes.size());
    check(MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD), "MPI_Bcast");
    bytes.resize(n);
    check(MPI_Bcast(bytes.data(), as_count(n), MPI_BYTE, 0, MPI_COMM_WORLD), "MPI_Bcast");
  }

  void abort(int code) override { MPI_Abort(MPI_COMM_WORLD, code); }

 private:
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace
#endif

ProcessGroup::ProcessGroup([[maybe_unused]] int& argc, [[maybe_unused]] char**& argv) {
#ifdef CYRES_WITH_MPI
  if (launched_by_mpi()) {
    int provided = 0;
    check(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    mpi_ = true;
    communicator_ = std::make_unique<MpiCommunicator>();
    return;
  }
#else
  // Without MPI every rank would run the whole job and write the same file.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
    const char* ranks = std::getenv(name);
    if (ranks != nullptr && std::atoi(ranks) > 1) {
      throw std::runtime_error(fmt::format(
          "cyres was built without MPI but started as one of {} MPI ranks; rebuild with Open MPI "
          "installed (libopenmpi-dev) or run one process",
          ranks));
    }
  }
#endif
  communicator_ = std::make_unique<SerialCommunicator>();
}

ProcessGroup::~ProcessGroup() {
#ifdef CYRES_WITH_MPI
  communicator_.reset();
  if (mpi_) MPI_Finalize();
#endif
}

}  // namespace cyres
