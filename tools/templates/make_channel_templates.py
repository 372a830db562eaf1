#!/usr/bin/env python3
"""Writes the ShuffleNet v2 1.0x and EfficientNet-B0 templates (graph-model's templates folder).

Each follows torchvision 0.14's module (torchvision/models/shufflenetv2.py, efficientnet.py) layer
by layer, with torchvision's module names as node ids, laid out flat; graph-model's
TemplateBlocksTest then groups them into blocks by those names and writes the canonical form:
    python3 tools/templates/make_channel_templates.py
    mvn -B -o -q -pl graph-model verify -Dtest=TemplateBlocksTest -Dlayerloom.regenerate=true
"""
import json
import os

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "graph-model", "src", "main", "resources",
                   "io", "layerloom", "model", "templates")


class G:
    def __init__(self):
        self.nodes = []
        self.y = 40

    def add(self, id, kind, inputs=None, x=40, **params):
        n = {"id": id, "kind": kind}
        if inputs is not None:
            n["inputs"] = inputs if isinstance(inputs, list) else [inputs]
        n.update(params)
        n["position"] = [x, self.y]
        self.y += 132 if x == 40 else 0
        self.nodes.append(n)
        return id

    def conv(self, id, x, filters, k, s=1, x_pos=40):
        return self.add(id, "Conv2D", x, x_pos, filters=filters, kernel=k, stride=s, padding=(k - 1) // 2, dilation=1,
                        activation="identity", bias=False)

    def dw(self, id, x, k, s, x_pos=40):
        return self.add(id, "DepthwiseConv2D", x, x_pos, multiplier=1, kernel=k, stride=s, padding=(k - 1) // 2,
                        dilation=1, activation="identity", bias=False)

    def bn(self, id, x, x_pos=40):
        return self.add(id, "BatchNorm", x, x_pos, eps=0.00001, momentum=0.9)

    def act(self, id, x, f, x_pos=40):
        return self.add(id, "Activation", x, x_pos, activation=f)


    def write(self, file, name, description):
        g = {"format": "layerloom-graph", "version": 2, "name": name, "description": description,
             "nodes": self.nodes}
        with open(os.path.join(OUT, file), "w") as f:
            f.write("{\n")
            f.write('  "format": "layerloom-graph",\n  "version": 2,\n')
            f.write('  "name": %s,\n  "description": %s,\n' % (json.dumps(name), json.dumps(description)))
            f.write('  "nodes": [\n' + ",\n".join("    " + json.dumps(n) for n in self.nodes) + "\n  ]\n}\n")


def shufflenet_v2():
    g = G()
    x = g.add("input", "Input", shape=[3, 224, 224])
    x = g.act("conv1.2", g.bn("conv1.1", g.conv("conv1.0", x, 24, 3, 2)), "relu")
    x = g.add("maxpool", "MaxPool2D", x, kernel=3, stride=2, padding=1)
    inp = 24
    for stage, (repeats, out) in enumerate(zip([4, 8, 4], [116, 232, 464]), start=2):
        bf = out // 2
        for i in range(repeats):
            p = "stage%d.%d." % (stage, i)
            if i == 0:
                # branch1 (stride 2) beside branch2
                b1 = g.dw(p + "branch1.0", x, 3, 2, 300)
                b1 = g.bn(p + "branch1.1", b1, 300)
                b1 = g.conv(p + "branch1.2", b1, bf, 1, 1, 300)
                b1 = g.bn(p + "branch1.3", b1, 300)
                b1 = g.act(p + "branch1.4", b1, "relu", 300)
                b2_in, stride, left = x, 2, b1
            else:
                left = g.add(p + "split0", "ChannelSplit", x, 300, parts=2, index=0)
                b2_in = g.add(p + "split1", "ChannelSplit", x, parts=2, index=1)
                stride = 1
            y = g.act(p + "branch2.2", g.bn(p + "branch2.1", g.conv(p + "branch2.0", b2_in, bf, 1)), "relu")
            y = g.bn(p + "branch2.4", g.dw(p + "branch2.3", y, 3, stride))
            y = g.act(p + "branch2.7", g.bn(p + "branch2.6", g.conv(p + "branch2.5", y, bf, 1)), "relu")
            y = g.add(p + "cat", "Concat", [left, y])
            x = g.add(p + "shuffle", "ChannelShuffle", y, groups=2)
            inp = out
    x = g.act("conv5.2", g.bn("conv5.1", g.conv("conv5.0", x, 1024, 1)), "relu")
    x = g.add("mean", "GlobalAvgPool", x)
    g.add("fc", "Output", x, units=1000, activation="softmax", loss="mcxent", bias=True)
    g.write("shufflenet-v2.json", "ShuffleNet v2 1.0x",
            "ShuffleNet v2 (1.0x) as built by torchvision.models.shufflenet_v2_x1_0: 3x3/2 convolution (24 channels) "
            "and 3x3/2 max pool, three stages of 4, 8 and 4 units (116, 232, 464 channels) and a 1x1 convolution to "
            "1024, global average pool and a 1000-way softmax. A unit splits its channels in two (ChannelSplit), "
            "passes one half through 1x1, 3x3 depthwise and 1x1 convolutions (batch norm, ReLU), concatenates it "
            "with the untouched half and shuffles the channels of the two halves (ChannelShuffle, 2 groups); a "
            "downsampling unit feeds the whole input to both branches, the second with a 3x3/2 depthwise "
            "convolution. 2,278,604 trainable parameters (plus 16,180 batch-norm running statistics) and 145 million multiply-adds.")


def efficientnet_b0():
    g = G()
    x = g.add("input", "Input", shape=[3, 224, 224])
    x = g.act("features.0.2", g.bn("features.0.1", g.conv("features.0.0", x, 32, 3, 2)), "swish")
    setting = [(1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2), (6, 3, 2, 40, 80, 3),
               (6, 5, 1, 80, 112, 3), (6, 5, 2, 112, 192, 4), (6, 3, 1, 192, 320, 1)]
    for stage, (e, k, s, cin, cout, n) in enumerate(setting, start=1):
        for i in range(n):
            inp = cin if i == 0 else cout
            stride = s if i == 0 else 1
            p = "features.%d.%d." % (stage, i)
            h = x
            expanded = inp * e
            j = 0
            if e != 1:
                h = g.act(p + "expand.2", g.bn(p + "expand.1", g.conv(p + "expand.0", h, expanded, 1)), "swish")
            h = g.act(p + "depthwise.2", g.bn(p + "depthwise.1", g.dw(p + "depthwise.0", h, k, stride)), "swish")
            squeeze = max(1, inp // 4)
            sq = g.add(p + "se.avgpool", "GlobalAvgPool", h, 300)
            sq = g.add(p + "se.fc1", "Dense", sq, 300, units=squeeze, activation="swish", bias=True)
            sq = g.add(p + "se.fc2", "Dense", sq, 300, units=expanded, activation="sigmoid", bias=True)
            h = g.add(p + "se.scale", "ChannelScale", [h, sq])
            h = g.bn(p + "project.1", g.conv(p + "project.0", h, cout, 1))
            if stride == 1 and inp == cout:
                h = g.add(p + "add", "Add", [h, x])
            x = h
    x = g.act("features.8.2", g.bn("features.8.1", g.conv("features.8.0", x, 1280, 1)), "swish")
    x = g.add("avgpool", "GlobalAvgPool", x)
    x = g.add("classifier.0", "Dropout", x, rate=0.2)
    g.add("classifier.1", "Output", x, units=1000, activation="softmax", loss="mcxent", bias=True)
    g.write("efficientnet-b0.json", "EfficientNet-B0",
            "EfficientNet-B0 as built by torchvision.models.efficientnet_b0: 3x3/2 convolution (32 channels), 16 "
            "MBConv blocks in 7 stages (16, 24, 40, 80, 112, 192, 320 channels; 3x3 or 5x5 depthwise), a 1x1 "
            "convolution to 1280, global average pool, dropout 0.2 and a 1000-way softmax, with swish (SiLU) "
            "activations. An MBConv block expands the channels 6x with a 1x1 convolution (not in the first stage), "
            "applies the depthwise convolution, scales each channel by its squeeze-and-excitation weight (global "
            "average pool, a Dense to a quarter of the block's input channels with swish, a Dense back with "
            "sigmoid, ChannelScale), projects with a linear 1x1 convolution and adds the input when the shapes "
            "agree (stochastic depth is the identity at inference). 5,288,548 trainable parameters (plus 42,016 "
            "batch-norm running statistics) and 386 million multiply-adds.")


if __name__ == "__main__":
    shufflenet_v2()
    efficientnet_b0()
