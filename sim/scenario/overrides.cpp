#include "sim/scenario/overrides.hpp"

#include <charconv>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "sim/core/suggest.hpp"
#include "sim/scenario/value_parse.hpp"

namespace cyres {

namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

std::optional<std::size_t> as_index(const std::string& text) {
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The position in `list` of the item named `part` (by its `name` key, or by index).
std::size_t find_item(const YAML::Node& list, const std::string& part, const std::string& where,
                      const SourceLocation& at) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node name = yaml::find(list[i], "name");
    if (name.IsDefined() && name.IsScalar()) {
      if (name.Scalar() == part) return i;
      names.push_back(name.Scalar());
    }
  }
  if (const auto index = as_index(part)) {
    if (*index < list.size()) return *index;
    throw UnknownKeyError(
        at, fmt::format("index {} is out of range: {} has {} items", part, where, list.size()));
  }
  throw UnknownKeyError(
      at, fmt::format("no item named '{}' in {}{}", part, where, did_you_mean(part, names)));
}

// Refuses an alias (*name) in a --set value. An alias shares the node it names,
// so a few hundred bytes of nested aliases describe a tree of 2^k nodes that
// the loader would walk; one value on a command line never needs one.
class AliasRefuser : public yaml::EventSink {
 public:
  explicit AliasRefuser(SourceLocation at) : at_(std::move(at)) {}
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override {
    throw ParseError(at_, fmt::format("value has a YAML alias ('*') at column {}; expected a "
                                      "value written out (aliases are not allowed in --set)",
                                      mark.column + 1));
  }

 private:
  SourceLocation at_;
};

// The YAML value of an override: one document, no aliases, UTF-8 text.
YAML::Node parse_value(const std::string& text, const SourceLocation& at) {
  if (const std::optional<TextProblem> problem = text_problem(text)) {
    throw ParseError(at, fmt::format("value at column {}: {}", problem->column, problem->what));
  }
  try {
    // One document first: its check is bounded where a loop over yaml-cpp's
    // documents may not end (yaml_reader.hpp).
    YAML::Node value = yaml::load_one_document(text, [&](const YAML::Mark&) { return at; });
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    AliasRefuser refuser(at);
    parser.HandleNextDocument(refuser);
    return value;
  } catch (const YAML::Exception& e) {
    throw ParseError(at, fmt::format("value '{}' is not valid YAML: {}", text, e.msg));
  }
}

void apply_one(yaml::Document& doc, const std::string& text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw ValueError({fmt::format("--set {}", text)},
                     fmt::format("malformed override '{}'; expected PATH=VALUE, e.g. "
                                 "simulation.trials=200",
                                 text));
  }
  const std::string path = text.substr(0, equals);
  const SourceLocation at{fmt::format("--set {}", path)};
  const YAML::Node value = parse_value(text.substr(equals + 1), at);
  const std::vector<std::string> parts = split_path(path);
  // Walk with node handles that share the tree's storage, so assignment edits the tree.
  YAML::Node current = doc.root();
  std::string walked;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const std::string& part = parts[k];
    const std::string where = walked.empty() ? "the top level" : walked;
    if (part.empty()) {
      throw ValueError(at, fmt::format("empty step in path '{}'; expected names separated by "
                                       "single dots",
                                       path));
    }
    const bool last = k + 1 == parts.size();
    if (current.IsSequence()) {
      const std::size_t i = find_item(current, part, where, at);
      if (last) {
        current[i] = value;
      } else {
        current.reset(current[i]);
      }
    } else if (current.IsMap() || current.IsNull()) {
      const bool exists = yaml::find(current, part).IsDefined();
      if (last || !exists) {
        // A new key, or a new mapping on the way; an unknown name is caught by validation.
        YAML::Node child = last ? value : YAML::Node(YAML::NodeType::Map);
        current[part] = child;
        for (const auto& entry : current) {
          if (entry.first.Scalar() == part) doc.mark_override(entry.first, path);
        }
        if (!last) doc.mark_override(child, path);
        current.reset(child);
      } else {
        current.reset(current[part]);
      }
    } else {
      throw UnknownKeyError(at, fmt::format("'{}' is a single value, so it has no '{}'; expected "
                                            "a path to a mapping or list item",
                                            where, part));
    }
    walked = walked.empty() ? part : fmt::format("{}.{}", walked, part);
  }
  doc.mark_override(value, path);
}

}  // namespace

void apply_overrides(yaml::Document& doc, const std::vector<std::string>& overrides) {
  for (const std::string& text : overrides) apply_one(doc, text);
}

}  // namespace cyres
