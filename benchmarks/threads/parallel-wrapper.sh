#!/usr/bin/env bash
# LeNet-5 training at 2 cores: intra-op threads (what --threads does) against DL4J's ParallelWrapper
# (data parallelism), alternating, each run in a fresh process:
#   benchmarks/threads/parallel-wrapper.sh OUTDIR [ROUNDS] [ITERATIONS]
# Per round (default 2): intra1 (1 thread), intra2 (2 intra-op threads, OMP_NUM_THREADS unset),
# pw2 (ParallelWrapper, 2 workers of 1 thread each: OMP_NUM_THREADS=1, averaging every 5 iterations),
# ITERATIONS (default 80) iterations of batch 64 after 20 warm-up ones (ParallelWrapperVsThreads.java).
# Each prints wall and process CPU seconds and the load average; the table gives examples/s by wall and
# by CPU. Needs the app built (app/target/layerloom-app.jar and app/target/lib) and
# deeplearning4j-parallel-wrapper 1.0.0-M2.1 in ~/.m2 (mvn dependency:get
# -Dartifact=org.deeplearning4j:deeplearning4j-parallel-wrapper:1.0.0-M2.1; it is not an app dependency).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:?OUTDIR}"; rounds="${2:-2}"; iterations="${3:-80}"
jar="$HOME/.m2/repository/org/deeplearning4j/deeplearning4j-parallel-wrapper/1.0.0-M2.1/deeplearning4j-parallel-wrapper-1.0.0-M2.1.jar"
[ -f "$jar" ] || { echo "parallel-wrapper.sh: $jar is missing; fetch it with mvn dependency:get (see the header)" >&2; exit 2; }
cp="$root/app/target/layerloom-app.jar:$(ls "$root"/app/target/lib/*.jar | tr '\n' ':')$jar"
mkdir -p "$out"
for r in $(seq 1 "$rounds"); do
  for m in intra1 intra2 pw2; do
    echo "== $m round $r, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    if [ "$m" = pw2 ]; then omp=(env OMP_NUM_THREADS=1); else omp=(env -u OMP_NUM_THREADS); fi
    "${omp[@]}" java -XX:+UseParallelGC -cp "$cp" "$here/ParallelWrapperVsThreads.java" \
      "$root/benchmarks/training/lenet5-fashion.json" "$m" "$iterations" 2>/dev/null | grep '^{' | tee "$out/$m-r$r.json"
  done
done
/usr/bin/python3 - "$out" <<'PY'
import glob, json, os, statistics, sys
runs = {}
for p in sorted(glob.glob(os.path.join(sys.argv[1], "*-r*.json"))):
    for l in open(p):
        if l.startswith("{"):
            d = json.loads(l)
            runs.setdefault(d["mode"], []).append(d)
print("| mode | examples/s by wall | examples per CPU second | load average |")
print("|---|---:|---:|---|")
for m in ("intra1", "intra2", "pw2"):
    rs = runs.get(m, [])
    if not rs:
        continue
    wall = [r["examplesPerSecond"] for r in rs]
    cpu = [r["examplesPerCpuSecond"] for r in rs]
    loads = [r["load"] for r in rs]
    print("| %s | %s (%s) | %s (%s) | %.1f-%.1f |" % (m, f"{statistics.median(wall):,.0f}", ", ".join(f"{w:,.0f}" for w in wall),
          f"{statistics.median(cpu):,.0f}", ", ".join(f"{c:,.0f}" for c in cpu), min(loads), max(loads)))
PY
