#!/usr/bin/env bash
# Imports each torchvision fixture with `layerloom import`, runs it with `layerloom predict` on the
# fixture's input, and compares with PyTorch's output and trainable parameter count.
#   tools/onnx-fixtures/check_import.sh [FIXTURE_DIR] [MODEL ...]
# Needs python3-numpy (for the comparison only). Work files go to a temporary folder.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${1:-/work/fixtures/torchvision}"
shift || true
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(resnet18 resnet50 mobilenet_v2 squeezenet1_0 squeezenet1_1 googlenet densenet121 alexnet vgg11 \
    mobilenet_v3_small efficientnet_b0 resnext50_32x4d)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for m in "${models[@]}"; do
  start=$(date +%s.%N)
  if ! "$root/layerloom" import "$dir/$m.onnx" "$work/$m.json" > "$work/$m.import.log" 2>&1; then
    echo "$m: not imported: $(grep -m1 -- '- node' "$work/$m.import.log" | cut -c1-200)"
    continue
  fi
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  "$root/layerloom" predict "$work/$m.json" --input "$dir/$m.input.npy" --output "$work/$m.out.npy" --batch 2 \
      > "$work/$m.predict.log" 2>&1 || { echo "$m: predict failed"; tail -3 "$work/$m.predict.log"; continue; }
  "$root/layerloom" summary "$work/$m.json" --json > "$work/$m.summary.json"
  python3 - "$dir" "$work" "$m" "$seconds" <<'PY'
import json, sys
import numpy as np
d, work, m, seconds = sys.argv[1:]
ref = np.load(f"{d}/{m}.output.npy")
out = np.load(f"{work}/{m}.out.npy").reshape(ref.shape)
torch_params = json.load(open(f"{d}/{m}.json"))["trainable_parameters"]
ours = json.load(open(f"{work}/{m}.summary.json"))["totals"]["trainableParams"]
worst = float(np.abs(ref - out).max() / np.abs(ref).max())
print(f"{m}: import {float(seconds):.1f} s (whole command); trainable params PyTorch {torch_params:,}, LayerLoom {ours:,}"
      f" ({'equal' if torch_params == ours else 'DIFFERENT'}); largest |difference| / largest |output| = {worst:.1e}"
      f" ({'ok' if worst <= 1e-4 else 'TOO FAR'})")
PY
done
