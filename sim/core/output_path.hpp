#pragma once
// What cyres refuses as an output path, checked before any simulation so that
// a run is never lost to a path it could not write, and an output never
// destroys what it must not (issue 11, class 1; docs/reliability.md, "Output"):
// files are written to a temporary beside the path and renamed over it
// (pending_output.hpp), and a rename replaces whatever has that name.

#include <string>
#include <vector>

namespace cyres {

//! Whether an existing regular file at the output path may be replaced
//! (`--force`). Inputs, devices and other nodes are never replaced.
enum class Replace { refuse, allow };

//! Throws OutputError naming `path` if it is an input of the run (the same
//! file as one of `inputs`, however spelled), exists but is not a regular file
//! (a device, FIFO, socket or directory: a rename would replace the node),
//! exists and `replace` is Replace::refuse, or lies in a directory that does
//! not exist or that this process cannot write. Inputs that do not exist on
//! disk (e.g. "embedded:varnia") are skipped.
void check_output_path(const std::string& path, const std::vector<std::string>& inputs,
                       Replace replace);

//! The same for a folder cyres fills with `files` (names inside it): the
//! folder must be a directory or not exist yet (then its nearest existing
//! ancestor must be writable), and each file is checked as an output path.
void check_output_folder(const std::string& folder, const std::vector<std::string>& files,
                         Replace replace);

//! The directory `path` lies in ("." for a bare file name, "/" for "/x").
std::string directory_of(const std::string& path);

}  // namespace cyres
