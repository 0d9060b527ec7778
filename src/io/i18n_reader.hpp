// Reads the interface words of the maps (legend titles, table headings, the
// words around the assessment's own text) from styles/i18n.toml: one table per
// word, one string per language. Every word the map uses must be there in
// every language the command line offers; a gap is an Error naming the file,
// the line and the word. The level names and area labels are not here: they
// come from the assessment and the gazetteer.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace threatmap {

// Interface words by key and language, as read from the file. Plain value.
struct UiWords {
    std::string path;  // the file they came from, for error messages
    std::map<std::string, std::map<std::string, std::string>> words;  // key -> language -> text

    // The word `key` in `lang`. Throws threatmap::Error naming the file and
    // key when either is absent (read_i18n checks this up front).
    const std::string& operator()(const std::string& lang, const std::string& key) const;
};

namespace io {

// Parses `path`. Each of `keys` must be a table holding a non-empty string for
// each of `languages`; unknown words or languages are errors with the closest
// valid name suggested (they are usually typos).
UiWords read_i18n(const std::string& path, const std::vector<std::string>& keys, const std::vector<std::string>& languages);

}  // namespace io
}  // namespace threatmap
