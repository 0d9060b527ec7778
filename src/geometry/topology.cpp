#include "geometry/topology.hpp"

#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <unordered_map>
#include <vector>

namespace threatmap::geometry {
namespace {

bool same(const MapXY& a, const MapXY& b) { return a.x == b.x && a.y == b.y; }

std::uint64_t bits(double v) {
    if (v == 0) v = 0;  // -0 and +0 are one point
    std::uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    return b;
}

std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// Open-addressing map from exact coordinates to a dense point id. A slot is 8
// bytes (id and 32 more bits of the hash, so that a probe rarely has to look
// at the point itself) and the table is at most 2/3 full of the points given:
// on W2's 1.3 M vertices 16 MiB plus the distinct points, where slots holding
// the coordinates took 96 MiB. Faster and far smaller than std::unordered_map.
class PointIds {
public:
    explicit PointIds(std::size_t expected) {
        std::size_t cap = 16;
        while (cap < expected + expected / 2) cap <<= 1;
        slots_.assign(cap, Slot{kEmpty, 0});
        mask_ = cap - 1;
    }
    // Lookups miss the cache (random slots in a table of many MiB): asking
    // for the slot of a point a few vertices ahead hides most of that wait.
    void prefetch(const MapXY& p) const { __builtin_prefetch(&slots_[hash(p) & mask_]); }

    // Returns the id of p, assigning the next id if new.
    std::uint32_t id(const MapXY& p) {
        const std::uint64_t h = hash(p);
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        std::size_t i = h & mask_;
        while (true) {
            Slot& s = slots_[i];
            if (s.id == kEmpty) {
                s = Slot{count_, tag};
                points_.push_back(p);
                return count_++;
            }
            if (s.tag == tag && same(points_[s.id], p)) return s.id;
            i = (i + 1) & mask_;
        }
    }
    std::uint32_t size() const { return count_; }

private:
    static std::uint64_t hash(const MapXY& p) { return mix(bits(p.x) * 0x9E3779B97F4A7C15ULL ^ bits(p.y)); }
    static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
    struct Slot {
        std::uint32_t id, tag;
    };
    std::vector<Slot> slots_;
    std::vector<MapXY> points_;  // by id
    std::size_t mask_ = 0;
    std::uint32_t count_ = 0;
};

double segment_distance2(const MapXY& p, const MapXY& a, const MapXY& b) {
    double dx = b.x - a.x, dy = b.y - a.y;
    double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
    return ex * ex + ey * ey;
}

// Douglas-Peucker keeping first and last; marks kept vertices.
void douglas_peucker(const std::vector<MapXY>& pts, std::size_t first, std::size_t last, double tol2, std::vector<char>& keep) {
    std::vector<std::pair<std::size_t, std::size_t>> stack{{first, last}};
    while (!stack.empty()) {
        auto [i, j] = stack.back();
        stack.pop_back();
        if (j <= i + 1) continue;
        double worst = -1;
        std::size_t at = i;
        for (std::size_t k = i + 1; k < j; ++k) {
            double d = segment_distance2(pts[k], pts[i], pts[j]);
            if (d > worst) { worst = d; at = k; }
        }
        if (worst > tol2) {
            keep[at] = 1;
            stack.push_back({i, at});
            stack.push_back({at, j});
        }
    }
}

bool ring_usable(const Ring<MapXY>& r) { return r.size() >= 4; }

}  // namespace

Topology build_topology(const std::vector<MultiPolygonXY>& shapes) {
    // 1. Dense ids for every distinct point, and the id sequence of every ring.
    std::size_t total = 0;
    for (const auto& mp : shapes) total += bg::num_points(mp);
    PointIds ids(total);
    std::vector<std::uint32_t> ring_ids;  // all rings' vertex ids, closing vertex excluded
    ring_ids.reserve(total);
    auto collect = [&](const Ring<MapXY>& r) {
        constexpr std::size_t kAhead = 32;
        const std::size_t n = r.size() - 1;
        for (std::size_t i = 0; i < std::min(n, kAhead); ++i) ids.prefetch(r[i]);
        for (std::size_t i = 0; i < n; ++i) {
            if (i + kAhead < n) ids.prefetch(r[i + kAhead]);
            ring_ids.push_back(ids.id(r[i]));
        }
    };
    for (const auto& mp : shapes)
        for (const auto& poly : mp) {
            if (!ring_usable(poly.outer())) continue;
            collect(poly.outer());
            for (const auto& inner : poly.inners())
                if (ring_usable(inner)) collect(inner);
        }

    // 2. Junctions: a point seen with two different (unordered) pairs of neighbours.
    constexpr std::uint32_t kUnset = 0xFFFFFFFFu;
    const std::uint32_t n_points = ids.size();
    std::vector<std::uint32_t> nb_lo(n_points, kUnset), nb_hi(n_points, kUnset);
    std::vector<char> junction(n_points, 0);
    {
        std::size_t k = 0;
        auto visit = [&](const Ring<MapXY>& r) {
            const std::size_t n = r.size() - 1;
            for (std::size_t i = 0; i < n; ++i) {
                std::uint32_t prev = ring_ids[k + (i + n - 1) % n], next = ring_ids[k + (i + 1) % n];
                if (next < prev) std::swap(prev, next);
                std::uint32_t id = ring_ids[k + i];
                if (nb_lo[id] == kUnset) {
                    nb_lo[id] = prev;
                    nb_hi[id] = next;
                } else if (nb_lo[id] != prev || nb_hi[id] != next) {
                    junction[id] = 1;
                }
            }
            k += n;
        };
        for (const auto& mp : shapes)
            for (const auto& poly : mp) {
                if (!ring_usable(poly.outer())) continue;
                visit(poly.outer());
                for (const auto& inner : poly.inners())
                    if (ring_usable(inner)) visit(inner);
            }
    }

    // 3. Split rings at junctions into arcs; an arc is identified by its first edge.
    Topology topo;
    std::unordered_map<std::uint64_t, std::uint32_t> arc_by_first_edge;
    arc_by_first_edge.reserve(total / 16 + 16);
    std::vector<std::uint8_t> uses;
    auto edge_key = [](std::uint32_t a, std::uint32_t b) { return (std::uint64_t(a) << 32) | b; };
    // pts/pids: the arc's coordinates and point ids.
    auto add_arc = [&](const MapXY* pts, const std::uint32_t* pids, std::size_t n, bool backwards) -> ArcRef {
        // backwards: pts/pids are given in reverse (pts[n-1] is the first point).
        auto pid = [&](std::size_t i) { return backwards ? pids[n - 1 - i] : pids[i]; };
        auto fwd = edge_key(pid(0), pid(1));
        if (auto it = arc_by_first_edge.find(fwd); it != arc_by_first_edge.end() && topo.arcs[it->second].size() == n) {
            ++uses[it->second];
            return {it->second, false};
        }
        auto rev = edge_key(pid(n - 1), pid(n - 2));
        if (auto it = arc_by_first_edge.find(rev); it != arc_by_first_edge.end() && topo.arcs[it->second].size() == n) {
            ++uses[it->second];
            return {it->second, true};
        }
        auto id = static_cast<std::uint32_t>(topo.arcs.size());
        arc_by_first_edge.emplace(fwd, id);
        std::vector<MapXY> arc(n);
        for (std::size_t i = 0; i < n; ++i) arc[i] = backwards ? pts[n - 1 - i] : pts[i];
        topo.arcs.push_back(std::move(arc));
        uses.push_back(1);
        return {id, false};
    };
    std::size_t k = 0;
    std::vector<MapXY> buf;
    std::vector<std::uint32_t> buf_ids;
    auto split_ring = [&](const Ring<MapXY>& r) {
        std::vector<ArcRef> refs;
        const std::size_t n = r.size() - 1;
        const std::uint32_t* rid = ring_ids.data() + k;
        k += n;
        std::size_t start = n;
        for (std::size_t i = 0; i < n; ++i)
            if (junction[rid[i]]) { start = i; break; }
        if (start == n) {
            // No junction: one closed arc, started at its smallest id and run in a
            // canonical direction so that the same ring used twice (a hole and the
            // island filling it) is found again.
            std::size_t lo = 0;
            for (std::size_t i = 1; i < n; ++i)
                if (rid[i] < rid[lo]) lo = i;
            bool forward = rid[(lo + 1) % n] < rid[(lo + n - 1) % n];
            buf.clear();
            buf_ids.clear();
            for (std::size_t j = 0; j <= n; ++j) {
                std::size_t at = forward ? (lo + j) % n : (lo + n - j) % n;
                buf.push_back(r[at]);
                buf_ids.push_back(rid[at]);
            }
            ArcRef ref = add_arc(buf.data(), buf_ids.data(), buf.size(), false);
            ref.reversed = ref.reversed != !forward;
            refs.push_back(ref);
            return refs;
        }
        buf.assign(1, r[start]);
        buf_ids.assign(1, rid[start]);
        for (std::size_t j = 1; j <= n; ++j) {
            std::size_t at = (start + j) % n;
            buf.push_back(r[at]);
            buf_ids.push_back(rid[at]);
            if (j == n || junction[rid[at]]) {
                refs.push_back(add_arc(buf.data(), buf_ids.data(), buf.size(), false));
                buf.assign(1, r[at]);
                buf_ids.assign(1, rid[at]);
            }
        }
        return refs;
    };
    topo.shapes.reserve(shapes.size());
    for (const auto& mp : shapes) {
        auto& shape = topo.shapes.emplace_back();
        for (const auto& poly : mp) {
            if (!ring_usable(poly.outer())) continue;
            auto& rings = shape.emplace_back();
            rings.push_back(split_ring(poly.outer()));
            for (const auto& inner : poly.inners())
                if (ring_usable(inner)) rings.push_back(split_ring(inner));
        }
    }
    topo.shared_arc_count = static_cast<std::size_t>(std::count_if(uses.begin(), uses.end(), [](auto u) { return u > 1; }));
    return topo;
}

namespace {

// Douglas-Peucker of one arc from its original vertices; endpoints stay.
std::vector<MapXY> simplify_one(const std::vector<MapXY>& arc, double tolerance, std::vector<char>& keep) {
    const std::size_t n = arc.size();
    if (n <= 2) return arc;
    const double tol2 = tolerance * tolerance;
    keep.assign(n, 0);
    keep[0] = keep[n - 1] = 1;
    if (same(arc.front(), arc.back())) {
        // Closed arc: anchor at the vertex farthest from the start and simplify
        // both halves; keep a third vertex so the ring keeps an area.
        std::size_t far = 1;
        double best = -1;
        for (std::size_t k = 1; k + 1 < n; ++k) {
            double dx = arc[k].x - arc[0].x, dy = arc[k].y - arc[0].y;
            if (dx * dx + dy * dy > best) { best = dx * dx + dy * dy; far = k; }
        }
        keep[far] = 1;
        douglas_peucker(arc, 0, far, tol2, keep);
        douglas_peucker(arc, far, n - 1, tol2, keep);
        if (std::count(keep.begin(), keep.end(), 1) < 4) {
            std::size_t third = far / 2 > 0 ? far / 2 : (far + n - 1) / 2;
            keep[third] = 1;
        }
    } else {
        douglas_peucker(arc, 0, n - 1, tol2, keep);
    }
    std::vector<MapXY> out;
    for (std::size_t k = 0; k < n; ++k)
        if (keep[k]) out.push_back(arc[k]);
    return out;
}

double cross(const MapXY& o, const MapXY& a, const MapXY& b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

bool on_segment(const MapXY& p, const MapXY& a, const MapXY& b) {
    return std::min(a.x, b.x) <= p.x && p.x <= std::max(a.x, b.x) && std::min(a.y, b.y) <= p.y && p.y <= std::max(a.y, b.y);
}

// Segments a-b and c-d meet anywhere other than at an endpoint they share.
bool segments_conflict(const MapXY& a, const MapXY& b, const MapXY& c, const MapXY& d) {
    const bool share = same(a, c) || same(a, d) || same(b, c) || same(b, d);
    double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
    if (share) {
        // Sharing an endpoint is fine unless the segments also overlap along a line.
        if (d1 == 0 && d2 == 0) {
            const MapXY& other_ab = (same(a, c) || same(a, d)) ? b : a;
            const MapXY& other_cd = (same(c, a) || same(c, b)) ? d : c;
            return (on_segment(other_ab, c, d) && !same(other_ab, c) && !same(other_ab, d)) ||
                   (on_segment(other_cd, a, b) && !same(other_cd, a) && !same(other_cd, b));
        }
        return false;
    }
    if (d1 == 0 && on_segment(a, c, d)) return true;
    if (d2 == 0 && on_segment(b, c, d)) return true;
    if (d3 == 0 && on_segment(c, a, b)) return true;
    if (d4 == 0 && on_segment(d, a, b)) return true;
    return false;
}

}  // namespace

void simplify_arcs(Topology& topology, double tolerance) {
    std::vector<char> keep;
    for (auto& arc : topology.arcs) arc = simplify_one(arc, tolerance, keep);
}

std::size_t simplify_arcs_preserving(Topology& topology, double tolerance) {
    namespace bgi = boost::geometry::index;
    const std::vector<std::vector<MapXY>> original = topology.arcs;
    std::vector<double> tol(original.size(), tolerance);
    // Which shapes use each arc (at most two in a clean coverage). A crossing
    // between arcs of unrelated shapes is an overlap already in the input (e.g.
    // two countries' sources); only arcs of a common shape can make it invalid.
    constexpr std::uint32_t kNone = 0xFFFFFFFFu;
    std::vector<std::array<std::uint32_t, 2>> users(original.size(), {kNone, kNone});
    for (std::size_t sh = 0; sh < topology.shapes.size(); ++sh)
        for (const auto& poly : topology.shapes[sh])
            for (const auto& ring : poly)
                for (const auto& ref : ring) {
                    auto& u = users[ref.arc];
                    auto id = static_cast<std::uint32_t>(sh);
                    if (u[0] == kNone || u[0] == id) u[0] = id;
                    else if (u[1] == kNone || u[1] == id) u[1] = id;
                }
    auto related = [&](std::uint32_t x, std::uint32_t y) {
        const auto &a = users[x], &b = users[y];
        for (auto i : a)
            for (auto j : b)
                if (i != kNone && i == j) return true;
        return false;
    };
    std::vector<char> keep, dirty(original.size(), 1);
    std::size_t restored = 0;
    for (int round = 0; round < 8; ++round) {
        for (std::size_t i = 0; i < original.size(); ++i)
            if (dirty[i]) topology.arcs[i] = tol[i] > 0 ? simplify_one(original[i], tol[i], keep) : original[i];
        // Every simplified segment in an R-tree; conflicts are crossings or overlaps
        // between any two segments other than neighbours meeting at a vertex.
        using Seg = std::pair<BoxXY, std::pair<std::uint32_t, std::uint32_t>>;
        std::vector<Seg> segs;
        for (std::size_t i = 0; i < topology.arcs.size(); ++i) {
            const auto& a = topology.arcs[i];
            for (std::size_t k = 0; k + 1 < a.size(); ++k) {
                BoxXY box{{std::min(a[k].x, a[k + 1].x), std::min(a[k].y, a[k + 1].y)},
                          {std::max(a[k].x, a[k + 1].x), std::max(a[k].y, a[k + 1].y)}};
                segs.push_back({box, {static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(k)}});
            }
        }
        bgi::rtree<Seg, bgi::rstar<16>> tree(segs.begin(), segs.end());
        std::fill(dirty.begin(), dirty.end(), 0);
        bool any = false;
        std::vector<Seg> hits;
        for (const auto& [box, id] : segs) {
            const auto& a = topology.arcs[id.first];
            const MapXY &p = a[id.second], &q = a[id.second + 1];
            hits.clear();
            tree.query(bgi::intersects(box), std::back_inserter(hits));
            for (const auto& [hbox, hid] : hits) {
                if (hid.first < id.first || (hid.first == id.first && hid.second <= id.second)) continue;
                if (hid.first == id.first && hid.second == id.second + 1) continue;  // consecutive
                const auto& b = topology.arcs[hid.first];
                if (hid.first != id.first && !related(id.first, hid.first)) continue;
                if (!segments_conflict(p, q, b[hid.second], b[hid.second + 1])) continue;
                // Only arcs that were simplified can be the cause.
                for (auto arc : {id.first, hid.first})
                    if (topology.arcs[arc].size() != original[arc].size()) dirty[arc] = 1;
                any = true;
            }
        }
        if (!any) break;
        for (std::size_t i = 0; i < tol.size(); ++i)
            if (dirty[i]) {
                tol[i] = round >= 5 ? 0 : tol[i] / 4;  // finally: the original arc
                ++restored;
            }
    }
    return restored;
}

std::vector<MultiPolygonXY> assemble(const Topology& topology, double min_ring_area, AssembleReport* report) {
    AssembleReport local;
    AssembleReport& rep = report ? *report : local;
    std::vector<MultiPolygonXY> out(topology.shapes.size());
    auto build_ring = [&](const std::vector<ArcRef>& refs) {
        Ring<MapXY> ring;
        for (const auto& ref : refs) {
            const auto& arc = topology.arcs[ref.arc];
            const std::size_t n = arc.size();
            for (std::size_t k = ring.empty() ? 0 : 1; k < n; ++k) ring.push_back(arc[ref.reversed ? n - 1 - k : k]);
        }
        return ring;
    };
    for (std::size_t s = 0; s < topology.shapes.size(); ++s) {
        for (const auto& rings : topology.shapes[s]) {
            Polygon<MapXY> poly;
            poly.outer() = build_ring(rings[0]);
            if (poly.outer().size() < 4 || std::abs(bg::area(poly.outer())) < min_ring_area) {
                rep.rings_dropped += rings.size();
                continue;
            }
            for (std::size_t r = 1; r < rings.size(); ++r) {
                auto inner = build_ring(rings[r]);
                if (inner.size() < 4 || std::abs(bg::area(inner)) < min_ring_area) {
                    ++rep.rings_dropped;
                    continue;
                }
                poly.inners().push_back(std::move(inner));
            }
            // A tiny ring can turn inside out when simplified; orient it again.
            bg::correct(poly);
            rep.vertices += bg::num_points(poly);
            out[s].push_back(std::move(poly));
        }
    }
    return out;
}

std::vector<MultiPolygonXY> simplify_shared(const std::vector<MultiPolygonXY>& shapes, double tolerance,
                                            AssembleReport* report) {
    Topology topo = build_topology(shapes);
    simplify_arcs_preserving(topo, tolerance);
    return assemble(topo, tolerance * tolerance, report);
}

std::vector<MultiPolygonXY> simplify_shared_for_drawing(const std::vector<MultiPolygonXY>& shapes, double tolerance,
                                                        AssembleReport* report) {
    Topology topo = build_topology(shapes);
    simplify_arcs(topo, tolerance);
    return assemble(topo, tolerance * tolerance, report);
}

}  // namespace threatmap::geometry
