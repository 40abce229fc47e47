#pragma once
// What the HDF5 layer's tests share: a fresh temporary directory per test, the
// values each Element type round-trips, and readable names for typed tests.

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "sim/hdf5/hdf5.hpp"

namespace cyres::h5::test {

class Hdf5Test : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "_" + info->name();
    for (char& c : name) c = (c == '/') ? '_' : c;
    dir_ = std::filesystem::temp_directory_path() /
           ("cyres_hdf5_" + std::to_string(::getpid()) + "_" + name);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

//! Values of T that must survive a round trip: the extremes and ordinary ones.
template <class T>
std::vector<T> samples() {
  if constexpr (std::is_same_v<T, std::string>) {
    return {"energy", "", "Zürich – ŵater", "a,b;c", std::string(300, 'x')};
  } else {
    using limits = std::numeric_limits<T>;
    return {limits::lowest(), T{0}, T{1}, static_cast<T>(limits::max() / 3), limits::max()};
  }
}

using ElementTypes =
    ::testing::Types<double, float, std::int8_t, std::uint8_t, std::int16_t, std::uint16_t,
                     std::int32_t, std::uint32_t, std::int64_t, std::uint64_t, std::string>;

//! Typed tests named by their type ("double", "uint16"), so that ctest's
//! names say which type failed and stay the same from run to run.
struct ElementName {
  template <class T>
  // NOLINTNEXTLINE(readability-identifier-naming): the name gtest calls
  static std::string GetName(int /*index*/) {
    if constexpr (std::is_same_v<T, double>) return "double";
    if constexpr (std::is_same_v<T, float>) return "float";
    if constexpr (std::is_same_v<T, std::int8_t>) return "int8";
    if constexpr (std::is_same_v<T, std::uint8_t>) return "uint8";
    if constexpr (std::is_same_v<T, std::int16_t>) return "int16";
    if constexpr (std::is_same_v<T, std::uint16_t>) return "uint16";
    if constexpr (std::is_same_v<T, std::int32_t>) return "int32";
    if constexpr (std::is_same_v<T, std::uint32_t>) return "uint32";
    if constexpr (std::is_same_v<T, std::int64_t>) return "int64";
    if constexpr (std::is_same_v<T, std::uint64_t>) return "uint64";
    if constexpr (std::is_same_v<T, std::string>) return "string";
  }
};

//! Whether HDF5 datatype `type` equals the one the layer keeps T in memory
//! with (and so stores T as): for strings, fixed-length UTF-8, NUL-padded.
template <class T>
bool stored_as(hid_t type) {
  if constexpr (std::is_same_v<T, std::string>) {
    return H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) == 0 &&
           H5Tget_cset(type) == H5T_CSET_UTF8 && H5Tget_strpad(type) == H5T_STR_NULLPAD;
  } else {
    const Type expected = native_type<T>();
    return H5Tequal(type, expected.get()) > 0;
  }
}

}  // namespace cyres::h5::test
