"""COCO RLE references from pycocotools itself: masks of many shapes (empty, full, single pixels, stripes, random
blobs, sizes from 1x1 to 120x150) with
pycocotools.mask.encode's counts string and area.

    /tmp/hfref/bin/pip install pycocotools==2.0.8
    /tmp/hfref/bin/python transformers/src/test/python/coco_rle_references.py \
        transformers/src/test/resources/coco-rle/pycocotools.json
"""
import json
import sys

import numpy as np
import pycocotools
from pycocotools import mask as mask_utils


def masks():
    rng = np.random.default_rng(7)
    yield "empty 5x7", np.zeros((5, 7), np.uint8)
    yield "full 5x7", np.ones((5, 7), np.uint8)
    yield "one pixel 1x1", np.ones((1, 1), np.uint8)
    yield "zero pixel 1x1", np.zeros((1, 1), np.uint8)
    m = np.zeros((6, 4), np.uint8); m[0, 0] = 1
    yield "first pixel", m
    m = np.zeros((6, 4), np.uint8); m[-1, -1] = 1
    yield "last pixel", m
    m = np.zeros((8, 8), np.uint8); m[:, ::2] = 1
    yield "column stripes", m
    m = np.zeros((8, 8), np.uint8); m[::2, :] = 1
    yield "row stripes", m
    m = np.indices((9, 11)).sum(axis=0) % 2
    yield "checkerboard", m.astype(np.uint8)
    for h, w, p in [(16, 16, 0.5), (31, 17, 0.1), (64, 97, 0.9), (3, 200, 0.5), (200, 3, 0.3)]:
        yield f"random {h}x{w} p={p}", (rng.random((h, w)) < p).astype(np.uint8)
    for h, w in [(40, 60), (97, 64)]:
        yy, xx = np.mgrid[:h, :w]
        yield f"disc {h}x{w}", (((yy - h / 2) ** 2 + (xx - w / 3) ** 2) < (min(h, w) / 3) ** 2).astype(np.uint8)
    m = np.zeros((120, 150), np.uint8); m[3:118, 2:149] = 1
    yield "box 120x150 (long runs)", m


def label_maps():
    """Maps of several ids (-1 included, as instance maps have it) for encoding every id in one pass."""
    rng = np.random.default_rng(9)
    yield "blocks 6x9", np.repeat(np.repeat(np.array([[0, 1, 2], [2, -1, 0]]), 3, axis=0), 3, axis=1)
    yield "one id 4x4", np.full((4, 4), 3)
    yield "random 23x31 of 5 ids", rng.integers(-1, 4, (23, 31))
    yy, xx = np.mgrid[:40, :50]
    yield "rings 40x50", (np.hypot(yy - 20, xx - 25) // 6).astype(int) - 1
    yield "columns 7x1", np.array([[0], [0], [1], [1], [1], [0], [2]])


def main():
    maps = []
    for name, m in label_maps():
        ids = sorted(int(v) for v in np.unique(m))
        per_id = {}
        for i in ids:
            rle = mask_utils.encode(np.asfortranarray((m == i).astype(np.uint8)))
            per_id[str(i)] = {"counts": rle["counts"].decode("ascii"), "area": int(mask_utils.area(rle))}
        maps.append({"name": name, "height": int(m.shape[0]), "width": int(m.shape[1]),
                     "ids": [[int(v) for v in row] for row in m], "per_id": per_id})
    out = []
    for name, m in masks():
        rle = mask_utils.encode(np.asfortranarray(m))
        out.append({"name": name, "height": int(m.shape[0]), "width": int(m.shape[1]),
                    "rows": ["".join(str(int(v)) for v in row) for row in m],
                    "counts": rle["counts"].decode("ascii"), "area": int(mask_utils.area(rle))})
    with open(sys.argv[1], "w") as f:
        json.dump({"generator": "transformers/src/test/python/coco_rle_references.py",
                   "pycocotools": pycocotools.__version__ if hasattr(pycocotools, "__version__") else "2.0.8",
                   "masks": out, "maps": maps}, f, indent=1)


if __name__ == "__main__":
    main()
