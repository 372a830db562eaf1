#!/usr/bin/python3
"""The PyTorch twin of a LayerLoom graph file, for the training speed runs (Debian's python3-torch on
/usr/bin/python3). Builds the network the file describes, node by node (Input, Conv2D, DepthwiseConv2D,
BatchNorm, Activation, ZeroPadding2D, MaxPool2D, AvgPool2D, Add, Concat, ChannelShuffle, ChannelSplit,
ChannelScale, GlobalAvgPool, Flatten, Dropout, Dense, Output with softmax and cross-entropy), checks its trainable parameter count against the one given, and
trains it with Adam 1e-3 on an image folder (one sub-folder per class, as 'layerloom train --data' reads
it; pixels scaled to [0, 1]) on as many images as LayerLoom trains on (the folder less 20% test and 10%
of the rest for validation).
Usage: /usr/bin/python3 torch_graph.py FILE.json FOLDER [--threads 1] [--epochs 1] [--batch 64]
           [--params N] [--skip 20] [--kinds OUT.json]
Prints per epoch the median examples/s of the iterations after the first --skip (forward, backward and
optimizer step, as layerloom's examplesPerSecond times fit alone), and the same per CPU second of the
training thread (one thread: less sensitive to other processes on a loaded machine).
--kinds OUT.json: the last epoch runs under torch.profiler and OUT.json gets its operators' own CPU
time per iteration summed by LayerLoom node kind (forward and backward apart), the optimizer step
and the rest of the wall time, as 'side-by-side-images.sh ... kinds' compares with 'layerloom profile --json'."""
import argparse, json, os, statistics, time
import numpy as np
import torch
from PIL import Image
from torch import nn
import torch.nn.functional as F
import torch_kinds

p = argparse.ArgumentParser()
p.add_argument("file"); p.add_argument("folder")
p.add_argument("--threads", type=int, default=1)
p.add_argument("--epochs", type=int, default=1)
p.add_argument("--batch", type=int, default=64)
p.add_argument("--params", type=int, default=0)
p.add_argument("--skip", type=int, default=20)
p.add_argument("--seed", type=int, default=42)
p.add_argument("--kinds", default=None)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)
graph = json.load(open(a.file))


def pair(v):
    return tuple(v) if isinstance(v, list) else (v, v)


def act(name):
    return {"identity": nn.Identity(), "relu": nn.ReLU(), "relu6": nn.ReLU6(), "tanh": nn.Tanh(),
            "sigmoid": nn.Sigmoid(), "softmax": nn.Identity(), "swish": nn.SiLU(), "hardswish": nn.Hardswish(),
            "hardsigmoid_torch": nn.Hardsigmoid()}[name]


def channel_shuffle(x, groups):
    """ShuffleNet's shuffle as torchvision writes it: reshape, transpose the groups, reshape back."""
    n, c, h, w = x.shape
    return x.view(n, groups, c // groups, h, w).transpose(1, 2).contiguous().view(n, c, h, w)


class Graph(nn.Module):
    def __init__(self, nodes):
        super().__init__()
        self.nodes, self.mods, shape = nodes, nn.ModuleDict(), {}
        for n in nodes:
            k, i = n["kind"], n.get("inputs", [])
            c = shape[i[0]] if i else None
            key = n["id"].replace(".", "_")
            if k == "Input":
                shape[n["id"]] = n["shape"][0]; continue
            if k in ("Conv2D", "DepthwiseConv2D"):
                ks, pad = pair(n.get("kernel", 3)), n.get("padding", 0)
                pad = (ks[0] // 2, ks[1] // 2) if pad == "same" else (0, 0) if pad == "valid" else pair(pad)
                out = n["filters"] if k == "Conv2D" else c * n.get("multiplier", 1)
                m = nn.Sequential(nn.Conv2d(c, out, ks, pair(n.get("stride", 1)), pad, bias=n.get("bias", True),
                                            groups=1 if k == "Conv2D" else c), act(n.get("activation", "identity")))
                c = out
            elif k == "BatchNorm":
                m = nn.BatchNorm2d(c, eps=n.get("eps", 1e-5), momentum=1 - n.get("momentum", 0.9))
            elif k == "Activation":
                m = act(n["activation"])
            elif k == "ZeroPadding2D":
                q = n["padding"]; q = [q] * 4 if isinstance(q, int) else q * 2 if len(q) == 2 else q
                m = nn.ZeroPad2d((q[2], q[3], q[0], q[1]))
            elif k in ("MaxPool2D", "AvgPool2D"):
                ks = pair(n.get("kernel", 2)); pad = n.get("padding", 0)
                pad = (ks[0] // 2, ks[1] // 2) if pad == "same" else pair(pad) if pad != "valid" else (0, 0)
                m = (nn.MaxPool2d if k == "MaxPool2D" else nn.AvgPool2d)(ks, pair(n.get("stride", ks)), pad)
            elif k == "GlobalAvgPool":
                m = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())
            elif k in ("Flatten", "Add", "ChannelShuffle", "ChannelScale"):
                m = None
            elif k == "Concat":
                m, c = None, sum(shape[j] for j in i)
            elif k == "ChannelSplit":
                m, c = None, c // n.get("parts", 2)
            elif k == "Dropout":
                m = nn.Dropout(n.get("rate", 0.5))
            elif k in ("Dense", "Output"):
                m = nn.Sequential(nn.LazyLinear(n["units"], bias=n.get("bias", True)), act(n.get("activation", "relu")))
                c = n["units"]
            else:
                raise SystemExit(f"{a.file}: node '{n['id']}': kind {k} is not in torch_graph.py")
            shape[n["id"]] = c
            if m is not None:
                self.mods[key] = m

    def forward(self, x):
        v = {}
        for n in self.nodes:
            k, i = n["kind"], [v[j] for j in n.get("inputs", [])]
            key = n["id"].replace(".", "_")
            if k == "Concat":
                v[n["id"]] = torch.cat(i, 1); continue
            if k == "ChannelShuffle":
                v[n["id"]] = channel_shuffle(i[0], n.get("groups", 2)); continue
            if k == "ChannelSplit":
                v[n["id"]] = i[0].chunk(n.get("parts", 2), dim=1)[n.get("index", 0)]; continue
            if k == "ChannelScale":
                v[n["id"]] = i[0] * i[1][:, :, None, None]; continue
            v[n["id"]] = (x if k == "Input" else i[0] + i[1] if k == "Add" else torch.flatten(i[0], 1) if k == "Flatten"
                          else self.mods[key](torch.flatten(i[0], 1) if k in ("Dense", "Output") and i[0].dim() > 2 else i[0]))
        return v[self.nodes[-1]["id"]]


classes = sorted(d for d in os.listdir(a.folder) if os.path.isdir(os.path.join(a.folder, d)))
files = [(os.path.join(a.folder, c, f), y) for y, c in enumerate(classes) for f in sorted(os.listdir(os.path.join(a.folder, c)))]
chw = graph["nodes"][0]["shape"]
x = torch.tensor(np.stack([np.asarray(Image.open(f).convert("RGB").resize((chw[2], chw[1]), Image.BILINEAR))
                           for f, _ in files]), dtype=torch.float32).permute(0, 3, 1, 2).contiguous() / 255
y = torch.tensor([l for _, l in files])
order = torch.randperm(len(x))
train = order[: int(round(len(x) * 0.9))]
net = Graph(graph["nodes"])
net(x[:2])  # sizes the lazy layers
count = sum(q.numel() for q in net.parameters() if q.requires_grad)
print(f"{graph['name']}: parameters {count}, threads {torch.get_num_threads()}, torch {torch.__version__}, "
      f"training images {len(train)}")
if a.params and count != a.params:
    raise SystemExit(f"parameter count {count} is not the graph's {a.params}")
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
loss = nn.CrossEntropyLoss()
for epoch in range(1, a.epochs + 1):
    profiling = a.kinds and epoch == a.epochs
    with torch_kinds.profiler(profiling) as prof:
        net.train()
        perm = train[torch.randperm(len(train))]
        rates, cpu_rates, start, total = [], [], time.perf_counter(), 0.0
        for i in range(0, len(perm), a.batch):
            b = perm[i:i + a.batch]
            t0, c0 = time.perf_counter(), time.thread_time()
            opt.zero_grad()
            l = loss(net(x[b]), y[b])
            l.backward()
            opt.step()
            rates.append(len(b) / (time.perf_counter() - t0))
            cpu_rates.append(len(b) / max(time.thread_time() - c0, 1e-9))
            total += l.item()
    print(f"epoch {epoch}: median examples/s {statistics.median(rates[a.skip:]):.1f}, epoch {time.perf_counter() - start:.1f} s, "
          f"mean loss {total / len(rates):.4f}; per CPU second of the training thread {statistics.median(cpu_rates[a.skip:]):.1f}")
    if profiling:
        torch_kinds.write(a.kinds, prof, rates, a.batch, len(perm))
