#!/usr/bin/env bash
# Peak resident memory of training ResNet-18 (the template, 3x224x224, 1,000 classes) at batch 32,
# against the training memory the analysis estimates (the Summary's "Training memory" line):
#   benchmarks/memory/resnet18-rss.sh OUTDIR [BATCH] [THREADS]
# Trains through `layerloom profile` (the network built and set up as `layerloom train` builds it,
# DL4J's fit on random inputs of the Input's shape: no data set held in memory), 1 warm-up and 2
# measured iterations, under /usr/bin/time -v for the peak resident set. The same run of LeNet-5 at
# the same batch gives the process's own share (the JVM, its heap, ND4J's native libraries), which
# the estimate does not count. LAYERLOOM (default: ./layerloom) is the command to run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:?OUTDIR}"; batch="${2:-32}"; threads="${3:-1}"
layerloom="${LAYERLOOM:-$root/layerloom}"
mkdir -p "$out"
"$layerloom" new resnet18 "$out/resnet18.json" >/dev/null
"$layerloom" new lenet5 "$out/lenet5.json" >/dev/null
"$layerloom" summary "$out/resnet18.json" --batch "$batch" >"$out/resnet18-summary.txt"
"$layerloom" summary "$out/resnet18.json" --batch "$batch" --json >"$out/resnet18-summary.json"
for net in lenet5 resnet18; do
  echo "== $net, batch $batch, $threads thread(s), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  /usr/bin/time -v "$layerloom" profile "$out/$net.json" --batch "$batch" --threads "$threads" --warmup 1 --iterations 2 \
    --json >"$out/$net-profile.json" 2>"$out/$net-time.txt"
done
/usr/bin/python3 - "$out" "$batch" <<'PY'
import json, re, sys
out, batch = sys.argv[1], int(sys.argv[2])
def peak(net):
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{out}/{net}-time.txt").read()).group(1)) * 1024
mem = json.load(open(f"{out}/resnet18-summary.json"))["memory"]
estimate = mem["trainingBytes"]
r, l = peak("resnet18"), peak("lenet5")
mib = lambda b: f"{b / 2**20:,.0f} MiB"
print(f"ResNet-18, 3x224x224, batch {batch}: estimate {mib(estimate)} ({json.dumps(mem)})")
print(f"peak RSS {mib(r)}; LeNet-5's run (the process's own share) {mib(l)}; ResNet-18's above it {mib(r - l)}")
print(f"measured / estimate: whole process {r / estimate:.2f}, above LeNet-5's run {(r - l) / estimate:.2f}")
PY
