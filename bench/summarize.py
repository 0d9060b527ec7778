#!/usr/bin/python3
"""bench/run.sh's report: medians over results/<id>.run<N>.{time,stdout} (run 0 = warm-up,
skipped), ratios vs the peers against the issue's targets, and the W3 correctness comparison
(threatmap vs Shapely/GEOS of the same run). Markdown on stdout; results/summary.json too.
Usage: summarize.py RESULTS_DIR OUT_DIR RUNS"""
import glob
import json
import os
import re
import statistics
import sys

res, out, runs = sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "?"
COORDS = 1281060                  # W2 decoded coordinates (RESULTS.md)
DECODED_MB = COORDS * 16 / 2**20  # x, y doubles


def parse_time(path):
    t = open(path).read()
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", t)
    st = re.search(r"Exit status: (\d+)", t)
    if not m or not st or st.group(1) not in ("0", "3"):
        return None
    wall = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    ns = path[:-5] + ".wall_ns"  # run.sh's nanosecond clock, where it wrote one
    if os.path.exists(ns):
        wall = int(open(ns).read()) / 1e9
    cpu = float(re.search(r"User time \(seconds\): ([\d.]+)", t).group(1)) + \
        float(re.search(r"System time \(seconds\): ([\d.]+)", t).group(1))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
    return wall, cpu, rss


ids = sorted({re.sub(r"\.run\d+\..*$", "", os.path.basename(p)) for p in glob.glob(os.path.join(res, "*.run*.time"))})
S = {}
for i in ids:
    wall, cpu, rss, inproc, steps = [], [], [], [], {}
    for p in sorted(glob.glob(os.path.join(res, i + ".run*.time"))):
        if int(re.search(r"\.run(\d+)\.time$", p).group(1)) == 0:
            continue
        r = parse_time(p)
        if r is None:
            continue
        wall.append(r[0]); cpu.append(r[1]); rss.append(r[2])
        for line in open(p[:-5] + ".stdout", encoding="utf-8", errors="replace"):
            if line.startswith("BENCH "):
                rec = json.loads(line[6:])
                inproc.append(rec["inproc_s"])
                for k, v in (rec.get("steps") or {}).items():
                    steps.setdefault(k, []).append(v)
    if not wall:
        continue
    sz = os.path.join(res, i + ".size")
    S[i] = dict(runs=len(wall), wall_s=statistics.median(wall), wall_min=min(wall), wall_max=max(wall),
                cpu_s=statistics.median(cpu), rss_mb=statistics.median(rss),
                inproc_s=statistics.median(inproc) if inproc else None,
                size=int(open(sz).read() or 0) if os.path.exists(sz) and open(sz).read().strip() else None,
                steps={k: statistics.median(v) for k, v in steps.items()})
NA = {os.path.basename(p)[:-3]: open(p).read().strip() for p in glob.glob(os.path.join(res, "*.na"))}
# A tool one of whose runs failed has no figures: the others were of a tool that did not finish.
for p in glob.glob(os.path.join(res, "*.failed")):
    i = os.path.basename(p)[:-len(".failed")]
    S.pop(i, None)
    NA[i] = "a run failed (see %s.run*.stderr)" % i

# W2 floor from Google Benchmark (median of the repetitions, real time).
floor = {}
fj = os.path.join(res, "floor.json")
if os.path.exists(fj):
    for b in json.load(open(fj)).get("benchmarks", []):
        if b.get("aggregate_name") == "median":
            unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b.get("time_unit", "ns")]
            parts = b["run_name"].split("/")
            # BM_W2FloorRenderPng/1 (one thread: the floor) and /2 (bands on two threads).
            name = "/".join(parts[:2]) if len(parts) > 1 and parts[1].isdigit() else parts[0]
            floor[name] = b["real_time"] * unit


def f3(x):
    return "n/a" if x is None else "%.3f" % x


def get(i, key="wall_s"):
    return S.get(i, {}).get(key)


def step(i, *names):
    st = S.get(i, {}).get("steps") or {}
    if not all(n in st for n in names):
        return None
    return sum(st[n] for n in names)


lines = []
P = lines.append
P("# threatmap benchmark summary")
P("")
P("Medians of %s runs after 1 warm-up, tools interleaved run by run. Shared 2-core VM: compare "
  "ratios within this run, not absolute times across runs. Load average during the run:" % runs)
las = sorted(glob.glob(os.path.join(res, "loadavg.*.txt")))
if las:
    P("```")
    for la in las:
        P(open(la).read().rstrip())
    P("```")
P("")
P("## Targets (issue)")
P("")
P("| workload | measure | threatmap | peer | ratio | target | met |")
P("|---|---|---|---|---|---|---|")


def target(work, measure, tm, peer, ratio_fn, goal, ok_fn, peer_name):
    if tm is None or peer is None:
        why = NA.get("threatmap." + work.split()[0], "") if tm is None else "peer missing"
        P("| %s | %s | %s | %s (%s) | n/a | %s | n/a%s |" % (work, measure, f3(tm), f3(peer), peer_name, goal,
                                                           (" — " + why) if why else ""))
        return
    r = ratio_fn(tm, peer)
    P("| %s | %s | %.3f | %.3f (%s) | %.2f | %s | %s |" % (work, measure, tm, peer, peer_name, r, goal,
                                                           "yes" if ok_fn(r) else "**no**"))


target("W1", "whole-process s: all 6 maps vs Mapnik's 1 PNG", get("threatmap.W1"), get("mapnik.W1-png"),
       lambda t, p: p / t, "Mapnik/threatmap > 1", lambda r: r > 1, "Mapnik W1-png")
target("W2", "whole-process s", get("threatmap.W2"), get("mapnik.W2"), lambda t, p: p / t,
       "Mapnik/threatmap ≥ 1.5", lambda r: r >= 1.5, "Mapnik OGR/GPKG")
# The floor taken in the same rounds as threatmap.W2 (floor_once.sh), else the separate run.
floor_same_rounds = get("floor.W2", "inproc_s")
target("W2", "whole-process s vs Cairo floor" + (" (floor taken in the same rounds)" if floor_same_rounds else ""),
       get("threatmap.W2"), floor_same_rounds or floor.get("BM_W2FloorRenderPng/1"),
       lambda t, p: t / p, "threatmap/floor ≤ 1.3", lambda r: r <= 1.3, "floor: fill+stroke+encode, one thread")
rss = get("threatmap.W2", "rss_mb")
target("W2", "peak RSS MiB vs decoded coordinates (%.1f MiB)" % DECODED_MB, rss, DECODED_MB, lambda t, p: t / p,
       "RSS/coords < 3", lambda r: r < 3, "1,281,060 × 16 B")


def read_number(name):
    try:
        return float(open(os.path.join(res, name)).read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


heap = read_number("w2heap.txt")
target("W2", "peak heap MiB (valgrind massif, threads one at a time) vs decoded coordinates", heap / 2**20 if heap else None,
       DECODED_MB, lambda t, p: t / p, "heap/coords < 3", lambda r: r < 3, "1,281,060 × 16 B")
heap_threads = read_number("w2heap_threads.txt")
target("W2", "peak heap MiB (live bytes, threads together: bench/peak_heap.c) vs decoded coordinates",
       heap_threads / 2**20 if heap_threads else None, DECODED_MB, lambda t, p: t / p, "heap/coords < 3", lambda r: r < 3,
       "1,281,060 × 16 B")
version_rss = read_number("version_rss.txt")
for peer, pname in (("shapely.W3", "Shapely"), ("ogr.W3", "OGR")):
    target("W3 (c)", "dissolve s (in-process)", step("threatmap.W3", "c_dissolve"), step(peer, "c_dissolve"),
           lambda t, p: p / t, "GEOS/threatmap ≥ 3", lambda r: r >= 3, pname)
    target("W3 (a)+(b)", "buffer + overlay s", step("threatmap.W3", "a_buffer", "b_intersect"),
           step(peer, "a_buffer", "b_intersect"), lambda t, p: p / t, "GEOS/threatmap ≥ 2", lambda r: r >= 2, pname)
    target("W3 (d)", "shared simplify s vs GEOS TP", step("threatmap.W3", "d_simplify_shared"),
           step(peer, "d_simplify_tp"), lambda t, p: p / t, "GEOS/threatmap ≥ 1", lambda r: r >= 1, pname)
target("batch", "throughput -j2 vs -j1 (wall j1 / wall j2)", get("threatmap.batch-j2"), get("threatmap.batch-j1"),
       lambda t, p: p / t, "≥ 1.8", lambda r: r >= 1.8, "-j1")



def per_round(i, key):
    """{run number: value} of one id's timed rounds (run 0, the warm-up, skipped)."""
    out = {}
    for p in glob.glob(os.path.join(res, i + ".run*.time")):
        n = int(re.search(r"\.run(\d+)\.time$", p).group(1))
        r = parse_time(p) if n else None
        if r is None:
            continue
        if key == "wall":
            out[n] = r[0]
        else:
            for line in open(p[:-5] + ".stdout", encoding="utf-8", errors="replace"):
                if line.startswith("BENCH "):
                    out[n] = json.loads(line[6:])[key]
    return out


# W2 and its floor run in the same rounds: each round's own ratio shows how far the
# machine's load moves it (the table's ratio is of the two medians).
w2_rounds, floor_rounds = per_round("threatmap.W2", "wall"), per_round("floor.W2", "inproc_s")
round_ratios = sorted(w2_rounds[n] / floor_rounds[n] for n in w2_rounds if n in floor_rounds and floor_rounds[n] > 0)
if round_ratios:
    P("")
    P("W2/floor round by round (each round's threatmap run over the same round's floor): median %.2f, "
      "%.2f–%.2f over %d rounds." % (statistics.median(round_ratios), round_ratios[0], round_ratios[-1], len(round_ratios)))
again = get("threatmap.W2-again")
if again and get("threatmap.W2"):
    P("")
    P("W2 run again at once (threatmap.W2-again, right after threatmap.W2 in each round, on memory the VM "
      "still backs): median %.3f s against %.3f s%s. Not a target row: it shows what first-touched memory costs "
      "a run on this machine (bench/README.md)." % (again, get("threatmap.W2"),
                                                      ("; %.2f× the floor" % (again / floor_same_rounds)) if floor_same_rounds else ""))
if version_rss:
    P("")
    P("Peak RSS counts the mapped libraries: `threatmap --version` alone (GDAL and its ~110 dependencies, "
      "Cairo, Pango) peaks at %.0f MiB here; the heap row is what W2 itself allocates." % (version_rss / 1024))
P("")
P("## All runs")
P("")
P("| id | runs | whole-process median s (min–max) | CPU s | in-process s | peak RSS MiB | output bytes |")
P("|---|---|---|---|---|---|---|")
for i in sorted(set(S) | set(NA)):
    if i in S:
        m = S[i]
        P("| %s | %d | %.3f (%.3f–%.3f) | %.3f | %s | %.0f | %s |" % (i, m["runs"], m["wall_s"], m["wall_min"], m["wall_max"],
                                                              m["cpu_s"], f3(m["inproc_s"]), m["rss_mb"],
                                                              "{:,}".format(m["size"]) if m["size"] else "-"))
    else:
        P("| %s | 0 | n/a — %s | | | | |" % (i, NA[i]))
if floor:
    P("")
    P("W2 Cairo floor (Google Benchmark, median real time): " +
      ", ".join("%s %.3f s" % kv for kv in sorted(floor.items())))

st_ids = [i for i in ("threatmap.W3", "shapely.W3", "ogr.W3") if i in S and S[i]["steps"]]
if st_ids:
    keys = []
    for i in st_ids:
        keys += [k for k in S[i]["steps"] if k not in keys]
    P("")
    P("W3 step medians (s):")
    P("")
    P("| step | " + " | ".join(st_ids) + " |")
    P("|---|" + "---|" * len(st_ids))
    for k in keys:
        P("| %s | %s |" % (k, " | ".join(f3(S[i]["steps"].get(k)) for i in st_ids)))

# ------------------------------------------------------------------ W3 correctness
P("")
P("## W3 correctness (threatmap vs Shapely/GEOS of this run)")
P("")
tmj = next((p for p in (os.path.join(out, "w3_threatmap_full.json"), os.path.join(out, "w3_threatmap.json"))
            if os.path.exists(p)), None)
gj = os.path.join(out, "peers", "w3_shapely.json")
if not tmj or not os.path.exists(gj):
    P("n/a (needs both %s and %s)" % ("out/w3_threatmap.json", "out/peers/w3_shapely.json"))
else:
    T, G = json.load(open(tmj)), json.load(open(gj))
    worst = 0.0
    P("| cls | (b) threatmap km² | (b) GEOS km² | rel | (c) threatmap km² | (c) GEOS km² | rel | "
      "(c) polygons tm/GEOS | (c) rings tm/GEOS | (c) coords tm/GEOS |")
    P("|---|---|---|---|---|---|---|---|---|---|")
    for k in range(5):
        tb, gb = T["b_area_km2_by_class"][k], G["b_area_km2_by_class"][k]
        tc, gc = T["c_dissolved"][k], G["c_dissolved"][k]
        rb, rc = abs(tb - gb) / abs(gb), abs(tc["area_km2"] - gc["area_km2"]) / abs(gc["area_km2"])
        worst = max(worst, rb, rc)
        P("| %d | %.3f | %.3f | %.1e | %.3f | %.3f | %.1e | %d/%d | %d/%d | %d/%d |" % (
            k, tb, gb, rb, tc["area_km2"], gc["area_km2"], rc, tc["polygons"], gc["polygons"],
            tc["rings"], gc["rings"], tc["vertices"], gc["vertices"]))
    counts_eq = all(T["c_dissolved"][k]["polygons"] == G["c_dissolved"][k]["polygons"] and
                    T["c_dissolved"][k]["rings"] == G["c_dissolved"][k]["rings"] for k in range(5))
    P("")
    P("* areas within 1e-6 relative of GEOS: **%s** (worst %.1e); dissolve polygon/ring counts equal: **%s**" % (
        "yes" if worst <= 1e-6 else "no", worst, "yes" if counts_eq else "no"))
    P("* (a) buffer area total: threatmap %.3f km², GEOS %.3f km²; coordinates per buffer %s / %s" % (
        T["a_buffer_area_km2_total"], G["a_buffer_area_km2_total"], T["a_buffer_vertices_each"],
        G["a_buffer_vertices_each"]))
    P("* (d) shared-border simplify at 5 km: %s coordinates, %s rings, %s empty, %s invalid, %s rings dropped, "
      "%.3f km² (GEOS TP: %s coordinates, %s rings, %s empty, %s invalid, %.3f km²)" % (
          T.get("d_shared_vertices"), T.get("d_shared_rings"), T.get("d_shared_empty"), T.get("d_shared_invalid"),
          T.get("d_shared_rings_dropped"), T.get("d_shared_area_km2_total", 0), G["d_tp_vertices"], G["d_tp_rings"],
          G["d_tp_empty"], G["d_tp_invalid"], G["d_tp_area_km2_total"]))
    gaps_path = os.path.join(res, "w3gaps.json")
    if os.path.exists(gaps_path):
        Q = json.load(open(gaps_path))
        P("")
        P("(d) gaps and overlaps between neighbours, judged by GEOS (bench/w3_gaps.py): a new hole is a hole in "
          "the union of the simplified regions that meets no hole of the source's union; a new overlap is area "
          "where two simplified regions overlap and the source regions did not.")
        P("")
        P("| layer | regions | invalid | union holes | new holes | new holes km² | Σarea − union km² | new overlap km² |")
        P("|---|---|---|---|---|---|---|---|")
        for name, key in (("source", "before"), ("threatmap shared simplify", "threatmap"), ("GEOS TP per region", "geos_tp")):
            q = Q[key]
            P("| %s | %d | %d | %d | %d | %.3f | %.3f | %.3f |" % (
                name, q["regions"], q["invalid"], q["union_holes"], q["new_holes"], q["new_holes_km2"],
                q["overlap_km2"], q.get("new_overlap_km2", 0.0)))
        P("")
        P("* (d) no new gaps and no new overlaps (within 1e-9 of the layer's area): **%s**" % (
            "yes" if Q["ok"] else "no"))
    else:
        P("* (d) gap/overlap check: n/a (no %s)" % gaps_path)
    P("* threatmap_w3 checks (%s): %s" % (os.path.basename(tmj),
                                               "all passed" if T.get("checks_ok") else "FAILED:"))
    for c in T.get("checks", []):
        if not c["ok"]:
            P("  * FAIL %s: %s" % (c["check"], c["detail"]))

print("\n".join(lines))
json.dump(dict(medians=S, not_available=NA, floor_s=floor), open(os.path.join(res, "summary.json"), "w"),
          indent=1, sort_keys=True)
