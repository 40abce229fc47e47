#include "sim/core/output_path.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "sim/core/error.hpp"

namespace cyres {
namespace {

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
  throw OutputError(fmt::format("cannot write '{}': {}", path, why));
}

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

void require_writable_directory(const std::string& path, const std::string& directory) {
  if (!is_directory(directory))
    refuse(path, fmt::format("directory '{}' does not exist", directory));
  // The temporary file is created in the same directory, then renamed.
  if (::access(directory.c_str(), W_OK | X_OK) != 0) {
    refuse(path, fmt::format("directory '{}' is not writable", directory));
  }
}

}  // namespace

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

void check_output_path(const std::string& path, const std::vector<std::string>& inputs,
                       Replace replace) {
  if (path.empty()) refuse(path, "the output path is empty");
  if (path.back() == '/') refuse(path, "it names a directory; expected a file name");
  struct stat out {};
  // stat follows a symbolic link: what matters is the node the name leads to.
  if (::stat(path.c_str(), &out) == 0) {
    if (!S_ISREG(out.st_mode)) {
      refuse(path,
             "it exists and is not a regular file (a directory, device, FIFO or socket); "
             "cyres writes only to regular files");
    }
    for (const std::string& input : inputs) {
      struct stat in {};
      if (::stat(input.c_str(), &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
        refuse(path,
               fmt::format("it is an input of this run ('{}'); choose another output file", input));
      }
    }
    if (replace == Replace::refuse) {
      refuse(path, "the file exists; pass --force to replace it, or choose another name");
    }
  }
  require_writable_directory(path, directory_of(path));
}

void check_output_folder(const std::string& folder, const std::vector<std::string>& files,
                         Replace replace) {
  if (folder.empty()) refuse(folder, "the output folder is empty");
  struct stat st {};
  if (::stat(folder.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) refuse(folder, "it exists and is not a directory");
    for (const std::string& file : files) {
      check_output_path(fmt::format("{}/{}", folder, file), {}, replace);
    }
    return;
  }
  // Created with its missing parents: the nearest existing ancestor decides.
  std::string ancestor = folder;
  while (!ancestor.empty() && ancestor.back() == '/' && ancestor.size() > 1) ancestor.pop_back();
  do {
    ancestor = directory_of(ancestor);
  } while (ancestor != "." && ancestor != "/" && ::stat(ancestor.c_str(), &st) != 0);
  require_writable_directory(folder, ancestor);
}

}  // namespace cyres
