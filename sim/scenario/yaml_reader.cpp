#include "sim/scenario/yaml_reader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/parser.h>

#include <sstream>
#include <vector>

#include "sim/core/suggest.hpp"

namespace cyres::yaml {

namespace {

// What a node is, for "expected X, found Y".
std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Scalar:
      return fmt::format("'{}'", node.Scalar());
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

std::string label(const std::string& path) {
  return path.empty() ? "the top level" : path;
}

// "in simulation", "at the top level".
std::string within(const std::string& path) {
  return path.empty() ? "at the top level" : fmt::format("in {}", path);
}

// The text of a scalar node, or a ValueError saying what was expected instead.
const std::string& scalar(const Document& doc, const YAML::Node& node, const std::string& path,
                          const std::string& expected) {
  if (!node.IsScalar()) {
    throw ValueError(doc.locate(node),
                     fmt::format("{}: expected {}, found {}", path, expected, describe(node)));
  }
  return node.Scalar();
}

// The text of a plain (unquoted, untagged) scalar: a number or a boolean.
// Quoted, "0.2" is a text, and YAML readers elsewhere (h5py's, a planner's
// script) would read it as one; it is refused rather than taken as a number.
const std::string& plain_scalar(const Document& doc, const YAML::Node& node,
                                const std::string& path, const std::string& expected) {
  const std::string& text = scalar(doc, node, path, expected);
  const std::string& tag = node.Tag();
  if (tag != "?" && tag != "tag:yaml.org,2002:int" && tag != "tag:yaml.org,2002:float" &&
      tag != "tag:yaml.org,2002:bool") {
    throw ValueError(doc.locate(node),
                     fmt::format("{}: expected {}, found the text '{}' (quoted or tagged as "
                                 "text); write the value without quotes",
                                 path, expected, text));
  }
  return text;
}

template <class T>
T checked(const Document& doc, const YAML::Node& node, const std::string& path,
          const Parsed<T>& parsed) {
  if (parsed.status == Parsed<T>::Status::too_large) {
    throw SizeError(doc.locate(node), fmt::format("{}: {}", path, parsed.problem));
  }
  if (!parsed.ok()) throw ValueError(doc.locate(node), fmt::format("{}: {}", path, parsed.problem));
  return parsed.value;
}

void record(std::vector<std::pair<YAML::Node, std::string>>& out, const YAML::Node& node,
            const std::string& path) {
  out.emplace_back(node, path);
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) record(out, item, path);
  } else if (node.IsMap()) {
    for (const auto& entry : node) {
      record(out, entry.first, path);
      record(out, entry.second, path);
    }
  }
}

}  // namespace

Document Document::parse(std::string file, const std::string& text) {
  if (const std::optional<TextProblem> problem = text_problem(text)) {
    throw ParseError({file, problem->line, problem->column}, problem->what);
  }
  YAML::Node root;
  try {
    root = load_one_document(text, [&](const YAML::Mark& mark) {
      return SourceLocation{file, mark.is_null() ? 0 : mark.line + 1,
                            mark.is_null() ? 0 : mark.column + 1};
    });
  } catch (const YAML::Exception& e) {
    const SourceLocation where{file, e.mark.is_null() ? 0 : e.mark.line + 1,
                               e.mark.is_null() ? 0 : e.mark.column + 1};
    throw ParseError(where, fmt::format("YAML syntax error: {}", e.msg));
  }
  return Document(std::move(file), root);
}

namespace {

//! Records where each document starts (its first token) and where its root
//! node is, and nothing else: enough to count the documents of a text
//! without building them.
class DocumentMarks : public EventSink {
 public:
  std::vector<YAML::Mark> starts, roots;
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override { node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override { node(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                const std::string& /*value*/) override {
    node(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/,
                       YAML::anchor_t /*anchor*/, YAML::EmitterStyle::value /*style*/) override {
    node(mark);
  }
  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                  YAML::EmitterStyle::value /*style*/) override {
    node(mark);
  }

 private:
  void node(const YAML::Mark& mark) {
    if (roots.size() < starts.size()) roots.push_back(mark);
  }
};

}  // namespace

YAML::Node load_one_document(const std::string& text,
                             const std::function<SourceLocation(const YAML::Mark&)>& locate) {
  // Not YAML::LoadAll: yaml-cpp 0.7 takes a token that cannot start a node (a
  // ',' at the start of a line, say) for an empty document without consuming
  // it, so LoadAll appends empty documents until memory runs out (yaml-cpp
  // issue 1040, fixed upstream after 0.7). Count at most three documents
  // here, and refuse a document that starts where the one before did.
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  DocumentMarks documents;
  while (documents.starts.size() < 3 && parser.HandleNextDocument(documents)) {
    const std::vector<YAML::Mark>& starts = documents.starts;
    const std::size_t n = starts.size();
    if (n >= 2 && starts[n - 1].pos == starts[n - 2].pos) {
      throw ParseError(locate(starts[n - 1]),
                       "YAML syntax error: this character cannot start a value or a key here");
    }
  }
  if (documents.starts.size() > 1) {
    // Only the first would be read: a second is refused rather than ignored.
    const YAML::Mark& second =
        documents.roots.size() > 1 ? documents.roots[1] : documents.starts[1];
    throw ParseError(locate(second),
                     "a second YAML document starts here (after '---' or '...'); expected one "
                     "document");
  }
  return YAML::Load(text);
}

void Document::mark_override(const YAML::Node& node, const std::string& path) {
  record(overridden_, node, path);
}

SourceLocation Document::locate(const YAML::Node& node) const {
  if (!node.IsDefined()) return {file_};
  // Newest first: a later --set of the same path wins, as its value does.
  for (auto it = overridden_.rbegin(); it != overridden_.rend(); ++it) {
    if (node.is(it->first)) return {fmt::format("--set {}", it->second)};
  }
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {file_};
  return {file_, mark.line + 1, mark.column + 1};
}

std::string item_path(const std::string& parent, std::size_t index) {
  return fmt::format("{}[{}]", parent, index);
}

std::string key_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key);
}

const std::string& as_plain_scalar(const Document& doc, const YAML::Node& node,
                                   const std::string& path, const std::string& expected) {
  return plain_scalar(doc, node, path, expected);
}

std::string as_string(const Document& doc, const YAML::Node& node, const std::string& path) {
  return scalar(doc, node, path, "a text value");
}

double as_number(const Document& doc, const YAML::Node& node, const std::string& path,
                 const NumberRule& rule) {
  return checked(doc, node, path,
                 parse_number(plain_scalar(doc, node, path, rule.expected()), rule));
}

std::int64_t as_integer(const Document& doc, const YAML::Node& node, const std::string& path,
                        const IntRule& rule) {
  return checked(doc, node, path,
                 parse_integer(plain_scalar(doc, node, path, rule.expected()), rule));
}

void expect_sequence(const Document& doc, const YAML::Node& node, const std::string& path,
                     bool non_empty) {
  if (!node.IsSequence()) {
    throw ValueError(doc.locate(node),
                     fmt::format("{}: expected a list, found {}", path, describe(node)));
  }
  if (non_empty && node.size() == 0) {
    throw ValueError(doc.locate(node),
                     fmt::format("{}: the list is empty; expected at least one item", path));
  }
}

Map::Map(const Document& doc, const YAML::Node& node, std::string path,
         std::span<const std::string_view> allowed)
    : doc_(&doc), node_(node), path_(std::move(path)) {
  // An optional section written as `simulation:` with nothing after it is empty, not wrong.
  if (node_.IsNull()) return;
  if (!node_.IsMap()) {
    throw ValueError(doc.locate(node_), fmt::format("{}: expected a mapping (key: value lines), "
                                                    "found {}",
                                                    label(path_), describe(node_)));
  }
  const std::vector<std::string> known(allowed.begin(), allowed.end());
  std::vector<std::pair<std::string, YAML::Node>> seen;
  for (const auto& entry : node_) {
    const YAML::Node& key = entry.first;
    if (!key.IsScalar()) {
      throw ValueError(doc.locate(key), fmt::format("{}: expected a plain key, found {}",
                                                    label(path_), describe(key)));
    }
    const std::string& name = key.Scalar();
    for (const auto& [other, other_node] : seen) {
      if (other == name) {
        throw ValueError(doc.locate(key),
                         fmt::format("duplicate key '{}' {} (first given at line {})", name,
                                     within(path_), doc.locate(other_node).line));
      }
    }
    seen.emplace_back(name, key);
    bool is_known = false;
    for (const std::string_view k : allowed) is_known = is_known || k == name;
    if (!is_known) {
      throw UnknownKeyError(doc.locate(key), fmt::format("unknown key '{}' {}{}", name,
                                                         within(path_), did_you_mean(name, known)));
    }
  }
}

bool Map::has(std::string_view key) const {
  return get(key).IsDefined();
}

YAML::Node find(const YAML::Node& map, std::string_view key) {
  if (map.IsDefined() && map.IsMap()) {
    for (const auto& entry : map) {
      if (entry.first.IsScalar() && entry.first.Scalar() == key) return entry.second;
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

YAML::Node Map::get(std::string_view key) const {
  return find(node_, key);
}

YAML::Node Map::key_node(std::string_view key) const {
  if (node_.IsMap()) {
    for (const auto& entry : node_) {
      if (entry.first.Scalar() == key) return entry.first;
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

YAML::Node Map::require(std::string_view key) const {
  YAML::Node value = get(key);
  if (!value.IsDefined()) {
    throw ValueError(location(), fmt::format("missing required key '{}' {}", key, within(path_)));
  }
  return value;
}

void Map::fail_value(std::string_view key, const std::string& problem) const {
  throw ValueError(doc_->locate(get(key)), fmt::format("{}: {}", path_of(key), problem));
}

std::string Map::string(std::string_view key, std::string fallback) const {
  return has(key) ? as_string(*doc_, get(key), path_of(key)) : std::move(fallback);
}

std::string Map::required_string(std::string_view key) const {
  return as_string(*doc_, require(key), path_of(key));
}

double Map::number(std::string_view key, const NumberRule& rule, double fallback) const {
  return has(key) ? as_number(*doc_, get(key), path_of(key), rule) : fallback;
}

std::int64_t Map::integer(std::string_view key, const IntRule& rule, std::int64_t fallback) const {
  return has(key) ? as_integer(*doc_, get(key), path_of(key), rule) : fallback;
}

std::uint64_t Map::unsigned_integer(std::string_view key, std::uint64_t fallback) const {
  if (!has(key)) return fallback;
  const std::string expected = "an unsigned 64-bit integer";
  return checked(*doc_, get(key), path_of(key),
                 parse_unsigned(plain_scalar(*doc_, get(key), path_of(key), expected)));
}

bool Map::boolean(std::string_view key, bool fallback) const {
  if (!has(key)) return fallback;
  return checked(*doc_, get(key), path_of(key),
                 parse_bool(plain_scalar(*doc_, get(key), path_of(key), "true or false")));
}

Step Map::duration(std::string_view key, Step fallback) const {
  return static_cast<Step>(integer(key, DURATION_RULE, fallback));
}

Step Map::duration_or_never(std::string_view key, Step fallback) const {
  if (!has(key)) return fallback;
  const std::string expected = fmt::format("{} or 'never'", DURATION_RULE.expected());
  const YAML::Node node = get(key);
  // 'never' is a word and may be quoted; a number may not.
  const bool word = node.IsScalar() && node.Scalar() == "never";
  const std::string& text =
      word ? node.Scalar() : plain_scalar(*doc_, node, path_of(key), expected);
  return checked(*doc_, node, path_of(key), parse_duration_or_never(text));
}

std::size_t Map::choice(std::string_view key, const std::vector<std::string>& options,
                        std::size_t fallback) const {
  if (!has(key)) return fallback;
  const std::string expected = fmt::format("one of {}", fmt::join(options, ", "));
  const std::string& text = scalar(*doc_, get(key), path_of(key), expected);
  const Parsed<std::size_t> parsed = parse_choice(text, options);
  if (!parsed.ok()) fail_value(key, parsed.problem);
  return parsed.value;
}

}  // namespace cyres::yaml
