"""Tiny models of two families the fixtures lack, and transformers 4.37.2's answers on the fixture inputs.

- vit-image-classification: ViTForImageClassification with ViTImageProcessor (fixed height x width, bilinear);
- whisper-audio-classification: WhisperForAudioClassification with WhisperFeatureExtractor (log-mel features, the
  first log-mel front end: 80 mel bins of a 400-point STFT every 160 samples over 30 s, log10, clamped at max - 8).

Each model gets random weights (seeded; initialised wide, 0.5, so that inputs move the logits), is saved as an export directory (config.json, preprocessor_config.json,
model.onnx from torch.onnx.export) and run by transformers' own pipeline and processor on every fixture input of its
modality; reference.json records, per input (file and sha256): the processor's tensor (pixel_values whole, or the
log-mel frames that hold audio plus the value of the padding frames; tensors as base64 float32, little-endian,
row-major), the model's logits and the pipeline's top-k.

    /tmp/hfref/bin/python transformers/src/test/python/family_references.py ../shared/fixtures/hf-tiny \
        transformers/src/test/resources/families
"""
import hashlib
import json
import os
import sys

import numpy as np
import torch
import transformers
from transformers import (ViTConfig, ViTForImageClassification, ViTImageProcessor, WhisperConfig,
                          WhisperFeatureExtractor, WhisperForAudioClassification, pipeline)
from transformers.image_utils import load_image

assert transformers.__version__ == "4.37.2", transformers.__version__


def f32(a):
    """A float32 array as base64 of its little-endian bytes: exact, and a fifth of the JSON text."""
    import base64
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode("ascii")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def export(model, dummy, input_name, out_dir):
    torch.onnx.export(model, (dummy,), os.path.join(out_dir, "model.onnx"), input_names=[input_name],
                      output_names=["logits"], dynamic_axes={input_name: {0: "batch_size"}, "logits": {0: "batch_size"}},
                      opset_version=17, do_constant_folding=True)


def vit(root, out):
    torch.manual_seed(1234)
    labels = ["tabby", "teapot", "astronaut", "coffee mug", "rocket"]
    config = ViTConfig(image_size=32, patch_size=8, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                       intermediate_size=64, initializer_range=0.5, num_labels=len(labels), id2label=dict(enumerate(labels)),
                       label2id={l: i for i, l in enumerate(labels)})
    model = ViTForImageClassification(config).eval()
    processor = ViTImageProcessor(size={"height": 32, "width": 32}, resample=2, image_mean=[0.5, 0.5, 0.5],
                                  image_std=[0.5, 0.5, 0.5])
    d = os.path.join(out, "vit-image-classification")
    os.makedirs(d, exist_ok=True)
    model.save_pretrained(d, safe_serialization=True)
    os.remove(os.path.join(d, "model.safetensors"))
    processor.save_pretrained(d)
    export(model, torch.zeros(1, 3, 32, 32), "pixel_values", d)
    clf = pipeline("image-classification", model=model, image_processor=processor)
    manifest = json.load(open(os.path.join(root, "manifest.json")))
    cases = []
    for item in manifest["inputs"]["images"]:
        path = os.path.join(root, item["file"])
        # The pipeline's own loader: EXIF orientation applied, converted to RGB.
        pixels = processor(load_image(path), return_tensors="pt")["pixel_values"]
        with torch.no_grad():
            logits = model(pixel_values=pixels).logits[0].numpy()
        top = clf(path, top_k=len(labels))
        cases.append({"file": item["file"], "sha256": sha256(path), "pixel_values_f32": f32(pixels[0].numpy()),
                      "logits": logits.tolist(), "top_k": [{"label": t["label"], "score": t["score"]} for t in top]})
    json.dump({"model": "vit-image-classification", "model_sha256": sha256(os.path.join(d, "model.onnx")),
               "cases": cases}, open(os.path.join(d, "reference.json"), "w"), indent=1)


def whisper(root, out):
    torch.manual_seed(1234)
    labels = ["speech", "music", "noise", "silence"]
    config = WhisperConfig(vocab_size=64, num_mel_bins=80, d_model=32, encoder_layers=2, encoder_attention_heads=2,
                           encoder_ffn_dim=64, decoder_layers=1, decoder_attention_heads=2, decoder_ffn_dim=64,
                           max_source_positions=1500, max_target_positions=32, init_std=0.5, num_labels=len(labels),
                           id2label=dict(enumerate(labels)), label2id={l: i for i, l in enumerate(labels)})
    model = WhisperForAudioClassification(config).eval()
    extractor = WhisperFeatureExtractor(feature_size=80, sampling_rate=16000, hop_length=160, chunk_length=30,
                                        n_fft=400)
    d = os.path.join(out, "whisper-audio-classification")
    os.makedirs(d, exist_ok=True)
    model.save_pretrained(d, safe_serialization=True)
    os.remove(os.path.join(d, "model.safetensors"))
    extractor.save_pretrained(d)
    export(model, torch.zeros(1, 80, 3000), "input_features", d)
    clf = pipeline("audio-classification", model=model, feature_extractor=extractor)
    manifest = json.load(open(os.path.join(root, "manifest.json")))
    cases = []
    for item in manifest["inputs"]["audio"]:
        path = os.path.join(root, item["file"])
        wave = np.load(os.path.join(root, item["waveform_16k_npy"])).astype(np.float32)
        features = extractor(wave, sampling_rate=16000, return_tensors="pt")["input_features"]
        with torch.no_grad():
            logits = model(input_features=features).logits[0].numpy()
        top = clf({"raw": wave, "sampling_rate": 16000}, top_k=len(labels))
        f = features[0].numpy()
        # Frames past the audio hold the padding's value only; the ones with audio (and their neighbours) are kept.
        audio_frames = min(f.shape[1], len(wave) // 160 + 3)
        padding = f[:, audio_frames + 2:]
        assert np.all(padding == padding.flat[0]), "padding frames differ"
        cases.append({"file": item["file"], "sha256": sha256(path), "samples_16k": int(len(wave)),
                      "feature_shape": list(f.shape), "audio_frames": audio_frames,
                      "features_f32": f32(f[:, :audio_frames]), "padding_value": float(padding.flat[0]),
                      "logits": logits.tolist(),
                      "top_k": [{"label": t["label"], "score": t["score"]} for t in top]})
    json.dump({"model": "whisper-audio-classification", "model_sha256": sha256(os.path.join(d, "model.onnx")),
               "cases": cases}, open(os.path.join(d, "reference.json"), "w"), indent=1)


if __name__ == "__main__":
    vit(sys.argv[1], sys.argv[2])
    whisper(sys.argv[1], sys.argv[2])
