#include "io/toml_doc.hpp"

#include <cctype>
#include <cmath>
#include <fstream>
#include <iterator>
#include <fmt/format.h>

#include "core/text.hpp"

namespace threatmap::io {
namespace {

std::string position(const toml::source_region& source) {
    if (!source.begin) return "";
    return fmt::format("{}:{}", source.begin.line, source.begin.column);
}

std::string type_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a number";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::table: return "a table";
        case toml::node_type::array: return "an array";
        case toml::node_type::date: return "a date";
        case toml::node_type::time: return "a time";
        case toml::node_type::date_time: return "a date and time";
        default: return "nothing";
    }
}

// toml++ 3.3.0 (Debian 12) reaches __builtin_unreachable() in
// is_non_ascii_horizontal_whitespace() for most non-ASCII code points (e.g. a
// file that is just "é"), wherever the parser asks whether a character is
// whitespace: outside strings and comments, in a bare value it reads on past
// an error, and in a multi-line basic string after a backslash (upstream
// marzer/tomlplusplus#190 and #295; found by fuzz/fuzz_assessment and
// fuzz/fuzz_style). That is undefined behaviour on a hostile or mistyped
// file, so those characters are refused here, before toml++ sees them. A
// quote counts as the start of a string only where TOML allows one (at the
// start of a line, after '=', '[', '{', ',', or after '.' in a key); TOML
// allows non-ASCII only in strings and comments, so no valid file is refused
// except the rare """ string whose line-ending backslash is followed by a
// non-ASCII character on the next line.
void refuse_non_ascii_outside_strings(const std::string& path, const std::string& text) {
    std::size_t i = 0, line = 1, line_start = 0;
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) i = line_start = 3;  // UTF-8 byte order mark
    auto fail = [&](std::size_t at, const char* what) {
        std::size_t column = 1;
        for (std::size_t k = line_start; k < at; ++k)
            if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) ++column;
        throw Error({path, fmt::format("{}:{}", line, column)},
                    fmt::format("TOML syntax error: {} (TOML allows non-ASCII characters only in strings and comments)", what));
    };
    auto non_ascii = [&](std::size_t k) { return k < text.size() && static_cast<unsigned char>(text[k]) >= 0x80; };
    auto newline = [&](std::size_t k) {
        ++line;
        line_start = k + 1;
    };
    auto blank = [&](std::size_t k) { return k < text.size() && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r' || text[k] == '\n'); };
    // Where a string may start: the last character that is not blank, the
    // open brackets ('h' table header, '[' array, '{' inline table) and
    // whether a key (not a value) comes next.
    char prev = '\n';
    std::string open;
    bool key_next = true;
    const std::size_t n = text.size();
    while (i < n) {
        const char c = text[i];
        const bool string_may_start =
            prev == '\n' || prev == '=' || prev == '[' || prev == '{' || prev == ',' || (prev == '.' && key_next);
        if (c == '\n') {
            newline(i);
            ++i;
            if (open.empty() || open.back() != '[') {  // only arrays span lines
                open.clear();
                key_next = true;
            }
            prev = '\n';
        } else if (c == ' ' || c == '\t' || c == '\r') {
            ++i;
        } else if (c == '#') {
            while (i < n && text[i] != '\n') ++i;
        } else if (string_may_start && (c == '"' || c == '\'') && text.compare(i, 3, std::string(3, c)) == 0) {
            const bool basic = c == '"';
            i += 3;
            for (;;) {
                if (i >= n) return;  // unterminated: toml++ says so
                if (text[i] == c && text.compare(i, 3, std::string(3, c)) == 0) {
                    i += 3;
                    for (int extra = 0; extra < 2 && i < n && text[i] == c; ++extra) ++i;
                    break;
                }
                if (text[i] == '\n') newline(i);
                if (basic && text[i] == '\\') {
                    ++i;
                    if (non_ascii(i)) fail(i, "a non-ASCII character after a backslash");
                    if (blank(i)) {
                        // A line-ending backslash: toml++ tests each following character for whitespace.
                        while (blank(i)) {
                            if (text[i] == '\n') newline(i);
                            ++i;
                        }
                        if (non_ascii(i)) fail(i, "a non-ASCII character right after a line-ending backslash");
                        continue;
                    }
                }
                ++i;
            }
            prev = 's';
        } else if (string_may_start && (c == '"' || c == '\'')) {
            ++i;
            while (i < n && text[i] != c && text[i] != '\n') {
                if (c == '"' && text[i] == '\\' && i + 1 < n && text[i + 1] != '\n') ++i;
                ++i;
            }
            if (i < n && text[i] == c) ++i;
            prev = 's';
        } else if (non_ascii(i)) {
            fail(i, "a non-ASCII character outside a string or comment");
        } else {
            switch (c) {
                case '=': key_next = false; break;
                case '[':
                    if (key_next && (open.empty() || open.back() == 'h')) {
                        open += 'h';
                    } else {
                        open += '[';
                        key_next = false;
                    }
                    break;
                case '{':
                    open += '{';
                    key_next = true;
                    break;
                case ']':
                case '}':
                    if (!open.empty()) open.pop_back();
                    key_next = false;
                    break;
                case ',': key_next = !open.empty() && open.back() == '{'; break;
                default: break;
            }
            prev = c;
            ++i;
        }
    }
}

}  // namespace

toml::table parse_toml_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error({path, ""}, "cannot open file (does it exist and is it readable?)");
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) throw Error({path, ""}, "cannot read file (is it a folder?)");
    refuse_non_ascii_outside_strings(path, text);
    try {
        return toml::parse(text, path);
    } catch (const toml::parse_error& e) {
        std::string what(e.description());
        if (what.find("File could not be opened") != std::string::npos || what.find("could not be opened") != std::string::npos)
            throw Error({path, ""}, "cannot open file (does it exist and is it readable?)");
        throw Error({path, position(e.source())}, fmt::format("TOML syntax error: {}", what));
    }
}

TomlView::TomlView(const toml::table& table, std::string path, std::string key_path)
    : table_(&table), path_(std::move(path)), key_path_(std::move(key_path)) {}

std::string TomlView::key_path(const std::string& key) const {
    return key_path_.empty() ? key : key_path_ + "." + key;
}

SourceLocation TomlView::location() const { return {path_, position(table_->source())}; }

SourceLocation TomlView::location_of(const std::string& key) const {
    if (const toml::node* n = table_->get(key)) {
        auto where = position(n->source());
        if (!where.empty()) return {path_, where};
    }
    return location();
}

void TomlView::fail(const std::string& key, const std::string& message) const {
    throw Error(location_of(key), fmt::format("{}: {}", key_path(key), message));
}

bool TomlView::has(const std::string& key) const { return table_->contains(key); }

const toml::node& TomlView::required(const std::string& key, const char* expected) const {
    const toml::node* n = table_->get(key);
    if (!n) {
        SourceLocation at = location();
        throw Error(at, fmt::format("missing key '{}' (expected {})", key_path(key), expected));
    }
    return *n;
}

std::string TomlView::string(const std::string& key) const {
    const auto& n = required(key, "a string");
    if (!n.is_string()) fail(key, fmt::format("expected a string, found {}", type_name(n)));
    return std::string(*n.value<std::string_view>());
}

namespace {
bool is_blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }
constexpr const char* kBlankText = "the text is empty: the maps would show a blank where it goes";
}  // namespace

std::string TomlView::text(const std::string& key) const {
    std::string s = string(key);
    if (is_blank(s)) fail(key, kBlankText);
    return s;
}

namespace {
bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap_year(y) ? 29 : days[m - 1];
}
}  // namespace

std::string TomlView::date(const std::string& key) const {
    const auto& n = required(key, "a date");
    int y = 0, m = 0, d = 0;
    if (n.is_date()) {
        const toml::date td = *n.value<toml::date>();
        y = td.year; m = td.month; d = td.day;
    } else if (n.is_string()) {
        const std::string s(*n.value<std::string_view>());
        bool shaped = s.size() == 10;
        for (std::size_t i = 0; shaped && i < s.size(); ++i)
            shaped = (i == 4 || i == 7) ? s[i] == '-' : (s[i] >= '0' && s[i] <= '9');
        if (!shaped)
            fail(key, fmt::format("\"{}\" is not a date: write it as year-month-day, e.g. 2017-09-11", s));
        y = std::stoi(s.substr(0, 4)); m = std::stoi(s.substr(5, 2)); d = std::stoi(s.substr(8, 2));
    } else {
        fail(key, fmt::format("expected a date (e.g. 2017-09-11), found {}", type_name(n)));
    }
    if (m < 1 || m > 12) fail(key, fmt::format("{:04}-{:02}-{:02} is not a date: there is no month {}", y, m, d, m));
    if (d < 1 || d > days_in_month(y, m))
        fail(key, fmt::format("{:04}-{:02}-{:02} is not a date: month {} of {} has {} days", y, m, d, m, y,
                              days_in_month(y, m)));
    return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

std::string TomlView::string_or(const std::string& key, const std::string& fallback) const {
    return has(key) ? string(key) : fallback;
}

double TomlView::number(const std::string& key) const {
    const auto& n = required(key, "a number");
    if (!n.is_number()) fail(key, fmt::format("expected a number, found {}", type_name(n)));
    double v = *n.value<double>();
    if (!std::isfinite(v)) fail(key, "expected a finite number");
    return v;
}

double TomlView::number_or(const std::string& key, double fallback) const { return has(key) ? number(key) : fallback; }

double TomlView::number_in(const std::string& key, double min, double max) const {
    double v = number(key);
    if (v < min || v > max) fail(key, fmt::format("{} is out of range (expected {} to {})", v, min, max));
    return v;
}

double TomlView::number_in_or(const std::string& key, double min, double max, double fallback) const {
    return has(key) ? number_in(key, min, max) : fallback;
}

long long TomlView::integer_or(const std::string& key, long long fallback) const {
    if (!has(key)) return fallback;
    const auto& n = *table_->get(key);
    if (!n.is_integer()) fail(key, fmt::format("expected an integer, found {}", type_name(n)));
    return *n.value<long long>();
}

bool TomlView::boolean_or(const std::string& key, bool fallback) const {
    if (!has(key)) return fallback;
    const auto& n = *table_->get(key);
    if (!n.is_boolean()) fail(key, fmt::format("expected true or false, found {}", type_name(n)));
    return *n.value<bool>();
}

std::vector<std::string> TomlView::strings_or_empty(const std::string& key) const {
    std::vector<std::string> out;
    if (!has(key)) return out;
    const auto* arr = table_->get(key)->as_array();
    if (!arr) fail(key, fmt::format("expected an array of strings, found {}", type_name(*table_->get(key))));
    for (const auto& e : *arr) {
        if (!e.is_string()) throw Error({path_, position(e.source())}, fmt::format("{}: expected strings only, found {}", key_path(key), type_name(e)));
        out.emplace_back(*e.value<std::string_view>());
    }
    return out;
}

std::vector<double> TomlView::numbers_or_empty(const std::string& key) const {
    std::vector<double> out;
    if (!has(key)) return out;
    const auto* arr = table_->get(key)->as_array();
    if (!arr) fail(key, fmt::format("expected an array of numbers, found {}", type_name(*table_->get(key))));
    for (const auto& e : *arr) {
        if (!e.is_number()) throw Error({path_, position(e.source())}, fmt::format("{}: expected numbers only, found {}", key_path(key), type_name(e)));
        out.push_back(*e.value<double>());
    }
    return out;
}

Translated TomlView::translated(const std::string& key) const {
    Translated t;
    const auto& n = required(key, "a string or a table of languages");
    if (n.is_string()) {
        t.text["en"] = std::string(*n.value<std::string_view>());
        if (is_blank(t.text["en"])) fail(key, kBlankText);
        return t;
    }
    const auto* tab = n.as_table();
    if (!tab) fail(key, fmt::format("expected a string or a table like {{ en = \"...\", nl = \"...\" }}, found {}", type_name(n)));
    for (const auto& [lang, value] : *tab) {
        const std::string code(lang.str());
        if (code.size() != 2 || !std::islower(static_cast<unsigned char>(code[0])) ||
            !std::islower(static_cast<unsigned char>(code[1])))
            throw Error({path_, position(value.source())},
                        fmt::format("{}.{}: not a language; use lowercase two-letter codes like en, nl, fr",
                                    key_path(key), code));
        if (!value.is_string())
            throw Error({path_, position(value.source())}, fmt::format("{}.{}: expected a string, found {}", key_path(key), lang.str(), type_name(value)));
        t.text[std::string(lang.str())] = std::string(*value.value<std::string_view>());
        if (is_blank(t.text[std::string(lang.str())]))
            throw Error({path_, position(value.source())}, fmt::format("{}.{}: {}", key_path(key), code, kBlankText));
    }
    if (t.text.empty()) fail(key, "no text in any language");
    t.per_language = true;
    return t;
}

TomlView TomlView::table(const std::string& key) const {
    const auto& n = required(key, "a table");
    if (!n.is_table()) fail(key, fmt::format("expected a table, found {}", type_name(n)));
    return TomlView(*n.as_table(), path_, key_path(key));
}

std::optional<TomlView> TomlView::table_if(const std::string& key) const {
    if (!has(key)) return std::nullopt;
    return table(key);
}

std::vector<TomlView> TomlView::tables(const std::string& key) const {
    std::vector<TomlView> out;
    if (!has(key)) return out;
    const auto* arr = table_->get(key)->as_array();
    if (!arr) fail(key, fmt::format("expected an array of tables ([[{}]]), found {}", key, type_name(*table_->get(key))));
    std::size_t i = 0;
    for (const auto& e : *arr) {
        if (!e.is_table())
            throw Error({path_, position(e.source())}, fmt::format("{}[{}]: expected a table, found {}", key_path(key), i, type_name(e)));
        out.emplace_back(*e.as_table(), path_, fmt::format("{}[{}]", key_path(key), i));
        ++i;
    }
    return out;
}

std::vector<std::string> TomlView::keys() const {
    std::vector<std::string> out;
    for (const auto& [k, v] : *table_) out.emplace_back(k.str());
    return out;
}

void TomlView::allow_only(const std::vector<std::string>& allowed) const {
    for (const auto& [k, v] : *table_) {
        std::string key(k.str());
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        auto closest = core::closest_names(key, allowed, 1);
        std::string hint = closest.empty() ? "" : fmt::format(" (did you mean '{}'?", closest.front());
        if (!hint.empty()) hint += fmt::format(" valid keys: {})", core::join_alternatives(allowed));
        SourceLocation at{path_, position(k.source())};
        if (at.where.empty()) at = location_of(key);
        throw Error(at, fmt::format("unknown key '{}'{}", key_path(key), hint));
    }
}

}  // namespace threatmap::io
