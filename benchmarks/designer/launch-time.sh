#!/usr/bin/env bash
# Time from launching ./layerloom's JVM to a shown, laid-out designer window, N times in a row.
# Needs a display: starts Xvfb on :97 if DISPLAY is not set (apt-get install xvfb).
# Usage: benchmarks/designer/launch-time.sh [N] [GRAPH.json]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-7}"
graph="${2:-}"
jar="$root/app/target/layerloom-app.jar"
[ -f "$jar" ] || { echo "build first: ./layerloom --version (or mvn -q -DskipTests -pl app -am install)" >&2; exit 2; }
if [ -z "${DISPLAY:-}" ]; then
  Xvfb :97 -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  trap 'kill $xvfb 2>/dev/null || true' EXIT
  export DISPLAY=:97
  sleep 1
fi
ready="$(mktemp)"
results=()
for i in $(seq 1 "$runs"); do
  rm -f "$ready"
  start=$(date +%s%N)
  OMP_NUM_THREADS=1 java -Dprism.order=sw -Dlayerloom.readyFile="$ready" -Dlayerloom.exitWhenReady=true \
      -jar "$jar" ${graph:+"$graph"} >/dev/null 2>&1
  end=$(date +%s%N)
  inside=$(cat "$ready" 2>/dev/null || echo "?")
  total=$(( (end - start) / 1000000 ))
  echo "run $i: window ready ${inside} ms after JVM start; process start to exit ${total} ms"
  results+=("$inside")
done
printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "median: %d ms from JVM start to a usable window (aim < 3000 ms)\n", m}'
