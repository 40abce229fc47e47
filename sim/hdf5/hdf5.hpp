#pragma once
// The HDF5 layer: the only code in cyres that calls the HDF5 C API (serial
// libhdf5 1.10), for reading and writing alike. After OpenMC's
// hdf5_interface, with every identifier owned by a Handle and every call
// checked, so that a failure is an h5::Error naming the object.
//
//   hdf5_error     h5::Error and the checks that raise it
//   hdf5_handle    Handle: one owned hid_t
//   hdf5_file      File, Group, Dataset; links between them
//   hdf5_type      the type map: Element, native_type<T>, strings, booleans
//   hdf5_attribute write_attribute / read_attribute
//   hdf5_dataset   write_dataset / read_dataset of whole datasets, any shape
//   hdf5_column    1-D datasets as table columns: block reads, appends
//   hdf5_scale     dimension scales
//   hdf5_isolation reading an untrusted file in a forked child first

#include "sim/hdf5/hdf5_attribute.hpp"
#include "sim/hdf5/hdf5_column.hpp"
#include "sim/hdf5/hdf5_dataset.hpp"
#include "sim/hdf5/hdf5_error.hpp"
#include "sim/hdf5/hdf5_file.hpp"
#include "sim/hdf5/hdf5_handle.hpp"
#include "sim/hdf5/hdf5_isolation.hpp"
#include "sim/hdf5/hdf5_scale.hpp"
#include "sim/hdf5/hdf5_type.hpp"
