#!/usr/bin/python3
"""Writes benchmarks/training/cifar-resnet.json: issue 13's CIFAR-style ResNet as a LayerLoom graph.
Input 3x32x32; a 3x3 stem of 32 filters, BatchNorm, ReLU; three stages of two basic blocks of widths
32, 64 and 128, the first block of stages 2 and 3 strided with a 1x1 projection shortcut (+ BatchNorm);
BatchNorm after every convolution, convolutions without bias; residual Add; global average pooling; a
10-way softmax Output. 696,618 trainable parameters (torch_resnet.py builds the same network).
Usage: /usr/bin/python3 make_cifar_resnet.py > cifar-resnet.json"""
import json

nodes, y = [], 0


def node(id, kind, inputs=None, **params):
    global y
    n = {"id": id, "kind": kind}
    if inputs:
        n["inputs"] = inputs
    n.update(params)
    n["position"] = [300 if "short" not in id else 500, y]
    y += 90
    nodes.append(n)
    return id


def conv(id, x, filters, kernel, stride):
    c = node(id, "Conv2D", [x], filters=filters, kernel=kernel, stride=stride, padding=kernel // 2,
             dilation=1, activation="identity", bias=False)
    return node(id + ".bn", "BatchNorm", [c], eps=0.00001, momentum=0.9)


x = node("input", "Input", shape=[3, 32, 32])
x = node("stem.relu", "Activation", [conv("stem", x, 32, 3, 1)], activation="relu")
width_in = 32
for s, width in enumerate([32, 64, 128], start=1):
    for b in range(2):
        p = f"s{s}.b{b}"
        stride = 2 if s > 1 and b == 0 else 1
        h = node(p + ".relu1", "Activation", [conv(p + ".conv1", x, width, 3, stride)], activation="relu")
        h = conv(p + ".conv2", h, width, 3, 1)
        short = conv(p + ".short", x, width, 1, stride) if stride != 1 or width != width_in else x
        x = node(p + ".relu2", "Activation", [node(p + ".add", "Add", [h, short])], activation="relu")
        width_in = width
x = node("pool", "GlobalAvgPool", [x])
node("output", "Output", [x], units=10, activation="softmax", loss="mcxent", bias=True)

head = {
    "format": "layerloom-graph", "version": 2, "name": "CIFAR-style ResNet (issue 13)",
    "description": "The training benchmark's residual network: 3x32x32 input, 3x3 stem of 32 filters with "
                   "batch norm and ReLU, three stages of two basic blocks (32, 64, 128 channels; the first block "
                   "of stages 2 and 3 strided with a 1x1 projection shortcut), batch norm after every convolution "
                   "(no bias), global average pooling, 10-way softmax. 696,618 trainable parameters. Generated "
                   "by make_cifar_resnet.py.",
    "training": {"optimizer": "adam", "learningRate": 0.001, "batchSize": 64, "seed": 42}}
lines = [f'  "{k}": {json.dumps(v)},' for k, v in head.items()]
print("{\n" + "\n".join(lines) + '\n  "nodes": [\n    '
      + ",\n    ".join(json.dumps(n) for n in nodes) + "\n  ]\n}")
