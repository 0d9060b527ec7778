#include "geometry/topology.hpp"

#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include "core/parallel.hpp"

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

// Coordinates are compared on a grid of `quantum` map units (a power of two
// near 1e-10 of the layer's extent, a few millimetres on a world map). Layers
// assembled from several sources repeat a border vertex with a few ulps of
// difference (W3: 18,000 vertices on country borders differ by 1e-8 m, each
// country file being decoded with its own transform); exact comparison would
// make those borders unshared and simplify them apart, opening gaps. The
// grid is not snapping: each id keeps the first coordinates seen, and only
// points closer than the quantum (that round to one cell) become one.
// Cells are counted from the extent's corner (on a whole cell), so that a small layer far from
// the origin (UTM metres, a quantum of nanometres) still counts in range.
// A point more than 2^62 cells away (the extent is sampled, and a vertex it
// missed may lie anywhere, even at 1e97) is compared exactly instead.
struct Grid {
    double inv = 0;  // 1 / quantum; 0: exact comparison
    double x0 = 0, y0 = 0;
    static Grid for_extent(const BoxXY& extent) {
        const double span = std::max(extent.max_corner().x - extent.min_corner().x,
                                     extent.max_corner().y - extent.min_corner().y);
        if (!(span > 0) || !std::isfinite(span)) return {};
        const double inv = 1.0 / std::exp2(std::floor(std::log2(span * 1e-10)));
        // The corner on a whole cell: the cells are those of a grid from 0.
        return {inv, std::floor(extent.min_corner().x * inv) / inv, std::floor(extent.min_corner().y * inv) / inv};
    }
};

// A point's cell on the grid, or its exact coordinates' bits (exact = 1)
// when there is no grid or the point is out of its range: the two never
// compare equal.
struct Key {
    std::uint64_t x, y, exact;
    bool operator==(const Key& o) const { return x == o.x && y == o.y && exact == o.exact; }
    bool operator!=(const Key& o) const { return !(*this == o); }
};
// The nearest whole number to c (|c| < 2^62), inline (std::nearbyint is a
// library call without SSE 4.1, a tenth of the topology's time). Nearest, not
// floor: coordinates on a coarser grid (whole metres) are then cell centres,
// so that rounding noise on either side of one stays in its cell.
std::uint64_t cell(double c) {
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(c + (c >= 0 ? 0.5 : -0.5)));
}
Key key_of(const MapXY& p, const Grid& grid) {
    if (grid.inv != 0) {
        const double cx = (p.x - grid.x0) * grid.inv, cy = (p.y - grid.y0) * grid.inv;
        constexpr double kRange = 4611686018427387904.0;  // 2^62 (NaN fails the test too)
        if (std::abs(cx) < kRange && std::abs(cy) < kRange) return {cell(cx), cell(cy), 0};
    }
    return {bits(p.x), bits(p.y), 1};
}
std::uint64_t hash_of(const Key& k) { return mix((k.x * 0x9E3779B97F4A7C15ULL ^ k.y) + k.exact); }

// Points are numbered per partition of the hash space (its highest bit),
// each partition filled by one thread: a point's partition depends only on
// its cell, so the numbering (the partition's ids in vertex order, partition
// after partition) is the same on any number of threads.
constexpr unsigned kPartitions = 2;
unsigned partition_of(std::uint64_t hash) { return static_cast<unsigned>(hash >> 63); }  // slots use the low bits

// The positions j < n with partition[j] == part, in order, into the first
// elements of `mine`; returns how many. Without a branch: which half a vertex
// falls in is a coin toss that the branch predictor cannot learn.
std::size_t pick_partition(const std::uint8_t* partition, std::size_t n, std::size_t part, std::vector<std::uint32_t>& mine) {
    mine.resize(n);
    std::size_t m = 0;
    for (std::size_t j = 0; j < n; ++j) {
        mine[m] = static_cast<std::uint32_t>(j);
        m += partition[j] == part;
    }
    return m;
}

// Open-addressing map from grid cells to a dense point id, for one partition.
// A slot is 8 bytes (id and 32 more bits of the hash, so that a probe rarely
// has to look at the point itself); an id's point is a pointer to its first
// occurrence in the input. The table starts with one slot per vertex of the
// partition (a layer of neighbours repeats most vertices: W2 fills 2/3 of
// them, 5 MB per partition) and doubles when 3/4 full (a layer whose
// vertices are all distinct). A slot is chosen by the hash's lower 32 bits
// scaled to the table's size, so that the size need not be a power of two.
class PointIds {
public:
    PointIds(std::size_t vertices, const Grid& grid) : grid_(&grid) {
        slots_.assign(std::max<std::size_t>(vertices, 16), Slot{kEmpty, 0});
        // Room for points in 3/4 of the vertices: both partitions' tables are
        // alive at once, at the run's peak of memory, and W2's points are 2/3
        // of its vertices (a layer with more grows the vector once).
        points_.reserve(vertices / 4 * 3 + 16);
    }
    // Lookups miss the cache (random slots in a table of many MiB): asking
    // for the slot of a point a few vertices ahead hides most of that wait.
    void prefetch(std::uint64_t hash) const { __builtin_prefetch(&slots_[home(hash)]); }

    // Returns the id of p (key k, hash h), assigning the next id if new.
    std::uint32_t id(const MapXY& p, const Key& k, std::uint64_t h) {
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        for (std::size_t i = home(h);; i = i + 1 == slots_.size() ? 0 : i + 1) {
            Slot& s = slots_[i];
            if (s.id == kEmpty) {
                s = Slot{count_, tag};
                points_.push_back(&p);
                if (4 * std::size_t{count_ + 1} > 3 * slots_.size()) grow();
                return count_++;
            }
            if (s.tag == tag && key_of(*points_[s.id], *grid_) == k) return s.id;
        }
    }
    // The points by id; the slots are freed first, then the room reserved
    // for points that turned out to be repeats (a third of W2's).
    std::vector<const MapXY*> release_points() {
        std::vector<Slot>().swap(slots_);
        points_.shrink_to_fit();
        return std::move(points_);
    }

private:
    std::size_t home(std::uint64_t hash) const {
        return static_cast<std::size_t>(((hash & 0xFFFFFFFFu) * slots_.size()) >> 32);
    }
    void grow() {
        std::vector<Slot> old(slots_.size() * 2, Slot{kEmpty, 0});
        old.swap(slots_);
        for (const Slot& s : old) {
            if (s.id == kEmpty) continue;
            const std::uint64_t h = hash_of(key_of(*points_[s.id], *grid_));
            std::size_t i = home(h);
            while (slots_[i].id != kEmpty) i = i + 1 == slots_.size() ? 0 : i + 1;
            slots_[i] = s;
        }
    }
    static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
    struct Slot {
        std::uint32_t id, tag;
    };
    const Grid* grid_;
    std::vector<Slot> slots_;
    std::vector<const MapXY*> points_;  // by id: the first occurrence
    std::uint32_t count_ = 0;
};

// An arc's first edge (its first two point ids) -> the arc, open addressing
// in a power-of-two table sized for every piece of every ring (a hash map
// allocated a node for each of W2's 19,000 arcs).
class ArcsByFirstEdge {
public:
    static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
    explicit ArcsByFirstEdge(std::size_t pieces) {
        std::size_t size = 16;
        while (size < 2 * pieces) size *= 2;
        slots_.assign(size, Slot{0, kNone});
    }
    // The arc first entered with `edge`, or kNone.
    std::uint32_t find(std::uint64_t edge) const {
        for (std::size_t i = home(edge);; i = (i + 1) & (slots_.size() - 1)) {
            if (slots_[i].arc == kNone) return kNone;
            if (slots_[i].edge == edge) return slots_[i].arc;
        }
    }
    // Enters `arc` for `edge` unless an arc is entered for it already.
    void insert(std::uint64_t edge, std::uint32_t arc) {
        std::size_t i = home(edge);
        while (slots_[i].arc != kNone) {
            if (slots_[i].edge == edge) return;
            i = (i + 1) & (slots_.size() - 1);
        }
        slots_[i] = Slot{edge, arc};
    }

private:
    std::size_t home(std::uint64_t edge) const { return static_cast<std::size_t>(mix(edge)) & (slots_.size() - 1); }
    struct Slot {
        std::uint64_t edge;
        std::uint32_t arc;
    };
    std::vector<Slot> slots_;
};

// Strict order of two distinct points (distinct ids never share coordinates).
bool before(const MapXY& a, const MapXY& b) { return a.x < b.x || (a.x == b.x && a.y < b.y); }

// Working memory of Douglas-Peucker, kept by each thread from arc to arc
// (W2 simplifies 19,000 arcs: a fresh mark vector and stack for each were
// 60,000 allocations).
struct DpScratch {
    std::vector<char> keep;                                // kept vertices of the arc
    std::vector<std::pair<std::size_t, std::size_t>> stack;  // spans still to split
};

// Douglas-Peucker keeping first and last; marks kept vertices.
void douglas_peucker(const std::vector<MapXY>& pts, std::size_t first, std::size_t last, double tol2, DpScratch& scratch) {
    std::vector<char>& keep = scratch.keep;
    auto& stack = scratch.stack;
    stack.assign(1, {first, last});
    while (!stack.empty()) {
        auto [i, j] = stack.back();
        stack.pop_back();
        if (j <= i + 1) continue;
        // Squared distances to the chord times its squared length, which is
        // the same for every vertex of the span: no division per vertex.
        const MapXY a = pts[i], b = pts[j];
        const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
        const double scale = len2 > 0 ? len2 : 1;  // a chord of no length: distances to its point
        double worst = -1;
        std::size_t at = i;
        for (std::size_t k = i + 1; k < j; ++k) {
            const double px = pts[k].x - a.x, py = pts[k].y - a.y, dot = px * dx + py * dy;
            double d;
            if (dot <= 0 || len2 == 0) {
                d = (px * px + py * py) * scale;
            } else if (dot >= len2) {
                const double qx = pts[k].x - b.x, qy = pts[k].y - b.y;
                d = (qx * qx + qy * qy) * scale;
            } else {
                const double cross = px * dy - py * dx;
                d = cross * cross;
            }
            if (d > worst) { worst = d; at = k; }
        }
        if (worst > tol2 * scale) {
            keep[at] = 1;
            stack.push_back({i, at});
            stack.push_back({at, j});
        }
    }
}

bool ring_usable(const Ring<MapXY>& r) { return r.size() >= 4; }

}  // namespace

namespace {

// build_topology, with each arc passed through finish(points, scratch) as it
// is read: simplify_shared_for_drawing simplifies it there, so that no copy
// of the full-resolution arcs is ever held (W2: 14 MB).
template <typename Finish>
Topology build_topology_with(const std::vector<MultiPolygonXY>& shapes, unsigned threads, Finish finish) {
    // 1. Dense ids for every distinct point, and the id sequence of every ring
    //    (closing vertex excluded; a vertex in the grid cell of the one before
    //    it is dropped, as is a last vertex in the first one's cell).
    // The grid needs only the extent's order of magnitude: a sample of the
    // outer rings' vertices, each ring's first and about 16,000 more spread
    // over the layer (a full pass would read all the coordinates once more;
    // every 16th vertex, 80,000 cache misses for W2, took 3-4 ms on one core).
    struct RingSpan {
        std::size_t shape = 0;
        bool outer = false;
        const Ring<MapXY>* ring = nullptr;
        std::size_t offset = 0, size = 0;  // in ring_ids; size 0: too small, left out
        bool whole = false;  // no vertex was dropped: ids[i] is (*ring)[i]
    };
    std::vector<RingSpan> rings;
    std::size_t total = 0, outer_total = 0;
    for (std::size_t s = 0; s < shapes.size(); ++s)
        for (const auto& poly : shapes[s]) {
            if (!ring_usable(poly.outer())) continue;
            rings.push_back({s, true, &poly.outer()});
            outer_total += poly.outer().size();
            for (const auto& inner : poly.inners())
                if (ring_usable(inner)) rings.push_back({s, false, &inner});
        }
    for (const auto& rs : rings) total += rs.ring->size() - 1;
    BoxXY extent;
    bg::assign_inverse(extent);
    const std::size_t stride = std::max<std::size_t>(16, outer_total / 16384);
    for (const auto& rs : rings)
        if (rs.outer)
            for (std::size_t i = 0; i < rs.ring->size(); i += stride) bg::expand(extent, (*rs.ring)[i]);
    const Grid grid = total ? Grid::for_extent(extent) : Grid{};
    // Each ring's kept vertices (cells repeating the one before dropped) in
    // its own span of ring_ids, at first as indices into the ring, with each
    // one's partition; a ring left with fewer than 3 goes, and an outer
    // ring's holes with it. A span has room for the whole ring: what was
    // dropped stays unused.
    std::size_t ids_total = 0;
    for (auto& rs : rings) {
        rs.offset = ids_total;
        ids_total += rs.ring->size() - 1;
    }
    // Left uninitialised: only each ring's kept span is ever written or read,
    // and the pages are then first touched by the threads filling them (W2:
    // zeroing 6 MB first cost 3-4 ms on one core, most of it page faults).
    const std::unique_ptr<std::uint32_t[]> ring_ids(new std::uint32_t[ids_total]);
    std::unique_ptr<std::uint8_t[]> partition(new std::uint8_t[ids_total]);
    // Vertices of each partition, counted per chunk of rings (sizes the tables).
    std::vector<std::array<std::size_t, kPartitions>> partition_counts(std::max(1u, threads));
    core::parallel_chunks(rings.size(), threads, [&](std::size_t begin, std::size_t end, std::size_t chunk) {
        std::array<std::size_t, kPartitions> counts{};
        for (std::size_t r = begin; r < end; ++r) {
            RingSpan& rs = rings[r];
            const Ring<MapXY>& ring = *rs.ring;
            const std::size_t n = ring.size() - 1;
            const Key first = key_of(ring[0], grid);
            Key last = first;
            ring_ids[rs.offset] = 0;
            partition[rs.offset] = static_cast<std::uint8_t>(partition_of(hash_of(first)));
            std::size_t kept = 1;
            for (std::size_t i = 1; i < n; ++i) {
                const Key k = key_of(ring[i], grid);
                if (k == last) continue;
                ring_ids[rs.offset + kept] = static_cast<std::uint32_t>(i);
                partition[rs.offset + kept] = static_cast<std::uint8_t>(partition_of(hash_of(k)));
                last = k;
                ++kept;
            }
            if (kept > 1 && last == first) --kept;  // consecutive cells differ: only the last can be the first's
            rs.size = kept < 3 ? 0 : kept;
            for (std::size_t j = 0; j < rs.size; ++j) ++counts[partition[rs.offset + j]];
        }
        partition_counts[chunk] = counts;
    });
    for (std::size_t r = 0, outer = 0; r < rings.size(); ++r) {
        if (rings[r].outer) outer = r;
        else if (rings[outer].size == 0) rings[r].size = 0;
        rings[r].whole = rings[r].size == rings[r].ring->size() - 1;
    }
    // Each partition's points get ids in vertex order, on whichever thread
    // takes the partition; until every partition is done, ring_ids holds
    // id * kPartitions + partition.
    std::vector<std::vector<const MapXY*>> partition_points(kPartitions);
    core::parallel_for_each_index(kPartitions, threads, [&](std::size_t part) {
        std::size_t in_partition = 0;
        for (const auto& counts : partition_counts) in_partition += counts[part];
        PointIds ids(in_partition, grid);
        // Vertices go through in batches: the slot of one a few places ahead
        // is prefetched while this one is looked up.
        struct Pending {
            std::size_t at;
            const MapXY* point;
            Key key;
            std::uint64_t hash;
        };
        constexpr std::size_t kBatch = 256, kAhead = 16;
        std::vector<Pending> batch;
        batch.reserve(kBatch);
        auto flush = [&] {
            for (std::size_t b = 0; b < std::min(kAhead, batch.size()); ++b) ids.prefetch(batch[b].hash);
            for (std::size_t b = 0; b < batch.size(); ++b) {
                if (b + kAhead < batch.size()) ids.prefetch(batch[b + kAhead].hash);
                const Pending& v = batch[b];
                ring_ids[v.at] = ids.id(*v.point, v.key, v.hash) * kPartitions + static_cast<std::uint32_t>(part);
            }
            batch.clear();
        };
        std::vector<std::uint32_t> mine;
        for (const auto& rs : rings) {
            const std::size_t m = pick_partition(partition.get() + rs.offset, rs.size, part, mine);
            for (std::size_t t = 0; t < m; ++t) {
                const std::size_t at = rs.offset + mine[t];
                const MapXY& p = (*rs.ring)[ring_ids[at]];
                const Key k = key_of(p, grid);
                batch.push_back({at, &p, k, hash_of(k)});
                if (batch.size() == kBatch) flush();
            }
        }
        flush();
        partition_points[part] = ids.release_points();
    });
    std::array<std::uint32_t, kPartitions> base{};
    std::size_t n_points_total = 0;
    for (unsigned p = 0; p < kPartitions; ++p) {
        base[p] = static_cast<std::uint32_t>(n_points_total);
        n_points_total += partition_points[p].size();
    }
    if (n_points_total >= 0xFFFFFFFFu) throw std::length_error("topology: more than 4 billion distinct points");
    core::parallel_chunks(rings.size(), threads, [&](std::size_t begin, std::size_t end, std::size_t) {
        for (std::size_t r = begin; r < end; ++r) {
            std::uint32_t* rid = ring_ids.get() + rings[r].offset;
            for (std::size_t i = 0; i < rings[r].size; ++i) rid[i] = base[rid[i] % kPartitions] + rid[i] / kPartitions;
        }
    });
    // A point's partition and coordinates (ids are numbered partition after
    // partition).
    auto partition_of_id = [&](std::uint32_t id) {
        unsigned p = kPartitions - 1;
        while (id < base[p]) --p;
        return p;
    };
    auto point_of = [&](std::uint32_t id) -> const MapXY& {
        const unsigned p = partition_of_id(id);
        return *partition_points[p][id - base[p]];
    };

    // 2. Junctions: a point seen with two different (unordered) pairs of
    //    neighbours. Each partition's points on one thread, which picks its
    //    vertices without a branch, as when numbering them: a partition's ids
    //    are one range, so no entry is written by two threads. (Both threads
    //    scanning every ring for their half with a branch per vertex took
    //    15-16 ms on two cores where one pass takes 9-10 on one.)
    const auto n_points = static_cast<std::uint32_t>(n_points_total);
    const std::unique_ptr<char[]> junction(new char[n_points]);
    {
        constexpr std::uint32_t kUnset = 0xFFFFFFFFu;
        const std::unique_ptr<std::uint32_t[]> nb_lo(new std::uint32_t[n_points]), nb_hi(new std::uint32_t[n_points]);
        core::parallel_for_each_index(kPartitions, threads, [&](std::size_t part) {
            const std::uint32_t first_id = base[part], end_id = first_id + static_cast<std::uint32_t>(partition_points[part].size());
            std::fill(nb_lo.get() + first_id, nb_lo.get() + end_id, kUnset);
            std::fill(junction.get() + first_id, junction.get() + end_id, 0);
            std::vector<std::uint32_t> mine;
            for (const auto& rs : rings) {
                const std::size_t n = rs.size;
                const std::uint32_t* rid = ring_ids.get() + rs.offset;
                const std::size_t m = pick_partition(partition.get() + rs.offset, n, part, mine);
                for (std::size_t t = 0; t < m; ++t) {
                    const std::size_t i = mine[t];
                    std::uint32_t prev = rid[i == 0 ? n - 1 : i - 1], next = rid[i + 1 == n ? 0 : i + 1];
                    if (next < prev) std::swap(prev, next);
                    const std::uint32_t id = rid[i];
                    if (nb_lo[id] == kUnset) {
                        nb_lo[id] = prev;
                        nb_hi[id] = next;
                    } else if (nb_lo[id] != prev || nb_hi[id] != next) {
                        junction[id] = 1;
                    }
                }
            }
        });
    }
    partition.reset();  // the partition of each vertex is not needed any more

    // 3. Split rings at junctions into arcs; an arc is identified by its first
    //    edge. Each ring's pieces are found on any thread; the pieces are
    //    matched to arcs in ring order (one thread: the arcs' numbering);
    //    then each new arc's coordinates are read (and, when drawing,
    //    simplified) on any thread.
    struct Piece {
        std::uint32_t start = 0, count = 0;  // ring positions start, start ± 1, ... (count points)
        bool backwards = false;              // runs against the ring's order
        // The ring position of the piece's k-th point, in a ring of n kept vertices.
        std::size_t at(std::size_t k, std::size_t n) const { return backwards ? (start + n - k) % n : (start + k) % n; }
    };
    std::vector<std::vector<Piece>> pieces(rings.size());
    core::parallel_chunks(rings.size(), threads, [&](std::size_t begin, std::size_t end, std::size_t) {
        for (std::size_t r = begin; r < end; ++r) {
            const RingSpan& rs = rings[r];
            const std::size_t n = rs.size;
            if (n == 0) continue;
            const std::uint32_t* rid = ring_ids.get() + rs.offset;
            std::size_t start = n, junctions = 0;
            for (std::size_t i = 0; i < n; ++i)
                if (junction[rid[i]]) {
                    if (start == n) start = i;
                    ++junctions;
                }
            auto& out = pieces[r];
            out.reserve(std::max<std::size_t>(junctions, 1));
            if (start == n) {
                // No junction: one closed arc, started at its lowest point (by x,
                // then y) and run towards the lower of that point's neighbours, so
                // that the same ring used twice (a hole and the island filling it)
                // is found again, whatever the order of the input.
                std::size_t lo = 0;
                for (std::size_t i = 1; i < n; ++i)
                    if (before(point_of(rid[i]), point_of(rid[lo]))) lo = i;
                const bool forward = before(point_of(rid[(lo + 1) % n]), point_of(rid[(lo + n - 1) % n]));
                out.push_back({static_cast<std::uint32_t>(lo), static_cast<std::uint32_t>(n + 1), !forward});
                continue;
            }
            std::size_t from = 0;  // steps from start to the piece's first point
            for (std::size_t j = 1; j <= n; ++j)
                if (j == n || junction[rid[(start + j) % n]]) {
                    out.push_back({static_cast<std::uint32_t>((start + from) % n), static_cast<std::uint32_t>(j - from + 1), false});
                    from = j;
                }
        }
    });
    Topology topo;
    struct ArcSource {
        std::uint32_t ring;
        Piece piece;
    };
    std::vector<ArcSource> sources;
    std::size_t piece_count = 0;
    for (const auto& p : pieces) piece_count += p.size();
    ArcsByFirstEdge arc_by_first_edge(piece_count);
    std::vector<std::uint8_t> uses;
    auto edge_key = [](std::uint32_t a, std::uint32_t b) { return (std::uint64_t(a) << 32) | b; };
    auto match = [&](std::uint32_t r, const Piece& piece) -> ArcRef {
        const RingSpan& rs = rings[r];
        const std::uint32_t* rid = ring_ids.get() + rs.offset;
        const std::size_t n = rs.size, count = piece.count;
        auto pid = [&](std::size_t k) { return rid[piece.at(k, n)]; };
        const auto fwd = edge_key(pid(0), pid(1));
        if (const auto a = arc_by_first_edge.find(fwd); a != ArcsByFirstEdge::kNone && sources[a].piece.count == count) {
            ++uses[a];
            return {a, piece.backwards};
        }
        const auto rev = edge_key(pid(count - 1), pid(count - 2));
        if (const auto a = arc_by_first_edge.find(rev); a != ArcsByFirstEdge::kNone && sources[a].piece.count == count) {
            ++uses[a];
            return {a, !piece.backwards};
        }
        const auto id = static_cast<std::uint32_t>(sources.size());
        arc_by_first_edge.insert(fwd, id);
        sources.push_back({r, piece});
        uses.push_back(1);
        return {id, piece.backwards};
    };
    topo.shapes.resize(shapes.size());
    for (std::uint32_t r = 0; r < rings.size(); ++r) {
        const RingSpan& rs = rings[r];
        if (rs.size == 0) continue;
        auto& shape = topo.shapes[rs.shape];
        auto& refs = rs.outer ? shape.emplace_back().emplace_back() : shape.back().emplace_back();
        refs.reserve(pieces[r].size());
        for (const Piece& piece : pieces[r]) refs.push_back(match(r, piece));
        std::vector<Piece>().swap(pieces[r]);
    }
    // Junctions take their id's coordinates, so that every arc meeting there
    // ends on the same point; inner vertices are read in ring order (the id
    // table is many MiB of random access).
    topo.arcs.resize(sources.size());
    // Chunks of equal vertex counts: W2's arcs in ring order put the long
    // coasts together, and halves by count left one core simplifying alone.
    core::parallel_weighted_chunks(sources.size(), threads, [&](std::size_t a) { return sources[a].piece.count; },
                                   [&](std::size_t begin, std::size_t end) {
        std::vector<MapXY> buf;
        DpScratch scratch;
        for (std::size_t a = begin; a < end; ++a) {
            const RingSpan& rs = rings[sources[a].ring];
            const Piece& piece = sources[a].piece;
            const std::uint32_t* rid = ring_ids.get() + rs.offset;
            const std::size_t n = rs.size;
            buf.resize(piece.count);
            for (std::size_t k = 0; k < piece.count; ++k) {
                const std::size_t at = piece.at(k, n);
                buf[k] = rs.whole && !junction[rid[at]] ? (*rs.ring)[at] : point_of(rid[at]);
            }
            topo.arcs[a] = finish(buf, scratch);
        }
    });
    topo.shared_arc_count = static_cast<std::size_t>(std::count_if(uses.begin(), uses.end(), [](auto u) { return u > 1; }));
    return topo;
}

}  // namespace

Topology build_topology(const std::vector<MultiPolygonXY>& shapes, unsigned threads) {
    return build_topology_with(shapes, threads, [](const std::vector<MapXY>& points, DpScratch&) { return points; });
}

namespace {

// Douglas-Peucker of one arc from its original vertices; endpoints stay.
std::vector<MapXY> simplify_one(const std::vector<MapXY>& arc, double tolerance, DpScratch& scratch) {
    const std::size_t n = arc.size();
    if (n <= 2) return arc;
    const double tol2 = tolerance * tolerance;
    std::vector<char>& keep = scratch.keep;
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
        douglas_peucker(arc, 0, far, tol2, scratch);
        douglas_peucker(arc, far, n - 1, tol2, scratch);
        if (std::count(keep.begin(), keep.end(), 1) < 4) {
            std::size_t third = far / 2 > 0 ? far / 2 : (far + n - 1) / 2;
            keep[third] = 1;
        }
    } else {
        douglas_peucker(arc, 0, n - 1, tol2, scratch);
    }
    std::vector<MapXY> out;
    out.reserve(static_cast<std::size_t>(std::count(keep.begin(), keep.end(), 1)));
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

void simplify_arcs(Topology& topology, double tolerance, unsigned threads) {
    core::parallel_chunks(topology.arcs.size(), threads, [&](std::size_t begin, std::size_t end, std::size_t) {
        DpScratch scratch;
        for (std::size_t i = begin; i < end; ++i) topology.arcs[i] = simplify_one(topology.arcs[i], tolerance, scratch);
    });
}

namespace {

// Simplifies the arcs marked in `redo` from `original` with their own
// tolerance, then, wherever a simplified arc crosses or touches another arc
// or itself, simplifies that arc again with a quarter of its tolerance,
// finally restoring the original. All arcs are checked against all, not only
// arcs of one region: two regions' coasts on either side of a narrow gulf
// must not meet either, or the gulf would close into a hole in the layer
// (W3: 2,000 such holes when only each region's own arcs were checked). Arcs
// that already cross in the input (two sources overlapping) end up as they
// were. Only segments of arcs simplified in a round are looked up (pairs of
// other arcs were clean before). On return `redo` marks every arc recomputed.
void restore_crossings(Topology& topology, const std::vector<std::vector<MapXY>>& original, std::vector<double>& tol,
                       std::vector<char>& redo) {
    namespace bgi = boost::geometry::index;
    DpScratch scratch;
    std::vector<char> fresh = redo;
    using Seg = std::pair<BoxXY, std::pair<std::uint32_t, std::uint32_t>>;
    std::vector<Seg> segs, hits;
    for (int round = 0; round < 8; ++round) {
        for (std::size_t i = 0; i < original.size(); ++i)
            if (fresh[i]) {
                topology.arcs[i] = tol[i] > 0 ? simplify_one(original[i], tol[i], scratch) : original[i];
                redo[i] = 1;
            }
        // Every simplified segment in an R-tree; conflicts are crossings or overlaps
        // between any two segments other than neighbours meeting at a vertex.
        segs.clear();
        for (std::size_t i = 0; i < topology.arcs.size(); ++i) {
            const auto& a = topology.arcs[i];
            for (std::size_t k = 0; k + 1 < a.size(); ++k) {
                BoxXY box{{std::min(a[k].x, a[k + 1].x), std::min(a[k].y, a[k + 1].y)},
                          {std::max(a[k].x, a[k + 1].x), std::max(a[k].y, a[k + 1].y)}};
                segs.push_back({box, {static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(k)}});
            }
        }
        bgi::rtree<Seg, bgi::rstar<16>> tree(segs.begin(), segs.end());
        std::vector<char> dirty(original.size(), 0);
        bool any = false;
        for (const auto& [box, id] : segs) {
            if (!fresh[id.first]) continue;
            const auto& a = topology.arcs[id.first];
            const MapXY &p = a[id.second], &q = a[id.second + 1];
            hits.clear();
            tree.query(bgi::intersects(box), std::back_inserter(hits));
            for (const auto& [hbox, hid] : hits) {
                // Each pair once: when both arcs are fresh, from the lower segment.
                if (fresh[hid.first] && (hid.first < id.first || (hid.first == id.first && hid.second <= id.second))) continue;
                if (hid.first == id.first && (hid.second + 1 == id.second || hid.second == id.second + 1)) continue;  // consecutive
                const auto& b = topology.arcs[hid.first];
                if (!segments_conflict(p, q, b[hid.second], b[hid.second + 1])) continue;
                // Only arcs that were simplified can be the cause.
                for (auto arc : {id.first, hid.first})
                    if (topology.arcs[arc].size() != original[arc].size()) dirty[arc] = 1;
                any = true;
            }
        }
        if (!any) break;
        for (std::size_t i = 0; i < tol.size(); ++i)
            if (dirty[i]) tol[i] = round >= 5 ? 0 : tol[i] / 4;  // finally: the original arc
        fresh = std::move(dirty);
    }
}

}  // namespace

namespace {

// One shape from its arcs; rings below `min_ring_area` are dropped and counted.
MultiPolygonXY assemble_shape(const Topology& topology, std::size_t s, double min_ring_area, AssembleReport& rep) {
    auto build_ring = [&](const std::vector<ArcRef>& refs) {
        Ring<MapXY> ring;
        std::size_t size = 1;
        for (const auto& ref : refs) size += topology.arcs[ref.arc].size() - 1;
        ring.reserve(size);
        for (const auto& ref : refs) {
            const auto& arc = topology.arcs[ref.arc];
            const std::size_t n = arc.size();
            for (std::size_t k = ring.empty() ? 0 : 1; k < n; ++k) ring.push_back(arc[ref.reversed ? n - 1 - k : k]);
        }
        return ring;
    };
    MultiPolygonXY out;
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
        out.push_back(std::move(poly));
    }
    return out;
}

}  // namespace

std::vector<MultiPolygonXY> assemble(const Topology& topology, double min_ring_area, AssembleReport* report,
                                     unsigned threads) {
    std::vector<MultiPolygonXY> out(topology.shapes.size());
    std::vector<AssembleReport> reps(std::max(1u, threads));
    core::parallel_chunks(out.size(), threads, [&](std::size_t begin, std::size_t end, std::size_t chunk) {
        for (std::size_t s = begin; s < end; ++s) out[s] = assemble_shape(topology, s, min_ring_area, reps[chunk]);
    });
    if (report)
        for (const auto& r : reps) {
            report->rings_dropped += r.rings_dropped;
            report->vertices += r.vertices;
        }
    return out;
}

namespace {

// Every polygon's outer envelope, with (shape, polygon) indices.
using PolygonTree = boost::geometry::index::rtree<std::pair<BoxXY, std::pair<std::uint32_t, std::uint32_t>>,
                                                  boost::geometry::index::rstar<16>>;
PolygonTree polygon_tree(const std::vector<MultiPolygonXY>& shapes) {
    std::vector<PolygonTree::value_type> boxes;
    for (std::size_t s = 0; s < shapes.size(); ++s)
        for (std::size_t p = 0; p < shapes[s].size(); ++p)
            boxes.push_back({bg::return_envelope<BoxXY>(shapes[s][p].outer()),
                             {static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(p)}});
    return PolygonTree(boxes.begin(), boxes.end());
}

// Where two sources overlap, one region's border can run inside its
// neighbour (W3: Nuevo León's inside Texas for 15 km). Simplifying such an
// arc moves it within the neighbour without crossing anything, so the
// overlap grows where the source had none. An arc of one region with a
// vertex inside another region (of 3 spread along it) keeps its
// original vertices.
void keep_arcs_inside_other_regions(const std::vector<MultiPolygonXY>& shapes, const Topology& topo,
                                    const std::vector<std::vector<std::uint32_t>>& users, std::vector<double>& tol) {
    const PolygonTree tree = polygon_tree(shapes);
    using Entry = PolygonTree::value_type;
    std::vector<Entry> hits;
    for (std::size_t a = 0; a < topo.arcs.size(); ++a) {
        const auto& arc = topo.arcs[a];
        if (users[a].size() != 1 || arc.size() < 3) continue;
        const std::size_t samples = std::min<std::size_t>(3, arc.size() - 2);
        for (std::size_t k = 1; k <= samples && tol[a] > 0; ++k) {
            const MapXY& v = arc[k * (arc.size() - 1) / (samples + 1)];
            hits.clear();
            tree.query(boost::geometry::index::contains(v), std::back_inserter(hits));
            for (const auto& [box, id] : hits)
                if (id.first != users[a][0] && bg::within(v, shapes[id.first][id.second])) {
                    tol[a] = 0;
                    break;
                }
        }
    }
}

// The bounding box of an arc holds p.
bool covers(const std::vector<MapXY>& arc, const MapXY& p) {
    double x0 = arc.front().x, x1 = x0, y0 = arc.front().y, y1 = y0;
    for (const auto& q : arc) {
        x0 = std::min(x0, q.x); x1 = std::max(x1, q.x);
        y0 = std::min(y0, q.y); y1 = std::max(y1, q.y);
    }
    return x0 <= p.x && p.x <= x1 && y0 <= p.y && p.y <= y1;
}

// An island (a ring of one arc, no neighbour) that another region's
// simplified outline now covers, though that region's original outline did
// not: the coast was straightened past the whole island, crossing nothing
// (W3: an islet off Morocco). Returns the arcs of the covering region around
// the island, to be simplified more finely.
std::vector<std::uint32_t> arcs_covering_islands(const std::vector<MultiPolygonXY>& shapes, const Topology& topo,
                                                 const std::vector<std::vector<std::uint32_t>>& users,
                                                 const std::vector<std::vector<MapXY>>& original,
                                                 const std::vector<MultiPolygonXY>& simplified) {
    const PolygonTree tree = polygon_tree(simplified);
    using Entry = PolygonTree::value_type;
    std::vector<std::uint32_t> refine;
    std::vector<Entry> hits;
    for (std::size_t a = 0; a < original.size(); ++a) {
        const auto& arc = original[a];
        if (users[a].size() != 1 || arc.size() < 4 || !same(arc.front(), arc.back())) continue;
        const MapXY& p = arc.front();
        hits.clear();
        tree.query(boost::geometry::index::contains(p), std::back_inserter(hits));
        for (const auto& [box, id] : hits) {
            const std::uint32_t other = id.first;
            if (other == users[a][0] || !bg::within(p, simplified[other][id.second]) || bg::covered_by(p, shapes[other]))
                continue;
            const std::size_t before = refine.size();
            for (const auto& poly : topo.shapes[other])
                for (const auto& ring : poly)
                    for (const auto& ref : ring)
                        if (covers(topo.arcs[ref.arc], p)) refine.push_back(ref.arc);
            if (refine.size() == before)  // no single arc spans the island: refine them all
                for (const auto& poly : topo.shapes[other])
                    for (const auto& ring : poly)
                        for (const auto& ref : ring) refine.push_back(ref.arc);
        }
    }
    return refine;
}

}  // namespace

std::vector<MultiPolygonXY> simplify_shared(const std::vector<MultiPolygonXY>& shapes, double tolerance,
                                            AssembleReport* report) {
    Topology topo = build_topology(shapes);
    const std::vector<std::vector<MapXY>> original = topo.arcs;
    std::vector<double> tol(original.size(), tolerance);
    // Which shapes use each arc (two for a shared border).
    std::vector<std::vector<std::uint32_t>> users(original.size());
    for (std::size_t s = 0; s < topo.shapes.size(); ++s)
        for (const auto& poly : topo.shapes[s])
            for (const auto& ring : poly)
                for (const auto& ref : ring)
                    if (users[ref.arc].empty() || users[ref.arc].back() != s) users[ref.arc].push_back(static_cast<std::uint32_t>(s));
    keep_arcs_inside_other_regions(shapes, topo, users, tol);
    // A ring is dropped only when simplification leaves it without area: a
    // region between two junctions whose two borders became the same line
    // (its neighbours then meet on that line, so no gap opens). A small
    // island keeps at least a triangle, as GEOS's topology-preserving
    // simplifier keeps it.
    const double degenerate = 1e-9 * tolerance * tolerance;
    std::vector<MultiPolygonXY> out(topo.shapes.size());
    std::vector<AssembleReport> reps(topo.shapes.size());
    std::vector<char> redo(original.size(), 1), shape_redo(topo.shapes.size(), 0);
    for (int pass = 0;; ++pass) {
        restore_crossings(topo, original, tol, redo);
        // Only shapes with an arc recomputed in this pass are assembled again.
        std::fill(shape_redo.begin(), shape_redo.end(), 0);
        for (std::size_t a = 0; a < redo.size(); ++a)
            if (redo[a])
                for (auto s : users[a]) shape_redo[s] = 1;
        // No crossing shows a hole that moved wholly outside its shell, one
        // part of a region moving over another, or a coast moving past a whole
        // island: re-simplify the arcs of such regions more finely, down to
        // their original vertices.
        std::vector<std::size_t> invalid;
        for (std::size_t s = 0; s < out.size(); ++s) {
            if (!shape_redo[s]) continue;
            reps[s] = AssembleReport{};
            out[s] = assemble_shape(topo, s, degenerate, reps[s]);
            if (!out[s].empty() && !bg::is_valid(out[s])) invalid.push_back(s);
        }
        std::vector<std::uint32_t> refine = arcs_covering_islands(shapes, topo, users, original, out);
        for (std::size_t s : invalid)
            for (const auto& poly : topo.shapes[s])
                for (const auto& ring : poly)
                    for (const auto& ref : ring) refine.push_back(ref.arc);
        if (refine.empty() || pass == 3) break;
        std::fill(redo.begin(), redo.end(), 0);
        for (auto a : refine)
            if (!redo[a]) {
                tol[a] = pass >= 2 ? 0 : tol[a] / 4;
                redo[a] = 1;
            }
    }
    if (report) {
        *report = AssembleReport{};
        for (const auto& r : reps) {
            report->rings_dropped += r.rings_dropped;
            report->vertices += r.vertices;
        }
    }
    return out;
}

std::vector<MultiPolygonXY> simplify_shared_for_drawing(const std::vector<MultiPolygonXY>& shapes, double tolerance,
                                                        AssembleReport* report, unsigned threads) {
    // Each arc simplified as it is read (the same arcs as build_topology and simplify_arcs give).
    Topology topo = build_topology_with(shapes, threads, [tolerance](const std::vector<MapXY>& points, DpScratch& scratch) {
        return simplify_one(points, tolerance, scratch);
    });
    return assemble(topo, tolerance * tolerance, report, threads);
}

}  // namespace threatmap::geometry
