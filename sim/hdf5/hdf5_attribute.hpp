#pragma once
// Attributes: one template to write any value the layer stores, one to read
// it back, both driven by native_type<T>.

#include <concepts>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "sim/hdf5/hdf5_file.hpp"
#include "sim/hdf5/hdf5_type.hpp"

namespace cyres::h5 {

namespace detail {
//! How messages name attribute `name` of `obj`: "attribute 'units' of '/g/x'".
std::string attribute_name(const Object& obj, std::string_view name);
//! Creates attribute `name` of `obj` (replacing one of that name) of `type`
//! and shape `dims` ({} = scalar), and writes `data`, laid out as `type` says.
void write_attribute_raw(const Object& obj, std::string_view name, hid_t type, const Dims& dims,
                         const void* data);
Handle open_attribute(const Object& obj, std::string_view name);
//! The most bytes an attribute read may take in memory [bytes]: attributes
//! hold names, units and short lists, never bulk data.
inline constexpr hsize_t MAX_ATTRIBUTE_BYTES = hsize_t{1} << 26;
//! The type and number of values of attribute `attribute`, once checked to
//! read as `want` into values of `value_bytes` bytes each, at most
//! MAX_ATTRIBUTE_BYTES in all.
Stored readable(hid_t attribute, Want want, std::size_t value_bytes, const Describe& what);
void read_attribute_raw(hid_t attribute, hid_t memory_type, void* buffer, const Describe& what);

//! Whether T is a std::vector of Elements.
template <class T>
struct IsElementVector : std::false_type {};
template <Element E>
struct IsElementVector<std::vector<E>> : std::true_type {};
}  // namespace detail

//! A value write_attribute stores as a scalar: a bool, an Element number, or
//! text (anything that converts to std::string_view, literals included).
template <class T>
concept ScalarAttribute =
    std::same_as<T, bool> || Element<T> || std::convertible_to<const T&, std::string_view>;
//! A value write_attribute stores as a 1-D array: a contiguous range of
//! Elements, e.g. std::span<const double> or std::vector<std::string>.
template <class T>
concept ArrayAttribute = ElementRange<T> && !std::convertible_to<const T&, std::string_view>;
template <class T>
concept AttributeValue = ScalarAttribute<T> || ArrayAttribute<T>;

//! Writes attribute `name` of `obj`, replacing one of the same name.
template <AttributeValue T>
void write_attribute(const Object& obj, std::string_view name, const T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    static_assert(sizeof(bool) == 1, "bool is stored from memory as one int8");
    detail::write_attribute_raw(obj, name, native_type<bool>().get(), {}, &value);
  } else if constexpr (std::convertible_to<const T&, std::string_view>) {
    const std::string text(std::string_view{value});
    const detail::WriteBuffer<std::string> buffer{std::span<const std::string>(&text, 1)};
    detail::write_attribute_raw(obj, name, buffer.type(), {}, buffer.data());
  } else if constexpr (Element<T>) {
    detail::write_attribute_raw(obj, name, native_type<T>().get(), {}, &value);
  } else {
    using E = std::ranges::range_value_t<T>;
    const std::span<const E> values(std::ranges::data(value), std::ranges::size(value));
    const detail::WriteBuffer<E> buffer(values);
    detail::write_attribute_raw(obj, name, buffer.type(), Dims{values.size()}, buffer.data());
  }
}

//! The `units` attribute every numeric dataset carries ("1" for dimensionless).
void set_units(const Object& obj, std::string_view units);
bool has_attribute(const Object& obj, std::string_view name);
//! What attribute `name` of `obj` stores.
ValueKind attribute_kind(const Object& obj, std::string_view name);

//! What read_attribute returns: a bool, an Element (the attribute must hold
//! exactly one value) or a std::vector of Elements (any number of values).
template <class T>
concept ReadableAttribute =
    std::same_as<T, bool> || Element<T> || detail::IsElementVector<T>::value;

//! Reads attribute `name` of `obj` as T. Numbers are converted by HDF5 from
//! any integer or floating-point type.
template <ReadableAttribute T>
T read_attribute(const Object& obj, std::string_view name) {
  const Handle attribute = detail::open_attribute(obj, name);
  const detail::Describe what = [&] {
    return detail::Failure{"cannot read", detail::attribute_name(obj, name)};
  };
  auto read = [&](hid_t memory_type, void* buffer) {
    detail::read_attribute_raw(attribute.get(), memory_type, buffer, what);
  };
  if constexpr (detail::IsElementVector<T>::value) {
    using E = typename T::value_type;
    const detail::Stored stored = detail::readable(attribute.get(), want_of<E>(), sizeof(E), what);
    T values(static_cast<std::size_t>(stored.count));
    detail::read_values(std::span<E>(values), stored.type.get(), read, what);
    return values;
  } else {
    const detail::Stored stored = detail::readable(attribute.get(), want_of<T>(), sizeof(T), what);
    if (stored.count != 1) {
      const detail::Failure failure = what();
      throw Error(failure.action, failure.object,
                  fmt::format("it holds {} values; expected one", stored.count));
    }
    T value{};
    detail::read_values(std::span<T>(&value, 1), stored.type.get(), read, what);
    return value;
  }
}

}  // namespace cyres::h5
