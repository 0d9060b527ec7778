#!/usr/bin/python3
"""W3 (d) gap and overlap check, judged by GEOS (Shapely), independent of threatmap.

Usage: /usr/bin/python3 bench/w3_gaps.py INPUT.gpkg SIMPLIFIED.wkt [--json OUT.json] [--tolerance M]

INPUT.gpkg is world_admin1_ea.gpkg (EPSG:8857); SIMPLIFIED.wkt is what
`threatmap_w3 --write-simplified` wrote: one region per line in fid order.
The issue's definitions, for a layer simplified with shared borders:
  no overlaps: the sum of the regions' areas equals the area of their union.
               The source overlaps a little at some country borders (17,243
               km², Σarea − area(union)), so the check is that every overlap
               between two simplified regions lies where the source regions
               overlapped (new_overlap_km2 ≤ 1e-9 of the layer's area);
  no gaps:     the union of the simplified regions has no hole that the union
               of the originals lacks (a new hole = one meeting no hole of the
               original union).
The same is measured for GEOS's own per-feature topology-preserving simplifier
at the same tolerance, the peer the issue compares with.
Prints a JSON object; exit status 0 when threatmap's result passes, 3 when not.
"""
import json
import sys

from osgeo import ogr
from shapely import wkb, wkt
from shapely.geometry import MultiPolygon, Polygon
from shapely.ops import unary_union
from shapely.strtree import STRtree


def holes_of(g):
    parts = g.geoms if isinstance(g, MultiPolygon) else [g]
    return [Polygon(r) for p in parts for r in p.interiors]


def pairwise_overlaps(regions):
    """Every intersection of two regions with an area (GEOS), as a list."""
    tree = STRtree(regions)
    index = {id(g): i for i, g in enumerate(regions)}
    parts = []
    for i, g in enumerate(regions):
        for h in tree.query(g):
            j = index[id(h)]
            if j <= i or not g.intersects(h):
                continue
            a, b = (g, h) if g.is_valid and h.is_valid else (g.buffer(0), h.buffer(0))
            x = a.intersection(b)
            if x.area > 0:
                parts.append(x)
    return parts


def area_outside(parts, others):
    """Σ area of `parts` outside every geometry of `others`."""
    if not others:
        return sum(p.area for p in parts)
    tree = STRtree(others)
    total = 0.0
    for p in parts:
        try:
            near = [o for o in tree.query(p) if o.intersects(p)]
            total += p.difference(unary_union(near)).area if near else p.area
        except Exception:  # GEOS TopologyException on invalid pieces (from GEOS TP's invalid results)
            q = p.buffer(0)
            near = [o.buffer(0) for o in tree.query(q)]
            total += q.difference(unary_union(near)).area if near else q.area
    return total


def measure(regions, original_holes, original_overlap=None):
    regions = [g for g in regions if g is not None and not g.is_empty]
    union = unary_union(regions)
    total = sum(g.area for g in regions)
    holes = holes_of(union)
    tree = STRtree(original_holes)
    new = [h for h in holes if not any(h.intersects(o) for o in tree.query(h))]
    overlaps = pairwise_overlaps(regions)
    extra = area_outside(overlaps, original_overlap) if original_overlap is not None else 0.0
    return dict(
        regions=len(regions),
        new_overlap_km2=extra / 1e6,
        invalid=sum(1 for g in regions if not g.is_valid),
        overlap_km2=(total - union.area) / 1e6,
        union_holes=len(holes),
        new_holes=len(new),
        new_holes_km2=sum(h.area for h in new) / 1e6,
    ), holes, overlaps


def main(argv):
    args = list(argv[1:])
    out_json, tol = None, 5000.0
    if "--json" in args:
        i = args.index("--json"); out_json = args[i + 1]; del args[i:i + 2]
    if "--tolerance" in args:
        i = args.index("--tolerance"); tol = float(args[i + 1]); del args[i:i + 2]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    src, simplified = args
    ds = ogr.Open(src)
    lyr = ds.GetLayer(0)
    originals = [wkb.loads(bytes(f.GetGeometryRef().ExportToWkb())) for f in lyr]
    with open(simplified) as fh:
        ours = [wkt.loads(line) for line in fh if line.strip()]
    if len(ours) != len(originals):
        print("w3_gaps: %s has %d regions, %s %d" % (simplified, len(ours), src, len(originals)), file=sys.stderr)
        return 2

    total_km2 = sum(g.area for g in originals) / 1e6
    before, original_holes, original_overlap = measure(originals, [])
    before["new_holes"] = before["new_holes_km2"] = 0
    after, _, _ = measure(ours, original_holes, original_overlap)
    tp, _, _ = measure([g.simplify(tol, preserve_topology=True) for g in originals], original_holes, original_overlap)
    # No new gap: no hole in the union that the source's union lacks. No new
    # overlap: where two simplified regions overlap, the source regions
    # overlapped already (within 1e-9 of the layer's area). Σarea − area(union)
    # is printed too; it moves a little where sources overlap and only one
    # side's border is simplified.
    ok = after["new_holes"] == 0 and after["new_overlap_km2"] <= 1e-9 * total_km2
    res = dict(before=before, threatmap=after, geos_tp=tp, ok=ok)
    text = json.dumps(res, indent=1, sort_keys=True)
    if out_json:
        with open(out_json, "w") as fh:
            fh.write(text + "\n")
    print(text)
    return 0 if ok else 3


if __name__ == "__main__":
    sys.exit(main(sys.argv))
