#!/usr/bin/env bash
# Streaming benchmark: an image folder too large for the heap trains from disk.
#   benchmarks/data/stream.sh OUTDIR [IMAGES] [SECONDS]
# 1. generates IMAGES (default 100,000) 32x32 RGB PNGs in 10 class folders (GenerateImageFolder.java,
#    seeded; kept in OUTDIR/folder-N for the next run);
# 2. trains LeNet-5 with a 3x32x32 Input on it with -Xmx1g and --normalization auto for SECONDS
#    (default 180), then stops it (SIGINT; the run ends there, no model is kept);
# 3. prints images/s (median of the iterations after the first 20), the largest heap in use after a
#    GC (from -Xlog:gc), the JVM's peak RSS (GNU time), and the heap the decoded folder would need.
# Decoded, 100,000 images of 3x32x32 floats are 1.23 GB: more than the whole 1 GB heap, so the
# folder is streamed (LayerLoom streams a folder whose decoded images exceed half the heap).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:?OUTDIR}"; n="${2:-100000}"; seconds="${3:-180}"
mkdir -p "$out"
folder="$out/folder-$n"
if [ ! -d "$folder" ]; then
  java "$here/GenerateImageFolder.java" "$folder" "$n" 32 32 10 42
fi
jar="$root/app/target/layerloom-app.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -o -q -pl app -am package -DskipTests)
graph="$out/lenet5-rgb.json"
java -jar "$jar" new lenet5 "$graph" >/dev/null
sed -i 's/"shape": \[1, 32, 32\]/"shape": [3, 32, 32]/' "$graph"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
set +e
/usr/bin/time -v -o "$out/time.txt" timeout -s INT "$seconds" \
  java -Xmx1g -Xlog:gc:file="$out/gc.log" -jar "$jar" train "$graph" --data "$folder" --epochs 1 --batch 64 \
  --normalization auto --progress json --save "$out/models" >"$out/train.jsonl" 2>"$out/train.err"
set -e
python3 - "$out" "$n" <<'PY'
import json, re, statistics, sys
out, n = sys.argv[1], int(sys.argv[2])
its = [json.loads(l) for l in open(f"{out}/train.jsonl") if '"iteration"' in l and l.startswith('{"event": "iteration"')]
speeds = [e["examplesPerSecond"] for e in its[20:] if e["examplesPerSecond"]]
after = [int(m) for m in re.findall(r"->(\d+)M\(", open(f"{out}/gc.log").read())]
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{out}/time.txt").read()).group(1))
print(f"images: {n:,} ({n * 3 * 32 * 32 * 4 / 1e9:.2f} GB decoded as floats); heap limit 1 GB (-Xmx1g)")
print(f"iterations: {len(its)} of batch 64 ({len(its) * 64:,} images)")
print(f"images/s: median {statistics.median(speeds):.0f} (iterations 21-{len(its)})" if speeds else "images/s: -")
print(f"heap in use after GC: max {max(after) if after else 0} MB over {len(after)} GCs")
print(f"peak RSS: {rss / 1024:.0f} MB (heap + ND4J's off-heap buffers + JVM)")
PY
