// HDF5 write throughput through the RAII layer (sim/output/hdf5.hpp): one
// per-trial vector of doubles written to a fresh file per iteration, contiguous
// and chunked + shuffle + deflate (what results files use above 4096 elements).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/hdf5/hdf5.hpp"
#include "sim/random/streams.hpp"

namespace {

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

void write_file(benchmark::State& state, cyres::h5::Compression compression) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<double> values = loss_like_values(n);
  const std::string path =
      (std::filesystem::temp_directory_path() / "cyres_hdf5_bench.h5").string();
  for (auto _ : state) {
    cyres::h5::File file = cyres::h5::File::create(path);
    {
      const cyres::h5::Dataset dataset = cyres::h5::write_dataset(
          file, "resilience_loss", std::span<const double>(values), {}, compression);
      benchmark::DoNotOptimize(dataset.id());
    }
    file.close();
  }
  std::filesystem::remove(path);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(n * sizeof(double)));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

void BM_Hdf5WriteContiguous(benchmark::State& state) {
  write_file(state, cyres::h5::Compression::none);
}
BENCHMARK(BM_Hdf5WriteContiguous)->Arg(1 << 12)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

void BM_Hdf5WriteDeflate(benchmark::State& state) {
  write_file(state, cyres::h5::Compression::deflate);
}
BENCHMARK(BM_Hdf5WriteDeflate)->Arg(1 << 12)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

}  // namespace
