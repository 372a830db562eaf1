#!/usr/bin/env python3
"""Writes the flat layer lists of the MobileNet v2, SqueezeNet 1.1, VGG-19, Inception v3 and NIN
templates, and checks each against a network nobody here wrote.

Each network is written layer by layer after its reference implementation (torchvision 0.14's
mobilenetv2.py, squeezenet.py, vgg.py and inception.py; osmr/imgclsmob's nin_cifar.py for NIN),
with torchvision's module names as node ids where they exist. The files come out without canvas
positions or blocks: the tests then place them (GraphLayoutServiceTest with
-Dlayerloom.regenerate=true, app module) and group them into blocks (TemplateBlocksTest with
-Dlayerloom.regenerate=true, graph-model module), as for every template.

Run with Debian's python3-torch and python3-torchvision (/usr/bin/python3); --check only prints
the reference parameter counts next to this script's own count of what it wrote:

    /usr/bin/python3 tools/templates/make_templates.py --out graph-model/src/main/resources/io/layerloom/model/templates
"""
import argparse
import json
import os
import sys


class Net:
    """A flat list of LayerLoom nodes, written in the format's field order."""

    def __init__(self, name, description, shape):
        self.name = name
        self.description = description
        self.nodes = [{"id": "input", "kind": "Input", "shape": shape}]

    def add(self, node_id, kind, inputs, **params):
        node = {"id": node_id, "kind": kind, "inputs": inputs if isinstance(inputs, list) else [inputs]}
        node.update(params)
        self.nodes.append(node)
        return node_id

    def conv(self, node_id, x, filters, kernel, stride=1, padding=0, activation="identity", bias=True):
        return self.add(node_id, "Conv2D", x, filters=filters, kernel=kernel, stride=stride, padding=padding,
                        dilation=1, activation=activation, bias=bias)

    def conv_bn(self, prefix, x, filters, kernel, stride=1, padding=0, eps=0.00001, activation="relu", names=None):
        conv, bn, act = names or (prefix + ".conv", prefix + ".bn", prefix + ".relu")
        x = self.conv(conv, x, filters, kernel, stride, padding, bias=False)
        x = self.add(bn, "BatchNorm", x, eps=eps, momentum=0.9)
        return self.add(act, "Activation", x, activation=activation) if activation else x

    def write(self, path):
        lines = ['{', '  "format": "layerloom-graph",', '  "version": 1,',
                 '  "name": ' + json.dumps(self.name) + ',', '  "description": ' + json.dumps(self.description) + ',',
                 '  "nodes": [']
        body = []
        for n in self.nodes:
            if n["kind"] == "Input":
                n = {k: v for k, v in n.items() if k != "inputs"}
            body.append("    " + json.dumps(n))
        lines.append(",\n".join(body))
        lines += ['  ]', '}']
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")


def mobilenet_v2():
    net = Net("MobileNet v2",
              "MobileNet v2 (Sandler et al. 2018), width 1.0, 224x224, as built by torchvision.models.mobilenet_v2: "
              "a 3x3/2 convolution to 32 channels, 17 inverted residual blocks (1x1 expansion by 6 except in the first, "
              "3x3 depthwise convolution carrying the stride, linear 1x1 projection, each convolution without bias and "
              "followed by batch norm, ReLU6 after the first two; an identity shortcut added where stride is 1 and the "
              "channels stay), a 1x1 convolution to 1280, global average pool, dropout 0.2 and a 1000-way softmax. "
              "3,504,872 trainable parameters (plus 34,112 batch-norm running statistics).", [3, 224, 224])
    x = net.conv_bn("features.0", "input", 32, 3, 2, 1, activation="relu6")
    channels = 32
    block = 1
    for t, c, n, s in [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
                       (6, 320, 1, 1)]:
        for i in range(n):
            stride = s if i == 0 else 1
            p = "features.%d" % block
            y = x
            if t != 1:
                y = net.conv_bn(p + ".expand", y, channels * t, 1, activation="relu6")
            hidden = channels * t
            y = net.add(p + ".dw.conv", "DepthwiseConv2D", y, multiplier=1, kernel=3, stride=stride, padding=1,
                        dilation=1, activation="identity", bias=False)
            y = net.add(p + ".dw.bn", "BatchNorm", y, eps=0.00001, momentum=0.9)
            y = net.add(p + ".dw.relu", "Activation", y, activation="relu6")
            y = net.conv_bn(p + ".project", y, c, 1, activation=None)
            if stride == 1 and channels == c:
                y = net.add(p + ".add", "Add", [x, y])
            assert hidden > 0
            x = y
            channels = c
            block += 1
    x = net.conv_bn("features.18", x, 1280, 1, activation="relu6")
    x = net.add("avgpool", "GlobalAvgPool", x)
    x = net.add("dropout", "Dropout", x, rate=0.2)
    net.add("classifier", "Output", x, units=1000, activation="softmax", loss="mcxent", bias=True)
    return net


def squeezenet_1_1():
    net = Net("SqueezeNet 1.1",
              "SqueezeNet 1.1 (Iandola et al.; version 1.1 of the DeepScale/SqueezeNet repository) at 224x224, as built by "
              "torchvision.models.squeezenet1_1: a 3x3/2 convolution to 64 channels with ReLU, three 3x3/2 max poolings "
              "between eight Fire modules (a 1x1 squeeze convolution feeding parallel 1x1 and 3x3 expand convolutions, "
              "joined by concatenation, all with ReLU), dropout 0.5, a 1x1 convolution to 1000 classes with ReLU, global "
              "average pool and softmax: no fully connected layer. torchvision pools with ceil_mode=True; at 224x224 every "
              "pooling divides exactly, so floor gives the same sizes (111, 55, 27, 13). 1,235,496 trainable parameters.",
              [3, 224, 224])
    x = net.conv("conv1", "input", 64, 3, 2, activation="relu")
    x = net.add("maxpool1", "MaxPool2D", x, kernel=3, stride=2, padding=0)

    def fire(name, x, squeeze, expand):
        s = net.conv(name + ".squeeze", x, squeeze, 1, activation="relu")
        e1 = net.conv(name + ".expand1x1", s, expand, 1, activation="relu")
        e3 = net.conv(name + ".expand3x3", s, expand, 3, padding=1, activation="relu")
        return net.add(name + ".concat", "Concat", [e1, e3])

    x = fire("fire2", x, 16, 64)
    x = fire("fire3", x, 16, 64)
    x = net.add("maxpool3", "MaxPool2D", x, kernel=3, stride=2, padding=0)
    x = fire("fire4", x, 32, 128)
    x = fire("fire5", x, 32, 128)
    x = net.add("maxpool5", "MaxPool2D", x, kernel=3, stride=2, padding=0)
    x = fire("fire6", x, 48, 192)
    x = fire("fire7", x, 48, 192)
    x = fire("fire8", x, 64, 256)
    x = fire("fire9", x, 64, 256)
    x = net.add("dropout", "Dropout", x, rate=0.5)
    x = net.conv("conv10", x, 1000, 1, activation="relu")
    x = net.add("avgpool10", "GlobalAvgPool", x)
    net.add("softmax", "LossLayer", x, activation="softmax", loss="mcxent")
    return net


def vgg19():
    net = Net("VGG-19",
              "VGG-19, configuration E of Simonyan & Zisserman (2014): sixteen 3x3 convolutions (padding 1, bias, ReLU) in "
              "five blocks of 2, 2, 4, 4 and 4 separated by 2x2 max pooling, then fully connected 4096-4096-1000 with "
              "dropout 0.5 after the first two. Matches torchvision.models.vgg19 at 224x224 (its adaptive 7x7 average pool "
              "is an identity at this size and is omitted). 143,667,240 trainable parameters.", [3, 224, 224])
    x = "input"
    for stage, (count, filters) in enumerate([(2, 64), (2, 128), (4, 256), (4, 512), (4, 512)], start=1):
        for i in range(1, count + 1):
            x = net.conv("conv%d_%d" % (stage, i), x, filters, 3, 1, 1, activation="relu")
        x = net.add("pool%d" % stage, "MaxPool2D", x, kernel=2, stride=2, padding=0)
    x = net.add("flatten", "Flatten", x)
    x = net.add("fc6", "Dense", x, units=4096, activation="relu", bias=True)
    x = net.add("drop6", "Dropout", x, rate=0.5)
    x = net.add("fc7", "Dense", x, units=4096, activation="relu", bias=True)
    x = net.add("drop7", "Dropout", x, rate=0.5)
    net.add("fc8", "Output", x, units=1000, activation="softmax", loss="mcxent", bias=True)
    return net


def inception_v3():
    net = Net("Inception v3",
              "Inception v3 (Szegedy et al., 'Rethinking the Inception Architecture', 2015) at 299x299 as built by "
              "torchvision.models.inception_v3 for inference: a stem of five convolutions and two max poolings, three "
              "InceptionA modules (1x1, 5x5, double 3x3 and pooling branches), a grid reduction, four InceptionC modules "
              "whose 7x7 convolutions are factorised into 1x7 and 7x1, a second reduction and two InceptionE modules "
              "with 1x3 and 3x1 branches side by side; every convolution without bias, with batch norm (eps 0.001) and "
              "ReLU; global average pool, dropout 0.5 and a 1000-way softmax. The auxiliary classifier torchvision adds "
              "after Mixed_6e for training (3,326,696 parameters) is not part of this graph. 23,834,568 trainable "
              "parameters (plus 34,432 batch-norm running statistics).", [3, 299, 299])

    def basic(name, x, filters, kernel, stride=1, padding=0):
        return net.conv_bn(name, x, filters, kernel, stride, padding, eps=0.001)

    def avg_pool(name, x):
        return net.add(name, "AvgPool2D", x, kernel=3, stride=1, padding=1)

    def inception_a(m, x, pool_features):
        b1 = basic(m + ".branch1x1", x, 64, 1)
        b5 = basic(m + ".branch5x5_1", x, 48, 1)
        b5 = basic(m + ".branch5x5_2", b5, 64, 5, padding=2)
        b3 = basic(m + ".branch3x3dbl_1", x, 64, 1)
        b3 = basic(m + ".branch3x3dbl_2", b3, 96, 3, padding=1)
        b3 = basic(m + ".branch3x3dbl_3", b3, 96, 3, padding=1)
        bp = avg_pool(m + ".branch_pool.pool", x)
        bp = basic(m + ".branch_pool", bp, pool_features, 1)
        return net.add(m + ".concat", "Concat", [b1, b5, b3, bp])

    def inception_b(m, x):
        b3 = basic(m + ".branch3x3", x, 384, 3, stride=2)
        bd = basic(m + ".branch3x3dbl_1", x, 64, 1)
        bd = basic(m + ".branch3x3dbl_2", bd, 96, 3, padding=1)
        bd = basic(m + ".branch3x3dbl_3", bd, 96, 3, stride=2)
        bp = net.add(m + ".branch_pool", "MaxPool2D", x, kernel=3, stride=2, padding=0)
        return net.add(m + ".concat", "Concat", [b3, bd, bp])

    def inception_c(m, x, c7):
        b1 = basic(m + ".branch1x1", x, 192, 1)
        b7 = basic(m + ".branch7x7_1", x, c7, 1)
        b7 = basic(m + ".branch7x7_2", b7, c7, [1, 7], padding=[0, 3])
        b7 = basic(m + ".branch7x7_3", b7, 192, [7, 1], padding=[3, 0])
        bd = basic(m + ".branch7x7dbl_1", x, c7, 1)
        bd = basic(m + ".branch7x7dbl_2", bd, c7, [7, 1], padding=[3, 0])
        bd = basic(m + ".branch7x7dbl_3", bd, c7, [1, 7], padding=[0, 3])
        bd = basic(m + ".branch7x7dbl_4", bd, c7, [7, 1], padding=[3, 0])
        bd = basic(m + ".branch7x7dbl_5", bd, 192, [1, 7], padding=[0, 3])
        bp = avg_pool(m + ".branch_pool.pool", x)
        bp = basic(m + ".branch_pool", bp, 192, 1)
        return net.add(m + ".concat", "Concat", [b1, b7, bd, bp])

    def inception_d(m, x):
        b3 = basic(m + ".branch3x3_1", x, 192, 1)
        b3 = basic(m + ".branch3x3_2", b3, 320, 3, stride=2)
        b7 = basic(m + ".branch7x7x3_1", x, 192, 1)
        b7 = basic(m + ".branch7x7x3_2", b7, 192, [1, 7], padding=[0, 3])
        b7 = basic(m + ".branch7x7x3_3", b7, 192, [7, 1], padding=[3, 0])
        b7 = basic(m + ".branch7x7x3_4", b7, 192, 3, stride=2)
        bp = net.add(m + ".branch_pool", "MaxPool2D", x, kernel=3, stride=2, padding=0)
        return net.add(m + ".concat", "Concat", [b3, b7, bp])

    def inception_e(m, x):
        # torchvision concatenates [1x1, cat(3x3_2a, 3x3_2b), cat(3x3dbl_3a, 3x3dbl_3b), pool]: one Concat of the
        # six in that order is the same tensor.
        b1 = basic(m + ".branch1x1", x, 320, 1)
        b3 = basic(m + ".branch3x3_1", x, 384, 1)
        b3a = basic(m + ".branch3x3_2a", b3, 384, [1, 3], padding=[0, 1])
        b3b = basic(m + ".branch3x3_2b", b3, 384, [3, 1], padding=[1, 0])
        bd = basic(m + ".branch3x3dbl_1", x, 448, 1)
        bd = basic(m + ".branch3x3dbl_2", bd, 384, 3, padding=1)
        bda = basic(m + ".branch3x3dbl_3a", bd, 384, [1, 3], padding=[0, 1])
        bdb = basic(m + ".branch3x3dbl_3b", bd, 384, [3, 1], padding=[1, 0])
        bp = avg_pool(m + ".branch_pool.pool", x)
        bp = basic(m + ".branch_pool", bp, 192, 1)
        return net.add(m + ".concat", "Concat", [b1, b3a, b3b, bda, bdb, bp])

    x = basic("Conv2d_1a_3x3", "input", 32, 3, stride=2)
    x = basic("Conv2d_2a_3x3", x, 32, 3)
    x = basic("Conv2d_2b_3x3", x, 64, 3, padding=1)
    x = net.add("maxpool1", "MaxPool2D", x, kernel=3, stride=2, padding=0)
    x = basic("Conv2d_3b_1x1", x, 80, 1)
    x = basic("Conv2d_4a_3x3", x, 192, 3)
    x = net.add("maxpool2", "MaxPool2D", x, kernel=3, stride=2, padding=0)
    x = inception_a("Mixed_5b", x, 32)
    x = inception_a("Mixed_5c", x, 64)
    x = inception_a("Mixed_5d", x, 64)
    x = inception_b("Mixed_6a", x)
    x = inception_c("Mixed_6b", x, 128)
    x = inception_c("Mixed_6c", x, 160)
    x = inception_c("Mixed_6d", x, 160)
    x = inception_c("Mixed_6e", x, 192)
    x = inception_d("Mixed_7a", x)
    x = inception_e("Mixed_7b", x)
    x = inception_e("Mixed_7c", x)
    x = net.add("avgpool", "GlobalAvgPool", x)
    x = net.add("dropout", "Dropout", x, rate=0.5)
    net.add("fc", "Output", x, units=1000, activation="softmax", loss="mcxent", bias=True)
    return net


def nin_cifar10():
    net = Net("NIN (CIFAR-10)",
              "Network in Network (Lin, Chen, Yan 2013) for 32x32 CIFAR-10 images, as in osmr/imgclsmob's nin_cifar10 "
              "(after the authors' Caffe model): three mlpconv blocks, each a 5x5, 5x5 or 3x3 convolution followed by two "
              "1x1 convolutions (192-160-96, 192-192-192, 192-192-10 channels, all with ReLU), 3x3/2 max and then average "
              "pooling with padding 1 and dropout 0.5 between them, and global average pooling of the ten class maps "
              "into a softmax: no fully connected layer. 966,986 trainable parameters.", [3, 32, 32])
    x = "input"
    for block, (kernel, channels) in enumerate([(5, (192, 160, 96)), (5, (192, 192, 192)), (3, (192, 192, 10))],
                                               start=1):
        if block == 2:
            x = net.add("pool1", "MaxPool2D", x, kernel=3, stride=2, padding=1)
            x = net.add("dropout1", "Dropout", x, rate=0.5)
        if block == 3:
            x = net.add("pool2", "AvgPool2D", x, kernel=3, stride=2, padding=1)
            x = net.add("dropout2", "Dropout", x, rate=0.5)
        x = net.conv("mlpconv%d.conv" % block, x, channels[0], kernel, padding=(kernel - 1) // 2, activation="relu")
        x = net.conv("mlpconv%d.cccp1" % block, x, channels[1], 1, activation="relu")
        x = net.conv("mlpconv%d.cccp2" % block, x, channels[2], 1, activation="relu")
    x = net.add("avgpool", "GlobalAvgPool", x)
    net.add("softmax", "LossLayer", x, activation="softmax", loss="mcxent")
    return net


TEMPLATES = {"mobilenet-v2": mobilenet_v2, "squeezenet-1.1": squeezenet_1_1, "vgg19": vgg19,
             "inception-v3": inception_v3, "nin-cifar10": nin_cifar10}


def reference_counts():
    """Trainable parameter counts of the reference networks, built by PyTorch."""
    import torch
    import torchvision

    def count(model):
        return sum(p.numel() for p in model.parameters() if p.requires_grad)

    nn = torch.nn

    def nin():
        # osmr/imgclsmob's CIFARNIN (pytorchcv/models/nin_cifar.py), written out here.
        layers, c = [], 3
        for i, (k, chans) in enumerate([(5, (192, 160, 96)), (5, (192, 192, 192)), (3, (192, 192))]):
            if i == 1:
                layers += [nn.MaxPool2d(3, 2, 1), nn.Dropout(0.5)]
            if i == 2:
                layers += [nn.AvgPool2d(3, 2, 1), nn.Dropout(0.5)]
            for j, out in enumerate(chans):
                kernel = k if j == 0 else 1
                layers += [nn.Conv2d(c, out, kernel, padding=(kernel - 1) // 2), nn.ReLU()]
                c = out
        layers += [nn.Conv2d(c, 10, 1), nn.ReLU(), nn.AvgPool2d(8, 1), nn.Flatten()]
        model = nn.Sequential(*layers)
        assert tuple(model(torch.zeros(1, 3, 32, 32)).shape) == (1, 10)
        return model

    tv = torchvision.models
    return {
        "mobilenet-v2": count(tv.mobilenet_v2(weights=None)),
        "squeezenet-1.1": count(tv.squeezenet1_1(weights=None)),
        "vgg19": count(tv.vgg19(weights=None)),
        "inception-v3": count(tv.inception_v3(weights=None, aux_logits=False, init_weights=False)),
        "inception-v3 with AuxLogits": count(tv.inception_v3(weights=None, aux_logits=True, init_weights=False)),
        "nin-cifar10": count(nin()),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="folder to write ID.json into")
    parser.add_argument("--check", action="store_true", help="print the reference networks' parameter counts")
    args = parser.parse_args()
    if args.out:
        for template_id, build in TEMPLATES.items():
            path = os.path.join(args.out, template_id + ".json")
            build().write(path)
            print("wrote", path)
    if args.check:
        for name, n in reference_counts().items():
            print("%-28s %12s" % (name, format(n, ",")))
    if not args.out and not args.check:
        parser.print_help()
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
