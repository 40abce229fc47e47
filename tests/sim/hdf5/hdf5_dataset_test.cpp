// Whole datasets through the one typed template: every Element type
// round-trips in any shape with exactly its type; large datasets are chunked,
// shuffled and deflated; dimension scales attach; equal data written without
// modification times give equal bytes; misfits are h5::Errors.

#include "sim/hdf5/hdf5_dataset.hpp"

#include <hdf5_hl.h>

#include <array>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/hdf5/hdf5_scale.hpp"
#include "tests/sim/hdf5/hdf5_fixture.hpp"

namespace cyres::h5 {
namespace {

class Hdf5DatasetTest : public test::Hdf5Test {};
using ::testing::HasSubstr;

template <class T>
class Hdf5DatasetTypes : public test::Hdf5Test {};
TYPED_TEST_SUITE(Hdf5DatasetTypes, test::ElementTypes, test::ElementName);

TYPED_TEST(Hdf5DatasetTypes, RoundTripsInAnyShapeWithItsType) {
  using T = TypeParam;
  std::vector<T> values = test::samples<T>();
  values.push_back(values.front());  // six values: 1-D, and 2 x 3
  const std::string file_path = this->path("datasets.h5");
  {
    File file = File::create(file_path);
    write_dataset(file, "flat", values);
    write_dataset(file, "matrix", std::span<const T>(values), Dims{2, 3});
    write_dataset(file, "empty", std::vector<T>{});
    std::vector<T> many(10000, values[2]);
    many.back() = values.back();
    write_dataset(file, "many", many);  // above COMPRESS_ABOVE
    file.close();
  }
  const File file = File::open_read_only(file_path);
  const Dataset flat = open_dataset(file, "flat");
  EXPECT_EQ(read_dataset<T>(flat), values);
  EXPECT_EQ(shape(flat), Dims{6});
  const Dataset matrix = open_dataset(file, "matrix");
  EXPECT_EQ(read_dataset<T>(matrix), values);
  EXPECT_EQ(shape(matrix), (Dims{2, 3}));
  EXPECT_TRUE(read_dataset<T>(open_dataset(file, "empty")).empty());
  const Dataset many = open_dataset(file, "many");
  const std::vector<T> read = read_dataset<T>(many);
  ASSERT_EQ(read.size(), 10000U);
  EXPECT_EQ(read.front(), values[2]);
  EXPECT_EQ(read.back(), values.back());
  // Fixed-length strings are compressed like numbers.
  constexpr bool is_string = std::is_same_v<T, std::string>;
  EXPECT_TRUE(is_compressed(many));

  const Handle type(H5Dget_type(flat.id()));
  EXPECT_TRUE(test::stored_as<T>(type.get()));
  const ValueKind kind = is_string                     ? ValueKind::string
                         : std::is_floating_point_v<T> ? ValueKind::real
                                                       : ValueKind::integer;
  EXPECT_EQ(value_kind(flat), kind);
}

TEST_F(Hdf5DatasetTest, LargeDatasetsAreChunkedShuffledAndDeflated) {
  std::vector<double> values(std::size_t{100} * 500);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<double>(i % 97) * 0.25;
  File file = File::create(path("large.h5"));
  const Dataset big = write_dataset(file, "big", values, Dims{100, 500});
  EXPECT_TRUE(is_compressed(big));
  EXPECT_EQ(read_dataset<double>(big), values);
  EXPECT_FALSE(is_compressed(
      write_dataset(file, "plain", values, Dims{100, 500}, {.compression = Compression::none})));
  EXPECT_TRUE(is_compressed(write_dataset(file, "small", std::span<const double>(values).first(10),
                                          {}, {.compression = Compression::deflate})));
  EXPECT_FALSE(
      is_compressed(write_dataset(file, "tiny", std::span<const double>(values).first(10))));

  const Handle create(H5Dget_create_plist(big.id()));
  std::array<hsize_t, 2> chunk{};
  ASSERT_EQ(H5Pget_chunk(create.get(), 2, chunk.data()), 2);
  EXPECT_LE(chunk[0] * chunk[1], CHUNK_TARGET);
  EXPECT_EQ(chunk[1], 500U);  // whole rows while they fit
  ASSERT_EQ(H5Pget_nfilters(create.get()), 2);
  unsigned flags = 0;
  std::array<unsigned, 4> parameters{};
  std::size_t count = parameters.size();
  EXPECT_EQ(H5Pget_filter2(create.get(), 0, &flags, &count, parameters.data(), 0, nullptr, nullptr),
            H5Z_FILTER_SHUFFLE);
  count = parameters.size();
  EXPECT_EQ(H5Pget_filter2(create.get(), 1, &flags, &count, parameters.data(), 0, nullptr, nullptr),
            H5Z_FILTER_DEFLATE);
  EXPECT_EQ(parameters[0], DEFLATE_LEVEL);
}

TEST_F(Hdf5DatasetTest, TextIsAScalarStringDataset) {
  File file = File::create(path("text.h5"));
  const Dataset text = write_text_dataset(file, "text", "cyres: 1\nname: varnia\n");
  EXPECT_TRUE(shape(text).empty());
  EXPECT_EQ(read_dataset<std::string>(text), std::vector<std::string>{"cyres: 1\nname: varnia\n"});
}

TEST_F(Hdf5DatasetTest, WithoutModificationTimesEqualDataGiveEqualBytes) {
  const auto write = [&](const std::string& name) {
    File file = File::create(path(name));
    const std::vector<double> values(5000, 0.5);
    const Dataset x = write_dataset(file, "x", values, {}, {.track_times = false});
    const Handle create(H5Dget_create_plist(x.id()));
    hbool_t track = true;
    EXPECT_GE(H5Pget_obj_track_times(create.get(), &track), 0);
    EXPECT_FALSE(track);
    write_dataset(file, "names", std::vector<std::string>{"a", "b"}, {}, {.track_times = false});
    return file;
  };
  File first = write("first.h5");
  File second = write("second.h5");
  first.close();
  second.close();
  const auto bytes = [&](const std::string& name) {
    std::ifstream in(path(name), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  EXPECT_EQ(bytes("first.h5"), bytes("second.h5"));

  File timed = File::create(path("timed.h5"));
  const Dataset x = write_dataset(timed, "x", std::vector<double>{1});
  const Handle create(H5Dget_create_plist(x.id()));
  hbool_t track = false;
  EXPECT_GE(H5Pget_obj_track_times(create.get(), &track), 0);
  EXPECT_TRUE(track);  // the default, as results files have always been written
}

TEST_F(Hdf5DatasetTest, DimensionScalesAttachToTheirDimension) {
  File file = File::create(path("scales.h5"));
  const Dataset time = write_dataset(file, "time", std::vector<double>{1, 2, 3});
  make_scale(time, "time");
  const Dataset sector = write_dataset(file, "sector", std::vector<std::string>{"a", "b"});
  make_scale(sector, "sector");
  const Dataset data = write_dataset(file, "data", std::vector<double>(6, 0.5), Dims{3, 2});
  attach_scale(data, time, 0, "time");
  attach_scale(data, sector, 1, "sector");
  EXPECT_TRUE(is_attached(data, time, 0));
  EXPECT_FALSE(is_attached(data, time, 1));
  EXPECT_TRUE(is_attached(data, sector, 1));
  EXPECT_GT(H5DSis_scale(time.id()), 0);
  std::array<char, 16> label{};
  H5DSget_label(data.id(), 1, label.data(), label.size());
  EXPECT_STREQ(label.data(), "sector");
  EXPECT_THROW(attach_scale(data, time, 5, "nowhere"), Error);
}

TEST_F(Hdf5DatasetTest, DatasetMisfitsAreErrors) {
  File file = File::create(path("misfit.h5"));
  try {
    write_dataset(file, "x", std::vector<double>{1, 2, 3}, Dims{2, 2});
    FAIL() << "expected h5::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.object(), "dataset '/x'");
    EXPECT_EQ(error.reason(), "its shape 2x2 holds 4 values but 3 were given");
  }
  const Dataset numbers = write_dataset(file, "numbers", std::vector<std::int32_t>{1, 2});
  try {
    read_dataset<std::string>(numbers);
    FAIL() << "expected h5::Error";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()),
              "HDF5: cannot read dataset '/numbers': it holds integers; expected fixed-length "
              "strings");
  }
  EXPECT_THROW(write_dataset(file, "numbers", std::vector<double>{1}), Error);  // exists
  EXPECT_THAT([&] { open_dataset(file, "missing"); },
              ::testing::ThrowsMessage<Error>(HasSubstr("cannot open dataset '/missing'")));
}

}  // namespace
}  // namespace cyres::h5
