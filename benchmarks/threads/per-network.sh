#!/usr/bin/env bash
# One thread against every core, per network: the measurement behind ThreadChoice's per-network
# default (docs/benchmarks.md, "Threads (training)"):
#   benchmarks/threads/per-network.sh OUTDIR [ROUNDS] [NETS]
# For each network, ROUNDS times (default 2), `layerloom profile FILE --batch B --threads T --json`
# (DL4J's fit on random values, the median whole iteration) with T = 1 then 2 in odd rounds and 2
# then 1 in even ones, each in a fresh process, the load average before each run recorded beside
# it. Networks (NETS, default all): lenet5 (benchmarks/training/lenet5-fashion.json, batch 64),
# mlp (docs/examples/fashion-mlp.json, batch 64), small-cnn (the template, batch 64), cifar-resnet
# (benchmarks/training/cifar-resnet.json, batch 64), resnet18-64 (resnet18-64.json, batch 32),
# mobilenet-v1-64 (the template at 3x64x64 with 10 classes, as side-by-side-images.sh makes it,
# batch 64). NAME@B runs a network at batch B instead (lenet5@256: does the batch count as the rule
# says?). LAYERLOOM (default: ./layerloom) is the command; OMP_NUM_THREADS is unset.
# Then per_network.py prints the table.
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
batch() { case "$1" in *@*) echo "${1#*@}" ;; resnet18-64) echo 32 ;; *) echo 64 ;; esac; }
# small networks: many short iterations; large ones: the profiler's own default count
iterations() { case "${1%@*}" in lenet5|mlp|small-cnn) echo "--warmup 10 --iterations 60" ;; *) echo "--warmup 3 --iterations 10" ;; esac; }

for r in $(seq 1 "$rounds"); do
  order="1 2"; [ $((r % 2)) -eq 0 ] && order="2 1"
  for net in $nets; do
    file="$(graph "${net%@*}")"
    for t in $order; do
      load="$(cut -d' ' -f1-3 /proc/loadavg)"
      echo "== $net round $r, $t thread(s), load $load" >&2
      echo "$load" >"$out/$net-t$t-r$r.load"
      # shellcheck disable=SC2046
      "${layerloom[@]}" profile "$file" --batch "$(batch "$net")" --threads "$t" $(iterations "$net") --json \
        >"$out/$net-t$t-r$r.json" 2>"$out/$net-t$t-r$r.err" || echo "   failed: see $out/$net-t$t-r$r.err" >&2
    done
  done
done

/usr/bin/python3 "$here/per_network.py" "$out" "$nets"
