#pragma once
// Runs a shell command (the cyres binary in end-to-end tests) and keeps its
// output and exit code.

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace cyres::test {

struct CommandResult {
  int exit_code = -1;
  std::string output;  //!< stdout and, unless split, stderr
};

//! Runs `command` through the shell; stderr joins stdout unless `with_stderr`
//! is false, in which case it is discarded.
inline CommandResult run_command(const std::string& command, bool with_stderr = true) {
  CommandResult result;
  FILE* pipe = popen((command + (with_stderr ? " 2>&1" : " 2>/dev/null")).c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace cyres::test
