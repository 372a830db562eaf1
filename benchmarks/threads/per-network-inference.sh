#!/usr/bin/env bash
# One thread against every core for inference, per network: whether ThreadChoice's per-network
# default holds for evaluate and predict (docs/benchmarks.md, "Threads (inference)"):
#   benchmarks/threads/per-network-inference.sh OUTDIR [ROUNDS] [NETS]
# Each network of per-network.sh is first trained one epoch (--threads 1) on a small generated set
# (its weights do not change the speed), then `layerloom predict FILE --input X.npy --output Y.npy
# --batch B --threads T --progress json` runs with T = 1 then 2 in odd rounds, 2 then 1 in even ones,
# each in a fresh process, the load average before each run recorded beside it. The figure is the
# median batch after the first 3 (warm-up excluded), examples/s by wall time. Small networks
# (lenet5, mlp, small-cnn) run 10,240 random examples at batch 64 (predict's default) and 256
# (evaluate's); large ones 640 at batch 64. LAYERLOOM (default: ./layerloom) is the command.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:?OUTDIR}"; rounds="${2:-2}"
nets="${3:-lenet5 mlp small-cnn cifar-resnet resnet18-64 mobilenet-v1-64}"
read -r -a layerloom <<<"${LAYERLOOM:-$root/layerloom}"
mkdir -p "$out"
unset OMP_NUM_THREADS

# shellcheck source=networks.sh
. "$here/networks.sh"
graph_of() {  # the network's graph as OUTDIR/NAME.json
  local src
  src="$(graph "$1")"
  [ "$src" -ef "$out/$1.json" ] || cp "$src" "$out/$1.json"
}
shape() { /usr/bin/python3 -c "import json,sys; print(' '.join(map(str, json.load(open(sys.argv[1]))['nodes'][0]['shape'])))" "$1"; }
small() { case "$1" in lenet5|mlp|small-cnn) return 0 ;; *) return 1 ;; esac; }

for net in $nets; do
  [ -f "$out/$net.dl4j.zip" ] && continue
  graph_of "$net"
  read -r -a dims <<<"$(shape "$out/$net.json")"
  size="${dims[-1]}"; channels="${dims[0]}"
  n=$(small "$net" && echo 10240 || echo 640)
  images="$out/images-$size"
  [ -d "$images" ] || /usr/bin/python3 "$root/benchmarks/training/make_images.py" "$images" 100 "$size" >&2
  "${layerloom[@]}" train "$out/$net.json" --data "$images" --epochs 1 --batch 10 --threads 1 --fit resize \
    >"$out/$net-train.txt" 2>&1 || { echo "training $net failed: $out/$net-train.txt" >&2; exit 1; }
  /usr/bin/python3 -c "
import numpy as np, sys
n, dims = int(sys.argv[2]), [int(d) for d in sys.argv[3:]]
np.save(sys.argv[1], np.random.default_rng(7).random([n] + dims, dtype=np.float32))" "$out/$net-x.npy" "$n" "${dims[@]}"
done

for r in $(seq 1 "$rounds"); do
  order="1 2"; [ $((r % 2)) -eq 0 ] && order="2 1"
  for net in $nets; do
    batches=$(small "$net" && echo "64 256" || echo 64)
    for b in $batches; do
      for t in $order; do
        stem="$out/$net@$b-t$t-r$r"
        load="$(cut -d' ' -f1-3 /proc/loadavg)"
        echo "== $net batch $b round $r, $t thread(s), load $load" >&2
        echo "$load" >"$stem.load"
        "${layerloom[@]}" predict "$out/$net.json" --input "$out/$net-x.npy" --output "$out/$net-y.npy" --batch "$b" \
          --threads "$t" --progress json >"$stem.jsonl" 2>"$stem.err" || echo "   failed: see $stem.err" >&2
      done
    done
  done
done

/usr/bin/python3 - "$out" <<'PY'
import glob, json, os, re, statistics, sys
out = sys.argv[1]
stems = sorted({re.sub(r"-t\d+-r\d+\.jsonl$", "", os.path.basename(f)) for f in glob.glob(f"{out}/*-t*-r*.jsonl")})
print("| network | batch | threads | examples/s, median batch after 3 (each round) | 2 threads / 1 | load average before each run |")
print("|---|---:|---:|---:|---:|---|")
fmt = lambda x: f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"
for stem in stems:
    net, b = stem.split("@")
    med = {}
    for t in (1, 2):
        rates, loads = [], []
        for f in sorted(glob.glob(f"{out}/{stem}-t{t}-r*.jsonl")):
            batches = [e for e in map(json.loads, (l for l in open(f) if l.startswith("{"))) if e.get("event") == "batch"]
            full = [e for e in batches[3:] if e["examples"] == int(b)]
            if not full:
                continue
            rates.append(int(b) / statistics.median(e["seconds"] for e in full))
            loads.append(open(f[:-6] + ".load").read().strip())
        if rates:
            med[t] = statistics.median(rates)
            ratio = f"**{med[2] / med[1]:.2f}**" if t == 2 and 1 in med else ""
            print(f"| {net} | {b} | {t} | {fmt(med[t])} ({', '.join(fmt(x) for x in rates)}) | {ratio} | {'; '.join(loads)} |")
PY
