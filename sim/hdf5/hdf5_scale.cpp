#include "sim/hdf5/hdf5_scale.hpp"

#include <hdf5_hl.h>

#include <string>

#include <fmt/format.h>

namespace cyres::h5 {

using detail::check;
using detail::Failure;

void make_scale(const Dataset& scale, std::string_view name) {
  const std::string key(name);
  check(H5DSset_scale(scale.id(), key.c_str()), [&] {
    return Failure{"cannot make a dimension scale of", fmt::format("dataset '{}'", scale.path())};
  });
}

void attach_scale(const Dataset& dataset, const Dataset& scale, unsigned dim,
                  std::string_view label) {
  const std::string text(label);
  auto what = [&] {
    return Failure{fmt::format("cannot attach scale '{}' to dimension {} of", scale.path(), dim),
                   fmt::format("dataset '{}'", dataset.path())};
  };
  check(H5DSattach_scale(dataset.id(), scale.id(), dim), what);
  check(H5DSset_label(dataset.id(), dim, text.c_str()), what);
}

bool is_attached(const Dataset& dataset, const Dataset& scale, unsigned dim) {
  return detail::check_tri(H5DSis_attached(dataset.id(), scale.id(), dim), [&] {
    return Failure{fmt::format("cannot query scale '{}' on", scale.path()),
                   fmt::format("dataset '{}'", dataset.path())};
  });
}

}  // namespace cyres::h5
