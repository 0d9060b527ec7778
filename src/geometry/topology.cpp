#include "geometry/topology.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>

namespace threatmap::geometry {
namespace {

struct PointKey {
    std::uint64_t x, y;
    bool operator==(const PointKey& o) const { return x == o.x && y == o.y; }
};
struct PointKeyHash {
    std::size_t operator()(const PointKey& k) const {
        return std::hash<std::uint64_t>()(k.x * 0x9E3779B97F4A7C15ULL ^ (k.y + 0x632BE59BD9B4E019ULL + (k.x << 6)));
    }
};
PointKey key(const MapXY& p) {
    PointKey k;
    double x = p.x == 0 ? 0 : p.x, y = p.y == 0 ? 0 : p.y;  // -0 == +0
    std::memcpy(&k.x, &x, sizeof x);
    std::memcpy(&k.y, &y, sizeof y);
    return k;
}
bool same(const MapXY& a, const MapXY& b) { return a.x == b.x && a.y == b.y; }

struct Neighbours {
    PointKey a, b;  // sorted pair of the neighbouring vertices at first sight
    bool junction = false;
};

bool key_less(const PointKey& p, const PointKey& q) { return p.x != q.x ? p.x < q.x : p.y < q.y; }

struct EdgeKey {
    PointKey a, b;
    bool operator==(const EdgeKey& o) const { return a == o.a && b == o.b; }
};
struct EdgeKeyHash {
    std::size_t operator()(const EdgeKey& k) const { return PointKeyHash()(k.a) * 31 + PointKeyHash()(k.b); }
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

}  // namespace

Topology build_topology(const std::vector<MultiPolygonXY>& shapes) {
    // 1. Junctions: a vertex seen with two different pairs of neighbours.
    std::unordered_map<PointKey, Neighbours, PointKeyHash> seen;
    std::size_t total = 0;
    for (const auto& mp : shapes) total += bg::num_points(mp);
    seen.reserve(total);
    auto visit_ring = [&](const Ring<MapXY>& r) {
        const std::size_t n = r.size() - 1;  // closed: last == first
        for (std::size_t i = 0; i < n; ++i) {
            PointKey prev = key(r[(i + n - 1) % n]), next = key(r[i + 1]);
            if (key_less(next, prev)) std::swap(prev, next);
            auto [it, inserted] = seen.try_emplace(key(r[i]), Neighbours{prev, next, false});
            if (!inserted && !(it->second.a == prev && it->second.b == next)) it->second.junction = true;
        }
    };
    for (const auto& mp : shapes)
        for (const auto& poly : mp) {
            if (poly.outer().size() >= 4) visit_ring(poly.outer());
            for (const auto& inner : poly.inners())
                if (inner.size() >= 4) visit_ring(inner);
        }
    auto is_junction = [&](const MapXY& p) { return seen.find(key(p))->second.junction; };

    // 2. Split rings at junctions into arcs; an arc is identified by its first edge.
    Topology topo;
    std::unordered_map<EdgeKey, std::uint32_t, EdgeKeyHash> arc_by_first_edge;
    std::vector<std::uint8_t> uses;
    auto add_arc = [&](std::vector<MapXY> pts) -> ArcRef {
        EdgeKey fwd{key(pts[0]), key(pts[1])};
        if (auto it = arc_by_first_edge.find(fwd); it != arc_by_first_edge.end()) {
            if (topo.arcs[it->second].size() == pts.size()) { ++uses[it->second]; return {it->second, false}; }
        }
        EdgeKey rev{key(pts[pts.size() - 1]), key(pts[pts.size() - 2])};
        if (auto it = arc_by_first_edge.find(rev); it != arc_by_first_edge.end()) {
            if (topo.arcs[it->second].size() == pts.size()) { ++uses[it->second]; return {it->second, true}; }
        }
        auto id = static_cast<std::uint32_t>(topo.arcs.size());
        arc_by_first_edge.emplace(fwd, id);
        topo.arcs.push_back(std::move(pts));
        uses.push_back(1);
        return {id, false};
    };
    auto split_ring = [&](const Ring<MapXY>& r) {
        std::vector<ArcRef> refs;
        const std::size_t n = r.size() - 1;
        std::size_t start = n;
        for (std::size_t i = 0; i < n; ++i)
            if (is_junction(r[i])) { start = i; break; }
        if (start == n) {
            // No junction: one closed arc, started at its smallest vertex and run in a
            // canonical direction so that the same ring used twice (a hole and the
            // island filling it) is found again.
            std::size_t lo = 0;
            for (std::size_t i = 1; i < n; ++i)
                if (key_less(key(r[i]), key(r[lo]))) lo = i;
            bool forward = key_less(key(r[(lo + 1) % n]), key(r[(lo + n - 1) % n]));
            std::vector<MapXY> pts;
            pts.reserve(n + 1);
            for (std::size_t k = 0; k <= n; ++k) pts.push_back(r[forward ? (lo + k) % n : (lo + n - k) % n]);
            ArcRef ref = add_arc(std::move(pts));
            ref.reversed = ref.reversed != !forward;
            refs.push_back(ref);
            return refs;
        }
        std::vector<MapXY> cur{r[start]};
        for (std::size_t k = 1; k <= n; ++k) {
            const MapXY& p = r[(start + k) % n];
            cur.push_back(p);
            if (k == n || is_junction(p)) {
                refs.push_back(add_arc(cur));
                cur.assign(1, p);
            }
        }
        return refs;
    };
    topo.shapes.reserve(shapes.size());
    for (const auto& mp : shapes) {
        auto& shape = topo.shapes.emplace_back();
        for (const auto& poly : mp) {
            if (poly.outer().size() < 4) continue;
            auto& rings = shape.emplace_back();
            rings.push_back(split_ring(poly.outer()));
            for (const auto& inner : poly.inners())
                if (inner.size() >= 4) rings.push_back(split_ring(inner));
        }
    }
    topo.shared_arc_count = static_cast<std::size_t>(std::count_if(uses.begin(), uses.end(), [](auto u) { return u > 1; }));
    return topo;
}

void simplify_arcs(Topology& topology, double tolerance) {
    const double tol2 = tolerance * tolerance;
    std::vector<char> keep;
    for (auto& arc : topology.arcs) {
        const std::size_t n = arc.size();
        if (n <= 2) continue;
        keep.assign(n, 0);
        keep[0] = keep[n - 1] = 1;
        if (same(arc.front(), arc.back())) {
            // Closed arc: anchor at the vertex farthest from the start, simplify both halves.
            std::size_t far = 1;
            double best = -1;
            for (std::size_t k = 1; k + 1 < n; ++k) {
                double dx = arc[k].x - arc[0].x, dy = arc[k].y - arc[0].y;
                if (dx * dx + dy * dy > best) { best = dx * dx + dy * dy; far = k; }
            }
            keep[far] = 1;
            douglas_peucker(arc, 0, far, tol2, keep);
            douglas_peucker(arc, far, n - 1, tol2, keep);
        } else {
            douglas_peucker(arc, 0, n - 1, tol2, keep);
        }
        std::size_t w = 0;
        for (std::size_t k = 0; k < n; ++k)
            if (keep[k]) arc[w++] = arc[k];
        arc.resize(w);
    }
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
            rep.vertices += bg::num_points(poly);
            out[s].push_back(std::move(poly));
        }
    }
    return out;
}

std::vector<MultiPolygonXY> simplify_shared(const std::vector<MultiPolygonXY>& shapes, double tolerance,
                                            AssembleReport* report) {
    Topology topo = build_topology(shapes);
    simplify_arcs(topo, tolerance);
    return assemble(topo, tolerance * tolerance, report);
}

}  // namespace threatmap::geometry
