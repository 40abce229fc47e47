#include "sim/output/output_path.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "sim/core/error.hpp"

namespace cyres {
namespace {

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
  throw OutputError(fmt::format("cannot write '{}': {}", path, why));
}

//! The directory `path` lies in ("." for a bare file name, "/" for "/x").
std::string directory_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

void check_output_path(const std::string& path, const std::vector<std::string>& inputs) {
  if (path.empty()) refuse(path, "the output path is empty");
  if (path.back() == '/') refuse(path, "it names a directory; expected a file name");
  struct stat out {};
  // stat follows a symbolic link: what matters is the node the name leads to.
  if (::stat(path.c_str(), &out) == 0) {
    if (!S_ISREG(out.st_mode)) {
      refuse(path,
             "it exists and is not a regular file (a directory, device, FIFO or socket); "
             "cyres writes results only to regular files");
    }
    for (const std::string& input : inputs) {
      struct stat in {};
      if (::stat(input.c_str(), &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
        refuse(path,
               fmt::format("it is an input of this run ('{}'); choose another output file", input));
      }
    }
  }
  const std::string directory = directory_of(path);
  struct stat dir {};
  if (::stat(directory.c_str(), &dir) != 0 || !S_ISDIR(dir.st_mode)) {
    refuse(path, fmt::format("directory '{}' does not exist", directory));
  }
  // The temporary file is created in the same directory, then renamed.
  if (::access(directory.c_str(), W_OK | X_OK) != 0) {
    refuse(path, fmt::format("directory '{}' is not writable", directory));
  }
}

}  // namespace cyres
