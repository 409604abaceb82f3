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

build_phases = {}
if (out / "build-timings.txt").exists():
    for line in (out / "build-timings.txt").read_text().splitlines():
        m = re.match(r"\s*([0-9.]+) s  (.*)$", line)
        if m:
            build_phases[m.group(2)] = float(m.group(1))
load_and_queries = None
if "build" in ours and build_phases:
    wall, cpu, rss = ours["build"]
    load_and_queries = build_phases.get("load the store", 0) + sum(
        v for k, v in build_phases.items() if k.startswith("query ")
    )
    slowest = max((v, k) for k, v in build_phases.items() if k.startswith("query "))
    print(f"| **resgraph** | build: whole job (6 exports, catalog, docs, answers) | {wall:.2f} | {per_record(wall)} | {cpu:.2f} | {rss:.0f} | | |")
    print(f"| **resgraph** | · load (with source graphs) + {sum(k.startswith('query ') for k in build_phases)} stored queries | {load_and_queries:.2f} | {per_record(load_and_queries)} | | | | |")
    print(f"| **resgraph** | · slowest stored query: {slowest[1][6:]} | {slowest[0]:.2f} | {per_record(slowest[0])} | | | | |")

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
if peer_load and load_and_queries:
    print(f"| | **build load + queries vs pyoxigraph bulk_load + queries** | | | | | | {peer_load / load_and_queries:.2f}× |")

for cells in markdown_rows(out / "peers.md"):
    _, peer, task, wall, rss, peer_triples, speed = (cells + [""] * 8)[:7]
    speed_v = number(speed.replace(",", ""))
    ratio = ""
    if speed_v and ttl_speed and "Turtle" in task:
        ratio = f"{ttl_speed / speed_v:.2f}× (per triple)"
    elif speed_v and nt and "N-Triples" in task:
        ratio = f"{triples / nt[0] / speed_v:.2f}× (per triple)"
    print(f"| {peer} | {task} (own records, {peer_triples} triples) | {wall} | {per_record(number(wall))} | | {rss} | {speed} | {ratio} |")
