"""Image processor and audio feature extractor references from transformers 4.37.2 itself, over configurations the
fixture exports do not use: every size form (height/width, shortest edge with and without longest edge, the legacy
int), crop_pct on both sides of 384, centre crops larger than the image (zero padding), no resize, no rescale, no
normalisation, scalar mean/std, LeViT's 256/224 rule, Mask2Former's size_divisor, every resample filter; configs as
exports write them (a type under either key, its FeatureExtractor alias, none but config.json's model_type), loaded by
AutoImageProcessor: DeiT, MobileNetV1, MobileViT (channel flip), PoolFormer (crop_pct), SegFormer, EfficientNet
(rescale_offset, include_top), DPT (keep_aspect_ratio, ensure_multiple_of), keys a class does not read; Wav2Vec2
without normalisation, Whisper with other mel counts, hops, FFT sizes and windows.

    /tmp/hfref/bin/pip install pillow==9.4.0   # the fixtures' Pillow: resizes are Pillow's
    /tmp/hfref/bin/python transformers/src/test/python/processor_references.py ../shared/fixtures/hf-tiny \
        transformers/src/test/resources/processor-references/references.json

Each image case: the processor config, the input (a fixture file, optionally cropped), pixel_values' shape, the sum
of all values (float64) and every k-th value (k chosen so at most 512 are listed). Each audio case: the extractor
config, the input clip (a fixture waveform, cut), the features' shape, sum and every value.
"""
import base64
import hashlib
import json
import os
import sys
import tempfile

import numpy as np
import PIL
import transformers
from PIL import Image
from transformers import (
    AutoImageProcessor,
    BitImageProcessor,
    CLIPImageProcessor,
    ConvNextImageProcessor,
    LevitImageProcessor,
    Mask2FormerImageProcessor,
    MobileNetV2ImageProcessor,
    ViTImageProcessor,
    Wav2Vec2FeatureExtractor,
    WhisperFeatureExtractor,
)

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]

IMAGE_CASES = [
    (ConvNextImageProcessor, {"size": {"shortest_edge": 32}, "crop_pct": 0.875, "resample": 3,
                              "image_mean": MEAN, "image_std": STD}),
    (ConvNextImageProcessor, {"size": {"shortest_edge": 384}, "resample": 2, "image_mean": MEAN, "image_std": STD}),
    (ConvNextImageProcessor, {"size": {"shortest_edge": 40}, "image_mean": MEAN, "image_std": STD}),
    (ConvNextImageProcessor, {"size": {"shortest_edge": 24}, "crop_pct": 0.5, "do_rescale": False,
                              "do_normalize": False}),
    (ConvNextImageProcessor, {"size": {"shortest_edge": 24}, "do_resize": False, "image_mean": MEAN,
                              "image_std": STD}),
    (ViTImageProcessor, {"size": {"height": 24, "width": 20}, "resample": 2}),
    (ViTImageProcessor, {"size": 28, "resample": 0, "image_mean": 0.3, "image_std": 0.7}),
    (ViTImageProcessor, {"do_resize": False, "do_normalize": False, "rescale_factor": 0.5}),
    (ViTImageProcessor, {"size": {"height": 17, "width": 31}, "resample": 1, "do_rescale": False,
                         "image_mean": [100.0, 110.0, 120.0], "image_std": [50.0, 60.0, 70.0]}),
    (CLIPImageProcessor, {"size": {"shortest_edge": 24}, "crop_size": {"height": 20, "width": 20},
                          "do_center_crop": True, "resample": 3, "image_mean": MEAN, "image_std": STD}),
    (CLIPImageProcessor, {"size": 26, "crop_size": 18, "do_center_crop": True, "resample": 4}),
    (CLIPImageProcessor, {"do_resize": False, "crop_size": {"height": 64, "width": 70}, "do_center_crop": True,
                          "resample": 5}),
    (CLIPImageProcessor, {"size": {"shortest_edge": 30}, "crop_size": {"height": 30, "width": 30},
                          "do_center_crop": False}),
    # Crops that pad one side only: taller than the image but narrower, and the other way round.
    (CLIPImageProcessor, {"do_resize": False, "crop_size": {"height": 30, "width": 460}, "do_center_crop": True}),
    (CLIPImageProcessor, {"do_resize": False, "crop_size": {"height": 310, "width": 21}, "do_center_crop": True}),
    (BitImageProcessor, {"size": {"shortest_edge": 30}, "crop_size": {"height": 25, "width": 21},
                         "do_center_crop": True}),
    (MobileNetV2ImageProcessor, {"size": {"shortest_edge": 34}, "crop_size": {"height": 32, "width": 32},
                                 "do_center_crop": True, "resample": 2}),
    (LevitImageProcessor, {"size": {"shortest_edge": 32}, "crop_size": {"height": 28, "width": 28},
                           "image_mean": MEAN, "image_std": STD}),
    (LevitImageProcessor, {"size": {"height": 20, "width": 26}, "crop_size": {"height": 20, "width": 20}}),
    (Mask2FormerImageProcessor, {"size": {"shortest_edge": 40, "longest_edge": 60}, "size_divisor": 32,
                                 "image_mean": MEAN, "image_std": STD, "do_pad": False}),
    (Mask2FormerImageProcessor, {"size": {"shortest_edge": 30, "longest_edge": 1333}, "size_divisor": 0, "do_pad": False}),
    (Mask2FormerImageProcessor, {"size": {"shortest_edge": 45, "longest_edge": 50}, "size_divisor": 7,
                                 "resample": 3, "do_pad": False}),
]

# Configurations as exports write them, loaded the way the pipelines load them (AutoImageProcessor.from_pretrained on
# a directory holding this preprocessor_config.json and, where given, this config.json): the type under either key,
# as its deprecated FeatureExtractor alias, or only through config.json's model_type; keys a class does not read.
AUTO_IMAGE_CASES = [
    ({"image_processor_type": "DeiTFeatureExtractor", "size": {"height": 40, "width": 36}, "resample": 3,
      "do_center_crop": True, "crop_size": {"height": 32, "width": 30}, "image_mean": MEAN, "image_std": STD}, None),
    ({"image_processor_type": "DeiTImageProcessor", "size": {"height": 30, "width": 30}}, None),
    ({"feature_extractor_type": "MobileNetV1FeatureExtractor", "size": {"shortest_edge": 38},
      "crop_size": {"height": 32, "width": 32}, "do_center_crop": True}, None),
    ({"image_processor_type": "MobileViTFeatureExtractor", "size": {"shortest_edge": 40},
      "crop_size": {"height": 36, "width": 36}}, None),
    ({"image_processor_type": "MobileViTImageProcessor", "size": {"shortest_edge": 30}, "do_flip_channel_order": False,
      "crop_size": {"height": 34, "width": 70}, "do_normalize": True, "image_mean": MEAN}, None),
    ({"image_processor_type": "PoolFormerImageProcessor", "size": {"shortest_edge": 32}, "crop_pct": 0.9,
      "crop_size": {"height": 32, "width": 32}}, None),
    ({"image_processor_type": "PoolFormerFeatureExtractor", "size": {"height": 30, "width": 30}, "crop_pct": 0.875,
      "crop_size": {"height": 28, "width": 28}, "resample": 2}, None),
    ({"image_processor_type": "PoolFormerImageProcessor", "size": {"height": 28, "width": 34}, "crop_pct": 0.8,
      "crop_size": {"height": 24, "width": 24}}, None),
    ({"image_processor_type": "PoolFormerImageProcessor", "size": {"shortest_edge": 30, "longest_edge": 31},
      "crop_pct": None, "do_center_crop": False}, None),
    ({"size": {"height": 48, "width": 40}, "do_reduce_labels": True}, {"model_type": "segformer"}),
    ({"image_processor_type": "SegformerFeatureExtractor", "size": {"height": 36, "width": 44},
      "do_center_crop": True, "crop_size": {"height": 20, "width": 20}, "image_mean": MEAN, "image_std": STD}, None),
    ({"image_processor_type": "EfficientNetImageProcessor", "size": {"height": 33, "width": 41}}, None),
    ({"image_processor_type": "EfficientNetImageProcessor", "size": {"height": 36, "width": 36}, "resample": 2,
      "rescale_offset": True, "include_top": False, "do_center_crop": True, "crop_size": {"height": 30, "width": 30},
      "image_mean": MEAN, "image_std": STD}, None),
    ({"image_processor_type": "DPTImageProcessor", "size": {"height": 40, "width": 44}, "keep_aspect_ratio": True,
      "ensure_multiple_of": 8}, None),
    ({"image_processor_type": "DPTFeatureExtractor", "size": {"height": 30, "width": 50}, "ensure_multiple_of": 4,
      "resample": 2}, None),
    ({"size": {"height": 24, "width": 24}, "resample": 3}, {"model_type": "swin"}),
    ({"size": {"shortest_edge": 40}, "crop_pct": 0.875}, {"model_type": "resnet"}),
    ({"image_processor_type": "ViTFeatureExtractor", "size": {"height": 26, "width": 22}, "do_center_crop": True,
      "crop_size": {"height": 10, "width": 10}, "do_flip_channel_order": True, "include_top": True}, None),
    ({"feature_extractor_type": "BeitFeatureExtractor", "size": {"height": 34, "width": 34},
      "crop_size": {"height": 30, "width": 30}}, None),
    ({"image_processor_type": "ConvNextFeatureExtractor", "size": {"shortest_edge": 36}, "crop_pct": 0.9,
      "image_mean": MEAN, "image_std": STD}, None),
]

AUDIO_CASES = [
    (Wav2Vec2FeatureExtractor, {"sampling_rate": 16000, "do_normalize": False}),
    (Wav2Vec2FeatureExtractor, {"sampling_rate": 16000, "do_normalize": True, "padding_value": 0.0}),
    (WhisperFeatureExtractor, {"feature_size": 40, "sampling_rate": 16000, "hop_length": 160, "chunk_length": 2,
                               "n_fft": 400}),
    (WhisperFeatureExtractor, {"feature_size": 64, "sampling_rate": 16000, "hop_length": 256, "chunk_length": 3,
                               "n_fft": 512}),
    (WhisperFeatureExtractor, {"feature_size": 80, "sampling_rate": 8000, "hop_length": 80, "chunk_length": 1,
                               "n_fft": 200}),
]


def sampled(values, at_most=512):
    flat = np.asarray(values, dtype=np.float32).reshape(-1)
    k = max(1, -(-flat.size // at_most))
    return {
        "shape": list(np.asarray(values).shape),
        "sum": float(flat.astype(np.float64).sum()),
        "every": k,
        "values_f32": base64.b64encode(flat[::k].astype("<f4").tobytes()).decode(),
    }


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main(fixtures, out):
    assert PIL.__version__ == "9.4.0", PIL.__version__
    manifest = json.load(open(os.path.join(fixtures, "manifest.json")))
    images = manifest["inputs"]["images"]
    photo = next(i for i in images if i["format"] == "JPEG" and i["stored_mode"] == "RGB")
    png = next(i for i in images if i["format"] == "PNG" and i["stored_mode"] == "RGB")
    inputs = [(photo["file"], None), (png["file"], [0, 0, 37, 53])]
    result = {"transformers": transformers.__version__, "images": [], "audio": []}
    def record(processor, entry):
        for file, box in inputs:
            im = Image.open(os.path.join(fixtures, file)).convert("RGB")
            if box:
                im = im.crop(box)
            pv = processor(im, return_tensors="np")["pixel_values"][0]
            result["images"].append({**entry, "file": file, "sha256": sha256(os.path.join(fixtures, file)),
                                     "crop": box, "pixel_values": sampled(pv)})

    for cls, cfg in IMAGE_CASES:
        record(cls(**cfg), {"config": {"image_processor_type": cls.__name__, **cfg}})
    for cfg, model_cfg in AUTO_IMAGE_CASES:
        with tempfile.TemporaryDirectory() as d:
            json.dump(cfg, open(os.path.join(d, "preprocessor_config.json"), "w"))
            if model_cfg:
                json.dump(model_cfg, open(os.path.join(d, "config.json"), "w"))
            processor = AutoImageProcessor.from_pretrained(d)
        # The class whose rules run: a deprecated XFeatureExtractor is a bare subclass of XImageProcessor.
        runs = next(c.__name__ for c in type(processor).__mro__ if c.__name__.endswith("ImageProcessor"))
        record(processor, {"config": cfg, "model_config": model_cfg, "processor": runs})
    audio = manifest["inputs"]["audio"]
    clip = next(a for a in audio if a.get("waveform_16k_npy"))
    wave = np.load(os.path.join(fixtures, clip["waveform_16k_npy"])).astype(np.float32)
    for cls, cfg in AUDIO_CASES:
        extractor = cls(**cfg)
        # The 16 kHz waveform as it is: the extractor is told its own rate, so these references test the front end
        # alone (no resampling); 1.3 s of it, so padding to the window is exercised too.
        x = wave[: int(1.3 * cfg["sampling_rate"])]
        feats = extractor(x, sampling_rate=cfg["sampling_rate"], return_tensors="np")
        name = "input_features" if "input_features" in feats else "input_values"
        result["audio"].append({
            "config": {"feature_extractor_type": cls.__name__, **cfg},
            "waveform_npy": clip["waveform_16k_npy"], "sha256": sha256(os.path.join(fixtures, clip["waveform_16k_npy"])),
            "samples": int(x.size), "features": sampled(feats[name][0], at_most=20000)})
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(result, f, indent=0)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
