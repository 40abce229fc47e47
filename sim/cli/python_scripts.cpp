// Where the Python side lives and which interpreter runs it.
//
// Scripts: $CYRES_SCRIPTS if set; else the scripts/ folder of the source tree
// the binary was built from (CYRES_SOURCE_DIR, fixed at compile time); else
// <folder of the binary>/../share/cyres/scripts, for a copied installation.
// Interpreter: $CYRES_PYTHON if set; else `python3` on PATH, then
// /usr/bin/python3 (on some machines `python3` is a private build without
// Debian's h5py and matplotlib): the first that imports all three.

#include "sim/cli/python_scripts.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>

extern char** environ;

namespace cyres::cli {
namespace {

namespace fs = std::filesystem;

//! Spawns `argv` (PATH searched) and waits; stdout/stderr to /dev/null if `quiet`.
//! Returns the exit code, or -1 if it could not start or did not exit normally.
int spawn_and_wait(const std::vector<std::string>& argv, bool quiet) {
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (quiet) {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  }
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = 0;
  const int started = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (started != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

std::vector<std::string> interpreter_candidates() {
  if (const char* forced = std::getenv("CYRES_PYTHON"); forced && *forced) return {forced};
  return {"python3", "/usr/bin/python3"};
}

std::optional<std::string> find_interpreter(std::vector<std::string>& tried) {
  for (const std::string& python : interpreter_candidates()) {
    tried.push_back(python);
    if (spawn_and_wait({python, "-c", "import h5py, numpy, matplotlib"}, true) == 0) return python;
  }
  return std::nullopt;
}

std::optional<fs::path> find_scripts(const std::string& script, std::vector<std::string>& tried) {
  std::vector<fs::path> folders;
  if (const char* forced = std::getenv("CYRES_SCRIPTS"); forced && *forced) {
    folders.emplace_back(forced);
  } else {
    folders.emplace_back(fs::path(CYRES_SOURCE_DIR) / "scripts");
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    if (!error) folders.push_back(self.parent_path().parent_path() / "share" / "cyres" / "scripts");
  }
  for (const fs::path& folder : folders) {
    tried.push_back(folder.string());
    if (fs::exists(folder / script)) return folder / script;
  }
  return std::nullopt;
}

}  // namespace

int run_python_script(const std::string& script, const std::vector<std::string>& arguments) {
  std::vector<std::string> tried_folders;
  const std::optional<fs::path> path = find_scripts(script, tried_folders);
  if (!path) {
    fmt::print(stderr,
               "error: cannot find the script {} (looked in: {}); set CYRES_SCRIPTS to the "
               "scripts/ folder of the cyres source tree\n",
               script, fmt::join(tried_folders, ", "));
    return 1;
  }
  std::vector<std::string> tried;
  const std::optional<std::string> python = find_interpreter(tried);
  if (!python) {
    fmt::print(stderr,
               "error: this command needs Python 3 with h5py, numpy and matplotlib, and none of "
               "the interpreters tried has all three ({}).\n"
               "On Debian or Ubuntu install them with:\n"
               "    sudo apt-get install python3-h5py python3-numpy python3-matplotlib\n"
               "or set CYRES_PYTHON to an interpreter that has them.\n",
               fmt::join(tried, ", "));
    return 1;
  }
  std::vector<std::string> argv = {*python, path->string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  const int code = spawn_and_wait(argv, false);
  return code < 0 ? 1 : code;
}

}  // namespace cyres::cli
