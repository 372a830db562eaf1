#!/usr/bin/python3
"""Tables of scaling.sh and inference.sh runs, as docs/benchmarks.md shows them.
  summarize.py scaling OUTDIR "lenet5 resnet18-64"
  summarize.py inference OUTDIR "lenet5 resnet18-64"
Each run file holds a {"load": ...} line, then the run's one JSON line."""
import glob, json, os, re, statistics, sys

mode, out, nets = sys.argv[1], sys.argv[2], sys.argv[3].split()


def runs(pattern):
    """{threads: [(examples/s, load), ...]} of the files matching pattern (with {t} for the threads)."""
    found = {}
    for path in sorted(glob.glob(os.path.join(out, pattern.format(t="*")))):
        t = int(re.search(r"-t(\d+)-r\d+\.json$", path).group(1))
        lines = [json.loads(l) for l in open(path) if l.strip().startswith("{")]
        if len(lines) < 2:
            print(f"{path}: no result (see the run's output)", file=sys.stderr)
            continue
        load, result = float(lines[0]["load"]), lines[1]
        if "totals" in result:  # layerloom profile --json: the whole iteration, batch in the header
            rate = result["batch"] / result["totals"]["wholeIterationMs"] * 1000
        else:
            rate = result["examplesPerSecond"]
        found.setdefault(t, []).append((rate, load))
    return found


def fmt(x):
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


kinds = {"scaling": [("layerloom", "LayerLoom"), ("torch", "PyTorch")],
         "inference": [("evaluate", "LayerLoom evaluate"), ("predict", "LayerLoom predict"), ("torch", "PyTorch eval forward")]}[mode]
for net in nets:
    data = {k: runs(f"{net}-{k}-t{{t}}-r*.json") for k, _ in kinds}
    threads = sorted(set().union(*[d.keys() for d in data.values()]))
    if not threads:
        continue
    print(f"\n{net} ({mode}): examples/s, median over rounds (all rounds in brackets)")
    head = " | ".join(name for _, name in kinds)
    ratios = " | ".join(f"{name} / PyTorch" for k, name in kinds if k != "torch")
    print(f"| threads | {head} | {ratios} | speed-up over 1 thread ({', '.join(n for _, n in kinds)}) | load average |")
    print("|---:|" + "---:|" * (2 * len(kinds)) + "---|")
    med = {k: {t: statistics.median(r for r, _ in data[k].get(t, [(float('nan'), 0)])) for t in threads} for k, _ in kinds}
    for t in threads:
        cells = [f"{fmt(med[k][t])} ({', '.join(fmt(r) for r, _ in data[k].get(t, []))})" for k, _ in kinds]
        rat = [f"{med[k][t] / med['torch'][t]:.2f}" for k, _ in kinds if k != "torch"]
        up = ", ".join(f"{med[k][t] / med[k][threads[0]]:.2f}" for k, _ in kinds)
        loads = [l for k, _ in kinds for _, l in data[k].get(t, [])]
        print(f"| {t} | {' | '.join(cells)} | {' | '.join(rat)} | {up} | {min(loads):.1f}-{max(loads):.1f} |")
