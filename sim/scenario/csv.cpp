#include "sim/scenario/csv.hpp"

#include <fmt/format.h>

#include "sim/core/suggest.hpp"

namespace cyres {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Splits one line into cells. Spaces around a quoted field are allowed
// (` "a, b" ,c`); anything else between a closing quote and the comma is not.
std::vector<std::string> split_line(const std::string& file, int line, std::string_view text) {
  std::vector<std::string> cells;
  std::size_t pos = 0;
  while (true) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
    std::string cell;
    if (pos < text.size() && text[pos] == '"') {
      const std::size_t open = pos++;
      bool closed = false;
      while (pos < text.size()) {
        if (text[pos] == '"') {
          if (pos + 1 < text.size() && text[pos + 1] == '"') {
            cell += '"';
            pos += 2;
            continue;
          }
          closed = true;
          ++pos;
          break;
        }
        cell += text[pos++];
      }
      if (!closed) {
        throw ParseError({file, line, static_cast<int>(open) + 1},
                         "unterminated quoted field; expected a closing '\"' on the same line");
      }
      while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\r')) {
        ++pos;
      }
      if (pos < text.size() && text[pos] != ',') {
        throw ParseError(
            {file, line, static_cast<int>(pos) + 1},
            fmt::format("unexpected '{}' after a quoted field; expected ','", text[pos]));
      }
    } else {
      const std::size_t comma = std::min(text.find(',', pos), text.size());
      cell = std::string(trim(text.substr(pos, comma - pos)));
      pos = comma;
    }
    cells.push_back(std::move(cell));
    if (pos >= text.size()) break;
    ++pos;  // the comma
  }
  return cells;
}

}  // namespace

CsvTable parse_csv(std::string file, std::string_view text) {
  CsvTable table;
  table.file = std::move(file);
  // Spreadsheet programs like to start a UTF-8 export with a byte-order mark.
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (const std::optional<TextProblem> problem = text_problem(text)) {
    throw ParseError({table.file, problem->line, problem->column}, problem->what);
  }
  int line = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view raw = text.substr(start, end - start);
    start = end + 1;
    ++line;
    const std::string_view content = trim(raw);
    if (content.empty() || content.front() == '#') continue;
    std::vector<std::string> cells = split_line(table.file, line, raw);
    if (table.header_line == 0) {
      table.header_line = line;
      table.header = std::move(cells);
      continue;
    }
    if (cells.size() != table.header.size()) {
      throw ParseError({table.file, line},
                       fmt::format("row has {} cells; expected {} as in the header (line {})",
                                   cells.size(), table.header.size(), table.header_line));
    }
    table.rows.push_back({line, std::move(cells)});
  }
  if (table.header_line == 0) {
    throw ParseError({table.file}, "the file is empty; expected a header row");
  }
  return table;
}

CsvColumns::CsvColumns(const CsvTable& table, std::vector<CsvColumn> columns) : table_(&table) {
  for (const CsvColumn& c : columns) names_.emplace_back(c.name);
  index_.assign(columns.size(), -1);
  const SourceLocation header{table.file, table.header_line};
  for (std::size_t h = 0; h < table.header.size(); ++h) {
    const std::string& name = table.header[h];
    const int known = index_of(name);
    if (known < 0) {
      throw UnknownKeyError(header,
                            fmt::format("unknown column '{}'{}", name, did_you_mean(name, names_)));
    }
    if (index_[static_cast<std::size_t>(known)] >= 0) {
      throw ValueError(header, fmt::format("column '{}' appears twice in the header", name));
    }
    index_[static_cast<std::size_t>(known)] = static_cast<int>(h);
  }
  for (std::size_t k = 0; k < columns.size(); ++k) {
    if (columns[k].required && index_[k] < 0) {
      throw ValueError(header, fmt::format("missing required column '{}'; the header has {}",
                                           columns[k].name, fmt::join(table.header, ", ")));
    }
  }
}

int CsvColumns::index_of(std::string_view column) const {
  for (std::size_t k = 0; k < names_.size(); ++k) {
    if (names_[k] == column) return static_cast<int>(k);
  }
  return -1;
}

std::string_view CsvColumns::cell(const CsvRow& row, std::string_view column) const {
  const int known = index_of(column);
  if (known < 0) return {};  // a programming error, not the user's: treated as absent
  const int position = index_[static_cast<std::size_t>(known)];
  return position < 0 ? std::string_view{} : row.cells[static_cast<std::size_t>(position)];
}

std::string_view CsvColumns::required(const CsvRow& row, std::string_view column) const {
  const std::string_view value = cell(row, column);
  if (value.empty()) fail(row, column, "the cell is empty; expected a value");
  return value;
}

void CsvColumns::fail(const CsvRow& row, std::string_view column,
                      const std::string& problem) const {
  throw ValueError(locate(row), fmt::format("column '{}': {}", column, problem));
}

double CsvColumns::number(const CsvRow& row, std::string_view column, const NumberRule& rule,
                          double fallback) const {
  const std::string_view text = cell(row, column);
  if (text.empty()) return fallback;
  const Parsed<double> parsed = parse_number(text, rule);
  if (!parsed.ok()) fail(row, column, parsed.problem);
  return parsed.value;
}

std::int64_t CsvColumns::integer(const CsvRow& row, std::string_view column, const IntRule& rule,
                                 std::int64_t fallback) const {
  const std::string_view text = cell(row, column);
  if (text.empty()) return fallback;
  const Parsed<std::int64_t> parsed = parse_integer(text, rule);
  if (!parsed.ok()) fail(row, column, parsed.problem);
  return parsed.value;
}

Step CsvColumns::duration_or_never(const CsvRow& row, std::string_view column,
                                   Step fallback) const {
  const std::string_view text = cell(row, column);
  if (text.empty()) return fallback;
  const Parsed<Step> parsed = parse_duration_or_never(text);
  if (!parsed.ok()) fail(row, column, parsed.problem);
  return parsed.value;
}

}  // namespace cyres
