#include "geometry/overlay.hpp"

#include <boost/geometry/index/rtree.hpp>

#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "geometry/derive.hpp"
#include "geometry/topology.hpp"

namespace threatmap::geometry {
namespace bgi = boost::geometry::index;

Polygon<MapXY> point_buffer(MapXY c, double radius, int quadrant_segments) {
    const int n = 4 * quadrant_segments;
    Polygon<MapXY> poly;
    auto& ring = poly.outer();
    ring.reserve(static_cast<std::size_t>(n) + 1);
    // Clockwise (Boost.Geometry's default orientation): decreasing angle.
    for (int k = 0; k < n; ++k) {
        double a = -2.0 * M_PI * k / n;
        ring.push_back({c.x + radius * std::cos(a), c.y + radius * std::sin(a)});
    }
    ring.push_back(ring.front());
    return poly;
}

namespace {

struct UnionFind {
    std::vector<std::size_t> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    std::size_t find(std::size_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }
    void join(std::size_t a, std::size_t b) { parent[find(a)] = find(b); }
};

// Directed arc as used in a ring; the class interior lies to its right.
struct DirectedArc {
    std::uint32_t arc;
    bool reversed;
};

const MapXY& arc_point(const Topology& t, const DirectedArc& d, bool last) {
    const auto& a = t.arcs[d.arc];
    bool take_back = last != d.reversed;
    return take_back ? a.back() : a.front();
}
// Direction of the arc's first segment leaving its start (or entering its end).
MapXY arc_direction(const Topology& t, const DirectedArc& d, bool at_end) {
    const auto& a = t.arcs[d.arc];
    const std::size_t n = a.size();
    MapXY p, q;
    if (!d.reversed) {
        if (!at_end) { p = a[0]; q = a[1]; } else { p = a[n - 2]; q = a[n - 1]; }
    } else {
        if (!at_end) { p = a[n - 1]; q = a[n - 2]; } else { p = a[1]; q = a[0]; }
    }
    return {q.x - p.x, q.y - p.y};
}

struct PointHash {
    std::size_t operator()(const std::pair<double, double>& p) const {
        return std::hash<double>()(p.first) * 1000003u ^ std::hash<double>()(p.second);
    }
};

// Rings of the class's boundary: chain the remaining directed arcs, at each
// junction taking the outgoing arc first met turning counter-clockwise from
// the reversed incoming direction (so each face is traced minimally).
std::vector<Ring<MapXY>> chain_rings(const Topology& topo, const std::vector<DirectedArc>& arcs) {
    std::unordered_map<std::pair<double, double>, std::vector<std::size_t>, PointHash> outgoing;
    for (std::size_t i = 0; i < arcs.size(); ++i) {
        const MapXY& s = arc_point(topo, arcs[i], false);
        outgoing[{s.x, s.y}].push_back(i);
    }
    std::vector<char> used(arcs.size(), 0);
    std::vector<Ring<MapXY>> rings;
    for (std::size_t start = 0; start < arcs.size(); ++start) {
        if (used[start]) continue;
        Ring<MapXY> ring;
        std::size_t cur = start;
        const MapXY origin = arc_point(topo, arcs[start], false);
        for (std::size_t guard = 0; guard <= arcs.size(); ++guard) {
            used[cur] = 1;
            const auto& a = topo.arcs[arcs[cur].arc];
            const std::size_t n = a.size();
            for (std::size_t k = ring.empty() ? 0 : 1; k < n; ++k) ring.push_back(a[arcs[cur].reversed ? n - 1 - k : k]);
            const MapXY end = arc_point(topo, arcs[cur], true);
            if (end.x == origin.x && end.y == origin.y) break;
            auto it = outgoing.find({end.x, end.y});
            if (it == outgoing.end()) break;
            MapXY in = arc_direction(topo, arcs[cur], true);
            double back = std::atan2(-in.y, -in.x);
            std::size_t best = SIZE_MAX;
            double best_turn = 10;
            for (std::size_t cand : it->second) {
                if (used[cand]) continue;
                MapXY out = arc_direction(topo, arcs[cand], false);
                double turn = std::atan2(out.y, out.x) - back;
                while (turn <= 0) turn += 2 * M_PI;
                while (turn > 2 * M_PI) turn -= 2 * M_PI;
                if (turn < best_turn) { best_turn = turn; best = cand; }
            }
            if (best == SIZE_MAX) break;
            cur = best;
        }
        if (ring.size() >= 4 && ring.front().x == ring.back().x && ring.front().y == ring.back().y) rings.push_back(std::move(ring));
    }
    return rings;
}

// A walk that passes a vertex twice (a hole touching its shell, two parts
// meeting at a corner) is one self-touching ring, which OGC and bg::is_valid
// refuse; split it there into simple rings, each closed at that vertex. Loops
// cut off this way are holes or parts by their orientation. Loops of fewer
// than three distinct points (the spike a border leaves when a class touches
// it from both sides) have no area and are dropped.
void split_at_pinches(const Ring<MapXY>& ring, std::vector<Ring<MapXY>>& out) {
    std::unordered_map<std::pair<double, double>, std::size_t, PointHash> at;  // vertex -> index in open
    std::vector<MapXY> open;
    auto emit = [&](std::size_t from, const MapXY& close) {
        Ring<MapXY> loop(open.begin() + static_cast<std::ptrdiff_t>(from), open.end());
        loop.push_back(close);
        if (loop.size() >= 4 && bg::area(loop) != 0) out.push_back(std::move(loop));
    };
    for (std::size_t k = 0; k + 1 < ring.size(); ++k) {
        const MapXY& p = ring[k];
        auto [it, fresh] = at.try_emplace({p.x, p.y}, open.size());
        if (fresh) {
            open.push_back(p);
            continue;
        }
        const std::size_t from = it->second;
        emit(from, p);
        for (std::size_t j = from + 1; j < open.size(); ++j) at.erase({open[j].x, open[j].y});
        open.resize(from + 1);
    }
    if (!open.empty()) emit(0, open.front());
}

// Outer rings (clockwise, positive area) with their holes.
MultiPolygonXY assemble_faces(std::vector<Ring<MapXY>> rings) {
    MultiPolygonXY out;
    std::vector<Ring<MapXY>> holes;
    for (auto& r : rings) {
        double a = bg::area(r);
        if (a > 0) {
            Polygon<MapXY> p;
            p.outer() = std::move(r);
            out.push_back(std::move(p));
        } else if (a < 0) {
            holes.push_back(std::move(r));
        }
    }
    if (holes.empty()) return out;
    using Entry = std::pair<BoxXY, std::size_t>;
    std::vector<Entry> boxes;
    for (std::size_t i = 0; i < out.size(); ++i) boxes.emplace_back(bg::return_envelope<BoxXY>(out[i].outer()), i);
    bgi::rtree<Entry, bgi::rstar<16>> tree(boxes.begin(), boxes.end());
    for (auto& h : holes) {
        BoxXY hb = bg::return_envelope<BoxXY>(h);
        std::vector<Entry> cands;
        tree.query(bgi::covers(hb), std::back_inserter(cands));
        // The smallest containing outer ring holds the hole.
        std::size_t owner = SIZE_MAX;
        double owner_area = 0;
        for (const auto& [box, i] : cands) {
            bool inside = false;
            for (const auto& p : h) {
                if (bg::within(p, out[i].outer())) { inside = true; break; }
                if (!bg::covered_by(p, out[i].outer())) break;
            }
            double area = bg::area(out[i].outer());
            if (inside && (owner == SIZE_MAX || area < owner_area)) { owner = i; owner_area = area; }
        }
        if (owner != SIZE_MAX) out[owner].inners().push_back(std::move(h));
    }
    return out;
}

// Boost.Geometry's union can return a ring with a vertex lying on (within
// rounding of) one of its own edges; put that vertex into the edge too, so the
// touch becomes a repeated vertex that split_at_pinches cuts at.
Ring<MapXY> node_vertices_on_own_edges(Ring<MapXY> ring, double eps) {
    const std::size_t n = ring.size();
    if (n < 4) return ring;
    {  // vertices within eps of an earlier one become that one (a path out and back)
        bgi::rtree<MapXY, bgi::rstar<16>> seen;
        for (std::size_t k = 0; k + 1 < n; ++k) {
            auto hit = seen.qbegin(bgi::nearest(ring[k], 1));
            if (hit != seen.qend() && bg::comparable_distance(*hit, ring[k]) <= eps * eps) ring[k] = *hit;
            else seen.insert(ring[k]);
        }
        ring[n - 1] = ring[0];
    }
    using Entry = std::pair<BoxXY, std::size_t>;
    std::vector<Entry> segs;
    segs.reserve(n - 1);
    for (std::size_t i = 0; i + 1 < n; ++i) {
        BoxXY b{ring[i], ring[i]};
        bg::expand(b, ring[i + 1]);
        segs.emplace_back(b, i);
    }
    bgi::rtree<Entry, bgi::rstar<16>> tree(segs.begin(), segs.end());
    std::vector<std::vector<std::pair<double, MapXY>>> inserts(n - 1);
    bool any = false;
    std::vector<Entry> cands;
    for (std::size_t k = 0; k + 1 < n; ++k) {
        const MapXY v = ring[k];
        cands.clear();
        tree.query(bgi::intersects(BoxXY{{v.x - eps, v.y - eps}, {v.x + eps, v.y + eps}}), std::back_inserter(cands));
        for (const auto& [box, i] : cands) {
            const MapXY a = ring[i], b = ring[i + 1];
            if ((a.x == v.x && a.y == v.y) || (b.x == v.x && b.y == v.y)) continue;
            const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
            if (len2 == 0) continue;
            const double t = ((v.x - a.x) * dx + (v.y - a.y) * dy) / len2;
            if (t <= 0 || t >= 1) continue;
            const double px = a.x + t * dx - v.x, py = a.y + t * dy - v.y;
            if (px * px + py * py > eps * eps) continue;
            inserts[i].emplace_back(t, v);
            any = true;
        }
    }
    if (!any) return ring;
    Ring<MapXY> out;
    out.reserve(n + 8);
    for (std::size_t i = 0; i + 1 < n; ++i) {
        out.push_back(ring[i]);
        auto& ins = inserts[i];
        std::sort(ins.begin(), ins.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
        for (const auto& [t, p] : ins) out.push_back(p);
    }
    out.push_back(ring.back());
    return out;
}

bool has_pinch(const Ring<MapXY>& ring) {
    std::unordered_set<std::pair<double, double>, PointHash> seen;
    seen.reserve(ring.size());
    for (std::size_t k = 0; k + 1 < ring.size(); ++k)
        if (!seen.insert({ring[k].x, ring[k].y}).second) return true;
    return false;
}

bool polygon_has_pinch(const Polygon<MapXY>& p) {
    if (has_pinch(p.outer())) return true;
    for (const auto& h : p.inners())
        if (has_pinch(h)) return true;
    return false;
}

// Both the ring walk and Boost.Geometry's union can leave a polygon whose ring
// touches itself; rebuild those polygons from their rings split at the pinch
// points. Boost's output is noded first (always_node): its touches are within
// rounding, not exact. Snapping and noding use 1e-7 of the polygon's extent.
void split_pinched_polygons(MultiPolygonXY& shapes, bool always_node) {
    MultiPolygonXY out;
    out.reserve(shapes.size());
    for (auto& poly : shapes) {
        bool pinched = !always_node && polygon_has_pinch(poly);
        if (always_node || pinched) {
            const BoxXY box = bg::return_envelope<BoxXY>(poly.outer());
            const double eps =
                1e-7 * std::max(box.max_corner().x - box.min_corner().x, box.max_corner().y - box.min_corner().y);
            poly.outer() = node_vertices_on_own_edges(std::move(poly.outer()), eps);
            for (auto& h : poly.inners()) h = node_vertices_on_own_edges(std::move(h), eps);
            pinched = polygon_has_pinch(poly);
        }
        if (!pinched) {
            out.push_back(std::move(poly));
            continue;
        }
        std::vector<Ring<MapXY>> rings;
        split_at_pinches(poly.outer(), rings);
        for (const auto& h : poly.inners()) split_at_pinches(h, rings);
        for (auto& p : assemble_faces(std::move(rings))) {
            bg::remove_spikes(p);
            out.push_back(std::move(p));
        }
    }
    shapes = std::move(out);
}

}  // namespace

std::vector<MultiPolygonXY> dissolve_by_class(const std::vector<MultiPolygonXY>& shapes, const std::vector<int>& class_of,
                                              int class_count, DissolveStats* stats) {
    DissolveStats local;
    DissolveStats& st = stats ? *stats : local;
    Topology topo = build_topology(shapes);
    std::vector<MultiPolygonXY> result(static_cast<std::size_t>(std::max(class_count, 0)));
    for (int cls = 0; cls < class_count; ++cls) {
        // How often each arc is used forward and backward by rings of this class.
        std::unordered_map<std::uint32_t, std::pair<int, int>> use;
        for (std::size_t s = 0; s < shapes.size(); ++s) {
            if (class_of[s] != cls) continue;
            for (const auto& poly : topo.shapes[s])
                for (const auto& ring : poly)
                    for (const auto& ref : ring) {
                        auto& u = use[ref.arc];
                        (ref.reversed ? u.second : u.first)++;
                    }
        }
        std::vector<DirectedArc> boundary;
        for (const auto& [arc, u] : use) {
            int fwd = u.first, rev = u.second;
            int cancel = std::min(fwd, rev);  // a border shared by two same-class shapes
            st.arcs_dropped += static_cast<std::size_t>(cancel);
            for (int k = 0; k < fwd - cancel; ++k) boundary.push_back({arc, false});
            for (int k = 0; k < rev - cancel; ++k) boundary.push_back({arc, true});
        }
        // Deterministic order (hash map iteration is not).
        std::sort(boundary.begin(), boundary.end(),
                  [](const DirectedArc& a, const DirectedArc& b) { return a.arc != b.arc ? a.arc < b.arc : a.reversed < b.reversed; });
        MultiPolygonXY pieces = assemble_faces(chain_rings(topo, boundary));
        // A border that a class touches from both sides leaves a zero-width spike.
        for (auto& p : pieces) bg::remove_spikes(p);
        st.pieces += pieces.size();

        // Pieces that still meet (no shared vertices, e.g. across sources) need a real union.
        using Entry = std::pair<BoxXY, std::size_t>;
        std::vector<Entry> boxes;
        for (std::size_t i = 0; i < pieces.size(); ++i) boxes.emplace_back(bg::return_envelope<BoxXY>(pieces[i]), i);
        bgi::rtree<Entry, bgi::rstar<16>> tree(boxes.begin(), boxes.end());
        UnionFind groups(pieces.size());
        std::vector<char> needs_union(pieces.size(), 0);
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            std::vector<Entry> cands;
            tree.query(bgi::intersects(boxes[i].first), std::back_inserter(cands));
            for (const auto& [box, j] : cands) {
                if (j <= i || groups.find(i) == groups.find(j)) continue;
                // Boost 1.74's intersects() says "no" for some pieces that share
                // a stretch of border without shared vertices; touches() and
                // relate() see them (W3: 13 such pairs were left unmerged).
                if (bg::intersects(pieces[i], pieces[j]) || bg::touches(pieces[i], pieces[j])) {
                    groups.join(i, j);
                    needs_union[i] = needs_union[j] = 1;
                }
            }
        }
        std::map<std::size_t, std::vector<MultiPolygonXY>> by_group;
        MultiPolygonXY& out = result[static_cast<std::size_t>(cls)];
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            if (!needs_union[i]) {
                out.push_back(std::move(pieces[i]));
                continue;
            }
            ++st.pieces_unioned;
            by_group[groups.find(i)].push_back(MultiPolygonXY{std::move(pieces[i])});
        }
        for (auto& [root, parts] : by_group) {
            MultiPolygonXY merged = dissolve(std::move(parts));
            split_pinched_polygons(merged, true);
            for (auto& p : merged) out.push_back(std::move(p));
        }
        split_pinched_polygons(out, false);
    }
    return result;
}

std::vector<double> overlay_area_by_class(const std::vector<Polygon<MapXY>>& buffers, const std::vector<MultiPolygonXY>& regions,
                                          const std::vector<int>& class_of, int class_count) {
    using Entry = std::pair<BoxXY, std::size_t>;
    std::vector<Entry> boxes;
    boxes.reserve(regions.size());
    for (std::size_t i = 0; i < regions.size(); ++i)
        if (!regions[i].empty()) boxes.emplace_back(bg::return_envelope<BoxXY>(regions[i]), i);
    bgi::rtree<Entry, bgi::rstar<16>> tree(boxes.begin(), boxes.end());
    std::vector<double> sums(static_cast<std::size_t>(std::max(class_count, 0)), 0.0);
    std::vector<Entry> cands;
    for (const auto& b : buffers) {
        cands.clear();
        BoxXY bb = bg::return_envelope<BoxXY>(b);
        tree.query(bgi::intersects(bb), std::back_inserter(cands));
        for (const auto& [box, i] : cands) {
            int cls = class_of[i];
            if (cls < 0 || cls >= class_count) continue;
            // Per polygon of the region: only those whose own box meets the buffer.
            for (const auto& poly : regions[i]) {
                if (bg::disjoint(bb, bg::return_envelope<BoxXY>(poly.outer()))) continue;
                MultiPolygonXY part;
                bg::intersection(b, poly, part);
                sums[static_cast<std::size_t>(cls)] += bg::area(part);
            }
        }
    }
    return sums;
}

}  // namespace threatmap::geometry
