"""The breadth suite: tiny random models of many architectures, exported the way users export them (optimum 1.17.1's
main_export, what `optimum-cli export onnx --model DIR --task TASK OUT` runs), with transformers 4.37.2's own answers.

For every (architecture, task) below: a tiny randomly initialised model (seeded) and its processor or tokenizer are
saved with save_pretrained, exported by optimum into transformers/src/test/resources/breadth/<arch>-<task>/ (optimum
re-saves preprocessor_config.json as it does for users: the FeatureExtractor alias under image_processor_type), and
reference.json records what transformers computes from the saved PyTorch model:
- image-classification: the pipeline's labels and scores (top_k = every label) and the logits;
- feature-extraction (images): the mean of the model's last_hidden_state over its tokens or, for a CNN's
  [B, C, H, W] map, over height and width (numpy, float64), its pooler_output where it has one, and whether the two
  agree (ResNet's, RegNet's poolers are that average; ConvNeXt's adds a LayerNorm, ViT's a dense layer);
- semantic-segmentation: the processor's post_process_semantic_segmentation at the image's size (the class map,
  zlib-compressed uint8, base64) and the model's logits (to tell a tie from a difference);
- question-answering: the pipeline's answer, score, start and end (models of 128 positions: the pipeline's window is
  min(model_max_length, 384) and its stride min(window // 2, 128)).
The input images are copied next to the exports (inputs/), so the tests need no fixture set.

    /tmp/hfref/bin/pip install "numpy==1.26.4" torch==2.2.2 transformers==4.37.2 optimum==1.17.1 onnx==1.16.1 \
        onnxruntime==1.17.3 pillow==9.4.0
    /tmp/hfref/bin/python transformers/src/test/python/breadth_references.py ../shared/fixtures/hf-tiny \
        transformers/src/test/resources/breadth
"""
import base64
import hashlib
import json
import os
import shutil
import sys
import tempfile
import zlib

import numpy as np
import onnx
import torch
import transformers
from optimum.exporters.onnx import main_export
from PIL import Image
from transformers import (AutoModel, AutoModelForImageClassification, AutoModelForQuestionAnswering,
                          AutoModelForSemanticSegmentation, pipeline)
from transformers.image_utils import load_image

assert transformers.__version__ == "4.37.2", transformers.__version__

C = transformers
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
LABELS = ["tabby", "teapot", "astronaut", "coffee mug", "rocket"]


def vit_like(cls, **kw):
    return cls(image_size=32, patch_size=8, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
               intermediate_size=64, **kw)


# (architecture, config, processor). Sizes tiny; processors as each family's checkpoints configure them.
VISION = {
    "vit": lambda: (vit_like(C.ViTConfig), C.ViTImageProcessor(size={"height": 32, "width": 32})),
    "deit": lambda: (vit_like(C.DeiTConfig, architectures=["DeiTForImageClassification"]), C.DeiTImageProcessor(
        size={"height": 36, "width": 36}, crop_size={"height": 32, "width": 32}, image_mean=MEAN, image_std=STD)),
    "beit": lambda: (vit_like(C.BeitConfig, use_mean_pooling=True), C.BeitImageProcessor(
        size={"height": 36, "width": 36}, crop_size={"height": 32, "width": 32})),
    "data2vec-vision": lambda: (vit_like(C.Data2VecVisionConfig, use_mean_pooling=True), C.BeitImageProcessor(
        size={"height": 32, "width": 32}, do_center_crop=False)),
    "swin": lambda: (C.SwinConfig(image_size=32, patch_size=4, embed_dim=16, depths=[1, 1], num_heads=[1, 2],
                                  window_size=4), C.ViTImageProcessor(size={"height": 32, "width": 32})),
    "resnet": lambda: (C.ResNetConfig(embedding_size=8, hidden_sizes=[8, 16], depths=[1, 1], layer_type="basic"),
                       C.ConvNextImageProcessor(size={"shortest_edge": 32}, crop_pct=0.875)),
    "regnet": lambda: (C.RegNetConfig(embedding_size=8, hidden_sizes=[8, 16], depths=[1, 1], groups_width=8),
                       C.ConvNextImageProcessor(size={"shortest_edge": 32}, crop_pct=0.875)),
    "convnext": lambda: (C.ConvNextConfig(hidden_sizes=[8, 16], depths=[1, 1], num_stages=2),
                         C.ConvNextImageProcessor(size={"shortest_edge": 32}, crop_pct=0.875)),
    "convnextv2": lambda: (C.ConvNextV2Config(hidden_sizes=[8, 16], depths=[1, 1], num_stages=2),
                           C.ConvNextImageProcessor(size={"shortest_edge": 32}, crop_pct=0.875)),
    "cvt": lambda: (C.CvtConfig(embed_dim=[8, 16, 32], num_heads=[1, 1, 2], depth=[1, 2, 3]),
                    C.ConvNextImageProcessor(size={"shortest_edge": 32}, crop_pct=0.875)),
    "levit": lambda: (C.LevitConfig(architectures=["LevitForImageClassification"], image_size=64, hidden_sizes=[16, 32, 48], num_attention_heads=[1, 2, 3],
                                    depths=[1, 1, 1], key_dim=[8, 8, 8], mlp_ratio=[2, 2, 2], attention_ratio=[2, 2, 2]),
                      C.LevitImageProcessor(size={"shortest_edge": 64}, crop_size={"height": 64, "width": 64})),
    "mobilenet_v1": lambda: (C.MobileNetV1Config(image_size=32, depth_multiplier=0.25, min_depth=4),
                             C.MobileNetV1ImageProcessor(size={"shortest_edge": 36},
                                                         crop_size={"height": 32, "width": 32})),
    "mobilenet_v2": lambda: (C.MobileNetV2Config(image_size=32, depth_multiplier=0.25, min_depth=4),
                             C.MobileNetV2ImageProcessor(size={"shortest_edge": 36},
                                                         crop_size={"height": 32, "width": 32})),
    "mobilevit": lambda: (C.MobileViTConfig(image_size=32, patch_size=2, hidden_sizes=[16, 24, 32],
                                            neck_hidden_sizes=[8, 8, 16, 16, 24, 32, 64], num_attention_heads=2,
                                            aspp_out_channels=16),
                          C.MobileViTImageProcessor(size={"shortest_edge": 36}, crop_size={"height": 32, "width": 32})),
    "poolformer": lambda: (C.PoolFormerConfig(hidden_sizes=[8, 16, 24, 32], depths=[1, 1, 1, 1]),
                           C.PoolFormerImageProcessor(size={"shortest_edge": 32}, crop_pct=0.9,
                                                      crop_size={"height": 32, "width": 32})),
    "segformer": lambda: (C.SegformerConfig(num_encoder_blocks=2, depths=[1, 1], sr_ratios=[2, 1], hidden_sizes=[8, 16],
                                            num_attention_heads=[1, 2], decoder_hidden_size=16, patch_sizes=[7, 3],
                                            strides=[4, 2]),
                          C.SegformerImageProcessor(size={"height": 32, "width": 32})),
}

PAIRS = [(a, "image-classification") for a in VISION] + [
    (a, "feature-extraction") for a in ("vit", "resnet", "regnet", "convnext", "mobilenet_v2", "poolformer")
] + [("segformer", "semantic-segmentation"), ("mobilevit", "image-segmentation")] + [
    (a, "question-answering") for a in ("bert", "roberta", "distilbert")]


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def widen(model):
    """Random weights wide enough (std 0.5 on matrices) that the inputs move the outputs."""
    torch.manual_seed(1234)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() > 1:
                p.normal_(0, 0.5 / max(1, p.shape[1]) ** 0.5 * 2)
    return model.eval()


def labelled(config):
    config.num_labels = len(LABELS)
    config.id2label = dict(enumerate(LABELS))
    config.label2id = {l: i for i, l in enumerate(LABELS)}
    return config


def text_model(arch, src, fixtures):
    corpus = json.load(open(os.path.join(fixtures, "inputs", "texts.json")))
    if arch == "roberta":
        tok = C.RobertaTokenizerFast.from_pretrained(
            os.path.join(fixtures, "data2vec-text-question-answering"), model_max_length=128)
        config = C.RobertaConfig(vocab_size=len(tok), max_position_embeddings=130, pad_token_id=tok.pad_token_id)
    else:
        from tokenizers import BertWordPieceTokenizer
        texts = list(corpus["texts"].values()) + [q["question"] + " " + q["context"]
                                                 for q in corpus["question_answering"]]
        wp = BertWordPieceTokenizer(lowercase=True)
        wp.train_from_iterator(texts, vocab_size=400, min_frequency=1)
        wp.save_model(src)
        cls = C.DistilBertTokenizerFast if arch == "distilbert" else C.BertTokenizerFast
        tok = cls(vocab_file=os.path.join(src, "vocab.txt"), model_max_length=128)
        os.remove(os.path.join(src, "vocab.txt"))
        config = (C.DistilBertConfig(vocab_size=len(tok), max_position_embeddings=128, dim=32, n_layers=2, n_heads=2,
                                     hidden_dim=64) if arch == "distilbert" else
                  C.BertConfig(vocab_size=len(tok), max_position_embeddings=128))
    if arch != "distilbert":
        config.update(dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64))
    tok.save_pretrained(src)
    return config, tok


def export(src, out, task):
    main_export(model_name_or_path=src, output=out, task=task, opset=17, do_validation=True, no_post_process=False)
    for f in os.listdir(out):
        if f.endswith(".safetensors") or f.endswith(".bin"):
            os.remove(os.path.join(out, f))


def main(fixtures, out):
    manifest = json.load(open(os.path.join(fixtures, "manifest.json")))
    images = manifest["inputs"]["images"]
    chosen = [next(i for i in images if i["format"] == "JPEG" and i["stored_mode"] == "RGB"),
              next(i for i in images if i["format"] == "PNG" and i["stored_mode"] == "RGBA")]
    os.makedirs(os.path.join(out, "inputs"), exist_ok=True)
    inputs = []
    for i in chosen:
        name = os.path.basename(i["file"])
        shutil.copy(os.path.join(fixtures, i["file"]), os.path.join(out, "inputs", name))
        inputs.append("inputs/" + name)
    texts = json.load(open(os.path.join(fixtures, "inputs", "texts.json")))
    questions = [{"question": q["question"], "context": q["context"]} for q in texts["question_answering"]]
    questions.append({"question": "What does the license guarantee?", "context": texts["texts"]["long"]})
    only = set(sys.argv[3:])
    failed = []
    for arch, task in PAIRS:
        name = f"{arch}-{task}"
        if only and name not in only:
            continue
        try:
            pair(arch, task, name, out, fixtures, inputs, questions)
        except Exception as e:  # one architecture's failure is reported, the others still made
            failed.append(f"{name}: {type(e).__name__}: {e}")
            print(name, "FAILED", failed[-1], flush=True)
    print("failed:", failed)


def pair(arch, task, name, out, fixtures, inputs, questions):
    d = os.path.join(out, name)
    shutil.rmtree(d, ignore_errors=True)
    with tempfile.TemporaryDirectory() as src:
        if task == "question-answering":
            config, tok = text_model(arch, src, fixtures)
            model = widen(AutoModelForQuestionAnswering.from_config(config))
        else:
            config, processor = VISION[arch]()
            if task == "image-classification":
                model = widen(AutoModelForImageClassification.from_config(labelled(config)))
            elif task == "feature-extraction":
                model = widen(AutoModel.from_config(config))
            else:
                config.num_labels = 4
                model = widen(AutoModelForSemanticSegmentation.from_config(config))
            processor.save_pretrained(src)
        model.save_pretrained(src)
        export(src, d, task)
        cases = []
        if task == "image-classification":
            clf = pipeline("image-classification", model=src)
            for f in inputs:
                path = os.path.join(out, f)
                pv = clf.image_processor(load_image(path), return_tensors="pt")["pixel_values"]
                with torch.no_grad():
                    logits = model(pixel_values=pv).logits[0].numpy()
                top = clf(path, top_k=len(LABELS))
                cases.append({"file": f, "logits": logits.tolist(),
                              "top_k": [{"label": t["label"], "score": t["score"]} for t in top]})
        elif task == "feature-extraction":
            for f in inputs:
                pv = processor(load_image(os.path.join(out, f)), return_tensors="pt")["pixel_values"]
                with torch.no_grad():
                    o = model(pixel_values=pv)
                # The global average of a [B, C, H, W] map, the token mean of a [B, T, D] state.
                h = o.last_hidden_state[0].numpy().astype(np.float64)
                mean = h.mean(axis=(1, 2)) if h.ndim == 3 and o.last_hidden_state.dim() == 4 else h.mean(axis=0)
                pooler = getattr(o, "pooler_output", None)
                case = {"file": f, "mean_pooled": mean.tolist(), "last_hidden_state_shape": list(o.last_hidden_state.shape)}
                if pooler is not None:
                    pooler = pooler[0].reshape(-1).numpy()
                    case["pooler_output"] = pooler.tolist()
                    case["pooler_is_mean"] = bool(np.allclose(pooler, mean, rtol=1e-5, atol=1e-5))
                cases.append(case)
        elif task in ("semantic-segmentation", "image-segmentation"):
            for f in inputs:
                im = load_image(os.path.join(out, f))
                pv = processor(im, return_tensors="pt")["pixel_values"]
                with torch.no_grad():
                    o = model(pixel_values=pv)
                m = processor.post_process_semantic_segmentation(o, target_sizes=[im.size[::-1]])[0].numpy()
                cases.append({"file": f, "height": int(m.shape[0]), "width": int(m.shape[1]),
                              "logits_shape": list(o.logits.shape[1:]),
                              "logits": o.logits[0].reshape(-1).numpy().tolist(),
                              "labels": sorted(int(v) for v in np.unique(m)),
                              "map_zlib_u8": base64.b64encode(zlib.compress(m.astype(np.uint8).tobytes(), 9))
                              .decode()})
        else:
            qa = pipeline("question-answering", model=src, tokenizer=src)
            for q in questions:
                a = qa(question=q["question"], context=q["context"])
                cases.append({**q, "answer": a["answer"], "score": float(a["score"]), "start": a["start"],
                              "end": a["end"]})
    graph = onnx.load(os.path.join(d, "model.onnx"), load_external_data=False).graph
    ref = {"architecture": arch, "task": task, "transformers": transformers.__version__,
           "optimum": "1.17.1", "model_sha256": sha256(os.path.join(d, "model.onnx")),
           "graph_outputs": [o.name for o in graph.output], "cases": cases}
    json.dump(ref, open(os.path.join(d, "reference.json"), "w"), indent=1)
    print(name, "ok", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
