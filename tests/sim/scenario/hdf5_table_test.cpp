// HDF5 scenario tables (docs/scenario-format.md, "HDF5 tables"): the same
// scenario loads to equal tables from CSV and HDF5, and bad tables give
// located, typed errors, before any column's data is read where the shape
// alone is wrong.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <hdf5.h>
#include <unistd.h>
#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/core/error.hpp"
#include "sim/generate/scenario_generator.hpp"
#include "sim/hdf5/hdf5.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/readers.hpp"

namespace cyres {
namespace {

namespace fs = std::filesystem;

class Hdf5TableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fmt::format("cyres_h5t_{}_{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  //! A generated HDF5 scenario in `name`.
  std::string generated(const std::string& name, generate::TableFormat format) const {
    generate::GeneratorOptions o;
    o.assets = 2000;
    o.seed = 11;
    o.format = format;
    return generate::generate_scenario(path(name), o).yaml_path;
  }

  //! The generated scenario's YAML with its links table replaced by `links_file`.
  std::string with_links(const std::string& yaml, const std::string& links_file) const {
    std::ifstream in(yaml);
    std::ostringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    const auto at = s.find("links: links.h5");
    s.replace(at, std::string("links: links.h5").size(), "links: " + links_file);
    const std::string out = (fs::path(yaml).parent_path() / "bad.yaml").string();
    std::ofstream(out) << s;
    return out;
  }

  fs::path dir_;
};

// A links table of three rows with the given probabilities and ends.
void write_links(const std::string& file, const std::vector<std::uint32_t>& source,
                 const std::vector<double>& probability, const std::string& weight_name = "weight",
                 const std::vector<std::uint32_t>& target = {10, 11, 12}) {
  h5::File f = h5::File::create(file);
  h5::write_attribute(f, "cyres_table", "links");
  h5::write_attribute(f, "version", std::int32_t{1});
  const std::vector<std::int32_t> type = {1, 2, 1};
  const std::vector<double> weight = {1.0, 2.0, 1.0};
  h5::write_dataset(f, "source", source);
  h5::write_dataset(f, "target", target);
  h5::write_dataset(f, "type", type);
  h5::write_dataset(f, "probability", probability);
  h5::write_dataset(f, weight_name, weight);
  f.close();
}

template <class Error, class Load>
std::string error_of(Load load) {
  try {
    load();
  } catch (const Error& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "wrong error type: " << e.what();
    return "";
  }
  ADD_FAILURE() << "expected an error";
  return "";
}

TEST_F(Hdf5TableTest, CsvAndHdf5OfTheSameScenarioLoadToEqualTables) {
  const Scenario c = load_scenario(generated("csv", generate::TableFormat::csv));
  const Scenario h = load_scenario(generated("h5", generate::TableFormat::hdf5));
  ASSERT_EQ(c.assets.size(), h.assets.size());
  EXPECT_EQ(c.assets.id, h.assets.id);
  EXPECT_EQ(c.assets.sector, h.assets.sector);
  EXPECT_EQ(c.assets.organisation, h.assets.organisation);
  EXPECT_EQ(c.assets.criticality, h.assets.criticality);
  EXPECT_EQ(c.assets.vulnerability, h.assets.vulnerability);
  EXPECT_EQ(c.assets.detection, h.assets.detection);
  EXPECT_EQ(c.assets.buffer, h.assets.buffer);
  EXPECT_EQ(c.assets.threshold, h.assets.threshold);
  EXPECT_EQ(c.assets.restore, h.assets.restore);
  EXPECT_EQ(c.assets.manual_restoration, h.assets.manual_restoration);
  ASSERT_EQ(c.links.size(), h.links.size());
  EXPECT_EQ(c.links.source, h.links.source);
  EXPECT_EQ(c.links.target, h.links.target);
  EXPECT_EQ(c.links.kind, h.links.kind);
  EXPECT_EQ(c.links.probability, h.links.probability);
  EXPECT_EQ(c.links.weight, h.links.weight);
  EXPECT_EQ(c.campaigns.size(), h.campaigns.size());
  // The recorded "text" of an HDF5 table is its size and hash, not its bytes.
  EXPECT_TRUE(h.source.links_text.starts_with("HDF5 table: "));
}

TEST_F(Hdf5TableTest, CorruptedTableGivesLocatedInputError) {
  const std::string yaml = generated("h5", generate::TableFormat::hdf5);
  const std::string links = path("h5/links.h5");
  {
    std::fstream f(links, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(fs::file_size(links) / 2));
    const std::string garbage(4096, '\xa5');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  const std::string message = error_of<InputError>([&] { load_scenario(yaml); });
  EXPECT_NE(message.find("links.h5"), std::string::npos) << message;
  EXPECT_NE(message.find("dataset '"), std::string::npos) << message;
}

TEST_F(Hdf5TableTest, ProbabilityOutOfRangeNamesDatasetRowAndValue) {
  const std::string yaml = generated("h5", generate::TableFormat::hdf5);
  write_links(path("h5/bad.h5"), {0, 1, 2}, {0.1, 0.0, 1.5});
  const std::string message =
      error_of<ValueError>([&] { load_scenario(with_links(yaml, "bad.h5")); });
  EXPECT_NE(message.find("bad.h5: dataset 'probability', row 2: value '1.5' is out of range; "
                         "expected a probability in [0, 1]"),
            std::string::npos)
      << message;
}

TEST_F(Hdf5TableTest, UnknownAssetRowIsAReferenceError) {
  const std::string yaml = generated("h5", generate::TableFormat::hdf5);
  write_links(path("h5/bad.h5"), {0, 2000, 2}, {0.1, 0.0, 0.2});
  const std::string message =
      error_of<ReferenceError>([&] { load_scenario(with_links(yaml, "bad.h5")); });
  EXPECT_NE(message.find("dataset 'source', row 1: asset row 2000 is not in the assets table"),
            std::string::npos)
      << message;
}

// Row `row` of dataset `name` of `file` := `value`, as the dataset stores it,
// with libhdf5's own calls (cyres writes whole tables).
void overwrite_row(const std::string& file, const char* name, hsize_t row, const void* value,
                   bool write = true, void* read = nullptr) {
  const hid_t f = H5Fopen(file.c_str(), write ? H5F_ACC_RDWR : H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const hid_t set = H5Dopen2(f, name, H5P_DEFAULT);
  const hid_t type = H5Dget_type(set);
  const hid_t space = H5Dget_space(set);
  const hsize_t one = 1;
  H5Sselect_hyperslab(space, H5S_SELECT_SET, &row, nullptr, &one, nullptr);
  const hid_t memory = H5Screate_simple(1, &one, nullptr);
  if (write) {
    EXPECT_GE(H5Dwrite(set, type, memory, space, H5P_DEFAULT, value), 0);
  }
  if (read != nullptr) {
    EXPECT_GE(H5Dread(set, type, memory, space, H5P_DEFAULT, read), 0);
  }
  H5Sclose(memory);
  H5Sclose(space);
  H5Tclose(type);
  H5Dclose(set);
  H5Fclose(f);
}

// The reading child does not index the asset ids: the parent finds an id
// given twice and reads the table again for the error the full read gives.
TEST_F(Hdf5TableTest, AnAssetIdGivenTwiceIsALocatedReferenceError) {
  const std::string yaml = generated("h5", generate::TableFormat::hdf5);
  const std::string assets = path("h5/assets.h5");
  std::array<char, 256> id{};  // wider than the column's strings
  overwrite_row(assets, "id", 3, nullptr, false, id.data());
  overwrite_row(assets, "id", 9, id.data());
  const std::string message = error_of<ReferenceError>([&] { load_scenario(yaml); });
  EXPECT_NE(message.find(fmt::format("assets.h5: dataset 'id', row 9: asset id '{}' is defined "
                                     "twice (first at row 3)",
                                     id.data())),
            std::string::npos)
      << message;
}

// A links table with every column given.
struct LinkColumns {
  std::vector<std::uint32_t> source, target;
  std::vector<std::int32_t> type;
  std::vector<double> probability, weight;
};
void write_links(const std::string& file, const LinkColumns& c) {
  h5::File f = h5::File::create(file);
  h5::write_attribute(f, "cyres_table", "links");
  h5::write_attribute(f, "version", std::int32_t{1});
  h5::write_dataset(f, "source", c.source);
  h5::write_dataset(f, "target", c.target);
  h5::write_dataset(f, "type", c.type);
  h5::write_dataset(f, "probability", c.probability);
  h5::write_dataset(f, "weight", c.weight);
  f.close();
}

// The links table is read by a child that starts before the assets are read
// and knows no asset (sim/scenario/loader.cpp): the errors whose check or
// message needs the assets are still those of the full read, which knows them
// (read_links_hdf5), row for row, with the assets' names.
TEST_F(Hdf5TableTest, LinkErrorsThatNeedTheAssetsAreThoseOfTheFullRead) {
  const std::string yaml = generated("h5", generate::TableFormat::hdf5);
  const Scenario good = load_scenario(yaml);
  NameIndex names;
  for (const std::string& id : good.assets.id) ASSERT_TRUE(names.add(id));
  const double huge = 1e308;
  const std::vector<std::pair<LinkColumns, std::string>> cases = {
      {{{0, 1, 2}, {10, 11, 2000}, {1, 2, 1}, {0.1, 0.0, 0.2}, {1, 1, 1}},
       "dataset 'target', row 2: asset row 2000 is not in the assets table"},
      {{{0, 1, 5}, {10, 11, 5}, {1, 2, 1}, {0.1, 0.0, 0.2}, {1, 1, 1}},
       "dataset 'target', row 2: self-link '"},
      {{{0, 1, 0}, {10, 11, 10}, {1, 2, 1}, {0.1, 0.0, 0.2}, {1, 1, 1}},
       "dataset 'target', row 2: duplicate link '"},
      {{{0, 1, 2}, {10, 11, 11}, {1, 2, 2}, {0.1, 0.0, 0.0}, {1, huge, huge}},
       "dataset 'weight', row 2: "},
      // A bad type in row 0, but the sources are read and checked first.
      {{{0, 1, 2000}, {10, 11, 12}, {7, 2, 1}, {0.1, 0.0, 0.2}, {1, 1, 1}},
       "dataset 'source', row 2: asset row 2000 is not in the assets table"},
      // Beyond every asset row an AssetIndex can hold.
      {{{0, 1, 2}, {10, 4294967295u, 12}, {1, 2, 1}, {0.1, 0.0, 0.2}, {1, 1, 1}},
       "dataset 'target', row 1: asset row 4294967295 is not in the assets table"},
  };
  for (const auto& [columns, expected] : cases) {
    write_links(path("h5/bad.h5"), columns);
    const std::string full = error_of<InputError>([&] {
      read_links_hdf5(path("h5/bad.h5"), {"bad.yaml", 1, 1}, names);
    });
    const std::string loaded =
        error_of<InputError>([&] { load_scenario(with_links(yaml, "bad.h5")); });
    EXPECT_NE(full.find(expected), std::string::npos) << full;
    EXPECT_EQ(loaded, full);
  }
}

// Both tables are read at once, but an error in the assets table is the one
// reported, as when they are read in turn, and the links' child is stopped.
TEST_F(Hdf5TableTest, AnErrorInTheAssetsComesBeforeOneInTheLinks) {
  const std::string yaml = generated("h5", generate::TableFormat::hdf5);
  write_links(path("h5/bad.h5"), {0, 1, 2}, {0.1, 0.0, 1.5});
  const std::string bad_yaml = with_links(yaml, "bad.h5");
  const std::string assets = path("h5/assets.h5");
  const double value = 2.5;
  overwrite_row(assets, "detection", 7, &value);
  const std::string message = error_of<ValueError>([&] { load_scenario(bad_yaml); });
  EXPECT_NE(message.find("assets.h5: dataset 'detection', row 7: value '2.5' is out of range"),
            std::string::npos)
      << message;
}

TEST_F(Hdf5TableTest, UnknownDatasetGetsASuggestion) {
  const std::string yaml = generated("h5", generate::TableFormat::hdf5);
  write_links(path("h5/bad.h5"), {0, 1, 2}, {0.1, 0.0, 0.2}, "wieght");
  const std::string message =
      error_of<UnknownKeyError>([&] { load_scenario(with_links(yaml, "bad.h5")); });
  EXPECT_NE(message.find("unknown dataset 'wieght'; did you mean 'weight'?"), std::string::npos)
      << message;
}

TEST_F(Hdf5TableTest, FileThatIsNotHdf5IsReportedWhereTheYamlNamesIt) {
  const std::string yaml = generated("h5", generate::TableFormat::hdf5);
  std::ofstream(path("h5/bad.h5")) << "source,target\n";
  const std::string message =
      error_of<ParseError>([&] { load_scenario(with_links(yaml, "bad.h5")); });
  EXPECT_NE(message.find("bad.yaml:"), std::string::npos) << message;
  EXPECT_NE(message.find("cannot open HDF5 table"), std::string::npos) << message;
}

TEST_F(Hdf5TableTest, ColumnLongerThanTheTableIsAParseError) {
  const std::string yaml = generated("h5", generate::TableFormat::hdf5);
  write_links(path("h5/bad.h5"), {0, 1, 2}, {0.1, 0.0, 0.2}, "weight", {10, 11, 12, 13});
  const std::string message =
      error_of<ParseError>([&] { load_scenario(with_links(yaml, "bad.h5")); });
  EXPECT_NE(message.find("bad.h5: dataset 'target': 4 rows; expected 3 (as many as the table's "
                         "other columns)"),
            std::string::npos)
      << message;
}

TEST_F(Hdf5TableTest, LengthBeyondTheStoredDataIsAParseErrorNotAnAllocation) {
  // `source` (the column that sets the table's length) holds three rows in one
  // chunk, then claims 2^40: reserving for them would take terabytes.
  const std::string yaml = generated("h5", generate::TableFormat::hdf5);
  {
    h5::File f = h5::File::create(path("h5/forged.h5"));
    h5::write_attribute(f, "cyres_table", "links");
    h5::write_attribute(f, "version", std::int32_t{1});
    const h5::Dataset source =
        h5::create_growable<std::uint32_t>(f, "source", {.chunk_rows = 1024});
    h5::append(source, std::vector<std::uint32_t>{0, 1, 2});
    const hsize_t claimed = hsize_t{1} << 40;
    ASSERT_GE(H5Dset_extent(source.id(), &claimed), 0);  // a forged length, without data
  }
  const std::string message =
      error_of<ParseError>([&] { load_scenario(with_links(yaml, "forged.h5")); });
  EXPECT_NE(message.find("forged.h5: dataset 'source': claims 1099511627776 rows, but its stored "
                         "data hold at most 1024; the file is damaged"),
            std::string::npos)
      << message;
}

TEST_F(Hdf5TableTest, DatasetNamesLongerThan256CharactersAreReportedWhole) {
  const std::string yaml = generated("h5", generate::TableFormat::hdf5);
  const std::string name = "weight" + std::string(300, 'x');
  write_links(path("h5/bad.h5"), {0, 1, 2}, {0.1, 0.0, 0.2}, name);
  const std::string message =
      error_of<UnknownKeyError>([&] { load_scenario(with_links(yaml, "bad.h5")); });
  EXPECT_NE(message.find("unknown dataset '" + name + "'"), std::string::npos) << message;
}

TEST_F(Hdf5TableTest, ColumnOfTheWrongShapeOrKindIsAValueError) {
  const std::string yaml = generated("h5", generate::TableFormat::hdf5);
  const auto links = [&](const std::string& name, auto target, const h5::Dims& dims) {
    h5::File f = h5::File::create(path("h5/" + name));
    h5::write_attribute(f, "cyres_table", "links");
    h5::write_attribute(f, "version", std::int32_t{1});
    h5::write_dataset(f, "source", std::vector<std::uint32_t>{0, 1, 2});
    h5::write_dataset(f, "target", target, dims);
    return with_links(yaml, name);
  };
  std::string message = error_of<ValueError>([&] {
    load_scenario(links("text.h5", std::vector<std::string>{"a", "b", "c"}, {}));
  });
  EXPECT_NE(message.find("text.h5: dataset 'target': not an integer dataset; expected integers"),
            std::string::npos)
      << message;
  message = error_of<ValueError>([&] {
    load_scenario(links("matrix.h5", std::vector<std::uint32_t>(6, 1), {3, 2}));
  });
  EXPECT_NE(message.find("matrix.h5: dataset 'target': not one-dimensional; expected one value "
                         "per row"),
            std::string::npos)
      << message;
}

}  // namespace
}  // namespace cyres
