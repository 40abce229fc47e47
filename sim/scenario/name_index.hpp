#pragma once
// Names of sectors, organisations or assets with their row index, for
// resolving references and suggesting the intended name when one is unknown.
//
// The index is an open-addressing table of row numbers into names() (linear
// probing, at most half full), not a map of its own copies of the names: a
// scenario of 10^6 assets builds it twice while loading (docs/performance.md,
// "Start-up"), and a node per name, with its copy, was a tenth of the load.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/suggest.hpp"

namespace cyres {

class NameIndex {
 public:
  //! Adds `name`; returns false (and adds nothing) if it is already there.
  bool add(const std::string& name) {
    if (2 * (names_.size() + 1) > slots_.size()) grow(2 * (names_.size() + 1));
    const std::uint64_t hash = hash_of(name);
    const std::size_t at = probe(name, hash);
    if (slots_[at].row != EMPTY) return false;
    slots_[at] = {static_cast<std::uint32_t>(names_.size()), tag_of(hash)};
    names_.push_back(name);
    return true;
  }
  std::optional<std::size_t> find(const std::string& name) const {
    if (slots_.empty()) return std::nullopt;
    const Slot slot = slots_[probe(name, hash_of(name))];
    if (slot.row == EMPTY) return std::nullopt;
    return slot.row;
  }
  //! "; did you mean 'x'?" or "" (see did_you_mean).
  std::string suggest(std::string_view name) const { return did_you_mean(name, names_); }
  const std::vector<std::string>& names() const { return names_; }
  std::size_t size() const { return names_.size(); }
  void reserve(std::size_t n) {
    names_.reserve(n);
    if (2 * n > slots_.size()) grow(2 * n);
  }

 private:
  //! A row of names_ and the top bits of its name's hash, which spare most
  //! string comparisons on a probe.
  struct Slot {
    std::uint32_t row;
    std::uint32_t tag;
  };
  static constexpr std::uint32_t EMPTY = UINT32_MAX;  // rows are below it (AssetIndex)

  static std::uint64_t hash_of(std::string_view name) {
    return std::hash<std::string_view>{}(name);
  }
  static std::uint32_t tag_of(std::uint64_t hash) { return static_cast<std::uint32_t>(hash >> 32); }

  //! The slot holding `name`, or the empty slot where it would go.
  std::size_t probe(std::string_view name, std::uint64_t hash) const {
    const std::size_t mask = slots_.size() - 1;
    const std::uint32_t tag = tag_of(hash);
    for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
      const Slot slot = slots_[at];
      if (slot.row == EMPTY || (slot.tag == tag && names_[slot.row] == name)) return at;
    }
  }

  //! Rebuilds the table with at least `slots` slots (a power of two).
  void grow(std::size_t slots) {
    std::size_t size = 16;
    while (size < slots) size *= 2;
    slots_.assign(size, Slot{EMPTY, 0});
    for (std::size_t row = 0; row < names_.size(); ++row) {
      const std::uint64_t hash = hash_of(names_[row]);
      slots_[probe(names_[row], hash)] = {static_cast<std::uint32_t>(row), tag_of(hash)};
    }
  }

  std::vector<std::string> names_;
  std::vector<Slot> slots_;  //!< size a power of two, at least twice the names
};

}  // namespace cyres
