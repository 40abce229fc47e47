#pragma once
// An output file written under a temporary name beside its final path and
// renamed over it only when complete, so that a reader never sees half a
// file and a failure (full disk, signal, error) leaves what was there before
// (issue 11, classes 1, 4 and 7; docs/reliability.md, "Output").
//
//   PendingOutput out(path);          // out.temporary(): "<path>.tmp.<host>.<pid>"
//   write_everything(out.temporary());
//   out.commit();                     // fsync, rename, fsync the directory
//
// Until commit() the temporary is registered for removal: the destructor
// removes it (an exception unwinds through it), and so does
// remove_pending_outputs() in a signal handler (install_output_cleanup()).
// A process killed outright (SIGKILL, power loss) leaves its temporary; the
// next PendingOutput for the same path removes temporaries of this host whose
// process has ended, and says so.

#include <functional>
#include <string>
#include <string_view>

namespace cyres {

class PendingOutput {
 public:
  explicit PendingOutput(std::string path);
  ~PendingOutput();
  PendingOutput(const PendingOutput&) = delete;
  PendingOutput& operator=(const PendingOutput&) = delete;

  const std::string& path() const { return path_; }
  const std::string& temporary() const { return temporary_; }
  //! Makes the temporary durable (fsync), renames it to path() and makes the
  //! rename durable (fsync of the directory). Throws OutputError naming path()
  //! on failure, and the temporary is removed.
  void commit();

 private:
  std::string path_;
  std::string temporary_;
  int slot_ = -1;  //!< registration for removal on a signal; -1 if none
  bool committed_ = false;
};

//! Writes `path` whole or not at all through a PendingOutput: `write` fills
//! the temporary it is given, which is then committed. An exception from
//! `write` becomes an OutputError "cannot write <kind> '<path>': <reason>".
void write_output_file(const std::string& path, std::string_view kind,
                       const std::function<void(const std::string& temporary)>& write);

//! Removes every registered temporary. Async-signal-safe: for signal handlers.
void remove_pending_outputs() noexcept;

//! SIGINT, SIGTERM and SIGHUP remove the registered temporaries, then end the
//! process as the signal would have. SIGXFSZ is ignored, so that a write past
//! the file-size limit fails as a full disk does (an error, not a kill).
void install_output_cleanup();

}  // namespace cyres
