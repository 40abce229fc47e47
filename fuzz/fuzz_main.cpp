// One libFuzzer executable per target of fuzz_targets.hpp: fuzz_<name> is
// built from this file with CYRES_FUZZ_TARGET="<name>".
//
// fuzz_hdf5_table with CYRES_FUZZ_WRITE_SEEDS=DIR writes its seeds into DIR
// and exits (fuzz/make_corpus.sh).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  if (const char* dir = std::getenv("CYRES_FUZZ_WRITE_SEEDS")) {
    cyres::fuzz::write_hdf5_table_seeds(dir);
    std::exit(0);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const cyres::fuzz::Target& target = cyres::fuzz::target(CYRES_FUZZ_TARGET);
  target.run(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
