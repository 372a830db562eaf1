#!/usr/bin/python3
"""The PyTorch reference for the training benchmark (Debian's python3-torch on /usr/bin/python3):
the same LeNet-5 (ReLU, max pooling), Adam 1e-3, batch 64, on Fashion-MNIST from
/usr/share/datasets/fashion-mnist, pixels scaled to [0, 1].
Usage: /usr/bin/python3 torch_lenet5.py --threads 1 --train 12000 --epochs 2 [--kinds OUT.json]
Prints per epoch: the median examples/s of the iterations after the first 20 (forward, backward and
optimizer step, like layerloom's examplesPerSecond), and the test accuracy on the first 2,000 and on
all 10,000 test images. --kinds OUT.json: the last epoch under torch.profiler, its operators' own
CPU time per iteration by LayerLoom node kind into OUT.json (torch_kinds.py; side-by-side.sh ... kinds)."""
import argparse, gzip, statistics, time
import numpy as np
import torch
from torch import nn
import torch_kinds

D = "/usr/share/datasets/fashion-mnist/"


def idx(name, offset):
    with gzip.open(D + name) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=1)
p.add_argument("--train", type=int, default=12000)
p.add_argument("--epochs", type=int, default=1)
p.add_argument("--seed", type=int, default=42)
p.add_argument("--kinds", default=None)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)
x = torch.tensor(idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28)[: a.train], dtype=torch.float32) / 255
y = torch.tensor(idx("train-labels-idx1-ubyte.gz", 8)[: a.train].astype(np.int64))
tx = torch.tensor(idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28), dtype=torch.float32) / 255
ty = torch.tensor(idx("t10k-labels-idx1-ubyte.gz", 8).astype(np.int64))
net = nn.Sequential(
    nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
    nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
print("parameters", sum(q.numel() for q in net.parameters()), "threads", torch.get_num_threads(), "torch", torch.__version__)
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
loss = nn.CrossEntropyLoss()
for epoch in range(1, a.epochs + 1):
    profiling = a.kinds and epoch == a.epochs
    with torch_kinds.profiler(profiling) as prof:
        net.train()
        order = torch.randperm(len(x))
        rates = []
        start = time.perf_counter()
        for i in range(0, len(x), 64):
            b = order[i:i + 64]
            t0 = time.perf_counter()
            opt.zero_grad()
            l = loss(net(x[b]), y[b])
            l.backward()
            opt.step()
            rates.append(len(b) / (time.perf_counter() - t0))
    wall = time.perf_counter() - start
    if profiling:
        torch_kinds.write(a.kinds, prof, rates, 64, len(x))
    net.eval()
    with torch.no_grad():
        pred = torch.cat([net(tx[i:i + 1000]).argmax(1) for i in range(0, len(tx), 1000)])
    print(f"epoch {epoch}: median examples/s {statistics.median(rates[20:]):.0f}, epoch {wall:.1f} s, "
          f"test accuracy first 2,000 {(pred[:2000] == ty[:2000]).float().mean():.4f}, "
          f"all 10,000 {(pred == ty).float().mean():.4f}")
