#!/usr/bin/python3
"""A generated image folder for the training speed runs (issue 13): N RGB PNGs of SIZExSIZE, one
sub-folder per class (c0 .. c9), the layout 'layerloom train --data FOLDER' and torch_resnet.py read.
Each class is a noisy colour gradient of its own direction and hue, so the task is learnable; the
content does not change the speed. Deterministic (seed 13).
Usage: /usr/bin/python3 make_images.py OUTDIR [N=6400] [SIZE=32]"""
import os, sys
import numpy as np
from PIL import Image

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 6400
size = int(sys.argv[3]) if len(sys.argv) > 3 else 32
rng = np.random.default_rng(13)
ramp = np.linspace(0, 1, size)
for c in range(10):
    os.makedirs(f"{out}/c{c}", exist_ok=True)
    angle = np.pi * c / 10
    base = np.cos(angle) * ramp[None, :] + np.sin(angle) * ramp[:, None]
    hue = np.array([np.cos(angle), np.sin(angle), 0.5])
    for i in range(n // 10):
        img = (base[..., None] * hue[None, None, :] + rng.normal(0, 0.35, (size, size, 3))) * 110 + 100
        Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB").save(f"{out}/c{c}/{i:04d}.png")
print(f"{n} images of {size}x{size} in {out}")
