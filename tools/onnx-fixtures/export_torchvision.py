#!/usr/bin/env python3
"""Exports torchvision classifiers to ONNX as fixtures for LayerLoom's ONNX import.

For each model: MODEL.onnx (opset 13, eval mode, BatchNorm kept as BatchNormalization),
MODEL.input.npy (a fixed random float32 batch of 2 x 3 x 224 x 224), MODEL.output.npy
(PyTorch's eval output for it) and MODEL.json (trainable parameter count, op-type histogram,
opset, and the attributes an importer has to honour). Runs outside Maven: it needs torch,
torchvision, onnx and numpy (Debian's python3-torch 1.13, python3-torchvision 0.14,
python3-onnx 1.12), which CI does not have. See README.md beside it.
"""
import argparse
import collections
import json
import os
import sys
import time

import numpy as np
import onnx
import torch
import torchvision

# Eval-mode export that keeps BatchNormalization: TrainingMode.EVAL would run the exporter's
# eval peephole pass, which folds every BatchNorm into the Conv before it; PRESERVE exports the
# model in the mode it is in (eval here) without that fold. Constant folding is off so that
# initializers stay as PyTorch holds them.
OPSET = 13

# name -> constructor with the arguments that make it deterministic and eval-exportable
MODELS = collections.OrderedDict([
    ("resnet18", lambda: torchvision.models.resnet18(weights=None)),
    ("resnet50", lambda: torchvision.models.resnet50(weights=None)),
    ("resnext50_32x4d", lambda: torchvision.models.resnext50_32x4d(weights=None)),
    ("mobilenet_v2", lambda: torchvision.models.mobilenet_v2(weights=None)),
    ("mobilenet_v3_small", lambda: torchvision.models.mobilenet_v3_small(weights=None)),
    ("efficientnet_b0", lambda: torchvision.models.efficientnet_b0(weights=None)),
    ("squeezenet1_0", lambda: torchvision.models.squeezenet1_0(weights=None)),
    ("squeezenet1_1", lambda: torchvision.models.squeezenet1_1(weights=None)),
    ("googlenet", lambda: torchvision.models.googlenet(
        weights=None, aux_logits=False, transform_input=False, init_weights=True)),
    ("densenet121", lambda: torchvision.models.densenet121(weights=None)),
    ("alexnet", lambda: torchvision.models.alexnet(weights=None)),
    ("vgg11", lambda: torchvision.models.vgg11(weights=None)),
    # channel shuffle (5-d Reshape, Transpose) and chunk (Slice of computed sizes): ChannelShuffle, ChannelSplit
    ("shufflenet_v2_x0_5", lambda: torchvision.models.shufflenet_v2_x0_5(weights=None)),
    ("shufflenet_v2_x1_0", lambda: torchvision.models.shufflenet_v2_x1_0(weights=None)),
    # refused on purpose: LayerNorm over channels (ReduceMean, Pow, Sqrt, Div) and GELU (Erf); the
    # README's picture of the import's report (onnx-unsupported.png) is of this model
    ("convnext_tiny", lambda: torchvision.models.convnext_tiny(weights=None)),
])

SEED = 20261202


def vary_constant_tensors(model):
    """Makes the tensors torchvision initialises to one repeated value vary.

    A fresh torchvision model has BatchNorm scale 1, shift 0, running mean 0 and variance 1, and
    zero biases: an importer that swapped mean and variance, or dropped a bias, would still give
    PyTorch's outputs. Drawing them from a seeded generator makes the fixtures catch that (and,
    as a side effect, leaves the exporter fewer equal initializers to deduplicate through
    Identity; --torchvision-init keeps the original values to see that deduplication).
    """
    generator = torch.Generator().manual_seed(SEED)

    def draw(tensor, low, high):
        tensor.copy_(torch.rand(tensor.shape, generator=generator) * (high - low) + low)

    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
                draw(module.weight, 0.5, 1.5)
                draw(module.bias, -0.2, 0.2)
                draw(module.running_mean, -0.2, 0.2)
                draw(module.running_var, 0.5, 1.5)
            elif getattr(module, "bias", None) is not None and not module.bias.any():
                draw(module.bias, -0.05, 0.05)


def attribute_value(attribute):
    value = onnx.helper.get_attribute_value(attribute)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, onnx.TensorProto):
        return {"tensor": list(value.dims), "dtype": value.data_type}
    if isinstance(value, (list, tuple)):
        return list(value)
    return value


def inventory(model_proto):
    """What an importer meets in this graph: op counts, attribute variants, inputs per op."""
    graph = model_proto.graph
    initializers = {i.name for i in graph.initializer}
    histogram = collections.Counter(node.op_type for node in graph.node)
    variants = collections.defaultdict(collections.Counter)
    for node in graph.node:
        attributes = {a.name: attribute_value(a) for a in node.attribute}
        if node.op_type == "Constant":
            attributes = {"value": attributes.get("value")}
        const_inputs = [i in initializers for i in node.input]
        key = json.dumps({"attributes": attributes,
                          "inputs": len(node.input),
                          "initializer_inputs": const_inputs},
                         sort_keys=True)
        variants[node.op_type][key] += 1
    return {
        "opset": [{"domain": o.domain, "version": o.version} for o in model_proto.opset_import],
        "nodes": len(graph.node),
        "initializers": len(graph.initializer),
        "inputs": [(i.name, [d.dim_value or d.dim_param for d in i.type.tensor_type.shape.dim])
                   for i in graph.input],
        "outputs": [(o.name, [d.dim_value or d.dim_param for d in o.type.tensor_type.shape.dim])
                    for o in graph.output],
        "op_histogram": dict(sorted(histogram.items())),
        "op_variants": {op: [dict(json.loads(k), count=n) for k, n in sorted(c.items())]
                        for op, c in sorted(variants.items())},
    }


def export(name, out_dir, dynamic_batch, torchvision_init):
    torch.manual_seed(SEED)
    model = MODELS[name]()
    if not torchvision_init:
        vary_constant_tensors(model)
    model.eval()
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    x = np.random.default_rng(SEED).standard_normal((2, 3, 224, 224)).astype(np.float32)
    with torch.no_grad():
        y = model(torch.from_numpy(x)).numpy()
    path = os.path.join(out_dir, name + ".onnx")
    axes = {"input": {0: "batch"}, "output": {0: "batch"}} if dynamic_batch else None
    torch.onnx.export(model, torch.from_numpy(x), path, opset_version=OPSET,
                      do_constant_folding=False,
                      training=torch.onnx.TrainingMode.PRESERVE,
                      input_names=["input"], output_names=["output"], dynamic_axes=axes)
    if model.training:
        raise SystemExit(name + ": the export left the model in training mode")
    np.save(os.path.join(out_dir, name + ".input.npy"), x)
    np.save(os.path.join(out_dir, name + ".output.npy"), y)
    proto = onnx.load(path)
    onnx.checker.check_model(proto, full_check=True)
    summary = {"model": name, "torch": torch.__version__,
               "torchvision": torchvision.__version__, "onnx": onnx.__version__,
               "seed": SEED, "torchvision_init": torchvision_init,
               "dynamic_batch": dynamic_batch, "trainable_parameters": int(trainable),
               "file_bytes": os.path.getsize(path), "checker": "ok",
               "output_shape": list(y.shape)}
    summary.update(inventory(proto))
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="/work/fixtures/torchvision",
                        help="where to write the files (big: keep it outside the repository)")
    parser.add_argument("--models", default=",".join(MODELS),
                        help="comma-separated subset of: " + ", ".join(MODELS))
    parser.add_argument("--dynamic-batch", action="store_true",
                        help="declare the batch dimension symbolic ('batch')")
    parser.add_argument("--torchvision-init", action="store_true",
                        help="keep torchvision's initial values (BatchNorm 1/0/0/1, zero biases)"
                             " instead of drawing them at random")
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    torch.set_num_threads(1)
    failed = []
    for name in args.models.split(","):
        if name not in MODELS:
            parser.error("unknown model '%s'; choose from %s" % (name, ", ".join(MODELS)))
        start = time.time()
        try:
            s = export(name, args.out_dir, args.dynamic_batch, args.torchvision_init)
        except Exception as e:  # report and go on: one model the exporter cannot take
            failed.append(name)
            print("%s: FAILED: %s: %s" % (name, type(e).__name__, e), flush=True)
            continue
        print("%s: %.1f MB, %d trainable parameters, %d nodes, %.0f s: %s" % (
            name, s["file_bytes"] / 1e6, s["trainable_parameters"], s["nodes"],
            time.time() - start, s["op_histogram"]), flush=True)
    if failed:
        sys.exit("failed: " + ", ".join(failed))


if __name__ == "__main__":
    main()
