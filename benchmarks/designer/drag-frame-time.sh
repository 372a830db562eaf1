#!/usr/bin/env bash
# Frame time while dragging a node in a 500-node graph in the real designer window under Xvfb.
# Needs xvfb (apt-get install xvfb libgtk-3-0). Usage: benchmarks/designer/drag-frame-time.sh [NODES]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -B -q -o -DskipTests -pl benchmarks -am install 2>/dev/null || mvn -B -q -DskipTests -pl benchmarks -am install
if [ -z "${DISPLAY:-}" ]; then
  Xvfb :94 -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  trap 'kill $xvfb 2>/dev/null || true' EXIT
  export DISPLAY=:94
  sleep 1
fi
# The same rendering as ./layerloom under Xvfb: the software pipeline (DIRTYOPTS=false repaints whole frames).
java -Dprism.order=sw -Dprism.dirtyopts=${DIRTYOPTS:-true} -Djavafx.pulseLogger=true -Djavafx.pulseLogger.threshold=0 \
    -cp benchmarks/target/classes:app/target/layerloom-app.jar \
    io.layerloom.bench.designer.DragFrameBenchmark "${1:-500}"
