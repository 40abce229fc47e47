#pragma once
// A small CSV reader for the asset and link tables: RFC 4180 quoting (a quoted
// field may hold commas and doubled quotes, not line breaks), cells trimmed of
// surrounding spaces, blank lines and `#` comment lines skipped. Line numbers
// are physical lines of the file, the header being line 1 in a file without
// leading comments, so a message points where an editor does.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/scenario/value_parse.hpp"

namespace cyres {

struct CsvRow {
  int line = 0;  //!< 1-based line in the file
  std::vector<std::string> cells;
};

struct CsvTable {
  std::string file;  //!< path as shown in messages
  int header_line = 0;
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
};

//! Splits `text` into header and rows. ParseError for an unterminated quote, a
//! missing header or a row whose cell count differs from the header's.
CsvTable parse_csv(std::string file, std::string_view text);

struct CsvColumn {
  std::string_view name;
  bool required = false;
};

//! The columns of one table bound to what the format allows, with typed, located
//! cell reads. An empty cell or an absent optional column reads as "absent".
class CsvColumns {
 public:
  //! UnknownKeyError for a column the format does not know (with a suggestion),
  //! ValueError for a repeated column or a missing required one.
  CsvColumns(const CsvTable& table, std::vector<CsvColumn> columns);

  SourceLocation locate(const CsvRow& row) const { return {table_->file, row.line}; }
  //! The trimmed cell, or "" if the column is absent.
  std::string_view cell(const CsvRow& row, std::string_view column) const;
  //! The cell, or a ValueError if it is empty.
  std::string_view required(const CsvRow& row, std::string_view column) const;

  double number(const CsvRow& row, std::string_view column, const NumberRule& rule,
                double fallback) const;
  std::int64_t integer(const CsvRow& row, std::string_view column, const IntRule& rule,
                       std::int64_t fallback) const;
  Step duration_or_never(const CsvRow& row, std::string_view column, Step fallback) const;

  //! Throws ValueError "column 'c': <problem>" at the row.
  [[noreturn]] void fail(const CsvRow& row, std::string_view column,
                         const std::string& problem) const;

 private:
  int index_of(std::string_view column) const;
  const CsvTable* table_;
  std::vector<std::string> names_;  //!< format's column names
  std::vector<int> index_;          //!< position in the header per known column, or -1
};

}  // namespace cyres
