#!/usr/bin/python3
"""Tables of scaling.sh and inference.sh runs, as docs/benchmarks.md shows them.
  summarize.py scaling OUTDIR "lenet5 resnet18-64"
  summarize.py inference OUTDIR "lenet5 resnet18-64"
Each run file holds a {"load": ...} line, then the run's JSON lines (scaling: one; inference: the
--progress json events of the command or of torch_nets.py, and a .time file beside it)."""
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


def inference():
    """Per network: whole pass and median batch after 3 warm-up batches, by wall and by CPU time, each
    side's examples/s (median over rounds, all rounds in brackets) and LayerLoom / PyTorch."""
    def figures(path):
        lines = [json.loads(l) for l in open(path) if l.strip().startswith("{")]
        load = float(lines[0]["load"])
        ev = lines[1:]
        fin = [e for e in ev if e.get("event") == "finished"]
        if not fin:
            print(f"{path}: no result (see the run's output)", file=sys.stderr)
            return None
        fin = fin[0]
        size = fin["batch"]
        steady = [e for e in ev if e.get("event") == "batch" and e["batch"] > 3 and e["examples"] == size]
        out = {"whole pass, wall": fin["examples"] / fin["seconds"],
               "whole pass, CPU": fin["examples"] / fin["cpuSeconds"] if fin.get("cpuSeconds") else float("nan")}
        if steady:
            out["median batch, wall"] = size / statistics.median(e["seconds"] for e in steady)
            out["median batch, CPU"] = size / statistics.median(e["threadCpuSeconds"] for e in steady)
        tf = path[:-len(".json")] + ".time"
        if os.path.exists(tf):
            t = [json.loads(l) for l in open(tf) if l.strip().startswith("{")]
            if t:
                out["whole command, wall"] = fin["examples"] / t[-1]["wallSeconds"]
        return out, load

    rows = ["whole pass, wall", "whole pass, CPU", "median batch, wall", "median batch, CPU", "whole command, wall"]
    for net in nets:
        found = {}
        for path in sorted(glob.glob(os.path.join(out, f"{net}-*-t*-r*.json"))):
            m = re.search(rf"{re.escape(net)}-(evaluate|predict)-(layerloom|torch)-t(\d+)-r\d+\.json$", path)
            if not m:
                continue
            f = figures(path)
            if f:
                found.setdefault((m.group(1), m.group(2), int(m.group(3))), []).append(f)
        threads = sorted({t for _, _, t in found})
        if not threads:
            continue
        print(f"\n{net} (inference): examples/s, median over rounds (all rounds in brackets); LayerLoom / PyTorch")
        print("| threads | measure | evaluate, LayerLoom | evaluate, PyTorch | ratio | predict, LayerLoom | predict, PyTorch | ratio | load average |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|---|")
        for t in threads:
            loads = [l for k, v in found.items() if k[2] == t for _, l in v]
            for row in rows:
                cells = []
                for cmd in ("evaluate", "predict"):
                    med = {}
                    for side in ("layerloom", "torch"):
                        vals = [f[row] for f, _ in found.get((cmd, side, t), []) if row in f]
                        med[side] = statistics.median(vals) if vals else float("nan")
                        cells.append(f"{fmt(med[side])} ({', '.join(fmt(v) for v in vals)})" if vals else "-")
                    cells.append(f"**{med['layerloom'] / med['torch']:.2f}**" if med["torch"] == med["torch"] else "-")
                print(f"| {t} | {row} | {' | '.join(cells)} | {min(loads):.1f}-{max(loads):.1f} |")


if mode == "inference":
    inference()
    sys.exit(0)
kinds = {"scaling": [("layerloom", "LayerLoom"), ("torch", "PyTorch")]}[mode]
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
