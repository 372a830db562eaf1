#!/usr/bin/python3
"""The PyTorch reference for the thread and inference benchmarks (Debian's python3-torch on
/usr/bin/python3): the networks of benchmarks/training/lenet5-fashion.json (LeNet-5, ReLU, max
pooling, 1x28x28) and benchmarks/threads/resnet18-64.json (torchvision's ResNet-18, 3x64x64, 10
classes), on random inputs in [0, 1) and random classes.
  --mode train: forward, backward and Adam 1e-3 step per iteration (as layerloom profile's whole iteration)
  --mode eval:  net.eval() and torch.no_grad() forward of one batch (as evaluate and predict run)
Prints one JSON line: the median milliseconds per iteration after the warm-up, examples/s from it,
the parameter count and the threads used.
Usage: /usr/bin/python3 torch_nets.py --net resnet18-64 --mode train --threads 1 --batch 32"""
import argparse, json, statistics, time
import torch
from torch import nn

p = argparse.ArgumentParser()
p.add_argument("--net", choices=["lenet5", "resnet18-64"], required=True)
p.add_argument("--mode", choices=["train", "eval"], required=True)
p.add_argument("--threads", type=int, default=1)
p.add_argument("--batch", type=int, default=64)
p.add_argument("--warmup", type=int, default=3)
p.add_argument("--iterations", type=int, default=20)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(42)
if a.net == "lenet5":
    net = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    shape = (1, 28, 28)
else:
    import torchvision
    net = torchvision.models.resnet18(num_classes=10)
    shape = (3, 64, 64)
x = torch.rand(a.batch, *shape)
y = torch.randint(0, 10, (a.batch,))
times = []
if a.mode == "train":
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss = nn.CrossEntropyLoss()
    for i in range(a.warmup + a.iterations):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss(net(x), y).backward()
        opt.step()
        times.append(time.perf_counter() - t0)
else:
    net.eval()
    with torch.no_grad():
        for i in range(a.warmup + a.iterations):
            t0 = time.perf_counter()
            net(x).argmax(1)
            times.append(time.perf_counter() - t0)
ms = statistics.median(times[a.warmup:]) * 1000
print(json.dumps({"net": a.net, "mode": a.mode, "threads": torch.get_num_threads(), "batch": a.batch,
                  "params": sum(q.numel() for q in net.parameters()), "medianMs": round(ms, 3),
                  "examplesPerSecond": round(a.batch / ms * 1000, 1), "torch": torch.__version__}))
