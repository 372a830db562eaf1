#!/usr/bin/env python3
"""Exports small nn.LSTM models to ONNX as fixtures for LayerLoom's LSTM import.

For each model: MODEL.onnx (opset 13, eval mode, torch.onnx.export's defaults otherwise, so
constant folding on, but for one model exported with do_constant_folding=False), MODEL.input.npy (a fixed random float32 batch in PyTorch's layout,
[N, T, F] or [T, N, F]), MODEL.dl4j-input.npy (the same values as LayerLoom and DL4J hold a
sequence, [N, F, T], for `layerloom predict`), MODEL.output.npy (PyTorch's output),
MODEL.dl4j-output.npy (the same in LayerLoom's layout: a tagger's [N, classes, T]) and
MODEL.json (trainable parameter count as PyTorch counts it, the count without PyTorch's second
LSTM bias, which DL4J's LSTM folds into one, and the op histogram). Needs Debian's python3-torch
1.13 and python3-onnx; run with /usr/bin/python3. See README.md beside it.
"""
import argparse
import collections
import json
import os

import numpy as np
import onnx
import torch

OPSET = 13
SEED = 20261202
BATCH = 3


class Classifier(torch.nn.Module):
    """LSTM, then a Linear on the last time step (output[:, -1] or output[-1])."""

    def __init__(self, features, hidden, classes, batch_first, bidirectional, layers):
        super().__init__()
        self.batch_first = batch_first
        self.lstm = torch.nn.LSTM(features, hidden, num_layers=layers, batch_first=batch_first,
                                  bidirectional=bidirectional)
        self.fc = torch.nn.Linear(hidden * (2 if bidirectional else 1), classes)

    def forward(self, x):
        y, _ = self.lstm(x)
        return self.fc(y[:, -1, :] if self.batch_first else y[-1])


class FinalState(torch.nn.Module):
    """A forward LSTM's final hidden state h_n[-1] into a Linear, the other common head."""

    def __init__(self, features, hidden, classes):
        super().__init__()
        self.lstm = torch.nn.LSTM(features, hidden, batch_first=True)
        self.fc = torch.nn.Linear(hidden, classes)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.fc(h[-1])


class Tagger(torch.nn.Module):
    """A Linear at every time step of the whole output (a sequence tagger)."""

    def __init__(self, features, hidden, classes, batch_first, bidirectional):
        super().__init__()
        self.lstm = torch.nn.LSTM(features, hidden, batch_first=batch_first, bidirectional=bidirectional)
        self.fc = torch.nn.Linear(hidden * (2 if bidirectional else 1), classes)

    def forward(self, x):
        y, _ = self.lstm(x)
        return self.fc(y)


# name -> (constructor, steps, features, batch_first)
MODELS = collections.OrderedDict([
    ("lstm_batch_first", (lambda: Classifier(8, 16, 5, True, False, 1), 12, 8, True)),
    ("lstm_time_major", (lambda: Classifier(8, 16, 5, False, False, 1), 12, 8, False)),
    ("lstm_bidirectional", (lambda: Classifier(8, 16, 5, True, True, 1), 12, 8, True)),
    ("lstm_bidirectional_time_major", (lambda: Classifier(6, 10, 4, False, True, 1), 9, 6, False)),
    ("lstm_stacked", (lambda: Classifier(8, 16, 5, True, False, 2), 12, 8, True)),
    ("lstm_stacked_bidirectional", (lambda: Classifier(8, 12, 5, True, True, 2), 10, 8, True)),
    ("lstm_final_state", (lambda: FinalState(8, 16, 5), 12, 8, True)),
    ("lstm_tagger", (lambda: Tagger(8, 16, 5, True, False), 12, 8, True)),
    ("lstm_tagger_bidirectional_time_major", (lambda: Tagger(6, 10, 4, False, True), 9, 6, False)),
    # As the torchvision fixtures are exported: the gate reordering is then Slice and Concat of the
    # initializers, which the import computes.
    ("lstm_bidirectional_unfolded", (lambda: Classifier(8, 16, 5, True, True, 1), 12, 8, True)),
])
UNFOLDED = {"lstm_bidirectional_unfolded"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="/work/fixtures/recurrent")
    parser.add_argument("--models", default=",".join(MODELS))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name in args.models.split(","):
        make, steps, features, batch_first = MODELS[name]
        torch.manual_seed(SEED)
        model = make().eval()
        # nn.LSTM initialises both biases from the same range; draw them apart so that an importer
        # that dropped one of them (instead of adding them) would not pass.
        with torch.no_grad():
            for pname, p in model.named_parameters():
                if "bias_hh" in pname:
                    p.uniform_(-0.5, 0.5)
        generator = torch.Generator().manual_seed(SEED + 1)
        shape = (BATCH, steps, features) if batch_first else (steps, BATCH, features)
        x = torch.randn(*shape, generator=generator)
        with torch.no_grad():
            y = model(x)
        path = os.path.join(args.out, name + ".onnx")
        torch.onnx.export(model, x, path, opset_version=OPSET, input_names=["x"], output_names=["y"],
                          do_constant_folding=name not in UNFOLDED)
        m = onnx.load(path)
        onnx.checker.check_model(m, full_check=True)
        np.save(os.path.join(args.out, name + ".input.npy"), x.numpy().astype(np.float32))
        # LayerLoom holds a sequence as DL4J does: [N, features, T].
        ours = x.permute(0, 2, 1) if batch_first else x.permute(1, 2, 0)
        np.save(os.path.join(args.out, name + ".dl4j-input.npy"), np.ascontiguousarray(ours.numpy().astype(np.float32)))
        np.save(os.path.join(args.out, name + ".output.npy"), y.numpy().astype(np.float32))
        # A tagger's output per step as LayerLoom's RnnOutput gives it: [N, classes, T].
        ours = y if y.dim() == 2 else (y.permute(0, 2, 1) if batch_first else y.permute(1, 2, 0))
        np.save(os.path.join(args.out, name + ".dl4j-output.npy"), np.ascontiguousarray(ours.numpy().astype(np.float32)))
        trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
        second_bias = sum(p.numel() for n, p in model.named_parameters() if "bias_hh" in n)
        ops = collections.Counter(n.op_type for n in m.graph.node)
        with open(os.path.join(args.out, name + ".json"), "w") as f:
            json.dump({"trainable_parameters": trainable,
                       "trainable_parameters_without_bias_hh": trainable - second_bias,
                       "opset": OPSET, "ops": dict(sorted(ops.items()))}, f, indent=1)
        print(f"{name}: {trainable:,} trainable ({trainable - second_bias:,} without bias_hh), ops {dict(ops)}")


if __name__ == "__main__":
    main()
