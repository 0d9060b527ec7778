// A threat assessment as transcribed from its source: an ordered scale of
// levels, categories, and per category the level of each named area with the
// quote and line that justify it. Plain values; read by io::read_assessment.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace threatmap {

// Text in several languages, keyed "nl", "en", "fr". `in(lang)` falls back to
// English, then to any language present.
struct Translated {
    std::map<std::string, std::string> text;
    // Given as a table of languages; a single string is one text for every
    // language (stored as "en") and lacks none.
    bool per_language = false;
    std::string in(const std::string& lang) const;
    // Given per language, but not in `lang`: a map in `lang` shows another.
    bool lacks(const std::string& lang) const { return per_language && text.count(lang) == 0; }
};

struct Level {
    std::string id;  // as in the source, e.g. "significant"
    Translated name;
    // For the narrow column headers of the map's operating-areas table, where
    // a long name ("High: complex attacks expected on main supply routes")
    // wraps to a word a line; none: the name.
    std::optional<Translated> short_name;
    const Translated& short_or_name() const { return short_name ? *short_name : name; }
};

// Ordered lowest to highest.
struct Scale {
    std::vector<Level> levels;
    std::optional<std::size_t> index_of(const std::string& id) const;
};

struct AreaLevel {
    std::string area;  // a name, alias or ISO 3166-2 code of the area
    std::string level;
    std::optional<std::string> previous_level;
    std::string quote;  // the sentence of the source, in its language
    int source_line = 0;
    SourceLocation defined_at;  // where in the assessment file this entry is
};

struct Category {
    std::string id;  // "ied", "general"
    Translated title;  // without one in the file, the id ("general")
    bool titled = true;  // false: the file gives no title, the maps show the id
    SourceLocation defined_at;  // the category's table in the file
    std::vector<AreaLevel> areas;
    bool has_previous() const;
};

struct Assessment {
    std::string id;
    std::string path;
    Translated title;
    std::string date;       // ISO 8601, date of the source
    std::string citation;   // "Kamerstuk 29 521, nr. AB, 11 September 2017"
    std::string source_document;
    // What the source is, in the subtitle's words ("letter" in "letter of 11
    // September 2017"); none: the subtitle gives the date alone.
    std::optional<Translated> source_kind;
    Scale scale;
    Translated not_assessed;  // label of the "not assessed" class
    bool not_assessed_given = false;  // false: the English default, until the map's words replace it
    std::vector<Category> categories;
    const Category* find_category(const std::string& id) const;
};

}  // namespace threatmap
