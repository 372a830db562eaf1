"""Prints per-network.sh's table from its run files: examples/s at 1 and 2 threads, median of the rounds
(each round in brackets), the ratio, and the load average before each run.
   python3 benchmarks/threads/per_network.py OUTDIR [NETS]"""
import glob, json, os, re, statistics, sys

out = sys.argv[1]
found = sorted({re.sub(r"-t\d+-r\d+\.json$", "", os.path.basename(f)) for f in glob.glob(f"{out}/*-t*-r*.json")})
nets = sys.argv[2].split() if len(sys.argv) > 2 else found
print("| network | batch | threads | examples/s, median (each round) | 2 threads / 1 | load average before each run (1, 5, 15 min) |")
print("|---|---:|---:|---:|---:|---|")
for net in nets:
    med = {}
    for t in (1, 2):
        rates, loads, batch = [], [], "?"
        for f in sorted(glob.glob(f"{out}/{net}-t{t}-r*.json")):
            if os.path.getsize(f) == 0:
                continue
            p = json.load(open(f))
            batch = p["batch"]
            rates.append(batch * 1000 / p["totals"]["wholeIterationMs"])
            loads.append(open(f[:-5] + ".load").read().strip())
        if not rates:
            continue
        med[t] = statistics.median(rates)
        ratio = f"**{med[2] / med[1]:.2f}**" if t == 2 and 1 in med else ""
        fmt = lambda x: f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"
        print(f"| {net} | {batch} | {t} | {fmt(med[t])} ({', '.join(fmt(x) for x in rates)}) | {ratio} | {'; '.join(loads)} |")
