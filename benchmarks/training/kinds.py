"""Where one training iteration goes, LayerLoom against PyTorch, by node kind:
   python3 kinds.py LAYERLOOM_PROFILE.json TORCH_KINDS.json
The first is 'layerloom profile --json' (docs/profile.md), the second torch_graph.py --kinds. Prints ms
per iteration, forward and backward, per kind and the difference, then the updater (PyTorch's
optimizer step) and the rest of each side's whole iteration (data, loss, the framework's own work
between the layers): the rows add up to the whole iteration."""
import json, sys

ll, pt = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
ours = {}
for n in ll["nodes"]:
    kind = "Dense/Output" if n["kind"] in ("Dense", "Output") else n["kind"]
    k = ours.setdefault(kind, [0.0, 0.0])
    k[0] += n["forwardMs"]
    k[1] += n["backwardMs"]
theirs = {k: [v["forwardMs"], v["backwardMs"]] for k, v in pt["kinds"].items()}
rows = sorted(set(ours) | set(theirs) - {"loss"}, key=lambda k: -sum(ours.get(k, [0, 0])))
print(f"{'ms per iteration':18s} {'LayerLoom fwd':>13s} {'bwd':>7s} {'PyTorch fwd':>11s} {'bwd':>7s} {'difference':>10s}")
for k in rows:
    if k == "Input":
        continue
    a, b = ours.get(k, [0, 0]), theirs.get(k, [0, 0])
    print(f"{k:18s} {a[0]:13.1f} {a[1]:7.1f} {b[0]:11.1f} {b[1]:7.1f} {sum(a) - sum(b):+10.1f}")
out = ll["outside"]
print(f"{'updater / step':18s} {out['updaterMs']:21.1f} {pt['optimizerMs']:19.1f} {out['updaterMs'] - pt['optimizerMs']:+10.1f}")
whole_ll, whole_pt = ll["totals"]["wholeIterationMs"], pt["wholeIterationMs"]
# the rest of the whole iteration on each side: data, loss, framework work between the layers
rest_pt = pt["otherMs"] + sum(theirs.get("loss", [0, 0]))
rest_ll = whole_ll - sum(sum(v) for v in ours.values()) - out["updaterMs"]
print(f"{'the rest':18s} {rest_ll:21.1f} {rest_pt:19.1f} {rest_ll - rest_pt:+10.1f}")
print(f"{'whole iteration':18s} {whole_ll:21.1f} {whole_pt:19.1f} {whole_ll - whole_pt:+10.1f}  "
      f"(LayerLoom/PyTorch speed {whole_pt / whole_ll:.2f})")
