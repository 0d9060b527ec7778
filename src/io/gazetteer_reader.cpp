#include "io/gazetteer_reader.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "io/assessment_reader.hpp"
#include "io/crs.hpp"
#include "io/toml_doc.hpp"

namespace threatmap::io {
namespace {

PlaceKind parse_kind(const TomlView& t) {
    static const std::vector<std::string> kinds = {"capital", "town", "village", "camp", "event"};
    std::string k = t.string_or("kind", "town");
    for (std::size_t i = 0; i < kinds.size(); ++i)
        if (kinds[i] == k) return static_cast<PlaceKind>(i);
    t.fail("kind", fmt::format("unknown place kind \"{}\" (expected one of: {})", k, core::join_alternatives(kinds)));
}

Translated label_or_name(const TomlView& t, const std::string& name) {
    if (t.has("label")) return t.translated("label");
    return Translated{{{"en", name}}};
}

}  // namespace

Gazetteer read_gazetteer(const std::string& path) {
    toml::table doc = parse_toml_file(path);
    TomlView root(doc, path, "");
    root.allow_only({"country", "map_crs", "boundary_note", "legend", "places_credit", "unit", "place", "event", "zone",
                     "operating_area", "neighbour"});
    Gazetteer g;
    g.path = path;
    g.country = root.string_or("country", "");
    g.map_crs = root.string_or("map_crs", "");
    if (!g.map_crs.empty()) {
        try {
            crs_to_wkt(g.map_crs);
        } catch (const Error& e) {
            throw Error({path, "key 'map_crs'"}, e.detail());
        }
    }
    if (root.has("boundary_note")) g.boundary_note = root.translated("boundary_note");
    if (root.has("places_credit")) g.places_credit = root.translated("places_credit");
    if (const auto legend = root.table_if("legend")) {
        legend->allow_only({"capital", "sector_hq", "town", "event"});
        for (const auto& key : legend->keys()) g.legend_words[key] = legend->translated(key);
    }

    for (const auto& u : root.tables("unit")) {
        u.allow_only({"iso", "name", "aliases", "label", "part_of_before", "created"});
        AdminUnit unit;
        unit.iso = u.string_or("iso", "");
        unit.name = u.text("name");
        unit.aliases = u.strings_or_empty("aliases");
        unit.label = label_or_name(u, unit.name);
        unit.part_of_before = u.string_or("part_of_before", "");
        unit.created = u.string_or("created", "");
        g.units.push_back(unit);
    }
    for (const auto& p : root.tables("place")) {
        p.allow_only({"id", "name", "aliases", "label", "kind", "lat", "lon", "role", "sector_hq", "source"});
        Place place;
        place.id = p.string("id");
        if (!is_safe_id(place.id)) p.fail("id", fmt::format("\"{}\" is not a valid id (lower-case letters, digits, '-', '_')", place.id));
        if (g.find_place(place.id)) p.fail("id", fmt::format("place \"{}\" is defined twice", place.id));
        place.name = p.text("name");
        place.aliases = p.strings_or_empty("aliases");
        place.label = label_or_name(p, place.name);
        place.kind = parse_kind(p);
        place.position.lat = p.number_in("lat", -90, 90);
        place.position.lon = p.number_in("lon", -180, 180);
        if (p.has("role")) place.role = p.translated("role");
        place.sector_hq = p.boolean_or("sector_hq", false);
        place.source = p.string_or("source", "");
        g.places.push_back(place);
    }
    auto require_place = [&](const TomlView& t, const std::string& key) {
        std::string id = t.string(key);
        if (!g.find_place(id)) {
            std::vector<std::string> ids;
            for (const auto& p : g.places) ids.push_back(p.id);
            auto near = core::closest_names(id, ids, 3);
            t.fail(key, fmt::format("unknown place \"{}\" (closest: {})", id, core::join_alternatives(near)));
        }
        return id;
    };
    for (const auto& e : root.tables("event")) {
        e.allow_only({"id", "date", "place", "label", "quote", "line"});
        EventMark ev;
        ev.id = e.string("id");
        ev.date = e.date("date");
        ev.place = require_place(e, "place");
        ev.label = e.translated("label");
        ev.quote = e.string_or("quote", "");
        ev.source_line = static_cast<int>(e.integer_or("line", 0));
        g.events.push_back(ev);
    }
    for (const auto& z : root.tables("zone")) {
        z.allow_only({"id", "name", "aliases", "label", "place", "radius_km", "assumption"});
        CityZone zone;
        zone.id = z.string("id");
        zone.name = z.text("name");
        zone.aliases = z.strings_or_empty("aliases");
        zone.label = label_or_name(z, zone.name);
        zone.place = require_place(z, "place");
        zone.radius_km = z.number_in("radius_km", 0.1, 500);
        zone.assumption = z.translated("assumption");
        g.city_zones.push_back(zone);
    }
    for (const auto& o : root.tables("operating_area")) {
        o.allow_only({"id", "label", "line_style", "around", "corridors", "quote", "line", "assumption"});
        OperatingArea area;
        area.id = o.string("id");
        if (!is_safe_id(area.id)) o.fail("id", fmt::format("\"{}\" is not a valid id", area.id));
        area.label = o.translated("label");
        area.line_style = o.string_or("line_style", area.id);
        area.quote = o.string_or("quote", "");
        area.source_line = static_cast<int>(o.integer_or("line", 0));
        area.assumption = o.translated("assumption");
        for (const auto& a : o.tables("around")) {
            a.allow_only({"place", "radius_km"});
            area.around.push_back({require_place(a, "place"), a.number_in("radius_km", 0.1, 5000)});
        }
        for (const auto& c : o.tables("corridors")) {
            c.allow_only({"from", "to", "half_width_km"});
            area.corridors.push_back({require_place(c, "from"), require_place(c, "to"), c.number_in("half_width_km", 0.1, 1000)});
        }
        if (area.around.empty() && area.corridors.empty())
            o.fail("id", fmt::format("operating area \"{}\" has neither `around` nor `corridors`", area.id));
        g.operating_areas.push_back(area);
    }
    for (const auto& n : root.tables("neighbour")) {
        n.allow_only({"name", "label"});
        NeighbourLabel neighbour{n.string("name"), n.translated("label")};
        for (const auto& earlier : g.neighbours)
            if (earlier.name == neighbour.name) n.fail("name", fmt::format("neighbour \"{}\" is labelled twice", neighbour.name));
        g.neighbours.push_back(std::move(neighbour));
    }
    return g;
}

}  // namespace threatmap::io
