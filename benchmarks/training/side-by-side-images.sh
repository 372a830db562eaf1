#!/usr/bin/env bash
# Training speed on image networks, LayerLoom (through ./layerloom) and PyTorch (Debian's python3-torch,
# the same network built from the same graph file by torch_graph.py) alternating on this machine:
#   benchmarks/training/side-by-side-images.sh NETWORK OUTDIR [ROUNDS] [THREADS] [kinds]
# NETWORK: cifar-resnet (issue 13's CIFAR-style ResNet, cifar-resnet.json, 6,400 32x32 images),
#          mobilenet-v1 or resnet18 (the templates at 3x64x64 with a 10-way output, 1,600 64x64 images).
# The images are a generated folder (make_images.py, one sub-folder per class), read by both sides;
# both train one epoch on the same number of images (LayerLoom's 90% after its validation split) with
# Adam 1e-3, batch 64, THREADS (default 1) threads each. ROUNDS (default 3) pairs, PyTorch first, then
# LayerLoom; per pair the median examples/s of the iterations after the first SKIP (20 on 90
# iterations, 5 on 22), the ratio, and the load average before the pair.
# With 'kinds' (ROUNDS may be 0), one more pair afterwards says where each side's iteration goes:
# PyTorch's second epoch under torch.profiler (torch_graph.py --kinds) and 'layerloom profile --data'
# on the same images, ms per iteration by node kind, forward and backward, side by side.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
net="${1:?NETWORK}"; out="${2:?OUTDIR}"; rounds="${3:-3}"; threads="${4:-1}"; kinds="${5:-}"
mkdir -p "$out"
export OMP_NUM_THREADS="$threads"
case "$net" in
  cifar-resnet) graph="$here/cifar-resnet.json"; size=32; count=6400; skip=20 ;;
  mobilenet-v1|resnet18)
    size=64; count=1600; skip=5; graph="$out/$net-64.json"
    "$root/layerloom" new -f "$net" "$out/$net-224.json" >/dev/null
    /usr/bin/python3 "$here/at64.py" "$out/$net-224.json" "$graph"
    ;;
  *) echo "unknown network '$net': cifar-resnet, mobilenet-v1 or resnet18" >&2; exit 2 ;;
esac
images="$out/images-$size"
[ -d "$images" ] || /usr/bin/python3 "$here/make_images.py" "$images" "$count" "$size" >&2
params=$("$root/layerloom" summary "$graph" | awk -F: '/^Trainable params/ {gsub(/[ ,]/, "", $2); print $2}')

for r in $(seq 1 "$rounds"); do
  echo "== $net round $r, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  cut -d' ' -f1-3 /proc/loadavg >"$out/$net-load-$r.txt"
  /usr/bin/python3 "$here/torch_graph.py" "$graph" "$images" --threads "$threads" --params "$params" --skip "$skip" \
    >"$out/$net-torch-$r.txt" 2>"$out/$net-torch-$r.err"
  "$root/layerloom" train "$graph" --data "$images" --epochs 1 --batch 64 --lr 0.001 --seed 42 --progress json \
    --save "$out/model" >"$out/$net-layerloom-$r.jsonl" 2>"$out/$net-layerloom-$r.err"
done

[ "$rounds" -gt 0 ] && python3 - "$out" "$net" "$rounds" "$skip" "$threads" "$params" <<'PY'
import json, re, statistics, sys
out, net, rounds, skip, threads, params = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
ratios = []
for r in range(1, rounds + 1):
    t = float(re.search(r"median examples/s ([0-9.]+)", open(f"{out}/{net}-torch-{r}.txt").read()).group(1))
    rates = [e["examplesPerSecond"] for e in map(json.loads, (l for l in open(f"{out}/{net}-layerloom-{r}.jsonl") if l.startswith("{")))
             if e.get("event") == "iteration"]
    l = statistics.median(rates[skip:])
    load = open(f"{out}/{net}-load-{r}.txt").read().strip()
    ratios.append(l / t)
    print(f"{net} round {r} ({threads} thread(s), load {load}): PyTorch {t:.1f} examples/s, LayerLoom {l:.1f} examples/s, "
          f"LayerLoom/PyTorch {l / t:.2f}")
print(f"{net}: {params} trainable parameters; median LayerLoom/PyTorch {statistics.median(ratios):.2f} over {rounds} pair(s)")
PY

[ "$kinds" = kinds ] || exit 0
echo "== $net kinds, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
/usr/bin/python3 "$here/torch_graph.py" "$graph" "$images" --threads "$threads" --params "$params" --skip "$skip" --epochs 2 \
  --kinds "$out/$net-torch-kinds.json" >"$out/$net-torch-kinds.txt" 2>"$out/$net-torch-kinds.err"
"$root/layerloom" profile "$graph" --data "$images" --batch 64 --threads "$threads" --json \
  >"$out/$net-layerloom-kinds.json" 2>"$out/$net-layerloom-kinds.err"
python3 "$here/kinds.py" "$out/$net-layerloom-kinds.json" "$out/$net-torch-kinds.json"
