"""Mask2Former post-processing references from transformers 4.37.2 itself, on synthetic model outputs built to reach
what a random-weight export does not: masks empty at 384x384, no query kept, fused classes, a query that wins too
little of its own mask, exact ties between queries and classes, thresholds at the scores.

    /tmp/hfref/bin/python transformers/src/test/python/mask2former_references.py \
        transformers/src/test/resources/mask2former-references/references.json

Each case: class_queries_logits [queries, classes + 1] and masks_queries_logits [queries, mh, mw] (float32, listed),
the target size, and per call the processor's outputs: the semantic map, instance segments (label id, score, mask
area, and the painted map), panoptic map and segments_info.
"""
import json
import sys

import numpy as np
import torch
import transformers
from transformers import Mask2FormerImageProcessor


def cases():
    rng = np.random.default_rng(11)
    q, classes, mh, mw = 5, 3, 6, 7

    def base():
        # Confident queries: each leans to one class (the last index is "no object"), as a trained model's do.
        cls = rng.normal(0, 1, (q, classes + 1)).astype(np.float32)
        cls[np.arange(q), rng.integers(0, classes + 1, q)] += 5
        masks = rng.normal(0, 3, (q, mh, mw)).astype(np.float32)
        return cls, masks

    cls, masks = base()
    yield "random", cls, masks, (11, 13), {}
    cls, masks = base()
    masks[1] = -5.0  # an empty mask: no pixel > 0
    masks[3] = -0.5
    cls[1] = [4, 0, 0, 0]
    yield "empty masks", cls, masks, (9, 10), {}
    cls, masks = base()
    cls[:, classes] = 9.0  # every query's best class is "no object"
    yield "nothing kept", cls, masks, (7, 8), {}
    cls, masks = base()
    cls[0] = [5, 0, 0, 0]
    cls[2] = [5, 0, 0, 0]
    masks[0, :, :3] = 6
    masks[0, :, 3:] = -6
    masks[2, :, :3] = -6
    masks[2, :, 3:] = 6
    yield "fused class", cls, masks, (12, 14), {"label_ids_to_fuse": [0]}
    cls, masks = base()
    cls[4] = [0, 6, 0, 0]
    masks[4] = 2.0  # a query whose large mask is mostly won by others
    yield "small overlap", cls, masks, (10, 12), {"overlap_mask_area_threshold": 0.9}
    cls, masks = base()
    cls[:] = [[4, 4, 0, 0]] * q  # class ties within each query, identical queries
    masks[:] = masks[0]
    yield "ties", cls, masks, (8, 9), {"threshold": 0.3}
    cls, masks = base()
    yield "high thresholds", cls, masks, (10, 11), {"threshold": 0.6, "mask_threshold": 0.7}
    cls, masks = base()
    # "no object" narrowly first, a real class close behind (above the threshold); no two (query, class) scores tie.
    cls[:] = np.array([[2.0, 1.7, 0, 2.3]] * q, np.float32) + np.arange(q, dtype=np.float32)[:, None] * 0.03
    cls[2] = [3.0, 0, 0, 0]
    yield "no object first", cls, masks, (9, 12), {"threshold": 0.2}


def to_py(x):
    if isinstance(x, torch.Tensor):
        return x.tolist()
    if isinstance(x, dict):
        return {k: to_py(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [to_py(v) for v in x]
    return x


def main(out):
    processor = Mask2FormerImageProcessor()
    result = {"transformers": transformers.__version__, "torch": torch.__version__, "cases": []}
    for name, cls, masks, size, kw in cases():

        class Outputs:
            class_queries_logits = torch.from_numpy(cls)[None]
            masks_queries_logits = torch.from_numpy(masks)[None]

        semantic = processor.post_process_semantic_segmentation(Outputs, target_sizes=[size])[0]
        threshold = kw.get("threshold", 0.3)
        instance = processor.post_process_instance_segmentation(
            Outputs, threshold=threshold, target_sizes=[size], return_binary_maps=False
        )[0]
        # The processor's defaults, overridden by the case: recorded, so the test restates none of them.
        panoptic_kw = {"threshold": 0.5, "mask_threshold": 0.5, "overlap_mask_area_threshold": 0.8,
                       "label_ids_to_fuse": []}
        panoptic_kw.update(kw)
        panoptic = processor.post_process_panoptic_segmentation(
            Outputs, target_sizes=[size], **{**panoptic_kw, "label_ids_to_fuse": set(panoptic_kw["label_ids_to_fuse"])}
        )[0]
        result["cases"].append(
            {
                "name": name,
                "class_queries_logits": cls.tolist(),
                "masks_queries_logits": masks.tolist(),
                "target_size_hw": list(size),
                "kwargs": kw,
                "semantic_map": to_py(semantic),
                # With tied (query, class) scores torch's unsorted top-k picks among them in no specified order.
                "instance": None if name == "ties" else {
                    "threshold": threshold, "map": to_py(instance["segmentation"]),
                    "segments_info": to_py(instance["segments_info"])},
                "panoptic": {"arguments": panoptic_kw, "map": to_py(panoptic["segmentation"]),
                             "segments_info": to_py(panoptic["segments_info"])},
            }
        )
    with open(out, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(sys.argv[1])
