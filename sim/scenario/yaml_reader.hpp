#pragma once
// Typed, located access to a YAML tree. Every accessor either returns a value
// that obeys its rule or throws an InputError naming file:line:column, the key
// path (e.g. `organisations[1].teams`), the value found and what was expected.
// Nodes that came from a command-line override are located as `--set PATH`.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "sim/core/error.hpp"
#include "sim/scenario/value_parse.hpp"

namespace cyres::yaml {

//! A yaml-cpp event handler that ignores every event: a pass over a text's
//! events (YAML::Parser::HandleNextDocument) derives from it and overrides
//! only the events it looks at.
class EventSink : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& /*mark*/) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& /*mark*/, YAML::anchor_t /*anchor*/) override {}
  void OnAlias(const YAML::Mark& /*mark*/, YAML::anchor_t /*anchor*/) override {}
  void OnScalar(const YAML::Mark& /*mark*/, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                const std::string& /*value*/) override {}
  void OnSequenceStart(const YAML::Mark& /*mark*/, const std::string& /*tag*/,
                       YAML::anchor_t /*anchor*/, YAML::EmitterStyle::value /*style*/) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& /*mark*/, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                  YAML::EmitterStyle::value /*style*/) override {}
  void OnMapEnd() override {}
};

//! A parsed YAML file and what is needed to say where each of its nodes came from.
class Document {
 public:
  //! Parses `text`; a syntax error, a byte that is not UTF-8, a stray control
  //! character or a second document is a ParseError at its line and column.
  static Document parse(std::string file, const std::string& text);

  const std::string& file() const { return file_; }
  YAML::Node& root() { return root_; }
  const YAML::Node& root() const { return root_; }

  //! Records `node` and everything below it as written by `--set PATH`.
  void mark_override(const YAML::Node& node, const std::string& path);
  SourceLocation locate(const YAML::Node& node) const;

 private:
  // YAML::Node has no move constructor: a copy shares the node, as a move would.
  Document(std::string file, const YAML::Node& root) : file_(std::move(file)), root_(root) {}
  std::string file_;
  YAML::Node root_;
  std::vector<std::pair<YAML::Node, std::string>> overridden_;
};

//! The one document of YAML `text` (a null node when it has none). ParseError,
//! located by `locate`, at the start of a second document: yaml-cpp would read
//! the first and drop the rest. ParseError too where yaml-cpp would make no
//! progress (a document starting where the one before started). YAML::Exception
//! for another syntax error.
YAML::Node load_one_document(const std::string& text,
                             const std::function<SourceLocation(const YAML::Mark&)>& locate);

//! "organisations[1]" from ("organisations", 1); "teams" from ("", "teams").
std::string item_path(const std::string& parent, std::size_t index);
std::string key_path(const std::string& parent, std::string_view key);

//! The value under `key` in mapping `map`, or an undefined node (never inserts).
YAML::Node find(const YAML::Node& map, std::string_view key);

// Typed reads of one node; `path` names it in messages. Numbers and booleans
// must be plain scalars: a quoted "0.2" is a text, refused where a number is
// expected (ValueError).
std::string as_string(const Document& doc, const YAML::Node& node, const std::string& path);
//! The text of a plain scalar (not quoted, not tagged as text); ValueError otherwise.
const std::string& as_plain_scalar(const Document& doc, const YAML::Node& node,
                                   const std::string& path, const std::string& expected);
double as_number(const Document& doc, const YAML::Node& node, const std::string& path,
                 const NumberRule& rule);
std::int64_t as_integer(const Document& doc, const YAML::Node& node, const std::string& path,
                        const IntRule& rule);
//! Checks that `node` is a sequence (non-empty if asked); ValueError otherwise.
void expect_sequence(const Document& doc, const YAML::Node& node, const std::string& path,
                     bool non_empty);

//! A mapping whose keys have been checked against the keys the format allows.
class Map {
 public:
  //! Throws ValueError if `node` is not a mapping or repeats a key, and
  //! UnknownKeyError (with a suggestion) for a key not in `allowed`.
  Map(const Document& doc, const YAML::Node& node, std::string path,
      std::span<const std::string_view> allowed);
  Map(const Document& doc, const YAML::Node& node, std::string path,
      std::initializer_list<std::string_view> allowed)
      : Map(doc, node, std::move(path),
            std::span<const std::string_view>(allowed.begin(), allowed.size())) {}

  const Document& doc() const { return *doc_; }
  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  std::string path_of(std::string_view key) const { return key_path(path_, key); }
  SourceLocation location() const { return doc_->locate(node_); }

  bool has(std::string_view key) const;
  YAML::Node get(std::string_view key) const;  //!< the value, or an undefined node
  YAML::Node key_node(std::string_view key) const;
  YAML::Node require(std::string_view key) const;  //!< ValueError if absent

  std::string string(std::string_view key, std::string fallback) const;
  std::string required_string(std::string_view key) const;
  double number(std::string_view key, const NumberRule& rule, double fallback) const;
  std::int64_t integer(std::string_view key, const IntRule& rule, std::int64_t fallback) const;
  std::uint64_t unsigned_integer(std::string_view key, std::uint64_t fallback) const;
  bool boolean(std::string_view key, bool fallback) const;
  Step duration(std::string_view key, Step fallback) const;  //!< [0, MAX_DURATION] steps
  Step duration_or_never(std::string_view key, Step fallback) const;
  //! Index of the value in `options`; `fallback` when absent.
  std::size_t choice(std::string_view key, const std::vector<std::string>& options,
                     std::size_t fallback) const;

 private:
  [[noreturn]] void fail_value(std::string_view key, const std::string& problem) const;
  const Document* doc_;
  YAML::Node node_;
  std::string path_;
};

}  // namespace cyres::yaml
