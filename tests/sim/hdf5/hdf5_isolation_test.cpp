// read_in_child: a read that finishes in the child (returning or throwing) lets
// the parent read; a child that dies by a signal, ends with a sanitizer report
// or runs past its time bound is a located, one-line ParseError.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/hdf5/hdf5_isolation.hpp"
#include "tests/sim/hdf5/hdf5_fixture.hpp"

namespace cyres::h5 {
namespace {

using test::Hdf5Test;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

class ReadInChild : public Hdf5Test {
 protected:
  //! The ParseError read_in_child throws for `read` on the file "in.h5"; fails
  //! the test if it throws nothing or another error. Sets `named_a_defect` to
  //! whether it was the type CyresCrashedReading.
  ParseError refusal(const std::function<void()>& read, const ReadTimeLimit& limit = {}) {
    named_a_defect = false;
    try {
      read_in_child(path("in.h5"), read, limit);
    } catch (const CyresCrashedReading& error) {
      named_a_defect = true;
      return error;
    } catch (const ParseError& error) {
      return error;
    }
    ADD_FAILURE() << "read_in_child returned";
    return ParseError({}, "");
  }
  bool named_a_defect = false;
};

TEST_F(ReadInChild, AFinishedReadReturnsWhetherItReturnedOrThrew) {
  EXPECT_NO_THROW(read_in_child(path("in.h5"), [] {}));
  EXPECT_NO_THROW(read_in_child(path("in.h5"), [] { throw ParseError({"x"}, "bad"); }));
  EXPECT_NO_THROW(read_in_child(path("in.h5"), [] { throw std::bad_alloc(); }));
}

TEST_F(ReadInChild, ReadIsolatedReturnsTheReadOfThisProcess) {
  int calls = 0;  // the child's calls happen in its copy of `calls`
  EXPECT_EQ(read_isolated(path("in.h5"), [&] { return ++calls; }), 1);
  EXPECT_EQ(calls, 1);
  EXPECT_THROW(read_isolated(path("in.h5"), []() -> int { throw ValueError({"x"}, "bad"); }),
               ValueError);
}

TEST_F(ReadInChild, TheReadRunsInAChildThatReadsNestedReadsDirectly) {
  EXPECT_FALSE(in_read_child());
  const pid_t parent = ::getpid();
  const ParseError error = refusal([&] {
    bool nested_in_child = false;
    read_in_child(path("in.h5"), [&] { nested_in_child = in_read_child(); });
    // Not the parent, in a child, and the nested read ran here: exit status 7 says so.
    if (::getpid() != parent && in_read_child() && nested_in_child) ::_exit(7);
  });
  EXPECT_THAT(error.what(), HasSubstr("exit status 7"));
}

TEST_F(ReadInChild, AChildKilledByASignalIsALocatedParseError) {
  const ParseError error = refusal([] { std::raise(SIGSEGV); });
  EXPECT_EQ(error.where().file, path("in.h5"));
  // raise() sends it from libc: where it happened says nothing of the file.
  EXPECT_THAT(error.what(), HasSubstr("reading the file crashed (signal 11, SIGSEGV in libc"));
  EXPECT_THAT(error.what(), HasSubstr("the file is damaged or was not written by cyres"));
  EXPECT_THAT(error.what(), Not(HasSubstr("\n")));
  EXPECT_FALSE(named_a_defect);
  EXPECT_THAT(refusal([] { std::abort(); }).what(), HasSubstr("(signal 6, SIGABRT"));
}

TEST_F(ReadInChild, AFaultInCyresCodeIsNamedADefectOfCyres) {
  // A division by zero here, in the test binary: SIGFPE located in cyres (a
  // release build), or UBSan's report (a sanitizer build).
  const ParseError error = refusal([] {
    volatile int numerator = 7;  // volatile: a real division, not one the compiler folds
    volatile int zero = 0;
    volatile int quotient = numerator / zero;
    static_cast<void>(quotient);
  });
  EXPECT_THAT(error.what(), HasSubstr("cyres crashed reading the file ("));
  EXPECT_THAT(error.what(), HasSubstr("a defect of cyres"));
  EXPECT_TRUE(named_a_defect);  // the type the fuzz targets take for a finding
}

TEST_F(ReadInChild, ASanitizerReportGivesItsFirstLineAndWhereItHappened) {
  // What AddressSanitizer writes when libhdf5 reads past a buffer (the frames
  // of the runtime itself are skipped), then its exit status.
  const ParseError error = refusal([] {
    const char* report =
        "=================================================================\n"
        "==4242==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x6020 at pc 0x4a0b "
        "bp 0x7ffd sp 0x7ffc\n"
        "READ of size 16 at 0x6020 thread T0\n"
        "    #0 0x4a0b3c in __asan_memcpy (/build/fuzz_results+0x4a0b3c)\n"
        "    #1 0x7f12 in H5O__msg_iterate_real (/lib/x86_64-linux-gnu/"
        "libhdf5_serial.so.103+0x1b2c3)\n"
        "    #2 0x7f13 in cyres::h5::read_attribute (/build/fuzz_results+0x5)\n";
    std::fputs(report, stderr);
    std::fflush(stderr);
    ::_exit(1);
  });
  EXPECT_THAT(error.what(),
              HasSubstr("libhdf5 crashed reading the file (exit status 1: AddressSanitizer: "
                        "heap-buffer-overflow): the file is damaged"));
  EXPECT_THAT(error.what(), Not(HasSubstr("0x")));
  EXPECT_FALSE(named_a_defect);
}

TEST_F(ReadInChild, AnUndefinedBehaviourReportIsADefectOfCyres) {
  const ParseError error = refusal([] {
    std::fputs("sim/x.cpp:12:5: runtime error: signed integer overflow: 2147483647 + 1\n", stderr);
    std::fflush(stderr);
    ::_exit(1);
  });
  EXPECT_THAT(error.what(), HasSubstr("cyres crashed reading the file (exit status 1: runtime "
                                      "error: signed integer overflow"));
  EXPECT_TRUE(named_a_defect);
}

TEST_F(ReadInChild, AChildPastItsTimeBoundIsKilledAndALocatedParseError) {
  const auto start = std::chrono::steady_clock::now();
  const ParseError error = refusal([] { std::this_thread::sleep_for(std::chrono::seconds(60)); },
                                   {.base_seconds = 0.2, .seconds_per_mib = 0.0});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 30.0);  // killed at 0.2 s, not waited for
  EXPECT_EQ(error.where().file, path("in.h5"));
  EXPECT_THAT(error.what(), HasSubstr("libhdf5 did not finish reading the file within 0.2 s"));
}

TEST_F(ReadInChild, TheChildHandsBackWhatItWrote) {
  const std::vector<std::string> ids = {"a", "", std::string(300, 'x'), "Zürich"};
  const std::vector<double> values = {0.5, -1.0, 1e300};
  const std::vector<std::uint8_t> big(3 << 20, 7);  // past the writer's 1 MiB buffer
  std::optional<ChildBytes> bytes = read_in_child_returning(path("in.h5"), [&](ByteWriter& out) {
    out.strings(ids);
    out.values(values);
    out.values(big);
  });
  ASSERT_TRUE(bytes.has_value());
  ByteReader in(*bytes, path("in.h5"));
  EXPECT_EQ(in.strings(), ids);
  EXPECT_EQ(in.values<double>(), values);
  EXPECT_EQ(in.values<std::uint8_t>(), big);
  EXPECT_NO_THROW(in.finish());
}

TEST_F(ReadInChild, ColumnsFreedAsTheyAreCopiedComeBackWholeAndInOrder) {
  // Odd lengths between them (each array must still start aligned) and
  // several pages each (the reader frees what it has copied before reading on).
  const std::vector<std::uint8_t> odd(5 * 4096 + 3, 9);
  std::vector<double> ramp(300000);
  for (std::size_t k = 0; k < ramp.size(); ++k) ramp[k] = 0.5 * static_cast<double>(k);
  const std::vector<std::string> ids = {"x", "yy", "zzz"};
  const std::vector<std::uint16_t> codes = {1, 2, 3};
  std::optional<ChildBytes> bytes = read_in_child_returning(path("in.h5"), [&](ByteWriter& out) {
    out.values(odd);
    out.values(ramp);
    out.strings(ids);
    out.values(codes);
    out.values(ramp);
  });
  ASSERT_TRUE(bytes.has_value());
  ByteReader in(*bytes, path("in.h5"));
  EXPECT_EQ(in.values<std::uint8_t>(), odd);
  EXPECT_EQ(in.values<double>(), ramp);
  EXPECT_EQ(in.strings(), ids);
  EXPECT_EQ(in.values<std::uint16_t>(), codes);
  EXPECT_EQ(in.values<double>(), ramp);
  EXPECT_NO_THROW(in.finish());
}

// Two children read at once (the scenario's two tables): each hands back its
// own bytes, whichever is waited for first, and a crash of one is reported
// for its own file.
TEST_F(ReadInChild, TwoChildrenReadAtOnceEachForItsOwnFile) {
  const std::vector<double> first = {1.0, 2.0, 3.0};
  const std::vector<std::uint32_t> second(200000, 42);  // more than a pipe or buffer holds
  ReadingChild a = start_read_in_child(path("a.h5"), [&](ByteWriter& out) { out.values(first); });
  ReadingChild b = start_read_in_child(path("b.h5"), [&](ByteWriter& out) { out.values(second); });
  ReadingChild c = start_read_in_child(path("c.h5"), [](ByteWriter&) { std::abort(); });
  std::optional<ChildBytes> from_b = b.wait();
  ASSERT_TRUE(from_b.has_value());
  ByteReader in_b(*from_b, path("b.h5"));
  EXPECT_EQ(in_b.values<std::uint32_t>(), second);
  std::optional<ChildBytes> from_a = a.wait();
  ASSERT_TRUE(from_a.has_value());
  ByteReader in_a(*from_a, path("a.h5"));
  EXPECT_EQ(in_a.values<double>(), first);
  try {
    c.wait();
    ADD_FAILURE() << "expected a ParseError";
  } catch (const ParseError& e) {
    EXPECT_EQ(e.where().file, path("c.h5"));
    EXPECT_THAT(e.what(), HasSubstr("SIGABRT"));
  }
  EXPECT_FALSE(a.wait().has_value());  // waited for already: nothing more
}

// A child its caller no longer waits for (the other table was refused) is
// stopped and reaped, not left reading: its destruction does not wait for it.
TEST_F(ReadInChild, AChildNotWaitedForIsStopped) {
  const auto start = std::chrono::steady_clock::now();
  {
    ReadingChild slow = start_read_in_child(
        path("in.h5"), [](ByteWriter&) { std::this_thread::sleep_for(std::chrono::seconds(60)); });
    // The child is this process's only one: any child is it.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    siginfo_t info{};
    ASSERT_EQ(::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT), 0);
    EXPECT_EQ(info.si_pid, 0);  // running, not ended
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 30.0);
  // Reaped: no child is left to wait for.
  EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

// Views of several arrays stay whole until release(): the links' columns are
// copied two at a time, and a view freed too early would read as zeros.
TEST_F(ReadInChild, ViewsStayWholeUntilReleased) {
  std::vector<double> first(200000), second(150001);
  for (std::size_t k = 0; k < first.size(); ++k) first[k] = 1.0 + static_cast<double>(k);
  for (std::size_t k = 0; k < second.size(); ++k) second[k] = -static_cast<double>(k) - 0.5;
  const std::vector<std::uint8_t> tail = {1, 2, 3};
  std::optional<ChildBytes> bytes = read_in_child_returning(path("in.h5"), [&](ByteWriter& out) {
    out.values(first);
    out.values(second);
    out.values(tail);
  });
  ASSERT_TRUE(bytes.has_value());
  ByteReader in(*bytes, path("in.h5"));
  const auto a = in.view<double>();
  const auto b = in.view<double>();
  EXPECT_EQ(ByteReader::copy_of(b), second);
  EXPECT_EQ(ByteReader::copy_of(a), first);
  in.release();
  EXPECT_EQ(in.values<std::uint8_t>(), tail);
  EXPECT_NO_THROW(in.finish());
}

TEST_F(ReadInChild, AChildWhoseReadThrewHandsBackNothing) {
  EXPECT_FALSE(read_in_child_returning(path("in.h5"), [](ByteWriter& out) {
                 out.count(1);
                 throw ValueError({"x"}, "bad");
               }).has_value());
}

TEST_F(ReadInChild, ACountPastTheBytesHandedBackIsAParseError) {
  std::optional<ChildBytes> bytes = read_in_child_returning(
      path("in.h5"), [](ByteWriter& out) { out.count(std::uint64_t{1} << 60); });
  ASSERT_TRUE(bytes.has_value());
  ByteReader in(*bytes, path("in.h5"));
  EXPECT_THROW(in.values<double>(), ParseError);  // checked before anything is allocated
  ByteReader strings(*bytes, path("in.h5"));
  EXPECT_THROW(strings.strings(), ParseError);
}

TEST_F(ReadInChild, ReadIsolatedWithAResultReadsHereOnlyWhenTheChildsReadThrew) {
  int calls = 0;
  const auto encode = [](int value, ByteWriter& out) {
    out.count(static_cast<std::uint64_t>(value));
  };
  const auto decode = [](ByteReader& in) { return static_cast<int>(in.count()); };
  EXPECT_EQ(read_isolated(
                path("in.h5"), [&] { return ++calls + 41; }, encode, decode),
            42);
  EXPECT_EQ(calls, 0);  // read in the child only
  EXPECT_THROW(read_isolated(
                   path("in.h5"),
                   [&]() -> int {
                     ++calls;
                     throw ValueError({"x"}, "bad");
                   },
                   encode, decode),
               ValueError);
  EXPECT_EQ(calls, 1);  // read here again, for the same error
}

TEST(ReadSecondsAllowed, GrowsWithTheFileSize) {
  EXPECT_DOUBLE_EQ(read_seconds_allowed(0), 20.0);
  EXPECT_DOUBLE_EQ(read_seconds_allowed(std::uintmax_t{100} << 20), 120.0);
  EXPECT_DOUBLE_EQ(read_seconds_allowed(1 << 20, {.base_seconds = 1.0, .seconds_per_mib = 2.0}),
                   3.0);
}

TEST_F(ReadInChild, TheChildWritesNothingToStdoutAndFlushesNoInheritedBuffer) {
  ::testing::internal::CaptureStdout();
  std::fputs("parent ", stdout);  // buffered when the fork copies it
  read_in_child(path("in.h5"), [] {
    std::fputs("child ", stdout);
    std::fflush(stdout);
  });
  std::fflush(stdout);
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), "parent ");
}

TEST_F(ReadInChild, OnlyTheMainThreadForks) {
  std::thread other([&] { EXPECT_THROW(read_in_child(path("in.h5"), [] {}), std::logic_error); });
  other.join();
}

}  // namespace
}  // namespace cyres::h5
