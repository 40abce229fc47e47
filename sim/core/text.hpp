#pragma once
// Text as cyres shows and accepts it: inputs must be UTF-8 (the results file
// stores their text as UTF-8, and readers such as h5py decode it so), and every
// message is one printable line, whatever bytes a value it quotes contains.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cyres {

//! Byte offset of the first byte of `text` that does not start a well-formed
//! UTF-8 sequence (overlong forms, surrogates and code points above U+10FFFF
//! are not well-formed); nullopt when all of `text` is UTF-8.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

//! Byte offset of the first control character other than tab, line feed and
//! carriage return (U+0000..U+001F, U+007F); nullopt when there is none.
std::optional<std::size_t> first_control_character(std::string_view text);

//! `text` with control characters written as escapes (\n, \r, \t, \0, \xHH)
//! and each byte that is not part of a well-formed UTF-8 sequence as \xHH, so
//! that a message quoting it stays one line of printable text. Backslashes
//! are kept as they are: the escapes only mark what could not be shown.
std::string escape_control(std::string_view text);

}  // namespace cyres
