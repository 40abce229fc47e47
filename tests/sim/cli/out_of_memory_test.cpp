// Out of memory is a clear message and exit code 4, not "internal error" with
// exit 1 (std::bad_alloc), and leaves no output file. The address space is
// capped (ulimit -v) below what a run of a million steps allocates up front
// for its per-step service accumulators, so the run fails at once.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "tests/support/run_command.hpp"

namespace cyres {
namespace {

namespace fs = std::filesystem;

TEST(OutOfMemory, IsAClearMessageAndExitCode4) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "a sanitizer's shadow memory needs more address space than the cap allows";
#endif
  const fs::path dir = fs::temp_directory_path() / fmt::format("cyres_oom_{}", ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  const test::CommandResult r = test::run_command(fmt::format(
      "ulimit -v 1500000 && {} run --set simulation.horizon=1000000 --trials 1 --threads 1 -o "
      "'{}'",
      CYRES_BINARY, (dir / "out.h5").string()));
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_NE(r.output.find("error: out of memory: "), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("internal error"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find('\n'), r.output.size() - 1) << r.output;
  EXPECT_TRUE(fs::is_empty(dir)) << "left behind in " << dir;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cyres
