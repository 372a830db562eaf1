"""PyTorch's operators by the LayerLoom node kind whose pass runs them, for the side-by-side profiles
(torch_graph.py --kinds, torch_lenet5.py --kinds; kinds.py prints them beside 'layerloom profile')."""
import contextlib, json

import torch

# PyTorch's operators by the LayerLoom kind whose pass runs them (forward, backward); grouped
# (depthwise) convolutions are the same operators as the others: PyTorch's Conv2D row holds both
KINDS = {"aten::mkldnn_convolution": ("Conv2D", 0), "aten::thnn_conv2d": ("Conv2D", 0),
         "aten::_slow_conv2d_forward": ("Conv2D", 0), "aten::convolution_backward": ("Conv2D", 1),
         "aten::native_batch_norm": ("BatchNorm", 0), "aten::native_batch_norm_backward": ("BatchNorm", 1),
         "aten::clamp_min": ("Activation", 0), "aten::clamp_min_": ("Activation", 0), "aten::relu_": ("Activation", 0),
         "aten::threshold_backward": ("Activation", 1), "aten::hardtanh": ("Activation", 0),
         "aten::hardtanh_": ("Activation", 0), "aten::hardtanh_backward": ("Activation", 1),
         "aten::constant_pad_nd": ("ZeroPadding2D", 0),
         "aten::max_pool2d_with_indices": ("MaxPool2D", 0), "aten::max_pool2d_with_indices_backward": ("MaxPool2D", 1),
         "aten::avg_pool2d": ("AvgPool2D", 0), "aten::avg_pool2d_backward": ("AvgPool2D", 1),
         "aten::mean": ("GlobalAvgPool", 0), "aten::addmm": ("Dense/Output", 0), "aten::mm": ("Dense/Output", 1),
         "aten::_log_softmax": ("loss", 0), "aten::nll_loss_forward": ("loss", 0),
         "aten::_log_softmax_backward_data": ("loss", 1), "aten::nll_loss_backward": ("loss", 1)}


def kinds(prof, iterations, wall_ms):
    """Own CPU ms per iteration by kind; 'Add' is aten::add outside the optimizer (residual sums)."""
    out, counted = {}, 0.0
    step = 0.0
    for e in prof.key_averages():
        if e.key.startswith("Optimizer.step"):
            step = e.cpu_time_total / 1000 / iterations
    for e in prof.key_averages():
        own = e.self_cpu_time_total / 1000 / iterations
        kind = KINDS.get(e.key) or (("Add", 0) if e.key == "aten::add" else None)
        if kind:
            k = out.setdefault(kind[0], [0.0, 0.0])
            k[kind[1]] += own
            counted += own
    return {"iterations": iterations, "wholeIterationMs": wall_ms, "optimizerMs": step,
            "kinds": {k: {"forwardMs": f, "backwardMs": b} for k, (f, b) in out.items()},
            "otherMs": wall_ms - counted - step}


def profiler(on):
    """torch.profiler over the block (CPU operators) when on, else nothing."""
    return torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) if on else contextlib.nullcontext()


def write(path, prof, rates, batch, examples):
    """The profiled epoch's kinds into path; its iterations took batch examples each (the last the rest of
    examples) at rates examples/s, which gives the epoch's mean wall time per iteration."""
    sizes = [min(batch, examples - i) for i in range(0, examples, batch)]
    wall_ms = sum(size / rate for size, rate in zip(sizes, rates)) * 1000 / len(rates)
    json.dump(kinds(prof, len(rates), wall_ms), open(path, "w"), indent=1)
