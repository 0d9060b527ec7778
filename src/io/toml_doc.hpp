// Typed, checked access to a parsed TOML document: every accessor knows the
// file and key path, so a wrong type, a missing key or an unknown key (with
// the closest valid key suggested) becomes a threatmap::Error naming
// file:line:column. Used by the assessment, gazetteer and style readers.
#pragma once

#include <toml++/toml.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/assessment.hpp"
#include "core/error.hpp"

namespace threatmap::io {

// Parses a TOML file; a syntax error becomes an Error at its line and column.
toml::table parse_toml_file(const std::string& path);

class TomlView {
public:
    TomlView(const toml::table& table, std::string path, std::string key_path);

    bool has(const std::string& key) const;
    std::string string(const std::string& key) const;
    std::string string_or(const std::string& key, const std::string& fallback) const;
    // A string with more than blanks in it: words a map, legend or briefing
    // shows (a title, a name, a quote), where an empty one leaves a gap.
    std::string text(const std::string& key) const;
    // A calendar date, as TOML's own (date = 2017-09-11) or a string "2017-09-11";
    // returned as "YYYY-MM-DD". Anything else, or a day the month lacks, is an error.
    std::string date(const std::string& key) const;
    double number(const std::string& key) const;
    double number_or(const std::string& key, double fallback) const;
    double number_in(const std::string& key, double min, double max) const;
    double number_in_or(const std::string& key, double min, double max, double fallback) const;
    long long integer_or(const std::string& key, long long fallback) const;
    bool boolean_or(const std::string& key, bool fallback) const;
    std::vector<std::string> strings_or_empty(const std::string& key) const;
    std::vector<double> numbers_or_empty(const std::string& key) const;
    // A string or { nl = "...", en = "..." } (keys: lowercase two-letter language
    // codes, else an error); a map in a language the text lacks shows its English.
    // Each text must have more than blanks in it, as text() asks.
    Translated translated(const std::string& key) const;
    TomlView table(const std::string& key) const;
    std::optional<TomlView> table_if(const std::string& key) const;
    // Elements of an array of tables ([[key]] or key = [ {..}, {..} ]); empty if absent.
    std::vector<TomlView> tables(const std::string& key) const;
    std::vector<std::string> keys() const;

    // Throws for the first key not in `allowed`, suggesting the closest.
    void allow_only(const std::vector<std::string>& allowed) const;

    SourceLocation location_of(const std::string& key) const;  // file and line:col of key's value
    SourceLocation location() const;                            // of this table
    [[noreturn]] void fail(const std::string& key, const std::string& message) const;
    std::string key_path(const std::string& key) const;
    const std::string& path() const { return path_; }

private:
    const toml::node& required(const std::string& key, const char* expected) const;
    const toml::table* table_;
    std::string path_;
    std::string key_path_;
};

}  // namespace threatmap::io
