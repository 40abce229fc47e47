// Attributes through the one typed template: every Element type round-trips
// as a scalar and as an array, stored with exactly its type; strings are
// fixed-length UTF-8 and booleans h5py's enum; a read that does not fit the
// stored value, or a variable-length string, is an h5::Error.

#include "sim/hdf5/hdf5_attribute.hpp"

#include <span>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/sim/hdf5/hdf5_fixture.hpp"

namespace cyres::h5 {
namespace {

class Hdf5AttributeTest : public test::Hdf5Test {};

template <class T>
class Hdf5AttributeTypes : public test::Hdf5Test {};
TYPED_TEST_SUITE(Hdf5AttributeTypes, test::ElementTypes, test::ElementName);

TYPED_TEST(Hdf5AttributeTypes, ScalarsAndArraysRoundTripWithTheirType) {
  using T = TypeParam;
  const std::vector<T> values = test::samples<T>();
  const std::string file_path = this->path("attributes.h5");
  {
    File file = File::create(file_path);
    Group group = create_group(file, "g");
    for (std::size_t k = 0; k < values.size(); ++k) {
      write_attribute(group, "scalar" + std::to_string(k), values[k]);
    }
    write_attribute(group, "vector", values);
    write_attribute(group, "span", std::span<const T>(values).subspan(1));
    write_attribute(group, "empty", std::vector<T>{});
    group.close();
    file.close();
  }
  const File file = File::open_read_only(file_path);
  const Group group = open_group(file, "g");
  for (std::size_t k = 0; k < values.size(); ++k) {
    EXPECT_EQ(read_attribute<T>(group, "scalar" + std::to_string(k)), values[k]) << k;
  }
  EXPECT_EQ(read_attribute<std::vector<T>>(group, "vector"), values);
  EXPECT_EQ(read_attribute<std::vector<T>>(group, "span"),
            std::vector<T>(values.begin() + 1, values.end()));
  EXPECT_TRUE(read_attribute<std::vector<T>>(group, "empty").empty());

  const Handle attribute(H5Aopen(group.id(), "scalar0", H5P_DEFAULT));
  const Handle type(H5Aget_type(attribute.get()));
  EXPECT_TRUE(test::stored_as<T>(type.get()));
}

TEST_F(Hdf5AttributeTest, StringAttributesAreFixedLengthUtf8AndLiteralsAreStrings) {
  File file = File::create(path("text.h5"));
  write_attribute(file, "literal", "Zürich – ok");
  write_attribute(file, "view", std::string_view("view"));
  write_attribute(file, "literal", "rewritten");  // rewriting replaces
  EXPECT_EQ(read_attribute<std::string>(file, "literal"), "rewritten");
  EXPECT_EQ(read_attribute<std::string>(file, "view"), "view");
  const Handle attribute(H5Aopen(file.id(), "literal", H5P_DEFAULT));
  const Handle type(H5Aget_type(attribute.get()));
  EXPECT_EQ(H5Tis_variable_str(type.get()), 0);
  EXPECT_EQ(H5Tget_size(type.get()), std::string("rewritten").size());
  EXPECT_EQ(H5Tget_cset(type.get()), H5T_CSET_UTF8);
  EXPECT_EQ(H5Tget_strpad(type.get()), H5T_STR_NULLPAD);
  write_attribute(file, "empty", "");  // one NUL byte: HDF5 has no zero-width strings
  EXPECT_EQ(read_attribute<std::string>(file, "empty"), "");
}

TEST_F(Hdf5AttributeTest, VariableLengthStringsAreRefusedBeforeTheirTextIsRead) {
  File file = File::create(path("vlen.h5"));
  {
    // As cyres wrote strings before results format 2.1, and h5py writes str.
    const Handle type(H5Tcopy(H5T_C_S1));
    ASSERT_GE(H5Tset_size(type.get(), H5T_VARIABLE), 0);
    const Handle space(H5Screate(H5S_SCALAR));
    const Handle attribute(
        H5Acreate2(file.id(), "vlen", type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT));
    const char* text = "old";
    ASSERT_GE(H5Awrite(attribute.get(), type.get(), &text), 0);
  }
  EXPECT_EQ(attribute_kind(file, "vlen"), ValueKind::variable_string);
  try {
    read_attribute<std::string>(file, "vlen");
    FAIL() << "expected h5::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.reason(),
              "it holds variable-length strings, which cyres does not read (a damaged one can "
              "crash libhdf5); expected fixed-length strings");
  }
}

TEST_F(Hdf5AttributeTest, BooleansAreH5pysEnumAndRoundTrip) {
  File file = File::create(path("bool.h5"));
  write_attribute(file, "yes", true);
  write_attribute(file, "no", false);
  EXPECT_TRUE(read_attribute<bool>(file, "yes"));
  EXPECT_FALSE(read_attribute<bool>(file, "no"));

  const Handle attribute(H5Aopen(file.id(), "yes", H5P_DEFAULT));
  const Handle type(H5Aget_type(attribute.get()));
  EXPECT_EQ(H5Tget_class(type.get()), H5T_ENUM);
  EXPECT_EQ(H5Tget_size(type.get()), 1U);
  std::int8_t stored = 0;
  ASSERT_GE(H5Aread(attribute.get(), type.get(), &stored), 0);
  char member[8] = {};
  ASSERT_GE(H5Tenum_nameof(type.get(), &stored, member, sizeof member), 0);
  EXPECT_STREQ(member, "TRUE");
}

TEST_F(Hdf5AttributeTest, NumbersReadConvertedFromAnyNumericType) {
  File file = File::create(path("convert.h5"));
  write_attribute(file, "count", std::uint16_t{7});
  EXPECT_EQ(read_attribute<double>(file, "count"), 7.0);
  EXPECT_EQ(read_attribute<std::int64_t>(file, "count"), 7);
}

TEST_F(Hdf5AttributeTest, AttributeReadsThatDoNotFitAreErrors) {
  File file = File::create(path("misfit.h5"));
  write_attribute(file, "text", "words");
  write_attribute(file, "three", std::vector<double>{1, 2, 3});
  try {
    read_attribute<double>(file, "text");
    FAIL() << "expected h5::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.object(), "attribute 'text' of '/'");
    EXPECT_EQ(error.reason(), "it holds fixed-length strings; expected numbers");
  }
  try {
    read_attribute<double>(file, "three");  // one value from an array of three
    FAIL() << "expected h5::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.reason(), "it holds 3 values; expected one");
  }
  EXPECT_THROW(read_attribute<std::vector<std::string>>(file, "three"), Error);
  EXPECT_THROW(read_attribute<bool>(file, "three"), Error);
  try {
    read_attribute<double>(file, "missing");
    FAIL() << "expected h5::Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.action(), "cannot open");
    EXPECT_EQ(error.object(), "attribute 'missing' of '/'");
  }
  EXPECT_TRUE(has_attribute(file, "text"));
  EXPECT_FALSE(has_attribute(file, "missing"));
}

}  // namespace
}  // namespace cyres::h5
