#include "core/text.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <cstdint>
#include <numeric>
#include <utility>

namespace threatmap::core {
namespace {

// Decodes one UTF-8 sequence at i; invalid bytes decode as themselves.
std::uint32_t next_code_point(const std::string& s, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    if (c < 0x80) { ++i; return c; }
    int extra = (c >= 0xF0) ? 3 : (c >= 0xE0) ? 2 : (c >= 0xC0) ? 1 : 0;
    if (extra == 0) { ++i; return c; }
    std::uint32_t cp = c & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
        if (i + static_cast<std::size_t>(k) >= s.size() || (byte(i + k) & 0xC0) != 0x80) { ++i; return c; }
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    i += static_cast<std::size_t>(extra) + 1;
    return cp;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) { out += static_cast<char>(cp); }
    else if (cp < 0x800) { out += static_cast<char>(0xC0 | (cp >> 6)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Base letter of an accented Latin letter, lower case; 0 when not a letter we fold.
char base_letter(std::uint32_t cp) {
    static const char* latin1 =  // U+00C0 .. U+00FF
        "aaaaaaaceeeeiiiidnooooo\0ouuuuyts"
        "aaaaaaaceeeeiiiidnooooo\0ouuuuyty";
    if (cp >= 0xC0 && cp <= 0xFF) return latin1[cp - 0xC0];
    if (cp >= 0x100 && cp <= 0x17F) {  // Latin Extended-A, in pairs upper/lower
        static const char* ext_a =
            "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
        return ext_a[cp - 0x100];
    }
    return 0;
}

}  // namespace

std::string fold_name(const std::string& utf8) {
    std::string out;
    bool pending_space = false;
    for (std::size_t i = 0; i < utf8.size();) {
        std::uint32_t cp = next_code_point(utf8, i);
        if (cp == ' ' || cp == '-' || cp == '_' || cp == '\'' || cp == '\t' || cp == 0x2019 || cp == '.') {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) { out += ' '; pending_space = false; }
        if (cp < 0x80) {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(cp)));
        } else if (char b = base_letter(cp); b != 0) {
            out += b;
            if (cp == 0xDF) out += 's';  // ß -> ss
        } else {
            append_utf8(out, cp);
        }
    }
    return out;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), 0);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::vector<std::string> closest_names(const std::string& name, const std::vector<std::string>& candidates,
                                       std::size_t count) {
    const std::string folded = fold_name(name);
    std::vector<std::pair<std::size_t, std::string>> ranked;
    for (const auto& c : candidates) ranked.emplace_back(edit_distance(folded, fold_name(c)), c);
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string> out;
    for (const auto& r : ranked) {
        if (out.size() == count) break;
        if (std::find(out.begin(), out.end(), r.second) == out.end()) out.push_back(r.second);
    }
    return out;
}

std::vector<std::string> likely_meant(const std::string& name, const std::vector<std::string>& candidates,
                                      std::size_t count) {
    const std::string folded = fold_name(name);
    const std::size_t limit = std::max<std::size_t>(2, folded.size() / 3);
    std::vector<std::string> out;
    for (const auto& c : closest_names(name, candidates, count))
        if (edit_distance(folded, fold_name(c)) <= limit) out.push_back(c);
    return out;
}

std::string counted_list(const std::vector<std::string>& items, std::size_t max_named) {
    std::vector<std::string> named(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(std::min(max_named, items.size())));
    if (items.size() > max_named) named.push_back(std::to_string(items.size() - max_named) + " more");
    return join_alternatives(named, "and");
}

std::string quoted_list(const std::vector<std::string>& items, std::size_t max_named) {
    std::vector<std::string> quoted;
    for (const auto& item : items) quoted.push_back("\"" + item + "\"");
    return counted_list(quoted, max_named);
}

std::string join_alternatives(const std::vector<std::string>& items, const std::string& last_word) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += (i + 1 == items.size()) ? " " + last_word + " " : ", ";
        out += items[i];
    }
    return out;
}

namespace {

// natural_less on names already folded, without the tie-break.
bool natural_key_less(const std::string& a, const std::string& b) {
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (digit(a[i]) && digit(b[j])) {
            std::size_t ia = i, jb = j;
            while (ia < a.size() && a[ia] == '0') ++ia;  // the value's first significant digit
            while (jb < b.size() && b[jb] == '0') ++jb;
            std::size_t ea = ia, eb = jb;
            while (ea < a.size() && digit(a[ea])) ++ea;
            while (eb < b.size() && digit(b[eb])) ++eb;
            if (ea - ia != eb - jb) return ea - ia < eb - jb;  // fewer significant digits: smaller
            const int c = a.compare(ia, ea - ia, b, jb, eb - jb);
            if (c != 0) return c < 0;
            i = ea, j = eb;
            continue;
        }
        if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
        ++i, ++j;
    }
    return i == a.size() && j < b.size();  // a ended where b goes on
}

// natural_less of two names given with their folded forms.
bool natural_less_folded(const std::string& folded_a, const std::string& a, const std::string& folded_b, const std::string& b) {
    if (natural_key_less(folded_a, folded_b)) return true;
    if (natural_key_less(folded_b, folded_a)) return false;
    return a < b;
}

}  // namespace

bool natural_less(const std::string& a, const std::string& b) { return natural_less_folded(fold_name(a), a, fold_name(b), b); }

void sort_naturally(std::vector<std::string>& names) {
    std::vector<std::pair<std::string, std::string>> keyed;  // (folded, name)
    keyed.reserve(names.size());
    for (auto& n : names) keyed.emplace_back(fold_name(n), std::move(n));
    std::sort(keyed.begin(), keyed.end(),
              [](const auto& p, const auto& q) { return natural_less_folded(p.first, p.second, q.first, q.second); });
    for (std::size_t i = 0; i < names.size(); ++i) names[i] = std::move(keyed[i].second);
}

namespace {
// A family name compared as fontconfig does: case and spaces aside.
std::string family_key(const std::string& name) {
    std::string key;
    for (char c : name)
        if (c != ' ') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return key;
}
}  // namespace

bool font_family_honoured(const std::string& requested, const std::string& drawn) {
    static const char* const generic[] = {"sans-serif", "sans", "serif", "monospace", "mono", "system-ui", "cursive", "fantasy"};
    const std::string drawn_key = family_key(drawn);
    bool first = true;
    for (std::size_t begin = 0; begin <= requested.size();) {
        std::size_t end = requested.find(',', begin);
        if (end == std::string::npos) end = requested.size();
        const std::string key = family_key(requested.substr(begin, end - begin));
        if (!key.empty()) {
            if (key == drawn_key && !drawn_key.empty()) return true;
            if (first && std::find(std::begin(generic), std::end(generic), key) != std::end(generic)) return true;
            first = false;
        }
        begin = end + 1;
    }
    return false;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    if (from.empty()) return text;
    for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) text.replace(at, from.size(), to);
    return text;
}

}  // namespace threatmap::core
