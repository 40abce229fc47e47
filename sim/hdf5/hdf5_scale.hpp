#pragma once
// Dimension scales (H5DS): datasets that label the dimensions of others, which
// h5py shows as ds.dims[i][0] and ds.dims[i].label.

#include <string_view>

#include "sim/hdf5/hdf5_file.hpp"

namespace cyres::h5 {

//! Marks `scale` as a dimension scale named `name` (h5py: dims[i][name]).
void make_scale(const Dataset& scale, std::string_view name);
//! Attaches `scale` to dimension `dim` of `dataset` and labels that dimension
//! with the scale's role (h5py: dims[dim].label).
void attach_scale(const Dataset& dataset, const Dataset& scale, unsigned dim,
                  std::string_view label);
//! Whether `scale` is attached to dimension `dim` of `dataset`.
bool is_attached(const Dataset& dataset, const Dataset& scale, unsigned dim);

}  // namespace cyres::h5
