#pragma once
// Names of sectors, organisations or assets with their row index, for
// resolving references and suggesting the intended name when one is unknown.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/core/suggest.hpp"

namespace cyres {

class NameIndex {
 public:
  //! Adds `name`; returns false (and adds nothing) if it is already there.
  bool add(const std::string& name) {
    if (!index_.emplace(name, names_.size()).second) return false;
    names_.push_back(name);
    return true;
  }
  std::optional<std::size_t> find(const std::string& name) const {
    const auto it = index_.find(name);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }
  //! "; did you mean 'x'?" or "" (see did_you_mean).
  std::string suggest(std::string_view name) const { return did_you_mean(name, names_); }
  const std::vector<std::string>& names() const { return names_; }
  std::size_t size() const { return names_.size(); }
  void reserve(std::size_t n) {
    names_.reserve(n);
    index_.reserve(n);
  }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace cyres
