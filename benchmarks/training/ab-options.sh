#!/usr/bin/env bash
# A/B of Java options on one training job: LeNet-5 on the Fashion-MNIST subset (one epoch, batch 64,
# Adam 1e-3, seed 42, as side-by-side.sh trains it), each variant in turn per round, each run in a
# fresh process, the load average before each run recorded beside it:
#   benchmarks/training/ab-options.sh OUTDIR ROUNDS THREADS 'NAME=OPTIONS' 'NAME=OPTIONS' ...
# e.g.  ab-options.sh /tmp/ab 4 1 'lean=' 'dl4j=-Dlayerloom.dl4jUpdater=true'
# OPTIONS go to the JVM through LAYERLOOM_JAVA_OPTS (system properties that switch a change off), except
# a leading --threads=N, which replaces THREADS for that variant:
#   ab-options.sh /tmp/ab 4 1 'one=' 'two=--threads=2'
# Prints per variant the median examples/s of fit (iterations after the first 20) of each round,
# their median, and the test accuracy (equal across variants when the change keeps DL4J's training).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:?OUTDIR}"; rounds="${2:?ROUNDS}"; threads="${3:?THREADS}"; shift 3
mkdir -p "$out"
cp "$here/lenet5-fashion.json" "$out/lenet5.json"
"$root/layerloom" summary "$out/lenet5.json" >/dev/null
for r in $(seq 1 "$rounds"); do
  for v in "$@"; do
    name="${v%%=*}"; opts="${v#*=}"; t="$threads"
    if [[ "$opts" =~ ^--threads=([0-9]+)\ ?(.*)$ ]]; then t="${BASH_REMATCH[1]}"; opts="${BASH_REMATCH[2]}"; fi
    echo "{\"load\": \"$(cut -d' ' -f1 /proc/loadavg)\"}" >"$out/$name-$r.jsonl"
    LAYERLOOM_JAVA_OPTS="$opts" "$root/layerloom" train "$out/lenet5.json" --data fashion-mnist-subset --epochs 1 \
      --batch 64 --lr 0.001 --seed 42 --threads "$t" --progress json >>"$out/$name-$r.jsonl" 2>"$out/$name-$r.err"
  done
done
python3 - "$out" "$rounds" "$@" <<'PY'
import json, statistics, sys
out, rounds, variants = sys.argv[1], int(sys.argv[2]), [v.split("=", 1)[0] for v in sys.argv[3:]]
for name in variants:
    rates, loads, acc = [], [], set()
    for r in range(1, rounds + 1):
        it = []
        for line in open(f"{out}/{name}-{r}.jsonl"):
            e = json.loads(line)
            if "load" in e: loads.append(float(e["load"]))
            elif e.get("event") == "iteration": it.append(e["examplesPerSecond"])
            elif e.get("event") == "evaluation": acc.add(e["accuracy"])
        rates.append(statistics.median(it[20:]))
    print(f"{name}: median {statistics.median(rates):.0f} examples/s, rounds {' '.join(f'{x:.0f}' for x in rates)}; "
          f"test accuracy {sorted(acc)}; load {min(loads):.1f}-{max(loads):.1f}")
PY
