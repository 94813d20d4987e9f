#!/usr/bin/env python3
"""Turn `vmq_bench --benchmark_format=json` output into the results section of docs/benchmarks.md
and an SVG plot of Mpps against the number of filters for every implementation.

Usage: scripts/bench_report.py RESULTS.json [--doc docs/benchmarks.md] [--svg docs/benchmarks-mpps.svg]

With --benchmark_repetitions the medians are used. Python 3 standard library only; the SVG is
written by hand. The section between the report markers in the document is replaced; the rest of
the document is left as it is.
"""
import argparse
import json
import math
import platform
import re
import sys
from pathlib import Path

BEGIN = "<!-- bench-report:begin -->"
END = "<!-- bench-report:end -->"

# Benchmark function -> (label, colour) in the order of the table and the legend.
IMPLEMENTATIONS = [
    ("BM_HwrefFastPath", "hwref fast path (vmqkit)", "#d62728"),
    ("BM_HwrefReadablePath", "hwref readable path", "#ff9896"),
    ("BM_SpecModelRoute", "spec model routing (oracle)", "#9467bd"),
    ("BM_ReferenceEndToEnd", "reference miniport, wire to indication", "#8c564b"),
    ("BM_PeerAbslFlatHashMap", "absl::flat_hash_map", "#2ca02c"),
    ("BM_PeerStdUnorderedMap", "std::unordered_map", "#1f77b4"),
    ("BM_PeerDpdkRteHash", "DPDK rte_hash_lookup_bulk_data", "#ff7f0e"),
    ("BM_PeerLinearScan", "netvmini-style linear scan", "#7f7f7f"),
]


def load_rows(path):
    data = json.loads(Path(path).read_text())
    rows = {}
    repeated = any(b.get("run_type") == "aggregate" for b in data["benchmarks"])
    for b in data["benchmarks"]:
        if repeated:
            if b.get("run_type") != "aggregate" or b.get("aggregate_name") != "median":
                continue
            name = b["run_name"]
        else:
            name = b["name"]
        rows[name] = b
    return data.get("context", {}), rows, repeated


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def fmt(value, digits=3):
    if value is None:
        return "—"
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}g}"


def split_name(name):
    m = re.match(r"^(BM_\w+?)(?:/(\d+))?(?:/.*)?$", name)
    if not m:
        return name, None
    return m.group(1), int(m.group(2)) if m.group(2) else None


FORM_NAME = re.compile(r"^BM_HwrefFastPathLookups/form:(\d+)/N:(\d+)")
FORM_LABELS = {0: "SSE2, one frame at a time", 1: "AVX2, one frame at a time",
               2: "AVX-512, eight frames per vector step"}


def lookup_forms(rows):
    """{form: {N: row}} for BM_HwrefFastPathLookups."""
    forms = {}
    for name, row in rows.items():
        m = FORM_NAME.match(name)
        if m:
            forms.setdefault(int(m.group(1)), {})[int(m.group(2))] = row
    return forms


def collect(rows):
    """{function: {N: row}} for the filter-path benchmarks; errors kept as rows with 'error'."""
    known = {func for func, _, _ in IMPLEMENTATIONS}
    table = {}
    for name, row in rows.items():
        func, n = split_name(name)
        if n is None or func not in known:
            continue
        table.setdefault(func, {})[n] = row
    return table


def svg_plot(table, sizes):
    width, height = 760, 440
    left, right, top, bottom = 70, 250, 20, 50
    pw, ph = width - left - right, height - top - bottom
    values = [
        r["Mpps"] for f in table.values() for r in f.values() if "Mpps" in r and r["Mpps"] > 0
    ]
    if not values:
        return ""
    lo = 10 ** math.floor(math.log10(min(values)))
    hi = 10 ** math.ceil(math.log10(max(values)))
    xs = {n: left + pw * i / max(1, len(sizes) - 1) for i, n in enumerate(sizes)}

    def y(v):
        return top + ph * (1 - (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    decade = lo
    while decade <= hi * 1.0001:
        yy = y(decade)
        out.append(f'<line x1="{left}" y1="{yy:.1f}" x2="{left + pw}" y2="{yy:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end">{fmt(decade)}</text>')
        decade *= 10
    for n, xx in xs.items():
        out.append(f'<line x1="{xx:.1f}" y1="{top}" x2="{xx:.1f}" y2="{top + ph}" stroke="#eee"/>')
        out.append(f'<text x="{xx:.1f}" y="{top + ph + 18}" text-anchor="middle">{n}</text>')
    out.append(f'<text x="{left + pw / 2}" y="{height - 10}" text-anchor="middle">'
               "installed filters N (log scale)</text>")
    out.append(f'<text x="16" y="{top + ph / 2}" text-anchor="middle" '
               f'transform="rotate(-90 16 {top + ph / 2})">Mpps, one core (log scale)</text>')
    line_rate = 148.8
    if lo <= line_rate <= hi:
        yy = y(line_rate)
        out.append(f'<line x1="{left}" y1="{yy:.1f}" x2="{left + pw}" y2="{yy:.1f}" '
                   'stroke="black" stroke-dasharray="4 4"/>')
        out.append(f'<text x="{left + 4}" y="{yy - 4:.1f}">100 GbE, 64 B: 148.8 Mpps</text>')
    legend_y = top + 10
    for func, label, colour in IMPLEMENTATIONS:
        points = [(xs[n], y(r["Mpps"])) for n, r in sorted(table.get(func, {}).items())
                  if n in xs and r.get("Mpps", 0) > 0]
        if not points:
            continue
        path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, yy in points:
            out.append(f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="3" fill="{colour}"/>')
        lx = left + pw + 16
        out.append(f'<line x1="{lx}" y1="{legend_y}" x2="{lx + 20}" y2="{legend_y}" '
                   f'stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{lx + 26}" y="{legend_y + 4}">{label}</text>')
        legend_y += 18
    out.append("</svg>")
    return "\n".join(out) + "\n"


def report(context, rows, repeated, svg_name):
    table = collect(rows)
    sizes = sorted({n for f in table.values() for n in f})
    lines = []
    load = context.get("load_avg", [])
    lines.append(
        f"Machine: {cpu_model()}, {context.get('num_cpus', '?')} CPUs at "
        f"{context.get('mhz_per_cpu', '?')} MHz (as reported), host `{context.get('host_name', '?')}`, "
        f"run {context.get('date', '?')}, load average at start "
        f"{', '.join(f'{v:.2f}' for v in load) if load else '?'}."
    )
    lines.append(
        "Figures are "
        + ("medians of the repetitions" if repeated else "single runs")
        + "; rates are over each benchmark's own timed batches (steady clock). fast_x comes "
        "from the median batch times of the fast path, timed in slices inside the same benchmark, "
        "and of the implementation, so host drift cancels (the machine is shared)."
    )
    lines.append("")
    lines.append("### Mpps by implementation and N (one core)")
    lines.append("")
    lines.append("| implementation | " + " | ".join(f"N={n}" for n in sizes) + " |")
    lines.append("|---|" + "---:|" * len(sizes))
    for func, label, _ in IMPLEMENTATIONS:
        if func not in table:
            continue
        cells = []
        for n in sizes:
            r = table[func].get(n)
            if r is None:
                cells.append("—")
            elif r.get("error_occurred"):
                cells.append("error")
            else:
                cells.append(fmt(r.get("Mpps")))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("### ns per frame, and fast_x (fast path Mpps ÷ this Mpps, measured side by side)")
    lines.append("")
    lines.append("| implementation | " + " | ".join(f"N={n}" for n in sizes) + " |")
    lines.append("|---|" + "---:|" * len(sizes))
    for func, label, _ in IMPLEMENTATIONS:
        if func not in table:
            continue
        cells = []
        for n in sizes:
            r = table[func].get(n)
            if r is None or r.get("error_occurred"):
                cells.append("—")
            else:
                ratio = r.get("fast_x", 0)
                cells.append(f"{fmt(r.get('ns/frame'))} ns, ×{fmt(ratio)}" if ratio else
                             f"{fmt(r.get('ns/frame'))} ns")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")
    fast = table.get("BM_HwrefFastPath", {})
    if fast:
        lines.append("### Fast path memory")
        lines.append("")
        lines.append("| N | bytes per installed filter (address and exact tables) | fixed bytes "
                     "(VLAN table and entries, hash and Toeplitz tables) |")
        lines.append("|---:|---:|---:|")
        for n in sorted(fast):
            r = fast[n]
            lines.append(f"| {n} | {fmt(r.get('bytes/filter'))} | {fmt(r.get('fixed_bytes'))} |")
        lines.append("")
    errors = [(name, r.get("error_message", "")) for name, r in rows.items()
              if r.get("error_occurred")]
    if errors:
        lines.append("### Benchmarks that reported an error")
        lines.append("")
        for name, message in errors:
            lines.append(f"- `{name}`: {message}")
        lines.append("")
    forms = lookup_forms(rows)
    if forms:
        form_sizes = sorted({n for per_n in forms.values() for n in per_n})
        lines.append("### Fast path batch loops (FastPath::Lookups), Mpps and fast_x")
        lines.append("")
        lines.append("The device takes the widest loop its CPU runs; each row forces one.")
        lines.append("")
        lines.append("| loop | " + " | ".join(f"N={n}" for n in form_sizes) + " |")
        lines.append("|---|" + "---:|" * len(form_sizes))
        for form in sorted(forms):
            cells = []
            for n in form_sizes:
                r = forms[form].get(n)
                if r is None:
                    cells.append("—")
                elif r.get("error_occurred"):
                    cells.append("not on this CPU")
                else:
                    cells.append(f"{fmt(r.get('Mpps'))}, ×{fmt(r.get('fast_x', 0))}")
            lines.append(f"| {FORM_LABELS.get(form, form)} | " + " | ".join(cells) + " |")
        lines.append("")
    oid = [(n, r) for n, r in rows.items()
           if split_name(n)[1] is None and not FORM_NAME.match(n)]
    if oid:
        lines.append("### OID path (reference miniport, through the DUT ABI)")
        lines.append("")
        lines.append("| benchmark | result |")
        lines.append("|---|---:|")
        for name, r in sorted(oid):
            if r.get("error_occurred"):
                lines.append(f"| {name} | error: {r.get('error_message', '')} |")
            elif "pairs/s" in r:
                lines.append(f"| {name} | {fmt(r['pairs/s'])} set+clear pairs/s |")
            elif "guests/s" in r:
                lines.append(f"| {name} | {fmt(r['real_time'])} {r.get('time_unit', '')} per 256 "
                             f"guests, {fmt(r.get('us/guest'))} µs per guest |")
        lines.append("")
    known = {func for func, _, _ in IMPLEMENTATIONS}
    other = [(n, r) for n, r in rows.items()
             if split_name(n)[1] is not None and split_name(n)[0] not in known]
    if other:
        lines.append("### Other benchmarks in this run")
        lines.append("")
        lines.append("| benchmark | time per iteration |")
        lines.append("|---|---:|")
        for name, r in sorted(other):
            lines.append(f"| {name} | {fmt(r.get('real_time'))} {r.get('time_unit', '')} |")
        lines.append("")
    lines.append("### Targets (issue 8), checked on this run")
    lines.append("")
    dpdk = table.get("BM_PeerDpdkRteHash", {})

    def mpps(t, n):
        r = t.get(n)
        return r.get("Mpps") if r and not r.get("error_occurred") else None

    checks = []
    f4096 = mpps(fast, 4096)
    d4096 = dpdk.get(4096, {}).get("fast_x") if dpdk.get(4096) else None
    checks.append(("fast path at N=4096 ≥ 8× DPDK rte_hash (same run)",
                   f"×{fmt(d4096)}" if d4096 else "—", d4096 is not None and d4096 >= 8))
    checks.append(("fast path at N=4096 ≥ 150 Mpps (aim 300)", fmt(f4096),
                   f4096 is not None and f4096 >= 150))
    top = max(n for n in fast) if fast else None
    f16, ftop = mpps(fast, 16), mpps(fast, top) if top else None
    checks.append((f"fast path Mpps at N={top} ≥ half of N=16 (N=65536 is beyond hwref's "
                   "largest profile)" if top != 65536 else "fast path Mpps at N=65536 ≥ half of N=16",
                   f"{fmt(ftop)} vs {fmt(f16)}", bool(ftop and f16 and ftop >= f16 / 2)))
    # N = 1 pays for the smallest tables and the broadcast entries; the target is about the
    # per-filter cost.
    bpf = max((r.get("bytes/filter", 0) for n, r in fast.items() if n >= 16), default=None)
    checks.append(("≤ 64 bytes per installed filter (fast path tables that grow with N, N ≥ 16)",
                   fmt(bpf),
                   bpf is not None and bpf <= 64))
    model = table.get("BM_SpecModelRoute", {})
    m16 = mpps(model, 16)
    checks.append(("readable model ≥ 1 Mpps (N=16)", fmt(m16), m16 is not None and m16 >= 1))
    lines.append("| target | measured | met |")
    lines.append("|---|---:|:---:|")
    for name, value, ok in checks:
        lines.append(f"| {name} | {value} | {'yes' if ok else 'no'} |")
    lines.append("")
    if svg_name:
        lines.append(f"![Mpps against N for every implementation]({svg_name})")
        lines.append("")
    return "\n".join(lines), svg_plot(table, sizes)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results")
    parser.add_argument("--doc", default="docs/benchmarks.md")
    parser.add_argument("--svg", default="docs/benchmarks-mpps.svg")
    args = parser.parse_args()
    context, rows, repeated = load_rows(args.results)
    svg_path = Path(args.svg)
    section, svg = report(context, rows, repeated, svg_path.name)
    if svg:
        svg_path.write_text(svg)
    doc = Path(args.doc)
    text = doc.read_text() if doc.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        print(f"bench_report: {doc} has no {BEGIN} ... {END} section", file=sys.stderr)
        return 2
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(f"{head}{BEGIN}\n{section}\n{END}{tail}")
    print(f"bench_report: wrote {doc} and {svg_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
