#!/usr/bin/env bash
# Time from launching ./layerloom's JVM to a shown, laid-out designer window, N times in a row.
# Needs a display: starts Xvfb on :97 if DISPLAY is not set (apt-get install xvfb).
# Usage: benchmarks/designer/launch-time.sh [N] [GRAPH.json]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-7}"
graph="${2:-}"
jar="$root/app/target/layerloom-app.jar"
[ -f "$jar" ] || { echo "build first: ./layerloom --version" >&2; exit 2; }
[ "${FRESH_ARCHIVE:-0}" = 1 ] && rm -f "$root/app/target/layerloom-app.jsa"
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
  # Through the launcher, as a user starts it (its class-data archive included; run 1 records it
  # when it does not exist yet).
  LAYERLOOM_JAVA_OPTS="-Dprism.order=sw -Dlayerloom.readyFile=$ready -Dlayerloom.exitWhenReady=true" \
      "$root/layerloom" ${graph:+"$graph"} >/dev/null 2>&1
  end=$(date +%s%N)
  inside=$(cat "$ready" 2>/dev/null || echo "?")
  total=$(( (end - start) / 1000000 ))
  echo "run $i: window ready ${inside} ms after JVM start; process start to exit ${total} ms"
  results+=("$inside")
done
printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "median: %d ms from JVM start to a usable window (aim < 3000 ms)\n", m}'
