#!/usr/bin/env python3
"""Draws docs/benchmarks.svg, and prints the peer tables of docs/benchmarks.md, from the peer benchmark's results.

    hack/plot-benchmarks.py [--out docs/benchmarks.svg] [--markdown] [RESULTS ...]

RESULTS are files in the form hack/bench-peers.sh writes (target/bench/peers-*.txt: a "commit ..." line and the
markdown table PeerBenchmark prints); by default the committed docs/benchmarks/peers-*.txt, smallest N first. The
picture: Secrets/s and CPU per object per controller, one bar per run, and peak RSS against N. --markdown prints
the tables for docs/benchmarks.md instead (BenchmarksDocTest checks both against the committed files).
Python 3 standard library only; the output depends on nothing but the inputs.
"""
import argparse
import glob
import os
import re
import sys
from xml.sax.saxutils import escape

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The bench's row labels, shortened for the picture; the order is the picture's.
SHORT = {
    "sealed-secrets v0.40.0, its defaults (client QPS 5, burst 10)": "sealed-secrets, defaults",
    "sealed-secrets v0.40.0, client limiter off (--kubeclient-qps -1)": "sealed-secrets, limiter off",
    "ESO v0.16.2 fake provider, its defaults (1 worker, QPS 50)": "ESO, defaults",
    "ESO, 16 workers, limiter off": "ESO, 16 workers",
    "ESO, 16 workers, limiter off, --enable-secrets-caching": "ESO, 16 workers, cache",
    "om-secrets-operator, sealed values (its defaults)": "this operator, sealed",
    "om-secrets-operator, plain values (its defaults)": "this operator, plain",
}
RAW = "raw Secret creates (ceiling)"
# Columns of docs/benchmarks.md's tables: the bench's, less the ratio and the load averages.
DOC_COLUMNS = ["controller", "N", "Secrets/s", "CPU per object", "peak RSS", "writes per object",
               "restart: ready / quiet", "restart CPU", "restart writes"]
RUN_COLOURS = ["#9ecae1", "#2171b5", "#08306b"]
# One family per project: sealed-secrets grey, ESO orange, this operator green.
CONTROLLER_COLOURS = ["#bdbdbd", "#737373", "#fdae6b", "#f16913", "#a63603", "#41ab5d", "#005a32"]


def parse(path):
    """A run: its commit, and its rows as {column: cell} in the bench's order (a later row of a label wins)."""
    commit, header, rows = "", None, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"commit (\w+)", line)
            if m and not commit:
                commit = m.group(1)
            if not line.startswith("|") or line.startswith("|---"):
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if cells[0] == "controller":
                header = cells
            elif header and len(cells) == len(header):
                rows[cells[0]] = dict(zip(header, cells))
    if not rows:
        sys.exit(f"{path}: no table rows in the form hack/bench-peers.sh writes")
    return {"path": path, "commit": commit, "rows": rows}


def number(cell):
    """The first number of a cell ("5.2 ms", "10,000", "0.2 s / 7.7 s"), or None for "–"."""
    m = re.search(r"\d[\d,]*(\.\d+)?", cell or "")
    return float(m.group(0).replace(",", "")) if m else None


def run_n(run):
    raw = run["rows"].get(RAW)
    return int(number(raw["N"])) if raw else max(int(number(r["N"])) for r in run["rows"].values())


def markdown(runs):
    out = []
    for run in runs:
        out.append("| " + " | ".join(DOC_COLUMNS) + " |")
        out.append("|" + "---|" * len(DOC_COLUMNS))
        for row in run["rows"].values():
            out.append("| " + " | ".join(row.get(c, "–") for c in DOC_COLUMNS) + " |")
        out.append("")
    return "\n".join(out)


def fmt(v):
    return f"{v:,.0f}" if v >= 100 else f"{v:.1f}"


def text(x, y, s, size=11, anchor="start", weight="normal", fill="#222"):
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}"'
            f' fill="{fill}">{escape(s)}</text>')


def svg(runs):
    controllers = [label for label in SHORT if any(label in r["rows"] for r in runs)]
    ns = [run_n(r) for r in runs]
    row_h, bar_h = 14 + 13 * len(runs), 12
    top = 48
    bottom = top + row_h * len(controllers)
    label_w, bar_w, gap = 160, 200, 50
    panels = [("Secrets/s (more is better)", "Secrets/s"), ("CPU per object, ms (less is better)", "CPU per object")]
    e = []
    for p, (title, column) in enumerate(panels):
        x0 = label_w + p * (bar_w + gap)
        values = [number(r["rows"][c][column]) for r in runs for c in controllers if c in r["rows"]]
        top_v = max(v for v in values if v is not None)
        e.append(text(x0, 30, title, 12, weight="bold"))
        e.append(f'<line x1="{x0}" y1="{top - 6}" x2="{x0}" y2="{bottom}" stroke="#444"/>')
        for i, c in enumerate(controllers):
            y = top + i * row_h
            if p == 0:
                e.append(text(label_w - 8, y + row_h / 2, SHORT[c], anchor="end"))
            for k, r in enumerate(runs):
                row = r["rows"].get(c)
                v = number(row[column]) if row else None
                if v is None:
                    continue
                w = bar_w * 0.82 * v / top_v
                by = y + k * (bar_h + 1)
                e.append(f'<rect x="{x0}" y="{by:.1f}" width="{w:.1f}" height="{bar_h}" fill="{RUN_COLOURS[k]}"/>')
                n = int(number(row["N"]))
                e.append(text(x0 + w + 4, by + bar_h - 2, fmt(v) + ("" if n == ns[k] else f"  (N = {n:,})"), 10))
    raw = ", ".join(f"{fmt(number(r['rows'][RAW]['Secrets/s']))}/s at N = {n:,}"
                    for r, n in zip(runs, ns) if RAW in r["rows"])
    if raw:
        e.append(text(label_w, bottom + 18, f"Raw Secret creates, the ceiling: {raw}.", 10, fill="#555"))
    for k, (r, n) in enumerate(zip(runs, ns)):
        x = label_w + k * 190
        e.append(f'<rect x="{x}" y="{bottom + 30}" width="12" height="12" fill="{RUN_COLOURS[k]}"/>')
        e.append(text(x + 17, bottom + 40, f"N = {n:,}, commit {r['commit']}", 10))

    # Peak RSS against N: one line per controller through its runs.
    px0 = label_w + 2 * (bar_w + gap) + 40
    pw, ph = 230, bottom - top
    points = {c: sorted((number(r["rows"][c]["N"]), number(r["rows"][c]["peak RSS"]))
                        for r in runs if c in r["rows"]) for c in controllers}
    max_n = max(n for pts in points.values() for n, _ in pts)
    max_m = max(m for pts in points.values() for _, m in pts)
    step = 100
    top_m = step * (int(max_m // step) + 1)
    sx = lambda n: px0 + pw * n / max_n
    sy = lambda m: bottom - ph * m / top_m
    e.append(text(px0 - 40, 30, "Peak RSS, MiB, against N", 12, weight="bold"))
    e.append(f'<line x1="{px0}" y1="{top - 6}" x2="{px0}" y2="{bottom}" stroke="#444"/>')
    e.append(f'<line x1="{px0}" y1="{bottom}" x2="{px0 + pw}" y2="{bottom}" stroke="#444"/>')
    for m in range(0, top_m + 1, step):
        e.append(f'<line x1="{px0}" y1="{sy(m):.1f}" x2="{px0 + pw}" y2="{sy(m):.1f}" stroke="#ddd"/>')
        e.append(text(px0 - 5, sy(m) + 4, str(m), 10, anchor="end"))
    for n in sorted({0, *ns}):
        e.append(text(sx(n), bottom + 14, f"{n:,}", 10, anchor="middle"))
    for i, c in enumerate(controllers):
        colour = CONTROLLER_COLOURS[list(SHORT).index(c)]
        pts = points[c]
        if len(pts) > 1:
            path = " ".join(f"{sx(n):.1f},{sy(m):.1f}" for n, m in pts)
            e.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for n, m in pts:
            e.append(f'<circle cx="{sx(n):.1f}" cy="{sy(m):.1f}" r="3.5" fill="{colour}"/>')
        lx, ly = px0 - 40 + (i % 2) * 150, bottom + 30 + (i // 2) * 16
        e.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colour}"/>')
        e.append(text(lx + 17, ly + 10, SHORT[c], 10))
    width = px0 + 280
    height = bottom + 36 + 16 * ((len(controllers) + 1) // 2)
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" font-family="sans-serif">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        *e,
        "</svg>",
        ""])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("results", nargs="*")
    ap.add_argument("--out", default=os.path.join(REPO, "docs", "benchmarks.svg"))
    ap.add_argument("--markdown", action="store_true", help="print the tables for docs/benchmarks.md")
    a = ap.parse_args()
    paths = a.results or glob.glob(os.path.join(REPO, "docs", "benchmarks", "peers-*.txt"))
    runs = sorted((parse(p) for p in paths), key=run_n)
    if a.markdown:
        sys.stdout.write(markdown(runs))
        return
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(svg(runs))


if __name__ == "__main__":
    main()
