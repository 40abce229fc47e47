#pragma once
// What cyres refuses as an output path, checked before any simulation so that
// a run is never lost to a path it could not write, and an output never
// destroys what it must not (issue 11, class 1): results are written to a
// temporary file beside the path and renamed over it, and a rename replaces
// whatever has that name.

#include <string>
#include <vector>

namespace cyres {

//! Throws OutputError naming `path` if it is an input of the run (the same
//! file as one of `inputs`, however spelled), exists but is not a regular file
//! (a device, FIFO, socket or directory: a rename would replace the node), or
//! lies in a directory that does not exist or that this process cannot write.
//! Inputs that do not exist on disk (e.g. "embedded:varnia") are skipped.
void check_output_path(const std::string& path, const std::vector<std::string>& inputs);

}  // namespace cyres
