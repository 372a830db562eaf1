#!/usr/bin/python3
"""Checks a template against the torchvision model it follows: the PyTorch twin of the template
(benchmarks/training/torch_graph.py's Graph, built from the template file) gets torchvision's
weights, paired module by module in order (convolutions, batch norms and linear layers; a 1x1
convolution on a pooled vector pairs with a Dense), and both run in eval mode on the same random
batch: the parameter counts must be equal and the outputs agree to float precision.
    /usr/bin/python3 tools/templates/check_against_torchvision.py TEMPLATE.json MODEL
e.g. graph-model/src/main/resources/io/layerloom/model/templates/shufflenet-v2.json shufflenet_v2_x1_0
"""
import json, os, sys
import torch
import torchvision
from torch import nn

template, model_name = sys.argv[1], sys.argv[2]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
source = open(os.path.join(root, "benchmarks", "training", "torch_graph.py")).read()
# torch_graph.py is a script: take its definitions (everything before it reads the image folder).
definitions = source[:source.index("classes = sorted(")]
sys.argv = ["torch_graph.py", template, "-"]
space = {"__name__": "torch_graph"}
exec(compile(definitions, "torch_graph.py", "exec"), space)
torch.manual_seed(1)
nodes = json.load(open(template))["nodes"]
twin = space["Graph"](nodes)
shape = nodes[0]["shape"]
x = torch.randn(2, *shape)
twin(x)  # sizes the lazy layers
reference = getattr(torchvision.models, model_name)(weights=None)
kinds = (nn.Conv2d, nn.BatchNorm2d, nn.Linear)
ours = [m for m in twin.modules() if isinstance(m, kinds)]
theirs = [m for m in reference.modules() if isinstance(m, kinds)]
assert len(ours) == len(theirs), f"{len(ours)} weighted modules in the template, {len(theirs)} in torchvision"
with torch.no_grad():
    for i, (o, t) in enumerate(zip(ours, theirs)):
        for name, p in t.named_parameters(recurse=False):
            p.copy_(torch.randn_like(p) * 0.1 + (1 if name == "weight" and isinstance(t, nn.BatchNorm2d) else 0))
            q = getattr(o, name)
            assert q.numel() == p.numel(), f"module {i}: {o} has {tuple(q.shape)} for torchvision's {t} {tuple(p.shape)}"
            q.copy_(p.reshape(q.shape))
        if isinstance(t, nn.BatchNorm2d):
            t.running_mean.copy_(torch.randn_like(t.running_mean) * 0.1)
            t.running_var.copy_(torch.rand_like(t.running_var) + 0.5)
            o.running_mean.copy_(t.running_mean); o.running_var.copy_(t.running_var)
            assert abs(o.eps - t.eps) < 1e-12 and abs(o.momentum - t.momentum) < 1e-6, f"module {i}: {o} vs {t}"
twin.eval(); reference.eval()
with torch.no_grad():
    a, b = twin(x), reference(x)
count = lambda m: sum(p.numel() for p in m.parameters() if p.requires_grad)
worst = float((a - b).abs().max() / b.abs().max())
print(f"{template}: parameters template {count(twin):,}, torchvision {count(reference):,}; "
      f"largest |difference| / largest |output| = {worst:.1e}")
sys.exit(0 if count(twin) == count(reference) and worst < 1e-5 else 1)
