// 1-D datasets as table columns: growable datasets take appends of any size,
// block reads return exactly the rows asked for wherever chunks begin and end,
// and stored_capacity tells a forged length from a real one.

#include "sim/hdf5/hdf5_column.hpp"

#include <algorithm>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/hdf5/hdf5_attribute.hpp"
#include "tests/sim/hdf5/hdf5_fixture.hpp"

namespace cyres::h5 {
namespace {

class Hdf5ColumnTest : public test::Hdf5Test {};

//! Row i of a test column of T.
template <class T>
T row_value(std::size_t i) {
  if constexpr (std::is_same_v<T, std::string>) {
    return "row" + std::to_string(i);
  } else {
    return static_cast<T>(i % 100);
  }
}

template <class T>
class Hdf5ColumnTypes : public test::Hdf5Test {};
TYPED_TEST_SUITE(Hdf5ColumnTypes, test::ElementTypes, test::ElementName);

TYPED_TEST(Hdf5ColumnTypes, AppendsAndBlockReadsCrossChunkBoundaries) {
  using T = TypeParam;
  constexpr std::size_t ROWS = 1000;
  constexpr hsize_t CHUNK = 64;
  std::vector<T> expected(ROWS);
  for (std::size_t i = 0; i < ROWS; ++i) expected[i] = row_value<T>(i);
  File file = File::create(this->path("column.h5"));
  const Dataset column = create_growable<T>(
      file, "column", {.chunk_rows = CHUNK, .deflate_level = 1, .string_width = 8});
  EXPECT_EQ(row_count(column), 0U);
  // Appends of 37 rows: most of them start and end inside a chunk.
  for (std::size_t first = 0; first < ROWS; first += 37) {
    const std::size_t count = std::min<std::size_t>(37, ROWS - first);
    append(column, std::span<const T>(expected).subspan(first, count));
    EXPECT_EQ(row_count(column), first + count);
  }
  append(column, std::vector<T>{});  // nothing to add
  EXPECT_EQ(row_count(column), ROWS);
  EXPECT_EQ(read_dataset<T>(column), expected);

  // Blocks of 100 rows from odd starts: each spans two or three chunks.
  for (std::size_t first : {0U, 1U, 63U, 64U, 500U, 900U}) {
    std::vector<T> block(100);
    read_rows<T>(column, first, block);
    EXPECT_TRUE(std::equal(block.begin(), block.end(), expected.begin() + first)) << first;
  }
  std::vector<T> last(1);
  read_rows<T>(column, ROWS - 1, last);
  EXPECT_EQ(last.front(), expected.back());
  read_rows<T>(column, ROWS, std::span<T>());  // an empty block at the end is fine
}

TEST_F(Hdf5ColumnTest, GrowableLayoutSetsChunksAndFilters) {
  File file = File::create(path("layout.h5"));
  const Dataset plain = create_growable<double>(file, "plain", {.chunk_rows = 10});
  const Dataset packed =
      create_growable<double>(file, "packed", {.chunk_rows = 20, .deflate_level = 3});
  EXPECT_FALSE(is_compressed(plain));
  EXPECT_TRUE(is_compressed(packed));
  const Handle create(H5Dget_create_plist(packed.id()));
  hsize_t chunk = 0;
  ASSERT_EQ(H5Pget_chunk(create.get(), 1, &chunk), 1);
  EXPECT_EQ(chunk, 20U);
  const Handle space(H5Dget_space(packed.id()));
  hsize_t rows = 1;
  hsize_t max_rows = 0;
  H5Sget_simple_extent_dims(space.get(), &rows, &max_rows);
  EXPECT_EQ(rows, 0U);
  EXPECT_EQ(max_rows, H5S_UNLIMITED);
}

TEST_F(Hdf5ColumnTest, RowsOutsideTheDatasetOrOfAnotherRankAreErrors) {
  File file = File::create(path("rows.h5"));
  const Dataset column = write_dataset(file, "column", std::vector<double>{1, 2, 3});
  std::vector<double> block(2);
  try {
    read_rows<double>(column, 2, block);
    FAIL() << "expected h5::Error";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()),
              "HDF5: cannot read rows 2..3 of dataset '/column': it has 3 rows");
  }
  std::vector<std::string> text(1);
  EXPECT_THROW(read_rows<std::string>(column, 0, text), Error);
  const Dataset matrix = write_dataset(file, "matrix", std::vector<double>(4, 1.0), Dims{2, 2});
  try {
    row_count(matrix);
    FAIL() << "expected h5::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.reason(), "it has 2 dimensions; expected one");
  }
  EXPECT_THROW(append(matrix, std::vector<double>{1.0}), Error);
  EXPECT_THROW(append(column, std::vector<double>{4.0}), Error);  // not growable
}

TEST_F(Hdf5ColumnTest, StringColumnsHaveTheirDeclaredWidth) {
  File file = File::create(path("strings.h5"));
  EXPECT_THROW(create_growable<std::string>(file, "no_width"), Error);
  const Dataset ids = create_growable<std::string>(file, "ids", {.string_width = 4});
  append(ids, std::vector<std::string>{"a", "abcd", ""});
  try {
    append(ids, std::vector<std::string>{"abcde"});
    FAIL() << "expected h5::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.reason(), "a string is longer than the column's 4 bytes");
  }
  EXPECT_EQ(row_count(ids), 3U);
  EXPECT_EQ(read_dataset<std::string>(ids), (std::vector<std::string>{"a", "abcd", ""}));
}

TEST_F(Hdf5ColumnTest, StoredCapacityHoldsWrittenRowsAndExposesForgedLengths) {
  File file = File::create(path("capacity.h5"));
  std::vector<std::int64_t> values(1000);
  std::iota(values.begin(), values.end(), 0);
  const Dataset contiguous =
      write_dataset(file, "contiguous", values, {}, {.compression = Compression::none});
  EXPECT_EQ(stored_capacity(contiguous), 1000U);
  const Dataset deflated =
      write_dataset(file, "deflated", values, {}, {.compression = Compression::deflate});
  EXPECT_GE(stored_capacity(deflated), 1000U);
  const Dataset grown = create_growable<std::int64_t>(file, "grown", {.chunk_rows = 100});
  append(grown, values);
  EXPECT_EQ(stored_capacity(grown), 1000U);  // ten whole chunks
  const Dataset empty = create_growable<std::string>(file, "empty", {.string_width = 4});
  EXPECT_EQ(stored_capacity(empty), 0U);

  // A length claimed without data: chunks never written hold no rows.
  const hsize_t forged = hsize_t{1} << 40;
  ASSERT_GE(H5Dset_extent(grown.id(), &forged), 0);
  EXPECT_EQ(row_count(grown), forged);
  EXPECT_EQ(stored_capacity(grown), 1000U);
  // A whole-dataset read checks the claim before allocating for it.
  try {
    read_dataset<std::int64_t>(grown);
    FAIL() << "expected h5::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.reason(),
              "it claims 1099511627776 values, but its stored data hold at most "
              "1000; the file is damaged");
  }
}

}  // namespace
}  // namespace cyres::h5
