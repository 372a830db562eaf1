#!/usr/bin/python3
"""PyTorch twins of random LayerLoom graphs (gN.json in DIR, from graph-model's TorchTwinGraphs), built by
benchmarks/training/torch_graph.py's Graph with PyTorch's own initialisation (BatchNorm statistics and affine
drawn from a seeded generator), exported like the torchvision fixtures (opset 13, eval mode, BatchNorm kept,
no constant folding): gN.onnx, gN.input.npy (float32 [2, C, H, W]) and gN.output.npy (PyTorch's output).
    /usr/bin/python3 tools/onnx-fixtures/export_random_graphs.py DIR"""
import glob, json, os, sys
import numpy as np
import torch
from torch import nn

d = sys.argv[1]
files = sorted(glob.glob(os.path.join(d, "g*.json")), key=lambda f: int(os.path.basename(f)[1:-5]))
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
source = open(os.path.join(root, "benchmarks", "training", "torch_graph.py")).read()
# torch_graph.py is a script: take its definitions (everything before it reads the image folder).
sys.argv = ["torch_graph.py", files[0], "-"]
space = {"__name__": "torch_graph"}
exec(compile(source[:source.index("classes = sorted(")], "torch_graph.py", "exec"), space)
for f in files:
    m = os.path.basename(f)[:-5]
    torch.manual_seed(3)
    nodes = json.load(open(f))["nodes"]
    net = space["Graph"](nodes)
    x = torch.randn(2, *nodes[0]["shape"])
    net(x)  # sizes the lazy layers
    with torch.no_grad():
        for mod in net.modules():
            if isinstance(mod, nn.BatchNorm2d):
                mod.running_mean.uniform_(-0.3, 0.3); mod.running_var.uniform_(0.5, 1.5)
                mod.weight.uniform_(0.5, 1.5); mod.bias.uniform_(-0.3, 0.3)
    net.eval()
    with torch.no_grad():
        y = net(x)
    torch.onnx.export(net, x, os.path.join(d, m + ".onnx"), opset_version=13, do_constant_folding=False,
                      training=torch.onnx.TrainingMode.PRESERVE, input_names=["input"], output_names=["output"])
    np.save(os.path.join(d, m + ".input.npy"), x.numpy())
    np.save(os.path.join(d, m + ".output.npy"), y.numpy())
    print(m, [n["kind"] for n in nodes if n["kind"].startswith("Channel")])
