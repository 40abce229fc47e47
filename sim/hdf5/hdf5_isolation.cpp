#include "sim/hdf5/hdf5_isolation.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>  // memfd_create
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "sim/core/error.hpp"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CYRES_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(CYRES_ASAN)
#define CYRES_ASAN 1
#endif
#ifdef CYRES_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

namespace cyres::h5 {
namespace {

bool in_child = false;  // set once, in a child, right after fork

constexpr std::size_t REPORT_BYTES = std::size_t{64}
                                     << 10;  // of the child's stderr kept for the message
constexpr std::string_view CRASH_MARK = "cyres-read-child: crashed in ";
constexpr std::array FAULTS = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};

//! One owned file descriptor.
class Descriptor {
 public:
  explicit Descriptor(int fd = -1) : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() { reset(); }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

[[noreturn]] void throw_errno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// --- in the child -------------------------------------------------------------

void write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n <= 0) return;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

//! Writes all of `text` to `fd`; throws std::system_error when it cannot.
void write_or_throw(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw_errno("write (of a reading child's result)");
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

//! Handler of a fault in the child: says which library the faulting
//! instruction is in, then lets the signal end the child (SA_RESETHAND: the
//! instruction runs again under the default action). dladdr is not
//! async-signal-safe; the child is ending anyway, and if it ever hung here the
//! time bound would still end it.
void on_fault(int signal, siginfo_t* /*info*/, void* context) {
  const void* pc = nullptr;
#if defined(__x86_64__)
  // NOLINTNEXTLINE(performance-no-int-to-ptr): the register holds an address
  pc = reinterpret_cast<const void*>(static_cast<ucontext_t*>(context)->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
  // NOLINTNEXTLINE(performance-no-int-to-ptr): the register holds an address
  pc = reinterpret_cast<const void*>(static_cast<ucontext_t*>(context)->uc_mcontext.pc);
#else
  static_cast<void>(context);
#endif
  Dl_info where{};
  if (pc != nullptr && ::dladdr(pc, &where) != 0) {
    Dl_info self{};
    const bool in_cyres = ::dladdr(reinterpret_cast<const void*>(&on_fault), &self) != 0 &&
                          self.dli_fbase == where.dli_fbase;
    std::string_view module = where.dli_fname != nullptr ? where.dli_fname : "";
    module = module.substr(module.find_last_of('/') + 1);
    write_all(STDERR_FILENO, CRASH_MARK);
    write_all(STDERR_FILENO, in_cyres ? std::string_view("cyres") : module);
    write_all(STDERR_FILENO, "\n");
  }
  // The disposition is the default again (SA_RESETHAND); a signal sent by
  // kill() would not come back by itself, a fault would.
  ::raise(signal);
}

//! The child's signals: faults are located by on_fault, then end the child by
//! their default action; the others take their default action too. Handlers
//! inherited from the parent (cyres's cleanup of its temporary files) or a
//! harness (libFuzzer writes a crash file from its own) do not run in the child.
void set_child_signals() {
  static std::array<char, std::size_t{64} << 10>
      alternate{};  // a stack overflow still gets located
  stack_t stack{};
  stack.ss_sp = alternate.data();
  stack.ss_size = alternate.size();
  ::sigaltstack(&stack, nullptr);
  struct sigaction fault {};
  fault.sa_sigaction = on_fault;
  fault.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_ONSTACK;
  sigemptyset(&fault.sa_mask);
  for (const int signal : FAULTS) ::sigaction(signal, &fault, nullptr);
  struct sigaction plain {};
  plain.sa_handler = SIG_DFL;
  sigemptyset(&plain.sa_mask);
  // SIGABRT ends it plainly; so do the signals cyres's own handlers catch to
  // remove its temporary files (the parent's, which the child must not touch).
  for (const int signal : {SIGABRT, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) {
    ::sigaction(signal, &plain, nullptr);
  }
#ifdef CYRES_ASAN
  __sanitizer_set_death_callback(nullptr);  // a harness's callback (libFuzzer's) stays out
#endif
}

[[noreturn]] void child_main(pid_t parent, int report, const std::function<void()>& body) {
  in_child = true;
  // Ends with its parent, so that a parent killed while waiting leaves no
  // child looping on (the check closes the race with the parent's end).
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(1);
  ::dup2(report, STDERR_FILENO);
  const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null >= 0) ::dup2(null, STDOUT_FILENO);  // stdout is the parent's output
  set_child_signals();
  try {
    body();
  } catch (...) {  // NOLINT(bugprone-empty-catch): the read here will throw it again
  }
  // _exit: no atexit handlers, no static destructors, no flush of the stdio
  // buffers copied from the parent (they would print twice).
  ::_exit(0);
}

// --- in the parent ------------------------------------------------------------

struct Outcome {
  bool timed_out = false;
  int status = 0;      //!< waitpid's status, unless timed out
  std::string report;  //!< the start of the child's stderr
};

//! Reads what is there (POLLIN/POLLHUP seen); false at the end of the pipe.
bool take(int fd, std::string& report) {
  std::array<char, 4096> buffer{};
  const ssize_t n = ::read(fd, buffer.data(), buffer.size());
  if (n < 0) return errno == EINTR || errno == EAGAIN;
  if (n == 0) return false;
  const auto keep = std::min(static_cast<std::size_t>(n), REPORT_BYTES - report.size());
  report.append(buffer.data(), keep);  // the rest is read and dropped: the child never blocks
  return true;
}

//! Whatever the child wrote before it ended (a process it started may hold
//! the pipe open: nothing here waits for one).
void drain(int fd, std::string& report) {
  pollfd ready{fd, POLLIN, 0};
  for (int piece = 0; piece < 64 && ::poll(&ready, 1, 0) > 0; ++piece) {
    if ((ready.revents & (POLLIN | POLLHUP)) == 0 || !take(fd, report)) return;
  }
}

Outcome wait_for(pid_t child, int report, std::chrono::steady_clock::time_point deadline) {
  using Clock = std::chrono::steady_clock;
  Outcome out;
  bool open = true;
  for (;;) {
    const pid_t done = ::waitpid(child, &out.status, WNOHANG);
    if (done == child) {
      if (open) drain(report, out.report);
      return out;
    }
    if (done < 0 && errno != EINTR) throw_errno("waitpid");
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      ::kill(child, SIGKILL);
      while (::waitpid(child, &out.status, 0) < 0 && errno == EINTR) {
      }
      out.timed_out = true;
      return out;
    }
    // The pipe reports the child's end at once (its last copy of the write end
    // closes); polling is in slices so that waitpid is asked again even if a
    // process it started keeps the pipe open.
    if (open) {
      pollfd ready{report, POLLIN, 0};
      const int slice = static_cast<int>(std::min<std::int64_t>(left.count(), 100));
      if (::poll(&ready, 1, slice) > 0 && (ready.revents & (POLLIN | POLLHUP)) != 0) {
        open = take(report, out.report);
      }
    } else {
      ::poll(nullptr, 0, 1);
    }
  }
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

//! Lines of `report`, trimmed, without empty ones and the "====" rules.
std::vector<std::string_view> lines_of(std::string_view report) {
  std::vector<std::string_view> lines;
  while (!report.empty()) {
    const std::size_t end = std::min(report.find('\n'), report.size());
    const std::string_view line = trim(report.substr(0, end));
    if (!line.empty() && line.find_first_not_of('=') != std::string_view::npos) {
      lines.push_back(line);
    }
    report.remove_prefix(std::min(end + 1, report.size()));
  }
  return lines;
}

//! Where the child crashed, as far as its report says.
enum class Culprit { libhdf5, cyres, unknown };

//! The first line of a sanitizer report, without its "==pid==" prefix and the
//! addresses after " at pc " / " on address ": "AddressSanitizer:
//! heap-buffer-overflow".
std::string headline(std::string_view line) {
  if (line.starts_with("==")) {
    const std::size_t end = line.find("==", 2);
    if (end != std::string_view::npos) line.remove_prefix(end + 2);
  }
  if (line.starts_with("ERROR: ")) line.remove_prefix(7);
  for (const std::string_view cut : {" on address ", " at pc ", " on unknown address "}) {
    line = line.substr(0, line.find(cut));
  }
  constexpr std::size_t LONGEST = 160;
  std::string text(line.substr(0, LONGEST));
  if (line.size() > LONGEST) text += "...";
  return text;
}

//! Frame text of a sanitizer stack: "#1 0x7f.. in H5O__msg_iterate_real (/lib/libhdf5.so+0x..)".
bool is_runtime_frame(std::string_view frame) {
  const std::size_t in = frame.find(" in ");
  if (in == std::string_view::npos) return false;
  const std::string_view function = frame.substr(in + 4);
  for (const std::string_view runtime :
       {"__asan", "__interceptor", "__sanitizer", "__ubsan", "__lsan", "__libc_", "memcpy",
        "memmove", "memset", "strlen", "strnlen", "memcmp"}) {
    if (function.starts_with(runtime)) return true;
  }
  return false;
}

struct Diagnosis {
  Culprit culprit = Culprit::unknown;
  std::string detail;  //!< e.g. "in libhdf5_serial.so.103", "AddressSanitizer: SEGV"
};

Diagnosis diagnose(std::string_view report) {
  Diagnosis d;
  const std::vector<std::string_view> lines = lines_of(report);
  for (const std::string_view line : lines) {
    if (line.starts_with(CRASH_MARK)) {
      const std::string_view module = line.substr(CRASH_MARK.size());
      d.culprit = module == "cyres"                                  ? Culprit::cyres
                  : module.find("libhdf5") != std::string_view::npos ? Culprit::libhdf5
                                                                     : Culprit::unknown;
      d.detail = fmt::format("in {}", module);
      return d;
    }
  }
  for (const std::string_view line : lines) {
    // UBSan checks only cyres's code (libhdf5 is not instrumented).
    if (line.find("runtime error: ") != std::string_view::npos) {
      d.culprit = Culprit::cyres;
      d.detail = headline(line.substr(line.find("runtime error: ")));
      return d;
    }
    if (line.find("ERROR: ") != std::string_view::npos ||
        line.find("Sanitizer") != std::string_view::npos) {
      d.detail = headline(line);
      break;
    }
  }
  for (const std::string_view line : lines) {
    if (!line.starts_with('#') || is_runtime_frame(line)) continue;
    const std::size_t in = line.find(" in ");
    const std::string_view function = in == std::string_view::npos ? "" : line.substr(in + 4);
    if (function.starts_with("H5") || line.find("libhdf5") != std::string_view::npos) {
      d.culprit = Culprit::libhdf5;
    } else if (function.starts_with("cyres::") || line.find("/sim/") != std::string_view::npos) {
      d.culprit = Culprit::cyres;
    }
    break;
  }
  if (d.detail.empty() && !lines.empty()) d.detail = headline(lines.front());
  return d;
}

std::string signal_name(int signal) {
  const char* abbreviation = ::sigabbrev_np(signal);
  return abbreviation != nullptr ? fmt::format("SIG{}", abbreviation) : "unknown signal";
}

std::string message(const Outcome& out, double seconds) {
  constexpr std::string_view WHY = "the file is damaged or was not written by cyres";
  if (out.timed_out) {
    return fmt::format(
        "libhdf5 did not finish reading the file within {:g} s (the bound for "
        "its size): {}",
        seconds, WHY);
  }
  const Diagnosis d = diagnose(out.report);
  std::string how =
      WIFSIGNALED(out.status)
          ? fmt::format("signal {}, {}", WTERMSIG(out.status), signal_name(WTERMSIG(out.status)))
          : fmt::format("exit status {}", WEXITSTATUS(out.status));
  if (!d.detail.empty()) how += (d.detail.starts_with("in ") ? " " : ": ") + d.detail;
  switch (d.culprit) {
    case Culprit::libhdf5:
      return fmt::format("libhdf5 crashed reading the file ({}): {}", how, WHY);
    case Culprit::cyres:
      return fmt::format(
          "cyres crashed reading the file ({}): a defect of cyres, please report "
          "it with the file",
          how);
    case Culprit::unknown:
      break;
  }
  return fmt::format("reading the file crashed ({}): {}", how, WHY);
}

}  // namespace

double read_seconds_allowed(std::uintmax_t bytes, const ReadTimeLimit& limit) {
  constexpr double MIB = 1024.0 * 1024.0;
  return limit.base_seconds + limit.seconds_per_mib * static_cast<double>(bytes) / MIB;
}

bool in_read_child() {
  return in_child;
}

namespace {

constexpr std::string_view END_MARK =
    "cyres-read-child-end";  // after a finished ByteWriter's bytes

//! Forks a child that runs `body` and ends, and returns at once with it
//! running (its time bound, for the file's size, counts from now).
RunningChild start_child(const std::string& file, const std::function<void()>& body,
                         const ReadTimeLimit& limit) {
  // The one thread fork copies must be the one that reads; cyres reads its
  // inputs on the main thread, before the runner starts TBB's workers.
  if (::gettid() != ::getpid()) {
    throw std::logic_error("an untrusted HDF5 file is read outside the main thread");
  }
  std::error_code no_size;
  const std::uintmax_t size = std::filesystem::file_size(file, no_size);
  RunningChild running;
  running.file = file;
  running.seconds = read_seconds_allowed(no_size ? 0 : size, limit);
  running.deadline = std::chrono::steady_clock::now() +
                     std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                         std::chrono::duration<double>(running.seconds));

  std::array<int, 2> ends{};
  if (::pipe2(ends.data(), O_CLOEXEC) != 0) throw_errno("pipe2");
  Descriptor report(ends[0]);
  Descriptor child_end(ends[1]);
  const pid_t parent = ::getpid();
  const pid_t child = ::fork();
  if (child < 0) throw_errno("fork (to read an HDF5 file in a child process)");
  if (child == 0) child_main(parent, child_end.get(), body);
  running.pid = child;
  running.report = report.release();
  return running;
}

//! Waits for a child of start_child; throws ParseError at its file unless it
//! finished within its time bound.
void await_child(RunningChild& running) {
  Descriptor report(std::exchange(running.report, -1));
  const pid_t child = std::exchange(running.pid, -1);
  const Outcome out = wait_for(child, report.get(), running.deadline);
  if (!out.timed_out && WIFEXITED(out.status) && WEXITSTATUS(out.status) == 0) return;
  if (!out.timed_out && diagnose(out.report).culprit == Culprit::cyres) {
    throw CyresCrashedReading({running.file}, message(out, running.seconds));
  }
  throw ParseError({running.file}, message(out, running.seconds));
}

//! Forks a child that runs `body` and ends; throws ParseError at `file` unless
//! it finished within the time bound for the file's size.
void fork_and_wait(const std::string& file, const std::function<void()>& body,
                   const ReadTimeLimit& limit) {
  RunningChild running = start_child(file, body, limit);
  await_child(running);
}

//! Reads `n` bytes at `offset` of `fd`; false if it cannot.
bool read_at(int fd, void* out, std::size_t n, std::uint64_t offset) {
  auto* to = static_cast<char*>(out);
  while (n > 0) {
    const ssize_t got = ::pread(fd, to, n, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    to += got;
    n -= static_cast<std::size_t>(got);
    offset += static_cast<std::uint64_t>(got);
  }
  return true;
}

//! The bytes of memory file `memory` if they end with END_MARK (the child's
//! writer finished), without it.
std::optional<ChildBytes> finished_bytes(Descriptor& memory) {
  struct stat info {};
  if (::fstat(memory.get(), &info) != 0 ||
      static_cast<std::uint64_t>(info.st_size) < END_MARK.size()) {
    return std::nullopt;
  }
  const std::uint64_t size = static_cast<std::uint64_t>(info.st_size) - END_MARK.size();
  std::string end(END_MARK.size(), '\0');
  if (!read_at(memory.get(), end.data(), end.size(), size) || end != END_MARK) return std::nullopt;
  return ChildBytes(memory.release(), size);
}

}  // namespace

void read_in_child(const std::string& file, const std::function<void()>& read,
                   const ReadTimeLimit& limit) {
  if (in_child) {
    read();
    return;
  }
  fork_and_wait(file, read, limit);
}

std::optional<ChildBytes> read_in_child_returning(const std::string& file,
                                                  const std::function<void(ByteWriter&)>& read,
                                                  const ReadTimeLimit& limit) {
  if (in_child) return std::nullopt;  // the caller reads directly
  ReadingChild child = start_read_in_child(file, read, limit);
  return child.wait();
}

ReadingChild start_read_in_child(const std::string& file,
                                 const std::function<void(ByteWriter&)>& read,
                                 const ReadTimeLimit& limit) {
  ReadingChild child;
  if (in_child) return child;  // nothing started: wait() hands nothing back
  Descriptor memory(::memfd_create("cyres-read-child", MFD_CLOEXEC));
  if (memory.get() < 0) throw_errno("memfd_create");
  // `read` runs in the child before start_child returns there (the child
  // never returns): what it refers to is the child's copy.
  child.running_ = start_child(
      file,
      [&] {
        ByteWriter out(memory.get());
        read(out);
        out.finish();
      },
      limit);
  child.memory_ = memory.release();
  return child;
}

ReadingChild::ReadingChild(ReadingChild&& other) noexcept
    : running_(std::exchange(other.running_, RunningChild{})),
      memory_(std::exchange(other.memory_, -1)) {}

ReadingChild::~ReadingChild() {
  if (running_.pid > 0) {
    // Not waited for (the caller gave up, e.g. the other table was refused).
    ::kill(running_.pid, SIGKILL);
    while (::waitpid(running_.pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  if (running_.report >= 0) ::close(running_.report);
  if (memory_ >= 0) ::close(memory_);
}

std::optional<ChildBytes> ReadingChild::wait() {
  if (running_.pid <= 0) return std::nullopt;
  Descriptor memory(std::exchange(memory_, -1));
  await_child(running_);
  return finished_bytes(memory);
}

// --- handing bytes back ---------------------------------------------------------

void ByteWriter::strings(const std::vector<std::string>& v) {
  std::vector<std::uint64_t> lengths;
  lengths.reserve(v.size());
  for (const std::string& text : v) lengths.push_back(text.size());
  values(lengths);
  for (const std::string& text : v) bytes(text.data(), text.size());
  pad();
}

void ByteWriter::bytes(const void* data, std::size_t n) {
  constexpr std::size_t BUFFER = std::size_t{1} << 20;
  if (buffer_.size() + n > BUFFER) flush();
  if (n >= BUFFER) {
    write_or_throw(fd_, {static_cast<const char*>(data), n});
  } else {
    buffer_.append(static_cast<const char*>(data), n);
  }
  written_ += n;
}

void ByteWriter::pad() {
  constexpr std::array<char, BYTE_ALIGNMENT> ZEROS{};
  bytes(ZEROS.data(), (BYTE_ALIGNMENT - written_ % BYTE_ALIGNMENT) % BYTE_ALIGNMENT);
}

void ByteWriter::flush() {
  write_or_throw(fd_, buffer_);
  buffer_.clear();
}

void ByteWriter::finish() {
  bytes(END_MARK.data(), END_MARK.size());
  flush();
}

ChildBytes::ChildBytes(int fd, std::uint64_t size) : fd_(fd), size_(size) {
  if (size_ == 0) return;
  // Populated at once: the pages are in memory already (a memory file).
  void* mapped = ::mmap(nullptr, static_cast<std::size_t>(size_), PROT_READ,
                        MAP_SHARED | MAP_POPULATE, fd_, 0);
  if (mapped == MAP_FAILED) {
    const int error = errno;
    ::close(fd_);
    throw std::system_error(error, std::generic_category(), "mmap (of a reading child's result)");
  }
  data_ = static_cast<const unsigned char*>(mapped);
}

void ChildBytes::release_before(std::uint64_t offset) {
  const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  const std::uint64_t end = std::min(offset, size_) / page * page;
  if (fd_ < 0 || end <= released_) return;
  // A hole in the memory file frees its pages (and unmaps them); a refusal
  // only keeps them until the file is closed.
  static_cast<void>(::fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                                static_cast<off_t>(released_),
                                static_cast<off_t>(end - released_)));
  released_ = end;
}

ChildBytes::~ChildBytes() {
  if (data_ != nullptr)
    ::munmap(const_cast<unsigned char*>(data_), static_cast<std::size_t>(size_));
  if (fd_ >= 0) ::close(fd_);
}

std::uint64_t ByteReader::count() {
  std::uint64_t n = 0;
  if (left() < sizeof n) malformed();
  std::memcpy(&n, bytes_.data() + at_, sizeof n);
  at_ += sizeof n;
  return n;
}

std::vector<std::string> ByteReader::strings() {
  const std::vector<std::uint64_t> lengths = values<std::uint64_t>();
  std::uint64_t total = 0;
  for (const std::uint64_t length : lengths) {
    if (length > left() - total) malformed();
    total += length;
  }
  const auto* text = reinterpret_cast<const char*>(bytes_.data() + at_);
  std::vector<std::string> v;
  v.reserve(lengths.size());
  for (const std::uint64_t length : lengths) {
    v.emplace_back(text, static_cast<std::size_t>(length));
    text += length;
  }
  at_ += total;
  skip_padding();
  release();
  return v;
}

void ByteReader::finish() const {
  if (left() != 0) malformed();
}

void ByteReader::skip_padding() {
  const std::uint64_t padding =
      (ByteWriter::BYTE_ALIGNMENT - at_ % ByteWriter::BYTE_ALIGNMENT) % ByteWriter::BYTE_ALIGNMENT;
  if (padding > left()) malformed();
  at_ += padding;
}

void ByteReader::malformed() const {
  throw ParseError({file_},
                   "the child process that read the file handed back malformed data: "
                   "the file is damaged or was not written by cyres");
}

}  // namespace cyres::h5
