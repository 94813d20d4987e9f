#!/usr/bin/env python3
"""Turn `vmq_bench --benchmark_format=json` output into the results section of docs/benchmarks.md
and an SVG plot of Mpps against the number of filters for every implementation.

Usage: scripts/bench_report.py RESULTS.json [--doc docs/benchmarks.md] [--machines FILE]

With --benchmark_repetitions the medians are used (and the standard deviations for the spread of
the driver's own cost). Python 3 standard library only; the SVG is written by hand.

Every machine keeps its own section: the run's CPU model (/proc/cpuinfo) names a section between
`<!-- bench-report:begin cpu=SLUG -->` and `<!-- bench-report:end cpu=SLUG -->`, replaced when the
same CPU model is measured again and added when it is new, with its plot in
docs/benchmarks-mpps-SLUG.svg. The headline figures of every machine are kept in
docs/benchmarks-machines.json (one entry per CPU model) and rendered side by side between
`<!-- bench-report:begin -->` and `<!-- bench-report:end -->`. The rest of the document is left as
it is.
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
    ("BM_SpecModelRouteIndexed", "spec model routing, filters indexed by address", "#c5b0d5"),
    ("BM_ReferenceEndToEnd", "reference miniport, wire to indication (receive_batch)", "#8c564b"),
    ("BM_ReferenceEndToEndPerFrame", "reference miniport, one receive call per frame", "#c49c94"),
    ("BM_DutPathNull", "null DUT: the DUT path alone (receive_batch)", "#17becf"),
    ("BM_DutPathNullPerFrame", "null DUT, one receive call per frame", "#9edae5"),
    ("BM_PeerAbslFlatHashMap", "absl::flat_hash_map", "#2ca02c"),
    ("BM_PeerStdUnorderedMap", "std::unordered_map", "#1f77b4"),
    ("BM_PeerDpdkRteHash", "DPDK rte_hash_lookup_bulk_data", "#ff7f0e"),
    ("BM_PeerLinearScan", "netvmini-style linear scan", "#7f7f7f"),
]


def load_rows(path):
    """(context, median rows by name, stddev rows by name, repeated)."""
    data = json.loads(Path(path).read_text())
    rows = {}
    spread = {}
    repeated = any(b.get("run_type") == "aggregate" for b in data["benchmarks"])
    for b in data["benchmarks"]:
        if repeated:
            if b.get("run_type") != "aggregate":
                continue
            if b.get("aggregate_name") == "stddev":
                spread[b["run_name"]] = b
            if b.get("aggregate_name") != "median":
                continue
            name = b["run_name"]
        else:
            name = b["name"]
        rows[name] = b
    return data.get("context", {}), rows, spread, repeated


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unknown"


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


def report(context, rows, spread, repeated, svg_name):
    table = collect(rows)
    sizes = sorted({n for f in table.values() for n in f})
    lines = []
    load = context.get("load_avg", [])
    lines.append(f"### {cpu_model()}")
    lines.append("")
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
    lines.append("#### Mpps by implementation and N (one core)")
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
    lines.append("#### ns per frame, and fast_x (fast path Mpps ÷ this Mpps, measured side by side)")
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
        lines.append("#### Fast path memory")
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
        lines.append("#### Benchmarks that reported an error")
        lines.append("")
        for name, message in errors:
            lines.append(f"- `{name}`: {message}")
        lines.append("")
    forms = lookup_forms(rows)
    if forms:
        form_sizes = sorted({n for per_n in forms.values() for n in per_n})
        lines.append("#### Fast path batch loops (FastPath::Lookups), Mpps and fast_x")
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
    machine_rows = [(n, r) for n, r in rows.items() if n.startswith("BM_Machine")]
    if machine_rows:
        lines.append("#### The machine's limits for the fast path's operations")
        lines.append("")
        lines.append("Eight independent operations in flight on L1-resident data "
                     "(bench/machine_limits_bench.cpp); TSC ticks, since the guest has no "
                     "performance counters.")
        lines.append("")
        lines.append("| benchmark | ns per operation | TSC ticks per operation |")
        lines.append("|---|---:|---:|")
        for name, r in sorted(machine_rows):
            if "tsc/ns" in r:
                lines.append(f"| {name} | — | {fmt(r['tsc/ns'])} ticks per ns |")
            else:
                lines.append(f"| {name} | {fmt(r.get('ns/op'))} | {fmt(r.get('tsc/op'))} |")
        lines.append("")
    oid = [(n, r) for n, r in rows.items()
           if split_name(n)[1] is None and not FORM_NAME.match(n) and
           ("pairs/s" in r or "guests/s" in r or r.get("error_occurred"))]
    if oid:
        lines.append("#### OID path (reference miniport, through the DUT ABI)")
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
        lines.append("#### Other benchmarks in this run")
        lines.append("")
        lines.append("| benchmark | time per iteration | model-checked steps per second |")
        lines.append("|---|---:|---:|")
        for name, r in sorted(other):
            steps = fmt(r["steps_per_s"]) if "steps_per_s" in r else "—"
            lines.append(f"| {name} | {fmt(r.get('real_time'))} {r.get('time_unit', '')} | "
                         f"{steps} |")
        lines.append("")
    harness = harness_figures(table, spread)
    if harness["rows"]:
        lines.append("#### The DUT path alone and the driver's own cost (N = 4096)")
        lines.append("")
        lines.append("The null DUT (bench/null_dut.h) indicates every frame on the default queue: "
                     "its time is the harness's (ABI calls, indications, returns). The driver's "
                     "own cost is the reference's time less the null DUT's, ± the two standard "
                     "deviations of the repetitions combined.")
        lines.append("")
        lines.append("| path | ns per frame (median) | standard deviation | Mpps |")
        lines.append("|---|---:|---:|---:|")
        for label, ns, sd, mpps_value in harness["rows"]:
            lines.append(f"| {label} | {fmt(ns)} | {fmt(sd)} | {fmt(mpps_value)} |")
        lines.append("")
    lines.append("#### Targets (issues 8 and 23), checked on this run")
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
    null_ns = harness["null_ns"]
    checks.append(("DUT path alone (null DUT, receive_batch) ≤ 50 ns per frame", fmt(null_ns),
                   null_ns is not None and null_ns <= 50))
    r4096 = mpps(table.get("BM_ReferenceEndToEnd", {}), 4096)
    checks.append(("reference miniport end to end at N=4096 ≥ 20 Mpps", fmt(r4096),
                   r4096 is not None and r4096 >= 20))
    steps = conform_steps(rows)
    checks.append(("conformance ≥ 20,000 model-checked steps/s on one core (default run, "
                   "in process)", fmt(steps), steps is not None and steps >= 20000))
    lines.append("| target | measured | met |")
    lines.append("|---|---:|:---:|")
    for name, value, ok in checks:
        lines.append(f"| {name} | {value} | {'yes' if ok else 'no'} |")
    lines.append("")
    if svg_name:
        lines.append(f"![Mpps against N for every implementation]({svg_name})")
        lines.append("")
    machine = {
        "cpu": cpu_model(),
        "date": context.get("date", "?"),
        "load_avg": load,
        "repeated": repeated,
        "fast_path_mpps_4096": f4096,
        "fast_x_4096": {func: table.get(func, {}).get(4096, {}).get("fast_x")
                        for func in PEERS if table.get(func, {}).get(4096)},
        "reference_mpps_4096": r4096,
        "null_dut_ns": null_ns,
        "driver_own_ns": harness["own_ns"],
        "conform_steps_per_s": steps,
    }
    return "\n".join(lines), svg_plot(table, sizes), machine


PEERS = ["BM_PeerDpdkRteHash", "BM_PeerAbslFlatHashMap", "BM_PeerStdUnorderedMap",
         "BM_PeerLinearScan"]


def harness_figures(table, spread):
    """The null DUT's, the reference's and the driver's own ns/frame at N = 4096."""
    def at(func):
        r = table.get(func, {}).get(4096)
        if not r or r.get("error_occurred"):
            return None, None, None
        sd = spread.get(r.get("run_name", r.get("name")), {}).get("ns/frame")
        return r.get("ns/frame"), sd, r.get("Mpps")

    rows = []
    for func, label in [("BM_DutPathNull", "null DUT, receive_batch (256 frames per call)"),
                        ("BM_DutPathNullPerFrame", "null DUT, one receive call per frame"),
                        ("BM_ReferenceEndToEnd", "reference miniport, receive_batch"),
                        ("BM_ReferenceEndToEndPerFrame", "reference miniport, one receive call "
                         "per frame")]:
        ns, sd, mpps_value = at(func)
        if ns is not None:
            rows.append((label, ns, sd, mpps_value))
    null_ns, null_sd, _ = at("BM_DutPathNull")
    ref_ns, ref_sd, _ = at("BM_ReferenceEndToEnd")
    own = None
    if null_ns is not None and ref_ns is not None:
        own = ref_ns - null_ns
        sd = math.sqrt((null_sd or 0) ** 2 + (ref_sd or 0) ** 2) if null_sd or ref_sd else None
        rows.append(("the driver's own: reference less null DUT (receive_batch)", own, sd,
                     1e3 / own if own > 0 else None))
    return {"rows": rows, "null_ns": null_ns, "own_ns": own}


def conform_steps(rows):
    for name, r in rows.items():
        if name.startswith("BM_ConformDefaultRun") and "steps_per_s" in r:
            return r["steps_per_s"]
    return None


MACHINE_ROWS = [
    ("run (date, load average at start)",
     lambda m: f"{m['date'][:10]}, {', '.join(f'{v:.2f}' for v in m.get('load_avg') or []) or '?'}"),
    ("fast path Mpps, N = 4096", lambda m: fmt(m.get("fast_path_mpps_4096"))),
    ("fast_x over DPDK rte_hash (target 8)",
     lambda m: fmt(m.get("fast_x_4096", {}).get("BM_PeerDpdkRteHash"))),
    ("fast_x over absl::flat_hash_map",
     lambda m: fmt(m.get("fast_x_4096", {}).get("BM_PeerAbslFlatHashMap"))),
    ("fast_x over std::unordered_map",
     lambda m: fmt(m.get("fast_x_4096", {}).get("BM_PeerStdUnorderedMap"))),
    ("fast_x over the linear scan", lambda m: fmt(m.get("fast_x_4096", {}).get("BM_PeerLinearScan"))),
    ("reference miniport Mpps, N = 4096, wire to indication (target 20)",
     lambda m: fmt(m.get("reference_mpps_4096"))),
    ("DUT path alone, ns per frame (null DUT; target ≤ 50)", lambda m: fmt(m.get("null_dut_ns"))),
    ("the driver's own ns per frame (reference less null DUT)",
     lambda m: fmt(m.get("driver_own_ns"))),
    ("conformance, model-checked steps/s, one core (target 20,000)",
     lambda m: fmt(m.get("conform_steps_per_s"))),
]


def machines_table(machines):
    cpus = sorted(machines)
    lines = ["Every machine measured, side by side: the latest run on each CPU model, from "
             "`docs/benchmarks-machines.json` (written by `scripts/bench_report.py`); each "
             "machine's full tables follow. Figures are medians of the repetitions; \"—\" where "
             "that run did not measure it (the benchmark did not exist yet).",
             "",
             "| figure | " + " | ".join(machines[c]["cpu"] for c in cpus) + " |",
             "|---|" + "---:|" * len(cpus)]
    for label, value in MACHINE_ROWS:
        lines.append(f"| {label} | " + " | ".join(value(machines[c]) for c in cpus) + " |")
    lines.append("")
    return "\n".join(lines)


def replace_block(text, begin, end, body, after=None):
    """text with the block between begin and end replaced by body; added after `after` (or at
    the end) when the markers are not there yet."""
    block = f"{begin}\n{body}\n{end}"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        return f"{head}{block}{tail}"
    if after and after in text:
        head, tail = text.split(after, 1)
        return f"{head}{after}\n\n{block}{tail}"
    return f"{text.rstrip()}\n\n{block}\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results")
    parser.add_argument("--doc", default="docs/benchmarks.md")
    parser.add_argument("--machines", default="docs/benchmarks-machines.json")
    args = parser.parse_args()
    context, rows, spread, repeated = load_rows(args.results)
    doc = Path(args.doc)
    cpu_slug = slug(cpu_model())
    svg_path = doc.parent / f"benchmarks-mpps-{cpu_slug}.svg"
    section, svg, machine = report(context, rows, spread, repeated, svg_path.name)
    if svg:
        svg_path.write_text(svg)
    machines_path = Path(args.machines)
    machines = json.loads(machines_path.read_text()) if machines_path.exists() else {}
    machines[cpu_slug] = machine
    machines_path.write_text(json.dumps(machines, indent=2, sort_keys=True) + "\n")
    text = doc.read_text() if doc.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        print(f"bench_report: {doc} has no {BEGIN} ... {END} section", file=sys.stderr)
        return 2
    text = replace_block(text, BEGIN, END, machines_table(machines))
    text = replace_block(text, f"<!-- bench-report:begin cpu={cpu_slug} -->",
                         f"<!-- bench-report:end cpu={cpu_slug} -->", section, after=END)
    doc.write_text(text)
    print(f"bench_report: wrote {doc}, {machines_path} and {svg_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
