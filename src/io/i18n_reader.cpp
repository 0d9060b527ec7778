#include "io/i18n_reader.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"
#include "io/toml_doc.hpp"

namespace threatmap {

const std::string& UiWords::operator()(const std::string& lang, const std::string& key) const {
    auto w = words.find(key);
    if (w == words.end()) throw Error({path, key}, fmt::format("no interface word '{}'", key));
    auto t = w->second.find(lang);
    if (t == w->second.end()) throw Error({path, key}, fmt::format("no text for '{}' in language \"{}\"", key, lang));
    return t->second;
}

namespace io {

UiWords read_i18n(const std::string& path, const std::vector<std::string>& keys, const std::vector<std::string>& languages) {
    toml::table doc = parse_toml_file(path);
    TomlView root(doc, path, "");
    root.allow_only(keys);
    const std::string expected = fmt::format("a table with {}", core::join_alternatives(languages, "and"));
    UiWords out;
    out.path = path;
    for (const auto& key : keys) {
        if (!root.has(key))
            throw Error(root.location(), fmt::format("missing word '{}' (expected [{}], {})", key, key, expected));
        TomlView word = root.table(key);
        word.allow_only(languages);
        for (const auto& lang : languages) {
            if (!word.has(lang))
                throw Error(word.location(), fmt::format("{}: missing language \"{}\" (expected {})", key, lang, expected));
            std::string text = word.string(lang);
            if (text.empty()) word.fail(lang, "empty text");
            out.words[key][lang] = std::move(text);
        }
    }
    return out;
}

}  // namespace io
}  // namespace threatmap
