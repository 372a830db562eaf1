#!/usr/bin/env bash
# Takes the README's screenshots of the real designer window under Xvfb:
#   main-window-resnet18.png, overview-minimap.png, blocks-inspector.png, blocks-resnet50.png, advisor.png, advisor-summary.png, receptive-field.png, training.png, training-layers.png (in this folder),
#   and onnx-import.png, onnx-unsupported.png when ONNX_MODELS names a folder with torchvision's
#   resnet18.onnx and convnext_tiny.onnx as PyTorch exports them (e.g. ONNX_MODELS=/work/fixtures/torchvision).
# Needs: xvfb, imagemagick (import) and libgtk-3-0:  apt-get install -y xvfb imagemagick libgtk-3-0
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
for tool in Xvfb import; do
  command -v "$tool" >/dev/null || { echo "take.sh: $tool is missing: apt-get install -y xvfb imagemagick libgtk-3-0" >&2; exit 2; }
done
mvn -B -q -o -DskipTests -pl benchmarks -am install || mvn -B -q -DskipTests -pl benchmarks -am install
Xvfb :96 -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
DISPLAY=:96 OMP_NUM_THREADS=1 java -XX:+UseParallelGC -Dprism.order=sw -Djavacpp.platform.extension=-onednn \
    -Dorg.eclipse.deeplearning4j.helpers.disable=false \
    ${ONNX_MODELS:+-Dlayerloom.tour.onnx="$ONNX_MODELS"} ${TOUR_ONLY:+-Dlayerloom.tour.only="$TOUR_ONLY"} \
    -cp benchmarks/target/classes:app/target/layerloom-app.jar \
    io.layerloom.bench.designer.ScreenshotTour docs/screenshots
