#!/usr/bin/env bash
# LeNet-5 on the Fashion-MNIST subset, LayerLoom (through ./layerloom) and PyTorch (Debian's
# python3-torch) alternating on this machine, one run at a time:
#   benchmarks/training/side-by-side.sh OUTDIR [ROUNDS] [SEEDS] [THREADS] [kinds]
# THREADS: 1 (default), both compute with one thread; or "all", every core of this machine as a user
# runs each: PyTorch with torch.set_num_threads(cores), LayerLoom without --threads or OMP_NUM_THREADS,
# so with its own default for the network (one thread for LeNet-5: its operations are too small for a
# second to pay; `layerloom profile FILE` without --json prints the choice and its reason).
# 1. speed: ROUNDS (default 3) pairs of one-epoch runs with seed 42, PyTorch first, then LayerLoom;
#    the median examples/s of each run's iterations after the first 20, and LayerLoom/PyTorch per pair;
# 2. accuracy: one epoch with each seed in SEEDS (default "1 2 3 4 5"), both frameworks: the test
#    accuracy per seed and its mean and spread (one epoch on 12,000 images moves by a few points with
#    the initialisation and the order of the batches, so one seed says little).
# 3. with 'kinds': where each side's iteration goes, by node kind (torch_lenet5.py --kinds: PyTorch's
#    second epoch under torch.profiler; 'layerloom profile --data fashion-mnist-subset'; kinds.py).
# LayerLoom holds out 10% of the 12,000 for validation and tests on the subset's 2,000 test images;
# PyTorch trains on all 12,000 and is tested on the first 2,000 test images (the same images).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:?OUTDIR}"; rounds="${2:-3}"; seeds="${3:-1 2 3 4 5}"; threads="${4:-1}"; kinds="${5:-}"
mkdir -p "$out"
case "$threads" in
  1) export OMP_NUM_THREADS=1; torch_threads=1 ;;
  all) unset OMP_NUM_THREADS; torch_threads="$(nproc)" ;;
  *) echo "THREADS is 1 or all, not '$threads'" >&2; exit 2 ;;
esac
"$root/layerloom" summary "$here/lenet5-fashion.json" >/dev/null    # builds app/target if needed

layerloom() {  # layerloom NAME SEED
  "$root/layerloom" train "$here/lenet5-fashion.json" --data fashion-mnist-subset --epochs 1 --batch 64 \
    --lr 0.001 --seed "$2" --progress json >"$out/$1.jsonl" 2>"$out/$1.err"
}
torch() {  # torch NAME SEED
  /usr/bin/python3 "$here/torch_lenet5.py" --threads "$torch_threads" --train 12000 --epochs 1 --seed "$2" >"$out/$1.txt" 2>&1
}

for r in $(seq 1 "$rounds"); do
  echo "== speed round $r" >&2
  torch "speed-torch-$r" 42
  layerloom "speed-layerloom-$r" 42
done
for s in $seeds; do
  echo "== accuracy, seed $s" >&2
  torch "seed-torch-$s" "$s"
  layerloom "seed-layerloom-$s" "$s"
done

[ "$rounds" -gt 0 ] && python3 - "$out" "$rounds" "$seeds" <<'PY'
import json, re, statistics, sys
out, rounds, seeds = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()

def layerloom(name):
    rates, test = [], None
    for line in open(f"{out}/{name}.jsonl"):
        if line.startswith("{"):
            e = json.loads(line)
            if e.get("event") == "iteration":
                rates.append(e["examplesPerSecond"])
            elif e.get("event") == "evaluation":
                test = e["accuracy"]
    return statistics.median(rates[20:]), test

def torch(name):
    m = re.search(r"median examples/s (\d+).*first 2,000 ([0-9.]+)", open(f"{out}/{name}.txt").read())
    return float(m.group(1)), float(m.group(2))

ratios = []
for r in range(1, rounds + 1):
    t, _ = torch(f"speed-torch-{r}")
    l, _ = layerloom(f"speed-layerloom-{r}")
    ratios.append(l / t)
    print(f"round {r}: PyTorch {t:.0f} examples/s, LayerLoom {l:.0f} examples/s, LayerLoom/PyTorch {l / t:.2f}")
print(f"median LayerLoom/PyTorch {statistics.median(ratios):.2f} (within 1.5x: at least 0.67)")
acc = {"PyTorch": [], "LayerLoom": []}
for s in seeds:
    acc["PyTorch"].append(torch(f"seed-torch-{s}")[1])
    acc["LayerLoom"].append(layerloom(f"seed-layerloom-{s}")[1])
for k, v in acc.items():
    print(f"{k} test accuracy after one epoch, seeds {' '.join(seeds)}: {' '.join(f'{a:.4f}' for a in v)}; "
          f"mean {statistics.mean(v):.4f}, sd {statistics.pstdev(v):.4f}")
PY

[ "$kinds" = kinds ] || exit 0
echo "== kinds" >&2
/usr/bin/python3 "$here/torch_lenet5.py" --threads "$torch_threads" --train 12000 --epochs 2 --kinds "$out/torch-kinds.json" \
  >"$out/torch-kinds.txt" 2>&1
"$root/layerloom" profile "$here/lenet5-fashion.json" --data fashion-mnist-subset --batch 64 \
  ${OMP_NUM_THREADS:+--threads "$OMP_NUM_THREADS"} --json >"$out/layerloom-kinds.json" 2>"$out/layerloom-kinds.err"
python3 "$here/kinds.py" "$out/layerloom-kinds.json" "$out/torch-kinds.json"
