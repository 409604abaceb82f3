"""Prints bench/run.sh's table: resgraph's figures beside the peers', with ratios, and the wall
time per record (µs/record = wall / N) of every row, so runs at different N compare.

usage: python3 bench/table.py OUT_DIR N
"""
import re
import sys
from pathlib import Path

out, n = Path(sys.argv[1]), int(sys.argv[2])
triples = int((out / "triples.txt").read_text())


def times():
    rows = {}
    for line in (out / "times.txt").read_text().splitlines():
        parts = line.split()
        if len(parts) == 5 and not parts[0].startswith("Command"):
            name, wall, user, system, rss = parts
            rows[name] = (float(wall), float(user) + float(system), int(rss) / 1024)
    return rows


def markdown_rows(path):
    """The body rows of a markdown table, as lists of cells."""
    rows = []
    if not path.exists():  # SKIP_PEERS=1
        return rows
    for line in path.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 2 and not set(cells[0]) <= set("-: ") and cells[0] not in ("peer", "N"):
            rows.append(cells)
    return rows


def number(text):
    match = re.match(r"^[0-9.]+$", text or "")
    return float(text) if match else None


def per_record(wall):
    """Microseconds of wall time per record, or "" when the wall time is not a number."""
    return f"{wall * 1e6 / n:.1f}" if isinstance(wall, float) else ""


ours = times()
print(f"N = {n} synthetic records, {triples} triples (resgraph's mapping)\n")
print("| tool | task | wall s | µs/record | CPU s | peak RSS MiB | triples/s | resgraph speed ÷ peer speed |")
print("|------|------|-------:|----------:|------:|-------------:|----------:|-----------------------------:|")
ttl = ours.get("export-ttl")
nt = ours.get("export-nt")
for name, task in (("export-ttl", "records → Turtle (stream)"), ("export-nt", "records → N-Triples (stream)")):
    if name in ours:
        wall, cpu, rss = ours[name]
        print(f"| **resgraph** | {task} | {wall:.2f} | {per_record(wall)} | {cpu:.2f} | {rss:.0f} | {triples / wall:,.0f} | |")

def phases(name):
    """The phases `build --timings` printed to NAME (seconds by phase)."""
    found = {}
    if (out / name).exists():
        for line in (out / name).read_text().splitlines():
            m = re.match(r"\s*([0-9.]+) s  (.*)$", line)
            if m:
                found[m.group(2)] = float(m.group(1))
    return found


formats = (out / "build-formats.txt").read_text().split()[0] if (out / "build-formats.txt").exists() else "6 formats"
build_total = None
for name, task, timings in (
    ("build", "build in memory", "build-timings.txt"),
    ("build-store", "build --store (on disk)", "build-store-timings.txt"),
):
    if name not in ours:
        continue
    wall, cpu, rss = ours[name]
    build_total = build_total or wall
    print(f"| **resgraph** | {task}: whole job (validation, exports: {formats}, catalog, docs, answers) | {wall:.2f} | {per_record(wall)} | {cpu:.2f} | {rss:.0f} | | |")
    laps = phases(timings)
    queries = {k[6:]: v for k, v in laps.items() if k.startswith("query ")}
    stream = sum(v for k, v in laps.items() if k.startswith("read, check"))
    print(f"| **resgraph** | · read, check, map, validate, load, export (streamed) | {stream:.2f} | {per_record(stream)} | | | | |")
    together = sum(v for k, v in laps.items() if k.startswith("answer the stored queries"))
    if queries:
        slowest = max((v, k) for k, v in queries.items())
        print(f"| **resgraph** | · {len(queries)} stored queries, VoID and ontology page, at once; slowest query: {slowest[1]} | {together:.2f} | | | | | slowest {slowest[0]:.2f} s |")
for name, what in (
    ("store-kib.txt", "on-disk store size"),
    ("answers-kib.txt", "answers kept with the store (CSV, TSV, JSON, XML)"),
    ("browse-kib.txt", "browse index kept with the store"),
):
    if (out / name).exists():
        print(f"| **resgraph** | · {what} | | | | {int((out / name).read_text()) / 1024:.0f} (disk) | | |")
if (out / "serve-start.txt").exists():
    _, query_s, home_s, peak = (out / "serve-start.txt").read_text().split()
    print(f"| **resgraph** | serve --store: first SPARQL answer / first home page | {query_s} / {home_s} | | | {int(peak) / 1024:.0f} | | |")

if "validate" in ours:
    wall, cpu, rss = ours["validate"]
    print(f"| **resgraph** | validate the data folder (ontology/shapes.ttl) | {wall:.2f} | {per_record(wall)} | {cpu:.2f} | {rss:.0f} | | |")
    if "pyshacl" in ours:
        peer_wall, peer_cpu, peer_rss = ours["pyshacl"]
        print(f"| pySHACL | validate the same graph (the build's N-Triples) | {peer_wall:.2f} | {per_record(peer_wall)} | {peer_cpu:.2f} | {peer_rss:.0f} | | {peer_wall / wall:.2f}× |")

ttl_speed = triples / ttl[0] if ttl else None
peer_load = None
for cells in markdown_rows(out / "compare.md"):
    peer, task, wall, rss, speed = (cells + [""] * 5)[:5]
    wall_s, speed_v = number(wall), number(speed)
    ratio = ""
    if speed_v and ttl_speed and "NT→Turtle" in task:
        ratio = f"{ttl_speed / speed_v:.2f}× (Turtle)"
    if task.startswith("bulk_load") and wall_s:
        peer_load = wall_s
    print(f"| {peer} | {task} (our N-Triples) | {wall} | {per_record(wall_s)} | | {rss} | {speed} | {ratio} |")
if peer_load and build_total:
    print(f"| | **resgraph's whole build vs pyoxigraph's bulk_load + queries alone** | | | | | | {peer_load / build_total:.2f}× |")

for cells in markdown_rows(out / "peers.md"):
    _, peer, task, wall, rss, peer_triples, speed = (cells + [""] * 8)[:7]
    speed_v = number(speed.replace(",", ""))
    ratio = ""
    if speed_v and ttl_speed and "Turtle" in task:
        ratio = f"{ttl_speed / speed_v:.2f}× (per triple)"
    elif speed_v and nt and "N-Triples" in task:
        ratio = f"{triples / nt[0] / speed_v:.2f}× (per triple)"
    print(f"| {peer} | {task} (own records, {peer_triples} triples) | {wall} | {per_record(number(wall))} | | {rss} | {speed} | {ratio} |")
