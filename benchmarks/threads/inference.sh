#!/usr/bin/env bash
# Inference throughput: LayerLoom's evaluate and predict against the same work done by PyTorch in
# eval mode (net.eval(), torch.no_grad(), the network ending in softmax as LayerLoom's Output layer
# does), alternating on this machine, each run in a fresh process:
#   benchmarks/threads/inference.sh OUTDIR [ROUNDS] [THREADS]
# Networks: LeNet-5 (benchmarks/training/lenet5-fashion.json), batch 256: evaluate on Fashion-MNIST's
# 10,000 test images (/usr/share/datasets/fashion-mnist, apt-get install dataset-fashion-mnist),
# predict on the same images as a .npy; ResNet-18 at 3x64x64 (resnet18-64.json), batch 32: evaluate
# on 400 images (LayerLoom: the test split of synthetic:3x64x64:10; PyTorch: 400 random images and
# classes), predict on 512 random images. The weights come from a one-epoch training run first
# (LeNet-5 on the shipped subset, ResNet-18 on 200 generated images); PyTorch's are its initial
# ones: throughput does not depend on them.
#
# What each side measures, the same for both (torch_nets.py --mode evaluate|predict does what the
# command does, in the same order; `layerloom evaluate|predict --progress json` reports it):
#   whole pass:   the clock starts after the model is loaded and the data is in memory (evaluate) or
#                 the input file's header is read (predict), and stops after the last batch (predict:
#                 after the output file is complete); every batch is in it, the first one and the
#                 warm-up (the JVM's JIT compiler, ND4J's and PyTorch's first-call set-up) included.
#                 Per batch: evaluate makes the input array, runs the network and counts each
#                 example's class; predict reads the batch from the file, runs it and writes it out.
#   median batch: the median of the batches after the first 3 (warm-up) of the same pass: the steady
#                 throughput, JIT and set-up excluded. The last, shorter batch is left out.
# Both are given as examples/s by wall time and by CPU time (whole pass: the process's CPU seconds,
# every thread, in 10 ms steps; batch: the CPU seconds of the thread that ran it, which with 1 thread
# is all the computing, with more misses the other threads' share on both sides). On a shared
# machine read the CPU figures; the load average before each run is recorded beside it. The process
# as a whole (JVM or Python start, loading the model and the data) is not in either figure; /usr/bin/time
# records it per run in *.time files, shown as "whole command, wall": not the same work for evaluate
# (LayerLoom reads the data set from its source and splits it as training did, PyTorch loads a .npy).
# Per round (default 2) and thread count of THREADS (default "1 2"): for each network, PyTorch
# evaluate, LayerLoom evaluate, PyTorch predict, LayerLoom predict. Then summarize.py prints the tables.
# LAYERLOOM (default: ./layerloom) is the command to run; OMP_NUM_THREADS is unset, --threads and
# torch.set_num_threads decide.
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
if [ ! -f "$out/resnet18-64-eval-labels.npy" ]; then
  /usr/bin/python3 - "$out" <<'PY'
import gzip, os, sys
import numpy as np
from PIL import Image
out = sys.argv[1]
with gzip.open("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz") as f:
    x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28).astype(np.float32) / 255
np.save(f"{out}/lenet5-x.npy", x)
with gzip.open("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz") as f:
    np.save(f"{out}/lenet5-labels.npy", np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64))
rng = np.random.default_rng(42)
np.save(f"{out}/resnet18-64-x.npy", rng.random((512, 3, 64, 64), dtype=np.float32))
np.save(f"{out}/resnet18-64-eval-x.npy", rng.random((400, 3, 64, 64), dtype=np.float32))
np.save(f"{out}/resnet18-64-eval-labels.npy", rng.integers(0, 10, 400))
for k in range(10):
    os.makedirs(f"{out}/images64/class{k}", exist_ok=True)
    for i in range(20):
        Image.fromarray((rng.random((64, 64, 3)) * 255).astype(np.uint8)).save(f"{out}/images64/class{k}/{i}.png")
PY
fi
if [ ! -f "$out/resnet18-64.dl4j.zip" ]; then
  cp "$here/resnet18-64.json" "$out/resnet18-64.json"
  "$layerloom" train "$out/resnet18-64.json" --data "$out/images64" --epochs 1 --batch 32 --threads 1 \
    >"$out/resnet18-64-train.txt" 2>&1
fi

data() { case "$1" in lenet5) echo fashion-mnist ;; *) echo synthetic:3x64x64:10 ;; esac; }
evalx() { case "$1" in lenet5) echo "$out/lenet5-x.npy --labels $out/lenet5-labels.npy" ;;
                       *) echo "$out/$1-eval-x.npy --labels $out/$1-eval-labels.npy" ;; esac; }
batch() { case "$1" in lenet5) echo 256 ;; *) echo 32 ;; esac; }
run() {  # run FILE-STEM COMMAND...: the load line, then the command's JSON lines; the process's times beside
  local stem="$1"; shift
  echo "== ${stem##*/}, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  { echo "{\"load\": \"$(cut -d' ' -f1 /proc/loadavg)\"}"
    /usr/bin/time -f '{"event": "process", "wallSeconds": %e, "userSeconds": %U, "systemSeconds": %S, "maxResidentKb": %M}' \
      -o "$stem.time" "$@" || echo "{\"failed\": $?}"; } >"$stem.json"
}
for r in $(seq 1 "$rounds"); do
  for t in $threads; do
    for net in lenet5 resnet18-64; do
      b="$(batch "$net")"
      # shellcheck disable=SC2046
      run "$out/$net-evaluate-torch-t$t-r$r" /usr/bin/python3 "$here/torch_nets.py" --net "$net" --mode evaluate \
        --threads "$t" --batch "$b" --input $(evalx "$net")
      run "$out/$net-evaluate-layerloom-t$t-r$r" "$layerloom" evaluate "$out/$net.json" --data "$(data "$net")" \
        --batch "$b" --threads "$t" --progress json
      run "$out/$net-predict-torch-t$t-r$r" /usr/bin/python3 "$here/torch_nets.py" --net "$net" --mode predict \
        --threads "$t" --batch "$b" --input "$out/$net-x.npy" --output "$out/$net-y-torch.npy"
      run "$out/$net-predict-layerloom-t$t-r$r" "$layerloom" predict "$out/$net.json" --input "$out/$net-x.npy" \
        --output "$out/$net-y.npy" --batch "$b" --threads "$t" --progress json
    done
  done
done
/usr/bin/python3 "$here/summarize.py" inference "$out" "lenet5 resnet18-64"
