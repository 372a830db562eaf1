#!/usr/bin/env python3
"""Summarises `layerloom train --progress json` output: median examples/s of the iteration
events after the first 20 (warm-up), per-epoch validation accuracy, test accuracy, wall seconds.
Usage: python3 summarize.py RUN.jsonl [RUN.jsonl ...]"""
import json, statistics, sys

for path in sys.argv[1:]:
    its, epochs, test, seconds = [], [], None, None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            e = json.loads(line)
            kind = e.get("event")
            if kind == "iteration":
                its.append(e["examplesPerSecond"])
            elif kind == "epoch":
                epochs.append(e["validationAccuracy"])
            elif kind == "evaluation":
                test = e["accuracy"]
            elif kind == "finished":
                seconds = e["seconds"]
    warm = its[20:] if len(its) > 20 else its
    med = statistics.median(warm) if warm else float("nan")
    print(f"{path}: iterations {len(its)}, median examples/s {med:.0f}, "
          f"validation accuracy per epoch {[round(a, 4) for a in epochs]}, test accuracy {test}, "
          f"seconds {seconds}")
