#pragma once
// Streaming writers of the asset and link tables of a generated scenario, as
// CSV (docs/scenario-format.md, "assets.csv", "links.csv") or HDF5 ("HDF5
// tables"). Rows are buffered in blocks and written as they come, so a table of
// 10^7 links never sits in memory. Output bytes depend only on the rows.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cyres::generate {

struct AssetRow {
  std::string id;
  std::uint16_t sector = 0;        //!< index into the sector labels
  std::uint16_t organisation = 0;  //!< index into the organisation labels
  std::uint32_t region = 0;        //!< index into the region labels
  double criticality = 1.0;        //!< w_i [1]
  double vulnerability = 0.5;      //!< nu_i [1]
  double detection = 0.01;         //!< d_i per step [1]
  double threshold = 1.0;          //!< theta_i [1]
  std::int32_t buffer = 0;         //!< b_i [steps]
  std::int32_t restore = 0;        //!< r_i [steps]
  std::int32_t manual = -2;        //!< m_i [steps]; -2 empty (scenario default), -1 never
};

struct LinkRow {
  std::uint32_t source = 0;  //!< asset row
  std::uint32_t target = 0;  //!< asset row
  std::uint8_t type = 1;     //!< 1 network, 2 dependency, 3 both
  double probability = 0.0;  //!< p_uv per step (network and both)
  double weight = 1.0;       //!< w_uv [1]
};

//! Labels of the coded columns, in code order.
struct TableLabels {
  std::vector<std::string> sectors, organisations, regions;
};

class TableWriter {
 public:
  virtual ~TableWriter() = default;
  virtual void asset(const AssetRow& row) = 0;
  virtual void link(const LinkRow& row) = 0;
  //! Flushes and closes both tables; throws OutputError on failure.
  virtual void close() = 0;
};

//! The id of asset row i (CSV links name their ends by id).
using IdOf = std::function<void(std::uint32_t, std::string&)>;

//! Where the two tables go (the generator's temporaries, renamed when complete).
struct TablePaths {
  std::string assets, links;
};

//! The asset and link tables as CSV.
std::unique_ptr<TableWriter> make_csv_writer(const TablePaths& paths, const TableLabels& labels,
                                             IdOf id_of);
//! The asset and link tables as HDF5.
std::unique_ptr<TableWriter> make_hdf5_writer(const TablePaths& paths, const TableLabels& labels);

}  // namespace cyres::generate
