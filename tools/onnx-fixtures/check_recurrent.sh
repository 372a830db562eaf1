#!/usr/bin/env bash
# Imports each LSTM fixture of export_recurrent.py with `layerloom import`, runs it with
# `layerloom predict` on the fixture's input in LayerLoom's layout ([N, F, T]), and compares with
# PyTorch's output (moved to LayerLoom's layout, MODEL.dl4j-output.npy) and trainable parameter count.
#   tools/onnx-fixtures/check_recurrent.sh [FIXTURE_DIR] [MODEL ...]
# Needs python3-numpy (for the comparison only). Work files go to a temporary folder.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${1:-/work/fixtures/recurrent}"
shift || true
models=("$@")
[ ${#models[@]} -gt 0 ] || models=($(cd "$dir" && ls *.onnx | sed 's/\.onnx$//'))
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for m in "${models[@]}"; do
  if ! "$root/layerloom" import "$dir/$m.onnx" "$work/$m.json" > "$work/$m.import.log" 2>&1; then
    echo "$m: not imported:"; grep -- '- ' "$work/$m.import.log" | cut -c1-300
    continue
  fi
  "$root/layerloom" predict "$work/$m.json" --input "$dir/$m.dl4j-input.npy" --output "$work/$m.out.npy" \
      > "$work/$m.predict.log" 2>&1 || { echo "$m: predict failed"; tail -3 "$work/$m.predict.log"; continue; }
  "$root/layerloom" summary "$work/$m.json" --json > "$work/$m.summary.json"
  python3 - "$dir" "$work" "$m" <<'PY'
import json, sys
import numpy as np
d, work, m = sys.argv[1:]
ref = np.load(f"{d}/{m}.dl4j-output.npy")
out = np.load(f"{work}/{m}.out.npy").reshape(ref.shape)
counts = json.load(open(f"{d}/{m}.json"))
torch_params = counts["trainable_parameters"]
torch_one_bias = counts["trainable_parameters_without_bias_hh"]
summary = json.load(open(f"{work}/{m}.summary.json"))
ours = summary["totals"]["trainableParams"]
kinds = " > ".join(n["kind"] for n in summary["nodes"]) if "nodes" in summary else ""
worst = float(np.abs(ref - out).max() / np.abs(ref).max())
print(f"{m}: trainable params PyTorch {torch_params:,} ({torch_one_bias:,} without bias_hh), LayerLoom {ours:,}"
      f" ({'equal' if torch_one_bias == ours else 'DIFFERENT'}); largest |difference| {float(np.abs(ref - out).max()):.1e},"
      f" largest |output| {float(np.abs(ref).max()):.2f}, ratio {worst:.1e} ({'ok' if worst <= 1e-4 else 'TOO FAR'})"
      + (f"; {kinds}" if kinds else ""))
PY
done
