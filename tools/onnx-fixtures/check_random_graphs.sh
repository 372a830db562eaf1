#!/usr/bin/env bash
# PyTorch against LayerLoom on random networks holding the channel kinds: writes COUNT graphs of
# PlausibleGraphs (graph-model's TorchTwinGraphs, seed SEED), has PyTorch build and export each
# (export_random_graphs.py, through benchmarks/training/torch_graph.py), imports each with
# `layerloom import`, runs it with `layerloom predict` and compares with PyTorch's output.
#   tools/onnx-fixtures/check_random_graphs.sh [DIR] [COUNT] [SEED]
# Needs the app jar and graph-model's test classes built in this tree (mvn ... package), Debian's
# python3-torch on /usr/bin/python3 and numpy.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${1:-$(mktemp -d)}"; count="${2:-12}"; seed="${3:-1}"
mkdir -p "$dir"
cp_file="$dir/classpath.txt"
(cd "$root" && mvn -B -o -q -pl graph-model dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file") || exit 1
java -cp "$root/graph-model/target/test-classes:$root/graph-model/target/classes:$(cat "$cp_file")" \
    io.layerloom.model.property.TorchTwinGraphs "$dir" "$count" "$seed" || exit 1
/usr/bin/python3 "$root/tools/onnx-fixtures/export_random_graphs.py" "$dir" 2>/dev/null || exit 1
jar="$root/app/target/layerloom-app.jar"
for f in "$dir"/g*.onnx; do
  m=$(basename "$f" .onnx)
  if ! java -XX:+UseParallelGC -jar "$jar" import "$f" "$dir/$m.imported.json" > "$dir/$m.import.log" 2>&1; then
    echo "$m: not imported: $(grep -m1 -- '- node' "$dir/$m.import.log" | cut -c1-200)"; continue
  fi
  java -XX:+UseParallelGC -jar "$jar" predict "$dir/$m.imported.json" --input "$dir/$m.input.npy" \
      --output "$dir/$m.out.npy" --batch 2 > "$dir/$m.predict.log" 2>&1 || { echo "$m: predict failed"; continue; }
  /usr/bin/python3 - "$dir" "$m" <<'PY'
import sys
import numpy as np
d, m = sys.argv[1:]
ref = np.load(f"{d}/{m}.output.npy")
out = np.load(f"{d}/{m}.out.npy").reshape(ref.shape)
worst = float(np.abs(ref - out).max() / np.abs(ref).max())
print(f"{m}: largest |difference| / largest |output| = {worst:.1e} ({'ok' if worst <= 1e-4 else 'TOO FAR'})")
PY
done
