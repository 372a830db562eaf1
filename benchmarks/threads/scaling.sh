#!/usr/bin/env bash
# Training speed from one thread to every core, LayerLoom and PyTorch alternating on this machine:
#   benchmarks/threads/scaling.sh OUTDIR [ROUNDS] [NETS]
# For each network of NETS (default "lenet5 resnet18-64") and each round (default 2), every thread
# count from 1 to the machine's cores (ascending in odd rounds, descending in even ones, so that a
# change of load does not favour one count): one `layerloom profile --json --threads T` run (DL4J's
# fit, the median whole iteration after the warm-up) and one PyTorch run of the same network
# (torch_nets.py --mode train: forward, backward and Adam step), each in a fresh process, with the
# load average before each run. Then a table per network: examples/s of each (median over the
# rounds), LayerLoom / PyTorch, and each one's speed-up over one thread.
# LAYERLOOM (default: ./layerloom) is the command to run; OMP_NUM_THREADS is unset for both, so that
# --threads (and torch.set_num_threads) decide.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:?OUTDIR}"; rounds="${2:-2}"; nets="${3:-lenet5 resnet18-64}"
layerloom="${LAYERLOOM:-$root/layerloom}"
cores="$(nproc)"
mkdir -p "$out"
unset OMP_NUM_THREADS

graph() { case "$1" in lenet5) echo "$root/benchmarks/training/lenet5-fashion.json" ;; *) echo "$here/$1.json" ;; esac; }
batch() { case "$1" in lenet5) echo 64 ;; *) echo 32 ;; esac; }
# LeNet-5 iterations take milliseconds, ResNet-18's seconds: fewer of them, after fewer warm-ups
iters() { case "$1" in lenet5) echo "--warmup 5 --iterations 40" ;; *) echo "--warmup 2 --iterations 5" ;; esac; }

for net in $nets; do
  for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) -eq 1 ]; then order="$(seq 1 "$cores")"; else order="$(seq "$cores" -1 1)"; fi
    for t in $order; do
      echo "== $net round $r, $t thread(s), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
      { echo "{\"load\": \"$(cut -d' ' -f1 /proc/loadavg)\"}"
        /usr/bin/python3 "$here/torch_nets.py" --net "$net" --mode train --threads "$t" --batch "$(batch "$net")" $(iters "$net"); } \
        >"$out/$net-torch-t$t-r$r.json"
      { echo "{\"load\": \"$(cut -d' ' -f1 /proc/loadavg)\"}"
        "$layerloom" profile "$(graph "$net")" --json --threads "$t" --batch "$(batch "$net")" $(iters "$net") \
          | tr -d '\n'; echo; } >"$out/$net-layerloom-t$t-r$r.json"
    done
  done
done
/usr/bin/python3 "$here/summarize.py" scaling "$out" "$nets"
