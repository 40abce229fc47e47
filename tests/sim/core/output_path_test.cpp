// check_output_path: what cyres refuses to write over, checked before a run.
// Device refusal is shown on a FIFO made in the test's own directory (any
// node that is not a regular file is refused alike); no test touches /dev.
#include "sim/core/output_path.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/core/error.hpp"

namespace cyres {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class OutputPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("cyres_output_path_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

std::string refusal(const std::string& path, const std::vector<std::string>& inputs = {},
                    Replace replace = Replace::allow) {
  try {
    check_output_path(path, inputs, replace);
  } catch (const OutputError& error) {
    return error.what();
  }
  return "";
}

TEST_F(OutputPathTest, NewAndExistingRegularFilesAreAccepted) {
  EXPECT_EQ(refusal(path("new.h5")), "");
  std::ofstream(path("old.h5")) << "old results";
  EXPECT_EQ(refusal(path("old.h5"), {path("scenario.yaml")}), "");
}

TEST_F(OutputPathTest, AnExistingFileIsReplacedOnlyWhenAllowed) {
  std::ofstream(path("old.h5")) << "old results";
  EXPECT_THAT(refusal(path("old.h5"), {}, Replace::refuse), HasSubstr("pass --force"));
  EXPECT_EQ(refusal(path("old.h5"), {}, Replace::allow), "");
  EXPECT_EQ(refusal(path("new.h5"), {}, Replace::refuse), "");
  // --force never makes an input or a node an output.
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);
  EXPECT_THAT(refusal(path("fifo"), {}, Replace::allow), HasSubstr("is not a regular file"));
  EXPECT_THAT(refusal(path("old.h5"), {path("old.h5")}, Replace::allow),
              HasSubstr("is an input of this run"));
}

std::string folder_refusal(const std::string& folder, Replace replace) {
  try {
    check_output_folder(folder, {"scenario.yaml", "assets.csv"}, replace);
  } catch (const OutputError& error) {
    return error.what();
  }
  return "";
}

TEST_F(OutputPathTest, AFolderIsFilledOnlyWhereNothingWouldBeReplaced) {
  // New folders (with new parents) and folders without the files are fine.
  EXPECT_EQ(folder_refusal(path("new/deeper"), Replace::refuse), "");
  fs::create_directories(path("other"));
  std::ofstream(path("other/notes.txt")) << "kept";
  EXPECT_EQ(folder_refusal(path("other"), Replace::refuse), "");
  // A folder holding a scenario is replaced only when allowed.
  fs::create_directories(path("scenario"));
  std::ofstream(path("scenario/scenario.yaml")) << "cyres: 2\n";
  EXPECT_THAT(folder_refusal(path("scenario"), Replace::refuse),
              HasSubstr("scenario.yaml': the file exists; pass --force"));
  EXPECT_EQ(folder_refusal(path("scenario"), Replace::allow), "");
  // A file where the folder should be is refused either way.
  std::ofstream(path("plain")) << "x";
  EXPECT_THAT(folder_refusal(path("plain"), Replace::allow), HasSubstr("is not a directory"));
}

TEST_F(OutputPathTest, AnInputOfTheRunIsRefusedHoweverSpelled) {
  std::ofstream(path("scenario.yaml")) << "cyres: 2\n";
  const std::string spelled = (dir_ / "." / "scenario.yaml").string();
  const std::string message = refusal(spelled, {"embedded:varnia", path("scenario.yaml")});
  EXPECT_THAT(message, HasSubstr("it is an input of this run"));
  EXPECT_THAT(message, HasSubstr(path("scenario.yaml")));
  std::ifstream in(path("scenario.yaml"));
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "cyres: 2\n");
}

TEST_F(OutputPathTest, NodesThatAreNotRegularFilesAreRefused) {
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);
  EXPECT_THAT(refusal(path("fifo")), HasSubstr("is not a regular file"));
  fs::create_directories(path("folder"));
  EXPECT_THAT(refusal(path("folder")), HasSubstr("is not a regular file"));
  // A symbolic link is judged by what it leads to.
  fs::create_symlink(path("fifo"), path("link"));
  EXPECT_THAT(refusal(path("link")), HasSubstr("is not a regular file"));
  struct stat st {};
  ASSERT_EQ(::stat(path("fifo").c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST_F(OutputPathTest, AMissingDirectoryIsRefused) {
  EXPECT_THAT(refusal(path("missing/out.h5")), HasSubstr("does not exist"));
  EXPECT_THAT(refusal(path("dir/")), HasSubstr("names a directory"));
  EXPECT_THAT(refusal(""), HasSubstr("empty"));
}

TEST_F(OutputPathTest, AReadOnlyDirectoryIsRefused) {
  fs::create_directories(path("ro"));
  fs::permissions(path("ro"), fs::perms::owner_read | fs::perms::owner_exec);
  if (::access(path("ro").c_str(), W_OK) == 0) {
    GTEST_SKIP() << "this process may write any directory (root): nothing to refuse";
  }
  EXPECT_THAT(refusal(path("ro/out.h5")), HasSubstr("is not writable"));
}

}  // namespace
}  // namespace cyres
