#include "io/assessment_reader.hpp"

#include <fmt/format.h>

#include <map>

#include "core/text.hpp"
#include "io/toml_doc.hpp"

namespace threatmap::io {

bool is_reserved_device_name(const std::string& id) {
    // Windows opens a device, not a file, for these names whatever the
    // extension ("con.png"): an output folder shared with Windows breaks.
    static const char* const names[] = {"con", "prn", "aux", "nul"};
    for (const char* n : names)
        if (id == n) return true;
    return id.size() == 4 && (id.compare(0, 3, "com") == 0 || id.compare(0, 3, "lpt") == 0) && id[3] >= '0' &&
           id[3] <= '9';
}

bool is_safe_id(const std::string& id) {
    if (id.empty() || id.size() > 64 || is_reserved_device_name(id)) return false;
    for (std::size_t i = 0; i < id.size(); ++i) {
        char c = id[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '-' || c == '_'));
        if (!ok) return false;
    }
    return true;
}

namespace {

// The id as it can be shown in a one-line message: control characters
// (a NUL, a newline) escaped as \uXXXX, as TOML would write them.
std::string printable(const std::string& id) {
    std::string out;
    for (char c : id) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) out += fmt::format("\\u{:04x}", u);
        else out += c;
    }
    return out;
}

std::string checked_id(const TomlView& t, const std::string& key) {
    std::string id = t.string(key);
    if (is_reserved_device_name(id))
        t.fail(key, fmt::format("\"{}\" is not a valid id (a reserved device name on Windows; it becomes part of "
                                "file names)", id));
    if (!is_safe_id(id))
        t.fail(key, fmt::format("\"{}\" is not a valid id (use lower-case letters, digits, '-' and '_', "
                                "starting with a letter or digit; it becomes part of file names)", printable(id)));
    return id;
}

}  // namespace

Assessment read_assessment(const std::string& path) {
    toml::table doc = parse_toml_file(path);
    TomlView root(doc, path, "");
    root.allow_only({"assessment", "scale", "category"});

    Assessment a;
    a.path = path;
    TomlView head = root.table("assessment");
    head.allow_only({"id", "date", "citation", "source_document", "source_kind", "title", "not_assessed"});
    a.id = checked_id(head, "id");
    a.date = head.date("date");
    a.citation = head.text("citation");
    a.source_document = head.string_or("source_document", "");
    if (head.has("source_kind")) a.source_kind = head.translated("source_kind");
    a.title = head.translated("title");
    a.not_assessed_given = head.has("not_assessed");
    a.not_assessed = a.not_assessed_given ? head.translated("not_assessed") : Translated{{{"en", "not assessed"}}};

    auto scale = root.tables("scale");
    if (scale.empty())
        throw Error(root.location(), "the scale is empty: add at least one [[scale]] level, lowest first "
                                     "(e.g. id = \"low\"), then higher ones");
    for (const auto& s : scale) {
        s.allow_only({"id", "name", "short"});
        Level level;
        level.id = s.string("id");
        if (level.id.empty()) s.fail("id", "a level id cannot be empty");
        if (a.scale.index_of(level.id)) s.fail("id", fmt::format("level \"{}\" is defined twice in the scale", level.id));
        level.name = s.has("name") ? s.translated("name") : Translated{{{"en", level.id}}};
        if (s.has("short")) level.short_name = s.translated("short");
        a.scale.levels.push_back(level);
    }
    std::vector<std::string> level_ids;
    for (const auto& l : a.scale.levels) level_ids.push_back(l.id);

    auto check_level = [&](const TomlView& entry, const std::string& key) {
        std::string level = entry.string(key);
        if (!a.scale.index_of(level)) {
            auto near = core::closest_names(level, level_ids, 1);
            entry.fail(key, fmt::format("unknown level \"{}\"{} (expected one of: {})", level,
                                        near.empty() ? "" : fmt::format(", did you mean \"{}\"?", near.front()),
                                        core::join_alternatives(level_ids)));
        }
        return level;
    };

    auto categories = root.tables("category");
    if (categories.empty()) throw Error(root.location(), "no [[category]]: an assessment needs at least one category");
    for (const auto& c : categories) {
        c.allow_only({"id", "title", "areas", "area"});
        Category cat;
        cat.id = checked_id(c, "id");
        if (a.find_category(cat.id)) c.fail("id", fmt::format("category \"{}\" is defined twice", cat.id));
        cat.titled = c.has("title");
        cat.title = cat.titled ? c.translated("title") : Translated{{{"en", cat.id}}};
        cat.defined_at = c.location();
        auto entries = c.tables("areas");
        for (auto& e : c.tables("area")) entries.push_back(e);
        if (entries.empty()) c.fail("id", fmt::format("category \"{}\" lists no areas", cat.id));
        std::map<std::string, const AreaLevel*> seen;
        for (const auto& e : entries) {
            e.allow_only({"area", "level", "previous", "quote", "line"});
            AreaLevel al;
            al.area = e.string("area");
            if (core::fold_name(al.area).empty()) e.fail("area", "the area name is empty");
            al.level = check_level(e, "level");
            if (e.has("previous")) al.previous_level = check_level(e, "previous");
            al.quote = e.text("quote");
            al.source_line = static_cast<int>(e.integer_or("line", 0));
            if (al.source_line < 0) e.fail("line", "a line number cannot be negative");
            al.defined_at = e.location_of("area");
            cat.areas.push_back(al);
        }
        // Two entries for one area: either listed twice or under two levels.
        for (std::size_t i = 0; i < cat.areas.size(); ++i) {
            const auto& al = cat.areas[i];
            auto [it, inserted] = seen.emplace(core::fold_name(al.area), &al);
            if (!inserted) {
                const AreaLevel& first = *it->second;
                std::string what = first.level == al.level
                    ? fmt::format("area \"{}\" is listed twice in category \"{}\" (first at {})", al.area, cat.id,
                                  first.defined_at.where)
                    : fmt::format("area \"{}\" is given two levels in category \"{}\": \"{}\" at {} and \"{}\" here",
                                  al.area, cat.id, first.level, first.defined_at.where, al.level);
                throw Error(al.defined_at, what);
            }
        }
        a.categories.push_back(std::move(cat));
    }
    return a;
}

}  // namespace threatmap::io
