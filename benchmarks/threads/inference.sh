#!/usr/bin/env bash
# Inference throughput, LayerLoom's evaluate and predict against PyTorch's eval-mode forward
# (net.eval(), torch.no_grad()) on the same networks, alternating on this machine:
#   benchmarks/threads/inference.sh OUTDIR [ROUNDS] [THREADS]
# LeNet-5 (benchmarks/training/lenet5-fashion.json), batch 256: evaluate on Fashion-MNIST's 10,000
# test images (/usr/share/datasets/fashion-mnist, apt-get install dataset-fashion-mnist) and predict
# on the same images as a .npy; ResNet-18 at 3x64x64 (resnet18-64.json), batch 32: evaluate on the
# 400 test images of synthetic:3x64x64:10 and predict on 512 random images. The weights come from a
# one-epoch training run first (LeNet-5 on the shipped subset, ResNet-18 on 200 generated images):
# throughput does not depend on them. For each round (default 2) and each thread count of THREADS
# (default "1 2"): PyTorch, evaluate, predict, each in a fresh process. LayerLoom's figures are the
# whole pass as the command reports it (every batch, the first one and the JIT's warm-up included;
# predict also reads and writes the arrays); PyTorch's are the median batch after 3 warm-up batches.
# LAYERLOOM (default: ./layerloom) is the command to run; OMP_NUM_THREADS is unset.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:?OUTDIR}"; rounds="${2:-2}"; threads="${3:-1 2}"
layerloom="${LAYERLOOM:-$root/layerloom}"
mkdir -p "$out"
unset OMP_NUM_THREADS

if [ ! -f "$out/lenet5.dl4j.zip" ]; then
  cp "$root/benchmarks/training/lenet5-fashion.json" "$out/lenet5.json"
  "$layerloom" train "$out/lenet5.json" --data fashion-mnist-subset --epochs 1 --threads 1 >"$out/lenet5-train.txt" 2>&1
fi
if [ ! -f "$out/resnet18-64.dl4j.zip" ]; then
  cp "$here/resnet18-64.json" "$out/resnet18-64.json"
  /usr/bin/python3 - "$out" <<'PY'
import gzip, os, sys
import numpy as np
from PIL import Image
out = sys.argv[1]
with gzip.open("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz") as f:
    x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28).astype(np.float32) / 255
np.save(f"{out}/lenet5-x.npy", x)
rng = np.random.default_rng(42)
np.save(f"{out}/resnet18-64-x.npy", rng.random((512, 3, 64, 64), dtype=np.float32))
for k in range(10):
    os.makedirs(f"{out}/images64/class{k}", exist_ok=True)
    for i in range(20):
        Image.fromarray((rng.random((64, 64, 3)) * 255).astype(np.uint8)).save(f"{out}/images64/class{k}/{i}.png")
PY
  "$layerloom" train "$out/resnet18-64.json" --data "$out/images64" --epochs 1 --batch 32 --threads 1 \
    >"$out/resnet18-64-train.txt" 2>&1
fi

data() { case "$1" in lenet5) echo fashion-mnist ;; *) echo synthetic:3x64x64:10 ;; esac; }
batch() { case "$1" in lenet5) echo 256 ;; *) echo 32 ;; esac; }
line() {  # line KIND: the command's examples/s as one JSON line
  /usr/bin/python3 -c 'import re, sys, json
m = re.search(r"([0-9.]+) s, ([0-9.]+) examples/s", sys.stdin.read())
print(json.dumps({"seconds": float(m.group(1)), "examplesPerSecond": float(m.group(2))} if m else {"failed": True}))'
}
for r in $(seq 1 "$rounds"); do
  for t in $threads; do
    for net in lenet5 resnet18-64; do
      echo "== $net round $r, $t thread(s), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
      { echo "{\"load\": \"$(cut -d' ' -f1 /proc/loadavg)\"}"
        /usr/bin/python3 "$here/torch_nets.py" --net "$net" --mode eval --threads "$t" --batch "$(batch "$net")" --iterations 10; } \
        >"$out/$net-torch-t$t-r$r.json"
      { echo "{\"load\": \"$(cut -d' ' -f1 /proc/loadavg)\"}"
        "$layerloom" evaluate "$out/$net.json" --data "$(data "$net")" --batch "$(batch "$net")" --threads "$t" | tee "$out/$net-evaluate-t$t-r$r.txt" | line; } \
        >"$out/$net-evaluate-t$t-r$r.json"
      { echo "{\"load\": \"$(cut -d' ' -f1 /proc/loadavg)\"}"
        "$layerloom" predict "$out/$net.json" --input "$out/$net-x.npy" --output "$out/$net-y.npy" --batch "$(batch "$net")" \
          --threads "$t" | tee "$out/$net-predict-t$t-r$r.txt" | line; } >"$out/$net-predict-t$t-r$r.json"
    done
  done
done
/usr/bin/python3 "$here/summarize.py" inference "$out" "lenet5 resnet18-64"
