#include "fuzz/fuzz_support.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace cyres::fuzz {
namespace {

[[noreturn]] void setup_failed(const std::string& what) {
  std::fprintf(stderr, "fuzz setup: %s\n", what.c_str());
  std::abort();
}

void remove_scratch() {
  std::error_code ignored;
  std::filesystem::remove_all(scratch(), ignored);
}

}  // namespace

const std::string& scratch() {
  static const std::string folder = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/cyres_fuzz_XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    if (::mkdtemp(name.data()) == nullptr) setup_failed("cannot make a scratch folder");
    return std::string(name.data());
  }();
  static const bool registered = std::atexit(remove_scratch) == 0;
  (void)registered;
  return folder;
}

std::string write_file(std::string_view name, std::string_view bytes) {
  std::string path = scratch() + "/" + std::string(name);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) setup_failed("cannot write " + path);
  return path;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) setup_failed("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string copy_fixture(std::string_view fixture, std::string_view name) {
  const std::string source =
      std::string(CYRES_FUZZ_FIXTURES) + "/" + std::string(fixture) + "/" + std::string(name);
  return write_file(name, read_file(source));
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  std::size_t at = text.find(from);
  if (at == std::string::npos) setup_failed("no '" + std::string(from) + "' to replace");
  for (; at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace cyres::fuzz
