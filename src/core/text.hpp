// Name matching helpers: fold case and accents so that "Ségou", "SEGOU" and
// "segou" compare equal, and rank candidates by edit distance for "did you
// mean" suggestions. Covers the Latin-1 and Latin Extended-A letters that
// occur in West African place names; other code points pass through.
#pragma once

#include <string>
#include <vector>

namespace threatmap::core {

// Lower case, accents removed, runs of space/hyphen/underscore/apostrophe
// collapsed to one space, trimmed.
std::string fold_name(const std::string& utf8);

std::size_t edit_distance(const std::string& a, const std::string& b);

// Up to `count` candidates closest to `name` (compared folded), closest first.
std::vector<std::string> closest_names(const std::string& name, const std::vector<std::string>& candidates,
                                       std::size_t count = 3);

// "a, b or c" for messages.
std::string join_alternatives(const std::vector<std::string>& items, const std::string& last_word = "or");

// `text` with every occurrence of `from` (not empty) replaced by `to`, left to right.
std::string replace_all(std::string text, const std::string& from, const std::string& to);

}  // namespace threatmap::core
