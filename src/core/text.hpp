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

// The candidates close enough to be what a misspelt `name` meant (folded
// names at most max(2, a third of name's length) edits apart), closest first,
// up to `count`: a suggestion for a name that is nowhere near is noise.
std::vector<std::string> likely_meant(const std::string& name, const std::vector<std::string>& candidates,
                                      std::size_t count = 3);

// "a, b or c" for messages.
std::string join_alternatives(const std::vector<std::string>& items, const std::string& last_word = "or");

// The items quoted for a message, the first `max_named` of a longer list and
// a count: "\"a\", \"b\" and \"c\"", or "\"a\", \"b\" and 5 more".
std::string quoted_list(const std::vector<std::string>& items, std::size_t max_named);
// The same, unquoted: "the title, category \"ied\" and 3 more".
std::string counted_list(const std::vector<std::string>& items, std::size_t max_named);

// The order a reader expects of names: as folded by fold_name ("Ségou"
// before "Sikasso", not after every z) and with runs of digits compared by
// their value ("zone 2" before "zone 10"); names equal in that order go as
// plain strings. A strict weak order.
bool natural_less(const std::string& a, const std::string& b);
// `names` in natural_less's order, each folded once rather than at every comparison.
void sort_naturally(std::vector<std::string>& names);

// Whether a font family list as a style names it ("DejaVu Sans" or
// "Noto Sans, DejaVu Sans") is honoured when text is drawn in `drawn`: drawn
// is one of the listed families (case and spaces aside), or the list starts
// with a generic family (sans-serif, serif, monospace, ...), which any
// installed font the font system picks for it honours.
bool font_family_honoured(const std::string& requested, const std::string& drawn);

// `text` with every occurrence of `from` (not empty) replaced by `to`, left to right.
std::string replace_all(std::string text, const std::string& from, const std::string& to);

}  // namespace threatmap::core
