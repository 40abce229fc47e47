// The RAII layer over HDF5: values round-trip with their types, strings are
// variable-length UTF-8, large datasets are chunked and compressed, dimension
// scales attach, and every failure is an OutputError that names the object.

#include "sim/hdf5/hdf5.hpp"

#include <hdf5_hl.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <type_traits>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/core/error.hpp"

namespace cyres::h5 {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

static_assert(!std::is_copy_constructible_v<Handle> &&
              std::is_nothrow_move_constructible_v<Handle>);
static_assert(!std::is_copy_constructible_v<File> && std::is_move_constructible_v<Dataset>);

class Hdf5Test : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("cyres_hdf5_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(Hdf5Test, HandleClosesOnDestructionAndMove) {
  hid_t id = H5Screate(H5S_SCALAR);
  {
    Handle a(id);
    Handle b(std::move(a));
    EXPECT_FALSE(a.valid());  // NOLINT(bugprone-use-after-move): moved-from is documented empty
    EXPECT_EQ(b.get(), id);
    EXPECT_GT(H5Iis_valid(id), 0);
  }
  EXPECT_LE(H5Iis_valid(id), 0);
}

TEST_F(Hdf5Test, ScalarAttributesRoundTrip) {
  const std::string file_path = path("attributes.h5");
  {
    File file = File::create(file_path);
    write_attribute(file, "pi", 3.25);
    write_attribute(file, "i32", std::int32_t{-7});
    write_attribute(file, "i64", std::int64_t{-1} << 40);
    write_attribute(file, "u32", std::uint32_t{4000000000U});
    write_attribute(file, "u64", std::uint64_t{18000000000000000000ULL});
    write_attribute(file, "text", "Zürich – ok");
    write_attribute(file, "flag", true);
    write_attribute(file, "pi", 2.5);  // rewriting replaces
    file.close();
  }
  File file = File::open_read_only(file_path);
  EXPECT_EQ(read_attribute<double>(file, "pi"), 2.5);
  EXPECT_EQ(read_attribute<std::int32_t>(file, "i32"), -7);
  EXPECT_EQ(read_attribute<std::int64_t>(file, "i64"), std::int64_t{-1} << 40);
  EXPECT_EQ(read_attribute<std::uint32_t>(file, "u32"), 4000000000U);
  EXPECT_EQ(read_attribute<std::uint64_t>(file, "u64"), 18000000000000000000ULL);
  EXPECT_EQ(read_attribute<std::string>(file, "text"), "Zürich – ok");
  EXPECT_TRUE(has_attribute(file, "flag"));
  EXPECT_FALSE(has_attribute(file, "missing"));

  // Strings are variable-length UTF-8 (what h5py turns into str).
  const hid_t attr = H5Aopen(file.id(), "text", H5P_DEFAULT);
  const hid_t type = H5Aget_type(attr);
  EXPECT_GT(H5Tis_variable_str(type), 0);
  EXPECT_EQ(H5Tget_cset(type), H5T_CSET_UTF8);
  H5Tclose(type);
  H5Aclose(attr);

  // Booleans: h5py's convention, an int8 enum FALSE = 0, TRUE = 1.
  const hid_t flag = H5Aopen(file.id(), "flag", H5P_DEFAULT);
  const hid_t flag_type = H5Aget_type(flag);
  EXPECT_EQ(H5Tget_class(flag_type), H5T_ENUM);
  char member[8] = {};
  std::int8_t stored = 0;
  H5Aread(flag, flag_type, &stored);
  H5Tenum_nameof(flag_type, &stored, member, sizeof member);
  EXPECT_STREQ(member, "TRUE");
  H5Tclose(flag_type);
  H5Aclose(flag);
}

TEST_F(Hdf5Test, ArrayAttributesRoundTrip) {
  const std::string file_path = path("arrays.h5");
  {
    File file = File::create(file_path);
    const std::vector<double> values = {0.5, -1.0, 1e300};
    write_attribute(file, "values", std::span<const double>(values));
    write_attribute(file, "names", std::vector<std::string>{"energy", "", "water"});
    write_attribute(file, "none", std::vector<std::string>{});
    file.close();
  }
  File file = File::open_read_only(file_path);
  EXPECT_EQ(read_double_array_attribute(file, "values"), (std::vector<double>{0.5, -1.0, 1e300}));
  EXPECT_EQ(read_string_array_attribute(file, "names"),
            (std::vector<std::string>{"energy", "", "water"}));
  EXPECT_TRUE(read_string_array_attribute(file, "none").empty());
}

TEST_F(Hdf5Test, NumericDatasetsRoundTripWithShapeAndType) {
  const std::string file_path = path("numbers.h5");
  const std::vector<double> d = {1, 2, 3, 4, 5, 6};
  const std::vector<float> f = {0.5F, 1.5F};
  const std::vector<std::int32_t> i32 = {-1, 2};
  const std::vector<std::int64_t> i64 = {-(std::int64_t{1} << 50)};
  const std::vector<std::uint32_t> u32 = {7, 8, 9};
  const std::vector<std::uint64_t> u64 = {~std::uint64_t{0}};
  {
    File file = File::create(file_path);
    const Group group = create_group(file, "g");
    set_units(write_dataset(group, "d", std::span<const double>(d), Dims{2, 3}), "h");
    write_dataset(group, "f", std::span<const float>(f));
    write_dataset(group, "i32", std::span<const std::int32_t>(i32));
    write_dataset(group, "i64", std::span<const std::int64_t>(i64));
    write_dataset(group, "u32", std::span<const std::uint32_t>(u32));
    write_dataset(group, "u64", std::span<const std::uint64_t>(u64));
    write_dataset(group, "empty", std::span<const double>());
  }  // destructors close everything, file last
  File file = File::open_read_only(file_path);
  const Group group = open_group(file, "g");
  const Dataset ds = open_dataset(group, "d");
  EXPECT_EQ(shape(ds), (Dims{2, 3}));
  EXPECT_EQ(read_dataset<double>(ds), d);
  EXPECT_EQ(read_attribute<std::string>(ds, "units"), "h");
  EXPECT_FALSE(is_compressed(ds));  // small: contiguous
  EXPECT_EQ(read_dataset<float>(open_dataset(group, "f")), f);
  EXPECT_EQ(read_dataset<std::int32_t>(open_dataset(group, "i32")), i32);
  EXPECT_EQ(read_dataset<std::int64_t>(open_dataset(group, "i64")), i64);
  EXPECT_EQ(read_dataset<std::uint32_t>(open_dataset(group, "u32")), u32);
  EXPECT_EQ(read_dataset<std::uint64_t>(open_dataset(group, "u64")), u64);
  EXPECT_EQ(shape(open_dataset(group, "empty")), (Dims{0}));
  EXPECT_TRUE(exists(group, "u64"));
  EXPECT_FALSE(exists(group, "nothing"));

  // The file type is the exact C++ type (h5py: uint32, float32, ...).
  const hid_t type = H5Dget_type(open_dataset(group, "u32").id());
  EXPECT_GT(H5Tequal(type, H5T_NATIVE_UINT32), 0);
  H5Tclose(type);
}

TEST_F(Hdf5Test, LargeDatasetsAreChunkedShuffledAndDeflated) {
  const std::string file_path = path("large.h5");
  std::vector<double> values(100 * 500);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<double>(i % 97) * 0.25;
  {
    File file = File::create(file_path);
    write_dataset(file, "big", std::span<const double>(values), Dims{100, 500});
    write_dataset(file, "big_plain", std::span<const double>(values), Dims{100, 500},
                  Compression::none);
    write_dataset(file, "small_forced", std::span<const double>(values).first(10), {},
                  Compression::deflate);
    file.close();
  }
  File file = File::open_read_only(file_path);
  const Dataset big = open_dataset(file, "big");
  EXPECT_TRUE(is_compressed(big));
  EXPECT_EQ(read_dataset<double>(big), values);
  EXPECT_FALSE(is_compressed(open_dataset(file, "big_plain")));
  EXPECT_TRUE(is_compressed(open_dataset(file, "small_forced")));

  const hid_t create = H5Dget_create_plist(big.id());
  hsize_t chunk[2] = {};
  ASSERT_EQ(H5Pget_chunk(create, 2, chunk), 2);
  EXPECT_LE(chunk[0] * chunk[1], CHUNK_TARGET);
  EXPECT_EQ(chunk[1], 500U);  // whole rows while they fit
  ASSERT_EQ(H5Pget_nfilters(create), 2);
  unsigned flags = 0;
  std::size_t count = 4;
  unsigned filter_values[4] = {};
  EXPECT_EQ(H5Pget_filter2(create, 0, &flags, &count, filter_values, 0, nullptr, nullptr),
            H5Z_FILTER_SHUFFLE);
  count = 4;
  EXPECT_EQ(H5Pget_filter2(create, 1, &flags, &count, filter_values, 0, nullptr, nullptr),
            H5Z_FILTER_DEFLATE);
  const unsigned level = filter_values[0];
  EXPECT_EQ(level, DEFLATE_LEVEL);
  H5Pclose(create);
}

TEST_F(Hdf5Test, StringDatasetsRoundTrip) {
  const std::string file_path = path("strings.h5");
  const std::vector<std::string> names = {"energy", "telecoms", "ŵater"};
  {
    File file = File::create(file_path);
    write_dataset(file, "names", names);
    write_text_dataset(file, "text", "cyres: 1\nname: varnia\n");
    file.close();
  }
  File file = File::open_read_only(file_path);
  EXPECT_EQ(read_strings(open_dataset(file, "names")), names);
  EXPECT_EQ(read_strings(open_dataset(file, "text")),
            std::vector<std::string>{"cyres: 1\nname: varnia\n"});
  EXPECT_TRUE(shape(open_dataset(file, "text")).empty());  // scalar
}

TEST_F(Hdf5Test, DimensionScalesAttachToTheirDimension) {
  const std::string file_path = path("scales.h5");
  {
    File file = File::create(file_path);
    const std::vector<double> hours = {1, 2, 3};
    const Dataset time = write_dataset(file, "time", std::span<const double>(hours));
    make_scale(time, "time");
    const Dataset sector = write_dataset(file, "sector", std::vector<std::string>{"a", "b"});
    make_scale(sector, "sector");
    const std::vector<double> values(6, 0.5);
    const Dataset data = write_dataset(file, "data", std::span<const double>(values), Dims{3, 2});
    attach_scale(data, time, 0, "time");
    attach_scale(data, sector, 1, "sector");
    EXPECT_TRUE(is_attached(data, time, 0));
    EXPECT_FALSE(is_attached(data, time, 1));
  }
  File file = File::open_read_only(file_path);
  const Dataset data = open_dataset(file, "data");
  const Dataset time = open_dataset(file, "time");
  const Dataset sector = open_dataset(file, "sector");
  EXPECT_GT(H5DSis_scale(time.id()), 0);
  EXPECT_TRUE(is_attached(data, time, 0));
  EXPECT_TRUE(is_attached(data, sector, 1));
  char name[16] = {};
  H5DSget_scale_name(time.id(), name, sizeof name);
  EXPECT_STREQ(name, "time");
  char label[16] = {};
  H5DSget_label(data.id(), 1, label, sizeof label);
  EXPECT_STREQ(label, "sector");
}

TEST_F(Hdf5Test, UnwritablePathIsAnOutputErrorNamingIt) {
  const std::string bad = path("no_such_dir/out.h5");
  try {
    File::create(bad);
    FAIL() << "expected OutputError";
  } catch (const OutputError& error) {
    EXPECT_THAT(error.what(), HasSubstr(bad));
    EXPECT_THAT(error.what(), HasSubstr("cannot create file"));
  }
  EXPECT_THROW(File::open_read_only(path("missing.h5")), OutputError);
}

TEST_F(Hdf5Test, FailuresNameTheObject) {
  File file = File::create(path("errors.h5"));
  const Group group = create_group(file, "g");
  try {
    create_group(file, "g");
    FAIL() << "expected OutputError";
  } catch (const OutputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("cannot create group 'g' in '/'"));
  }
  const std::vector<double> three = {1, 2, 3};
  EXPECT_THROW(write_dataset(group, "x", std::span<const double>(three), Dims{2, 2}), OutputError);
  EXPECT_THROW(open_dataset(group, "missing"), OutputError);
  EXPECT_THROW(read_attribute<double>(group, "missing"), OutputError);
}

TEST_F(Hdf5Test, ClosingAFileWithAnOpenObjectFails) {
  // H5F_CLOSE_SEMI: a leaked handle shows up as an error, not a silently open file.
  File file = File::create(path("semi.h5"));
  Group group = create_group(file, "g");
  EXPECT_THROW(file.close(), OutputError);
  group = Group(Handle());
  file.close();
  EXPECT_LT(file.id(), 0);
}

}  // namespace
}  // namespace cyres::h5
