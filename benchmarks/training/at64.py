"""A template made a 64x64 benchmark network: input 3x64x64, a 10-way output, Adam 1e-3, batch 64.

Usage: /usr/bin/python3 at64.py TEMPLATE.json OUT.json
(TEMPLATE.json from `layerloom new -f mobilenet-v1|resnet18 FILE`; side-by-side-images.sh and
benchmarks/threads/per-network*.sh build their 64x64 networks with it.)
"""
import json
import sys

g = json.load(open(sys.argv[1]))
g["nodes"][0]["shape"] = [3, 64, 64]
g["nodes"][-1]["units"] = 10
g["name"] += " at 3x64x64, 10 classes"
g["training"] = {"optimizer": "adam", "learningRate": 0.001, "batchSize": 64, "seed": 42}
json.dump(g, open(sys.argv[2], "w"), indent=1)
