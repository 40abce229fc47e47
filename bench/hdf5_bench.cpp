// HDF5 throughput through the layer (sim/hdf5/): a vector of doubles written
// whole to a fresh file per iteration, contiguous and chunked + shuffle +
// deflate (what results files use above 4096 elements); and a table column
// appended in blocks to a growable dataset and read back in blocks (what the
// scenario generator and the HDF5 table reader do).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "sim/hdf5/hdf5.hpp"
#include "sim/random/streams.hpp"

namespace {

namespace h5 = cyres::h5;

std::vector<double> loss_like_values(std::size_t n) {
  // Values like resilience losses: a few significant digits, many repeats.
  const cyres::RandomStreams streams(2026);
  std::vector<double> values(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double u =
        streams.uniform(0, cyres::Purpose::hardening, static_cast<std::uint32_t>(i), 0x4D);
    values[i] = static_cast<double>(static_cast<int>(u * 1000.0)) * 0.25;
  }
  return values;
}

std::string bench_path() {
  return (std::filesystem::temp_directory_path() / "cyres_hdf5_bench.h5").string();
}

void write_file(benchmark::State& state, h5::Compression compression) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<double> values = loss_like_values(n);
  const std::string path = bench_path();
  for (auto _ : state) {
    h5::File file = h5::File::create(path);
    {
      const h5::Dataset dataset =
          h5::write_dataset(file, "resilience_loss", values, {}, {.compression = compression});
      benchmark::DoNotOptimize(dataset.id());
    }
    file.close();
  }
  std::filesystem::remove(path);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(n * sizeof(double)));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

void BM_Hdf5WriteContiguous(benchmark::State& state) {
  write_file(state, h5::Compression::none);
}
BENCHMARK(BM_Hdf5WriteContiguous)->Arg(1 << 12)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

void BM_Hdf5WriteDeflate(benchmark::State& state) {
  write_file(state, h5::Compression::deflate);
}
BENCHMARK(BM_Hdf5WriteDeflate)->Arg(1 << 12)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

// A column as the generator writes one: blocks of 65,536 rows appended to a
// growable dataset chunked by the block, shuffle + deflate level 1.
constexpr std::size_t TABLE_BLOCK = 65536;

void BM_Hdf5AppendColumn(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<double> values = loss_like_values(n);
  const std::string path = bench_path();
  for (auto _ : state) {
    h5::File file = h5::File::create(path);
    {
      const h5::Dataset column = h5::create_growable<double>(
          file, "column", {.chunk_rows = TABLE_BLOCK, .deflate_level = 1});
      for (std::size_t first = 0; first < n; first += TABLE_BLOCK) {
        h5::append(column, std::span<const double>(values).subspan(
                               first, std::min(TABLE_BLOCK, n - first)));
      }
    }
    file.close();
  }
  std::filesystem::remove(path);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(n * sizeof(double)));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_Hdf5AppendColumn)->Arg(1 << 22)->Unit(benchmark::kMillisecond);

// The same column read back as the table reader reads one: blocks of 2^20 rows.
void BM_Hdf5ReadColumnInBlocks(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::string path = bench_path();
  {
    h5::File file = h5::File::create(path);
    {
      const h5::Dataset column = h5::create_growable<double>(
          file, "column", {.chunk_rows = TABLE_BLOCK, .deflate_level = 1});
      h5::append(column, loss_like_values(n));
    }
    file.close();
  }
  constexpr std::size_t READ_BLOCK = std::size_t{1} << 20;
  std::vector<double> block(READ_BLOCK);
  for (auto _ : state) {
    const h5::File file = h5::File::open_read_only(path);
    const h5::Dataset column = h5::open_dataset(file, "column");
    for (std::size_t first = 0; first < n; first += READ_BLOCK) {
      h5::read_rows<double>(column, first,
                            std::span<double>(block).first(std::min(READ_BLOCK, n - first)));
      benchmark::DoNotOptimize(block.data());
    }
  }
  std::filesystem::remove(path);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(n * sizeof(double)));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_Hdf5ReadColumnInBlocks)->Arg(1 << 22)->Unit(benchmark::kMillisecond);

}  // namespace
