#pragma once
// The processes of a run and what they say to each other: one process
// (SerialCommunicator), or the ranks of an MPI job (MpiCommunicator, when cyres
// is built with MPI). Only the thread that created the communicator calls it;
// TBB workers never do. Rank 0 is the writer.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace cyres {

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  bool is_writer() const { return rank() == 0; }

  //! Every rank's bytes at rank 0, in rank order; an empty list elsewhere.
  virtual std::vector<std::vector<std::byte>> gather(std::span<const std::byte> mine) = 0;
  //! Rank 0's `bytes` on every rank.
  virtual void broadcast(std::vector<std::byte>& bytes) = 0;
  //! Ends every rank after an error on one (MPI_Abort); no-op for one process.
  virtual void abort(int code) = 0;
};

class SerialCommunicator final : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::vector<std::vector<std::byte>> gather(std::span<const std::byte> mine) override {
    return {std::vector<std::byte>(mine.begin(), mine.end())};
  }
  void broadcast(std::vector<std::byte>&) override {}
  void abort(int) override {}
};

//! Whether this binary was built with MPI.
bool built_with_mpi();

//! Whether this process was started by an MPI launcher (mpirun, srun): the
//! environment holds a rank. A plain `cyres` never initialises MPI.
bool launched_by_mpi();

//! Owns MPI for the life of the process when launched by an MPI launcher
//! (MPI_Init_thread, funneled: only the main thread calls MPI; MPI_Finalize
//! at the end), and gives the communicator of the run: MPI_COMM_WORLD then,
//! one process otherwise. Create one, in main, before anything else.
class ProcessGroup {
 public:
  ProcessGroup(int& argc, char**& argv);
  ~ProcessGroup();
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;
  Communicator& communicator() { return *communicator_; }

 private:
  bool mpi_ = false;
  std::unique_ptr<Communicator> communicator_;
};

}  // namespace cyres
