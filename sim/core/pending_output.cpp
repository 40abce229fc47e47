#include "sim/core/pending_output.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "sim/core/error.hpp"
#include "sim/core/output_path.hpp"

namespace cyres {
namespace {

// Temporaries a signal handler may remove. A handler may read only
// lock-free atomics and plain memory written before them, hence fixed slots
// of fixed-size paths instead of a container.
constexpr std::size_t SLOTS = 16;  // outputs pending at once (cyres writes one or three)
struct Slot {
  std::atomic<bool> claimed{false};
  std::atomic<bool> live{false};  //!< path is complete and may be removed
  std::array<char, PATH_MAX> path{};
};
std::array<Slot, SLOTS> slots;
static_assert(std::atomic<bool>::is_always_lock_free);

int register_temporary(const std::string& path) {
  if (path.size() >= PATH_MAX) return -1;  // left to the stale sweep
  for (std::size_t i = 0; i < SLOTS; ++i) {
    if (slots[i].claimed.exchange(true)) continue;
    std::memcpy(slots[i].path.data(), path.c_str(), path.size() + 1);
    slots[i].live.store(true);
    return static_cast<int>(i);
  }
  return -1;
}

void unregister_temporary(int slot) {
  if (slot < 0) return;
  slots[static_cast<std::size_t>(slot)].live.store(false);
  slots[static_cast<std::size_t>(slot)].claimed.store(false);
}

std::string host_name() {
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0 || name[0] == '\0') return "host";
  std::string host(name.data());
  for (char& c : host) {
    if (c == '/') c = '_';
  }
  return host;
}

//! "<path>.tmp.<host>.": the temporaries of `path` written on this host.
std::string temporary_prefix(const std::string& path) {
  return fmt::format("{}.tmp.{}.", path, host_name());
}

bool process_has_ended(long pid) {
  return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

//! Removes temporaries of `path` left by processes of this host that ended
//! without removing them (SIGKILL, power loss), with a note for each.
void sweep_stale_temporaries(const std::string& path) {
  const std::string directory = directory_of(path);
  const std::string prefix = temporary_prefix(path);
  const std::string name_prefix = prefix.substr(prefix.find_last_of('/') + 1);
  DIR* dir = ::opendir(directory.c_str());
  if (dir == nullptr) return;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name.size() <= name_prefix.size() ||
        name.compare(0, name_prefix.size(), name_prefix) != 0) {
      continue;
    }
    const std::string digits = name.substr(name_prefix.size());
    if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    const long pid = std::stol(digits);
    if (!process_has_ended(pid)) continue;
    const std::string stale = fmt::format("{}/{}", directory, name);
    if (std::remove(stale.c_str()) == 0) {
      fmt::print(stderr,
                 "note: removed '{}', left by an interrupted cyres (process {} has ended)\n", stale,
                 pid);
    }
  }
  ::closedir(dir);
}

//! fsync of a file or directory by name; false with errno set on failure.
bool sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return false;
  const bool synced = ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  errno = error;
  return synced;
}

extern "C" void remove_and_reraise(int signal) {
  remove_pending_outputs();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

}  // namespace

PendingOutput::PendingOutput(std::string path) : path_(std::move(path)) {
  sweep_stale_temporaries(path_);
  temporary_ = temporary_prefix(path_) + std::to_string(static_cast<long>(::getpid()));
  slot_ = register_temporary(temporary_);
}

PendingOutput::~PendingOutput() {
  if (!committed_) std::remove(temporary_.c_str());
  unregister_temporary(slot_);
}

void PendingOutput::commit() {
  const auto fail = [this](const std::string& step) {
    const int code = errno;
    std::remove(temporary_.c_str());
    throw OutputError(
        fmt::format("cannot write '{}': {} failed: {}", path_, step, std::strerror(code)));
  };
  if (!sync_path(temporary_, O_RDONLY))
    fail(fmt::format("making '{}' durable (fsync)", temporary_));
  if (std::rename(temporary_.c_str(), path_.c_str()) != 0) {
    fail(fmt::format("renaming '{}'", temporary_));
  }
  committed_ = true;
  unregister_temporary(slot_);
  slot_ = -1;
  // The rename is durable once the directory is; a file system that cannot
  // sync a directory (EINVAL) has nothing more to make durable. The file is in
  // place by now, so a failure here is a warning, not a lost output.
  if (!sync_path(directory_of(path_), O_RDONLY | O_DIRECTORY) && errno != EINVAL) {
    fmt::print(stderr,
               "warning: '{}' is written, but syncing its directory failed ({}); it may "
               "not survive a power loss\n",
               path_, std::strerror(errno));
  }
}

void write_output_file(const std::string& path, std::string_view kind,
                       const std::function<void(const std::string& temporary)>& write) {
  PendingOutput output(path);  // removed unless committed, also on a signal
  try {
    write(output.temporary());
  } catch (const std::exception& error) {
    throw OutputError(fmt::format("cannot write {} '{}': {}", kind, path, error.what()));
  }
  output.commit();
}

void remove_pending_outputs() noexcept {
  for (Slot& slot : slots) {
    if (slot.live.load()) ::unlink(slot.path.data());
  }
}

void install_output_cleanup() {
  struct sigaction action {};
  action.sa_handler = remove_and_reraise;
  sigemptyset(&action.sa_mask);
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &action, nullptr);
  std::signal(SIGXFSZ, SIG_IGN);
}

}  // namespace cyres
