#!/usr/bin/env bash
# Training benchmark: LeNet-5 on Fashion-MNIST through the real CLI (`layerloom train --progress json`),
# one configuration after another (never in parallel), then a summary per run.
#   benchmarks/training/run-matrix.sh OUTDIR [quick|full]
# Native builds compared (both through ./layerloom):
#   generic      ND4J's generic build, DL4J helpers off (what LayerLoom ran before it switched):
#                -Djavacpp.platform.extension= -Dorg.eclipse.deeplearning4j.helpers.disable=true
#   onednn       LayerLoom's default: nd4j-native linux-x86_64-onednn with DL4J's oneDNN helpers on
#                (io.layerloom.app.runtime.Dl4jRuntime.useOneDnn, and the org.nd4j.nativeblas.Nd4jCpu shim;
#                `layerloom --version` reports which build and fast paths are in use)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:?OUTDIR}"; mode="${2:-quick}"
mkdir -p "$out"
graph="$here/lenet5-fashion.json"
"$root/layerloom" summary "$graph" >/dev/null    # builds app/target if needed

run() {  # run NAME BUILD THREADS DATA EPOCHS
  local name=$1 build=$2 threads=$3 data=$4 epochs=$5
  echo "== $name ($build, OMP_NUM_THREADS=$threads, $data, $epochs epochs)" >&2
  local args=(train "$graph" --data "$data" --epochs "$epochs" --batch 64 --lr 0.001 --seed 42 --progress json --save "$out/models")
  local limit=(); [ -n "${LIMIT:-}" ] && limit=(timeout -s INT "$LIMIT")
  local opts="-Dorg.slf4j.simpleLogger.defaultLogLevel=info"
  if [ "$build" = generic ]; then
    opts="$opts -Djavacpp.platform.extension= -Dorg.eclipse.deeplearning4j.helpers.disable=true"
  fi
  OMP_NUM_THREADS=$threads LAYERLOOM_JAVA_OPTS="$opts" \
    "${limit[@]}" "$root/layerloom" "${args[@]}" >"$out/$name.jsonl" 2>"$out/$name.err" || true
}

# One thread: 1 and 2 epochs on the subset. Two threads (OMP_NUM_THREADS=2 on this 2-core machine)
# ran slower than one (1.2-2x, up to 10x when other processes were busy), so a 1-epoch run is
# stopped after T2_SECONDS (default 60) and only its iteration events are summarised.
for build in onednn generic; do
  for e in 1 2; do
    run "$build-t1-subset-e$e" $build 1 fashion-mnist-subset $e
  done
  LIMIT=${T2_SECONDS:-60} run "$build-t2-subset-e1" $build 2 fashion-mnist-subset 1
done
if [ "$mode" = full ]; then
  run onednn-t1-full-e1 onednn 1 fashion-mnist 1
fi
python3 "$here/summarize.py" "$out"/*.jsonl
