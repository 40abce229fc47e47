#pragma once
// "Did you mean" suggestions for misspelt keys, column names and identifiers.
// Distances are Damerau-Levenshtein (optimal string alignment): insertion,
// deletion, substitution and transposition of two neighbours each cost 1, so
// "trails" is one edit from "trials".

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cyres {

//! Edit distance between `a` and `b` (optimal string alignment) [edits].
std::size_t edit_distance(std::string_view a, std::string_view b);

//! The candidate closest to `word` (ignoring ASCII case), or "" when none is
//! close enough to be a plausible typo. Ties go to the earliest candidate.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

//! "; did you mean 'x'?" or, for short candidate lists with no close match,
//! "; expected one of a, b, c"; "" otherwise. Appended to error messages.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace cyres
