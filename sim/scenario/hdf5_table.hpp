#pragma once
// Names and codes of the HDF5 scenario tables (docs/scenario-format.md,
// "HDF5 tables"), shared by the loader, which reads them, and the scenario
// generator, which writes them. One 1-D dataset per column; names of sectors,
// organisations and states (regions in version 1) are integer codes into a
// `*_labels` dataset; link ends are row indices of the assets table, so
// loading needs no string lookup per link.

#include <cstdint>
#include <string_view>

namespace cyres::hdf5_table {

inline constexpr std::int32_t VERSION = 1;                    //!< root attribute `version`
inline constexpr const char* KIND_ATTRIBUTE = "cyres_table";  //!< "assets" or "links"
inline constexpr std::int64_t EMPTY = -2;       //!< integer cell left empty: asset_defaults
inline constexpr std::int64_t NEVER_CODE = -1;  //!< manual_restoration = never

//! Whether a table path names an HDF5 table (extension .h5 or .hdf5) rather than CSV.
inline bool is_hdf5_path(std::string_view path) {
  return path.ends_with(".h5") || path.ends_with(".hdf5");
}

}  // namespace cyres::hdf5_table
