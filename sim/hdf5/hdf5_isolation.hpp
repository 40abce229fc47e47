#pragma once
// Reading an untrusted HDF5 file in a forked child first (docs/reliability.md,
// "HDF5 input"). libhdf5 1.10 parses a file's metadata in C with few checks of
// its own: crafted metadata makes it divide by zero, read past or after the end
// of its buffers, or loop, inside H5Fopen/H5Dopen2/H5Aopen, before cyres can
// look at any value. No check in cyres can prevent that, so a reader of a file
// from elsewhere (scenario tables, results files, shards, checkpoints) runs its
// read twice: first in a child process, a copy of this one made by fork, then,
// if the child finished, here (or, for a big table, the child hands its
// result back and this process does not read the file at all).
//
// Why the second read is safe: the child starts as an exact copy of this
// process (memory, libhdf5's state, the open file table), and reading a file is
// single-threaded and deterministic, so the read here takes the same steps as
// the child's did, on the same bytes, and ends as it did (returns, or throws
// the same located error). A child that died instead (a signal, a sanitizer
// report, more time than its bound) stands for the read here, which is then
// not done: the file is refused with a located ParseError (exit code 2, as any
// bad input). The same read sees other bytes only if the file is changed
// between the two reads, by someone who can write it anyway.
//
// Linux (POSIX fork, waitpid, pipe; prctl for the child's end with its parent).

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/core/huge_pages.hpp"

namespace cyres::h5 {

//! How long a child may read before it is taken to loop, and killed.
//! Generous: a file cyres wrote must never meet it (a 100 MiB table reads in
//! about a second).
struct ReadTimeLimit {
  double base_seconds = 20.0;    //!< every read [s]: start-up, a loaded machine
  double seconds_per_mib = 1.0;  //!< plus per MiB of the file [s/MiB]: reading at 1 MiB/s
};

//! The ParseError read_in_child throws when the child's crash report points
//! into cyres's own code rather than libhdf5: still exit 2 for the user, but
//! a defect of cyres. A distinct type lets the fuzz targets tell it from every
//! other refusal without searching the message, which may echo the input.
class CyresCrashedReading : public ParseError {
  using ParseError::ParseError;
};

//! Seconds a child may take to read a file of `bytes`.
double read_seconds_allowed(std::uintmax_t bytes, const ReadTimeLimit& limit = {});

//! Runs `read` in a forked child process and waits for it. Returns when the
//! child finished, whether `read` returned or threw (the same read in this
//! process will do the same). Throws ParseError located at `file` when the
//! child died by a signal, ended with a sanitizer report or any exit status
//! other than finishing, or ran past read_seconds_allowed(size of `file`); the
//! message is one line ("libhdf5 crashed reading the file (signal 8, SIGFPE in
//! libhdf5_serial.so.103): the file is damaged or was not written by cyres").
//! In a child (a read nested in another) `read` runs directly.
//!
//! Call it only where no other thread of cyres is working: cyres reads its
//! input files before its runner starts TBB's threads. Threads that only wait
//! (an idle TBB pool, Open MPI's progress threads) do no harm: the child has
//! only the calling thread, uses no lock another thread may hold (glibc makes
//! malloc safe after fork), calls neither TBB nor MPI, and ends with _exit.
//! Throws std::logic_error when called from another thread than the process's
//! main thread (e.g. inside a TBB task), std::system_error when no child can
//! be started.
void read_in_child(const std::string& file, const std::function<void()>& read,
                   const ReadTimeLimit& limit = {});

//! What a reading child writes for its parent: counts, arrays of plain values
//! and strings, written through a buffer straight to a memory file (memfd), in
//! the order the parent reads them back with ByteReader. Each count, array and
//! run of strings ends on a multiple of BYTE_ALIGNMENT bytes (zeros pad it), so
//! that every array starts aligned in the parent's mapping of the file.
class ByteWriter {
 public:
  static constexpr std::size_t BYTE_ALIGNMENT = 8;  //!< [bytes], at least any alignof(T) used
  explicit ByteWriter(int fd) : fd_(fd) {}
  void count(std::uint64_t n) { bytes(&n, sizeof n); }
  template <class T>
  void values(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T> && alignof(T) <= BYTE_ALIGNMENT);
    count(v.size());
    bytes(v.data(), v.size() * sizeof(T));
    pad();
  }
  void strings(const std::vector<std::string>& v);
  //! Writes what is buffered and the end mark: only a finished writer's bytes
  //! are handed back. Throws std::system_error when a write fails.
  void finish();

 private:
  void bytes(const void* data, std::size_t n);
  void pad();  //!< zeros up to the next multiple of BYTE_ALIGNMENT
  void flush();
  int fd_;
  std::string buffer_;
  std::uint64_t written_ = 0;  //!< bytes so far [bytes]
};

//! The memory file a child wrote, with the size of its bytes (without the end
//! mark), mapped read-only so that the parent copies each array once, straight
//! into the vector it returns; unmaps and closes it at destruction.
class ChildBytes {
 public:
  //! Throws std::system_error when the file cannot be mapped.
  ChildBytes(int fd, std::uint64_t size);
  ChildBytes(ChildBytes&& other) noexcept
      : fd_(std::exchange(other.fd_, -1)),
        size_(other.size_),
        data_(std::exchange(other.data_, nullptr)),
        released_(other.released_) {}
  ChildBytes(const ChildBytes&) = delete;
  ChildBytes& operator=(const ChildBytes&) = delete;
  ChildBytes& operator=(ChildBytes&&) = delete;
  ~ChildBytes();
  int fd() const { return fd_; }
  std::uint64_t size() const { return size_; }
  //! The bytes (page-aligned; nullptr when there are none).
  const unsigned char* data() const { return data_; }
  //! Frees the whole pages before `offset`, which the reader has copied out,
  //! so that a big table is not held twice, in the file and in its vectors,
  //! while it is decoded. Those bytes read as zeros afterwards.
  void release_before(std::uint64_t offset);

 private:
  int fd_;
  std::uint64_t size_;
  const unsigned char* data_ = nullptr;
  std::uint64_t released_ = 0;  //!< bytes freed from the start [bytes]
};

//! Reads back what a ByteWriter wrote, straight into the arrays it returns,
//! every count checked against the bytes that are left (the child is a copy
//! of cyres, but it has run libhdf5 on a file from elsewhere): ParseError at
//! `file` if they do not fit.
class ByteReader {
 public:
  ByteReader(ChildBytes& bytes, std::string file) : bytes_(bytes), file_(std::move(file)) {}
  std::uint64_t count();
  template <class T>
  std::vector<T> values() {
    std::vector<T> v = copy_of(view<T>());
    release();
    return v;
  }
  //! The next array where it lies in the mapping, not copied, and not freed
  //! until release(): several can then be copied at once (copy_of, one each).
  template <class T>
  std::span<const T> view() {
    static_assert(std::is_trivially_copyable_v<T> && alignof(T) <= ByteWriter::BYTE_ALIGNMENT);
    const std::uint64_t n = count();
    if (n > left() / sizeof(T)) malformed();
    // Aligned: every count and array ends on a multiple of BYTE_ALIGNMENT of
    // the (page-aligned) mapping, whatever the bytes say.
    const auto* first = reinterpret_cast<const T*>(bytes_.data() + at_);
    at_ += n * sizeof(T);
    skip_padding();
    return {first, static_cast<std::size_t>(n)};
  }
  //! A vector of what `view` returned: one copy, no zero fill.
  template <class T>
  static std::vector<T> copy_of(std::span<const T> view) {
    std::vector<T> v;
    reserve_huge(v, view.size());
    v.insert(v.end(), view.begin(), view.end());
    return v;
  }
  //! Frees what has been read so far (whole pages of the memory file).
  void release() { bytes_.release_before(at_); }
  std::vector<std::string> strings();
  //! ParseError unless every byte was read.
  void finish() const;

 private:
  std::uint64_t left() const { return bytes_.size() - at_; }
  //! Past the padding after an array.
  void skip_padding();
  [[noreturn]] void malformed() const;
  ChildBytes& bytes_;
  std::uint64_t at_ = 0;
  std::string file_;
};

//! read_in_child, where the child's `read` also writes what it read to a
//! ByteWriter: returns those bytes, or nullopt when the child finished without
//! handing back all of them (its read threw, or writing failed): then read
//! here, which is safe, the child having finished.
std::optional<ChildBytes> read_in_child_returning(const std::string& file,
                                                  const std::function<void(ByteWriter&)>& read,
                                                  const ReadTimeLimit& limit = {});

//! A forked reading child that has not been waited for.
struct RunningChild {
  std::string file;  //!< what it reads, for the error
  pid_t pid = -1;
  int report = -1;       //!< read end of the pipe that is its stderr
  double seconds = 0.0;  //!< its time bound [s]
  std::chrono::steady_clock::time_point deadline;
};

//! A child started by start_read_in_child, reading while this process goes
//! on (cyres reads a scenario's two tables at once). A child not waited for
//! is killed and reaped when this is destroyed.
class ReadingChild {
 public:
  ReadingChild() = default;
  ReadingChild(ReadingChild&& other) noexcept;
  ReadingChild(const ReadingChild&) = delete;
  ReadingChild& operator=(const ReadingChild&) = delete;
  ReadingChild& operator=(ReadingChild&&) = delete;
  ~ReadingChild();
  //! Waits for the child: as read_in_child_returning, which is
  //! start_read_in_child(...).wait(). nullopt if no child was started (in a
  //! child), or if it was waited for already.
  std::optional<ChildBytes> wait();

 private:
  friend ReadingChild start_read_in_child(const std::string& file,
                                          const std::function<void(ByteWriter&)>& read,
                                          const ReadTimeLimit& limit);
  RunningChild running_;
  int memory_ = -1;  //!< the memory file it writes
};

//! read_in_child_returning, started: forks the child and returns while it
//! reads. Starts nothing in a child (wait() then hands nothing back: the
//! caller reads directly). The same conditions as read_in_child: the main
//! thread, no other thread of cyres working; another child may be running.
ReadingChild start_read_in_child(const std::string& file,
                                 const std::function<void(ByteWriter&)>& read,
                                 const ReadTimeLimit& limit = {});

//! Whether this process is a reading child of read_in_child.
bool in_read_child();

//! Reads untrusted HDF5 file `file` with `read`: first in a child
//! (read_in_child), then here; returns what `read` returns here.
template <class F>
auto read_isolated(const std::string& file, F&& read) -> decltype(read()) {
  read_in_child(file, [&] { static_cast<void>(read()); });
  return read();
}

//! Reads untrusted HDF5 file `file` with `read` in a child only, which hands
//! its result back: `encode(result, ByteWriter&)` there, `decode(ByteReader&)`
//! here; libhdf5 does not run on the file in this process unless the child's
//! read threw (then `read` runs here and throws the same). For reads whose
//! cost matters (a scenario table of 10^6 assets: the bytes are copied twice
//! in memory instead of read and decompressed twice).
template <class F, class Encode, class Decode>
auto read_isolated(const std::string& file, F&& read, Encode&& encode, Decode&& decode)
    -> decltype(read()) {
  if (in_read_child()) return read();
  std::optional<ChildBytes> bytes =
      read_in_child_returning(file, [&](ByteWriter& out) { encode(read(), out); });
  if (!bytes) return read();
  ByteReader in(*bytes, file);
  auto result = decode(in);
  in.finish();
  return result;
}

}  // namespace cyres::h5
