// Files, groups, handles and errors of the HDF5 layer: identifiers are owned
// and closed once, names of any length pass whole both ways, and every failed
// call is an h5::Error that says what failed, on which object, and why.

#include "sim/hdf5/hdf5_file.hpp"

#include <string>
#include <type_traits>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/hdf5/hdf5.hpp"
#include "tests/sim/hdf5/hdf5_fixture.hpp"

namespace cyres::h5 {
namespace {

class Hdf5FileTest : public test::Hdf5Test {};
using ::testing::ElementsAre;
using ::testing::HasSubstr;

static_assert(!std::is_copy_constructible_v<Handle> &&
              std::is_nothrow_move_constructible_v<Handle>);
static_assert(!std::is_copy_constructible_v<File> && std::is_move_constructible_v<Dataset>);
static_assert(std::is_base_of_v<OutputError, Error>);

TEST_F(Hdf5FileTest, HandleClosesOnDestructionAndMove) {
  const hid_t id = H5Screate(H5S_SCALAR);
  {
    Handle a(id);
    Handle b(std::move(a));
    EXPECT_FALSE(a.valid());  // NOLINT(bugprone-use-after-move): moved-from is documented empty
    EXPECT_EQ(b.get(), id);
    EXPECT_GT(H5Iis_valid(id), 0);
  }
  EXPECT_LE(H5Iis_valid(id), 0);
}

TEST_F(Hdf5FileTest, GroupsNestAndLinksAreListedInNameOrder) {
  File file = File::create(path("groups.h5"));
  const Group outer = create_group(file, "outer");
  create_group(outer, "b");
  create_group(outer, "a");
  EXPECT_EQ(open_group(file, "outer").path(), "/outer");
  EXPECT_EQ(open_group(outer, "a").path(), "/outer/a");
  EXPECT_TRUE(exists(outer, "b"));
  EXPECT_FALSE(exists(outer, "c"));
  EXPECT_THAT(link_names(outer), ElementsAre("a", "b"));
  EXPECT_THAT(link_names(file), ElementsAre("outer"));
}

TEST_F(Hdf5FileTest, NamesLongerThan256CharactersPassWhole) {
  // HDF5's own examples read names into 256-byte buffers; this layer asks for
  // the length first.
  const std::string group_name = "g" + std::string(300, 'n');
  const std::string dataset_name = "d" + std::string(400, 'm') + "end";
  const std::string attribute_name = "a" + std::string(280, 'k');
  const std::string file_path = path("long.h5");
  {
    File file = File::create(file_path);
    Group group = create_group(file, group_name);
    const std::vector<double> values = {1.5, 2.5};
    Dataset dataset = write_dataset(group, dataset_name, values);
    write_attribute(dataset, attribute_name, std::string(500, 'v'));
    EXPECT_EQ(dataset.path(), "/" + group_name + "/" + dataset_name);
    dataset.close();
    group.close();
    file.close();
  }
  const File file = File::open_read_only(file_path);
  EXPECT_THAT(link_names(file), ElementsAre(group_name));
  const Group group = open_group(file, group_name);
  EXPECT_THAT(link_names(group), ElementsAre(dataset_name));
  const Dataset dataset = open_dataset(group, dataset_name);
  EXPECT_EQ(read_dataset<double>(dataset), (std::vector<double>{1.5, 2.5}));
  EXPECT_EQ(read_attribute<std::string>(dataset, attribute_name), std::string(500, 'v'));

  // And errors name such objects whole.
  const std::string missing = dataset_name + "_missing";
  try {
    open_dataset(group, missing);
    FAIL() << "expected h5::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.object(), "dataset '/" + group_name + "/" + missing + "'");
    EXPECT_THAT(error.what(), HasSubstr(missing));
  }
}

TEST_F(Hdf5FileTest, AFailedCallIsATypedErrorNamingTheObjectWithHdf5sReason) {
  File file = File::create(path("errors.h5"));
  create_group(file, "g");
  try {
    create_group(file, "g");
    FAIL() << "expected h5::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.action(), "cannot create");
    EXPECT_EQ(error.object(), "group '/g'");
    // The reason comes from HDF5's error stack, read before the object was
    // named (naming it calls HDF5, which clears the stack).
    EXPECT_FALSE(error.reason().empty());
    EXPECT_EQ(std::string(error.what()), "HDF5: cannot create group '/g': " + error.reason());
  }
  try {
    open_group(file, "nothing");
    FAIL() << "expected h5::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.object(), "group '/nothing'");
    EXPECT_THAT(error.reason(), HasSubstr("doesn't exist"));
  }
}

TEST_F(Hdf5FileTest, UnwritableOrMissingFilesAreErrorsNamingThePath) {
  const std::string bad = path("no_such_dir/out.h5");
  try {
    File::create(bad);
    FAIL() << "expected h5::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.action(), "cannot create");
    EXPECT_EQ(error.object(), "file '" + bad + "'");
    EXPECT_FALSE(error.reason().empty());
  }
  try {
    File::open_read_only(path("missing.h5"));
    FAIL() << "expected h5::Error";
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), HasSubstr(path("missing.h5")));
  }
}

TEST_F(Hdf5FileTest, ClosingAFileWithAnOpenObjectFails) {
  // H5F_CLOSE_SEMI: a leaked handle shows up as an error, not a silently open file.
  File file = File::create(path("semi.h5"));
  Group group = create_group(file, "g");
  try {
    file.close();
    FAIL() << "expected h5::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.object(), "file '" + path("semi.h5") + "'");
  }
  group.close();
  file.close();
  EXPECT_LT(file.id(), 0);
  EXPECT_LT(group.id(), 0);
}

TEST_F(Hdf5FileTest, FileReportsItsSize) {
  File file = File::create(path("size.h5"));
  const std::vector<std::int64_t> values(1000, 7);
  write_dataset(file, "x", values, {}, {.compression = Compression::none});
  EXPECT_GE(file.size(), values.size() * sizeof(std::int64_t));
}

}  // namespace
}  // namespace cyres::h5
