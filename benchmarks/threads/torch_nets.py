#!/usr/bin/python3
"""The PyTorch reference for the thread and inference benchmarks (Debian's python3-torch on
/usr/bin/python3): the networks of benchmarks/training/lenet5-fashion.json (LeNet-5, ReLU, max
pooling, 1x28x28) and benchmarks/threads/resnet18-64.json (torchvision's ResNet-18, 3x64x64, 10
classes), on random inputs in [0, 1) and random classes.
  --mode train: forward, backward and Adam 1e-3 step per iteration (as layerloom profile's whole iteration)
  --mode eval:  net.eval() and torch.no_grad() forward of one fixed batch, repeated
Both print one JSON line: the median milliseconds per iteration after the warm-up, examples/s from
it, the parameter count and the threads used.
  --mode evaluate --input X.npy --labels L.npy: what `layerloom evaluate` does, in eval mode and
      no_grad, the network ending in softmax as LayerLoom's Output layer does: X (float32, in memory,
      as evaluate holds its test set) in order, BATCH at a time: each batch made a tensor, run,
      its argmax counted into a confusion matrix;
  --mode predict --input X.npy --output Y.npy: what `layerloom predict` does: X read from the file
      BATCH at a time, run, the float32 outputs written to Y.npy (through a temporary file).
  These two print JSON lines as `layerloom evaluate|predict --progress json` does: one per batch
  ({"event": "batch", "batch", "examples", "seconds", "threadCpuSeconds"}: wall time and the
  calling thread's CPU time of everything done for it), then (evaluate) {"event": "evaluation",
  "accuracy"}, then {"event": "finished", "examples", "batches", "seconds", "cpuSeconds" (the
  process's), "examplesPerSecond"} for the whole pass, first batch included, clock started after
  the data (evaluate) or the input file's header (predict) was read, as LayerLoom's commands start it.
Usage: /usr/bin/python3 torch_nets.py --net resnet18-64 --mode train --threads 1 --batch 32"""
import argparse, json, os, statistics, time
import torch
from torch import nn

p = argparse.ArgumentParser()
p.add_argument("--net", choices=["lenet5", "resnet18-64"], required=True)
p.add_argument("--mode", choices=["train", "eval", "evaluate", "predict"], required=True)
p.add_argument("--threads", type=int, default=1)
p.add_argument("--batch", type=int, default=64)
p.add_argument("--warmup", type=int, default=3)
p.add_argument("--iterations", type=int, default=20)
p.add_argument("--input")
p.add_argument("--labels")
p.add_argument("--output")
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
if a.mode in ("evaluate", "predict"):
    import numpy as np
    net.eval()
    net = nn.Sequential(net, nn.Softmax(dim=1))  # LayerLoom's Output layer ends in softmax
    batches, whole_start, cpu_start = 0, 0.0, 0.0

    def batch(n, t0, c0):
        global batches
        batches += 1
        print(json.dumps({"event": "batch", "batch": batches, "examples": n, "seconds": time.perf_counter() - t0,
                          "threadCpuSeconds": time.thread_time() - c0}), flush=True)

    with torch.no_grad():
        if a.mode == "evaluate":
            x, labels = np.load(a.input), np.load(a.labels).astype(np.int64)
            k = int(labels.max()) + 1
            confusion = np.zeros((k, k), np.int64)
            whole_start, cpu_start = time.perf_counter(), time.process_time()
            for first in range(0, len(x), a.batch):
                t0, c0 = time.perf_counter(), time.thread_time()
                predicted = net(torch.from_numpy(x[first:first + a.batch])).argmax(1).numpy()
                truth = labels[first:first + a.batch]
                confusion += np.bincount(truth * k + predicted, minlength=k * k).reshape(k, k)
                batch(len(truth), t0, c0)
            n = len(x)
            print(json.dumps({"event": "evaluation", "accuracy": float(np.trace(confusion) / n)}))
        else:
            x = np.load(a.input, mmap_mode="r")
            n = x.shape[0]
            whole_start, cpu_start = time.perf_counter(), time.process_time()
            tmp = a.output + ".tmp"
            with open(tmp, "wb") as f:
                for first in range(0, n, a.batch):
                    t0, c0 = time.perf_counter(), time.thread_time()
                    y = net(torch.from_numpy(np.array(x[first:first + a.batch], dtype=np.float32))).numpy()
                    if first == 0:
                        np.lib.format.write_array_header_1_0(f, {"descr": "<f4", "fortran_order": False, "shape": (n,) + y.shape[1:]})
                    f.write(y.astype("<f4", copy=False).tobytes())
                    batch(len(y), t0, c0)
            os.replace(tmp, a.output)
        seconds = time.perf_counter() - whole_start
        print(json.dumps({"event": "finished", "examples": n, "batches": batches, "batch": a.batch, "seconds": seconds,
                          "cpuSeconds": time.process_time() - cpu_start, "examplesPerSecond": n / seconds,
                          "threads": torch.get_num_threads(), "torch": torch.__version__}))
    raise SystemExit(0)
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
