#pragma once
// What the fuzz targets share. cyres reads scenarios and results from disk, so
// each input becomes a file in a scratch folder private to the fuzzing process.
// A located InputError is the expected answer to a bad input; anything else
// that escapes (another exception, a crash, a sanitizer report, a hang) is a
// finding, which becomes a regression test in the normal suite (fuzz/README.md).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cyres::fuzz {

//! A folder made once per process under $TMPDIR (or /tmp), removed at exit.
const std::string& scratch();
//! Writes `bytes` to scratch()/name, replacing it; returns the path.
std::string write_file(std::string_view name, std::string_view bytes);
//! The whole content of `path`; aborts if it cannot be read (a broken setup,
//! not a finding).
std::string read_file(const std::string& path);
//! `bytes` of a libFuzzer input as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}
//! Copies the file `name` of the test fixture folder `fixture` (tests/fixtures/...)
//! into scratch(); returns the path of the copy.
std::string copy_fixture(std::string_view fixture, std::string_view name);
//! Replaces every `from` in `text` by `to`; aborts if there is none.
std::string replace_all(std::string text, std::string_view from, std::string_view to);

}  // namespace cyres::fuzz
