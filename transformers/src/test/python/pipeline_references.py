"""Reference outputs of transformers' own pipelines for behaviour the fixtures do not record.

Runs the real pipelines of transformers 4.37.2 (chunked speech recognition, text classification with each
function_to_apply and with text pairs, token classification with each aggregation strategy and ignore_labels,
question answering with handle_impossible_answer) on the fixture exports: each pipeline gets the export's real
tokenizer / feature extractor and a model of the export's own class whose forward runs the export's model.onnx with
ONNX Runtime, so the references are the exports' numbers through Hugging Face's pre- and post-processing.

Usage (a venv with the pinned packages; torch only runs the pipelines' tensor glue):
    python -m venv /tmp/hfref && /tmp/hfref/bin/pip install "numpy<2" torch==2.2.2 transformers==4.37.2 \
        onnxruntime==1.17.3
    /tmp/hfref/bin/python transformers/src/test/python/pipeline_references.py ../shared/fixtures/hf-tiny \
        transformers/src/test/resources/pipeline-references \
        transformers/target/test-classes/models/all-MiniLM-L6-v2/all-minilm-l6-v2-q-tokenizer.json

Each output file names the sha256 of the model.onnx it was made from; the Java tests skip (fail under CI=true on the
default fixture set) when the fixtures' model differs.
"""
import hashlib
import json
import os
import sys

import numpy as np
import onnxruntime as ort
import torch
import transformers
from transformers import AutoConfig, AutoFeatureExtractor, AutoTokenizer, pipeline
from transformers import AutoImageProcessor
from transformers.modeling_outputs import (CausalLMOutput, ImageClassifierOutput, QuestionAnsweringModelOutput,
                                           SequenceClassifierOutput, TokenClassifierOutput)

assert transformers.__version__ == "4.37.2", transformers.__version__


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def ort_model(model_dir, output_type, names):
    """The export's own transformers class (the manifest's architecture), its forward replaced by ONNX Runtime."""
    config = AutoConfig.from_pretrained(model_dir)
    try:
        model = getattr(transformers, ARCHITECTURE[os.path.basename(model_dir)])(config)
    except ImportError:
        # A class whose own layers need a compiled extension (DiNAT's natten): the pipeline needs only a model.
        class OrtOnly(transformers.PreTrainedModel):
            config_class = type(config)
            base_model_prefix = "ort"

            def __init__(self, c):
                super().__init__(c)
                self.anchor = torch.nn.Linear(1, 1)
        model = OrtOnly(config)
    model.eval()
    session = ort.InferenceSession(os.path.join(model_dir, "model.onnx"), providers=["CPUExecutionProvider"])
    graph_inputs = [i.name for i in session.get_inputs()]
    dtypes = {i.name: (np.int64 if i.type == "tensor(int64)" else np.float32) for i in session.get_inputs()}

    def forward(*args, **kwargs):
        feed = {}
        for name in graph_inputs:
            value = kwargs.get(name)
            if value is None and name == "attention_mask" and "input_ids" in kwargs:
                value = torch.ones_like(kwargs["input_ids"])
            if value is None and name == "token_type_ids" and "input_ids" in kwargs:
                value = torch.zeros_like(kwargs["input_ids"])
            if value is None and name == "attention_mask" and "input_values" in kwargs:
                value = torch.ones(kwargs["input_values"].shape, dtype=torch.long)
            feed[name] = value.numpy().astype(dtypes[name])
        outs = session.run(names, feed)
        return output_type(**{n: torch.from_numpy(o) for n, o in zip(names, outs)})

    model.forward = forward
    return model


ARCHITECTURE = {}


def manifest_models(root, kind):
    manifest = json.load(open(os.path.join(root, "manifest.json")))
    for m in manifest["models"]:
        ARCHITECTURE[m["dir"]] = m["architecture"]
    return [os.path.join(root, m["dir"]) for m in manifest["models"] if m["kind"] == kind]


def long_clip(root, seconds):
    """The manifest's 16 kHz waveforms, in manifest order, repeated to `seconds`."""
    manifest = json.load(open(os.path.join(root, "manifest.json")))
    one = np.concatenate([np.load(os.path.join(root, a["waveform_16k_npy"])).astype(np.float32)
                          for a in manifest["inputs"]["audio"]])
    n = int(seconds * 16000)
    return np.resize(one, n).astype(np.float32)


def speech(root):
    out = []
    for d in manifest_models(root, "ctc"):
        model = ort_model(d, CausalLMOutput, ["logits"])
        asr = pipeline("automatic-speech-recognition", model=model, tokenizer=AutoTokenizer.from_pretrained(d),
                       feature_extractor=AutoFeatureExtractor.from_pretrained(d), framework="pt")
        runs = []
        for seconds, chunk, stride in [(20.0, 2.0, None), (20.0, 3.0, 0.5), (21.7, 4.0, 1.0), (9.5, 30.0, None)]:
            clip = long_clip(root, seconds)
            kwargs = {"chunk_length_s": chunk}
            if stride is not None:
                kwargs["stride_length_s"] = stride
            text = asr({"raw": clip, "sampling_rate": 16000}, **kwargs)["text"]
            runs.append({"seconds": seconds, "chunk_length_s": chunk, "stride_length_s": stride, "text": text})
        # Padded batch items: batch_decode of HF's own predicted ids over the item's own frames only (its feature
        # lengths as the model computes them from the attention mask), both skip_special_tokens variants.
        tok = AutoTokenizer.from_pretrained(d)
        padded = []
        for case in sorted(os.listdir(os.path.join(d, "cases"))):
            c = os.path.join(d, "cases", case)
            mask_file = os.path.join(c, "attention_mask.npy")
            if not os.path.exists(mask_file):
                continue
            mask = np.load(mask_file)
            ids = json.load(open(os.path.join(c, "expected.json")))["postprocess"]["predicted_ids"]
            for i in range(mask.shape[0]):
                own = int(model._get_feat_extract_output_lengths(torch.tensor(int(mask[i].sum()))))
                if own < len(ids[i]):
                    padded.append({"case": case, "item": i, "own_frames": own,
                                   "transcription": tok.decode(ids[i][:own]),
                                   "transcription_skip_special_tokens": tok.decode(ids[i][:own],
                                                                                   skip_special_tokens=True)})
        # The tokenizer's decode on id sequences that exercise its rules: repeats, the blank, the word delimiter,
        # special tokens, and clean_up_tokenization (" 's", " 'm", " n't" ...): crafted ones, then random ones.
        vocab = tok.get_vocab()
        word = [vocab[ch] for ch in "IT|'S|DON'T|I|'M|WE|'VE|'LL|'RE|N'T" if ch in vocab]
        rng = np.random.default_rng(11)
        a = vocab.get("A", 7)
        bar = vocab.get("|", 4)
        quote = vocab.get("'", 5)
        specials = [vocab[t] for t in ("<s>", "</s>", "<unk>") if t in vocab]
        sequences = [word, [0] + word + [0, 0], [bar] * 3 + word + [bar] * 2,
                     [a, 0, a], [a, 0, 0, a, a, bar, a], [a, bar, quote, bar, a],  # blank between repeats; " ' "
                     [a, len(vocab), a], [a, len(vocab) + 3, a], [len(vocab) + 9]]  # ids past the vocabulary
        sequences += [[a, sp, a] for sp in specials] + [[sp, sp, a, sp] for sp in specials]
        for _ in range(40):
            n = int(rng.integers(1, 80))
            sequences.append([int(x) for x in rng.integers(0, len(vocab), n)])
        decoding = [{"ids": ids, "text": tok.decode(ids), "text_skip_special_tokens": tok.decode(ids, skip_special_tokens=True),
                     "text_no_clean_up": tok.decode(ids, clean_up_tokenization_spaces=False)}
                    for ids in sequences]
        out.append({"model": os.path.basename(d), "onnx_sha256": sha256(os.path.join(d, "model.onnx")),
                    "padded_batch_items": padded, "decoding": decoding,
                    "audio": "the manifest's inputs.audio waveform_16k_npy arrays, concatenated in manifest order and "
                             "repeated (numpy.resize) to `seconds` at 16 kHz",
                    "call": "pipeline('automatic-speech-recognition')({'raw': clip, 'sampling_rate': 16000}, "
                            "chunk_length_s=..., stride_length_s=...) with batch_size 1",
                    "runs": runs})
    return out


def texts(root):
    t = json.load(open(os.path.join(root, "inputs", "texts.json")))
    out = []

    def strings(v):
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, list):
            for x in v:
                strings(x)
        elif isinstance(v, dict):
            for x in v.values():
                strings(x)
    strings(t)
    return [s for s in dict.fromkeys(out) if s.strip() and len(s) < 400 and "<mask>" not in s]


def classification(root):
    out = []
    sentences = texts(root)[:6]
    for d in manifest_models(root, "text-classification"):
        model = ort_model(d, SequenceClassifierOutput, ["logits"])
        clf = pipeline("text-classification", model=model, tokenizer=AutoTokenizer.from_pretrained(d), framework="pt")
        runs = []
        for fn in [None, "sigmoid", "softmax", "none"]:
            kwargs = {"top_k": None}
            if fn is not None:
                kwargs["function_to_apply"] = fn
            results = [clf(s, **kwargs) for s in sentences]
            runs.append({"function_to_apply": fn, "texts": sentences, "results": results})
        pairs = [[sentences[i], sentences[(i + 1) % len(sentences)]] for i in range(3)]
        pair_results = [clf({"text": a, "text_pair": b}, top_k=None) for a, b in pairs]
        multi = dict(AutoConfig.from_pretrained(d).to_dict())
        out.append({"model": os.path.basename(d), "onnx_sha256": sha256(os.path.join(d, "model.onnx")),
                    "problem_type": multi.get("problem_type"), "num_labels": len(multi.get("id2label", {})),
                    "runs": runs, "pairs": pairs, "pair_results": pair_results})
    return out


def tokens(root):
    out = []
    sentences = texts(root)[:6]
    for d in manifest_models(root, "token-classification"):
        model = ort_model(d, TokenClassifierOutput, ["logits"])
        tok = AutoTokenizer.from_pretrained(d)
        runs = []
        for strategy in ["none", "simple", "first", "average", "max"]:
            ner = pipeline("token-classification", model=model, tokenizer=tok, framework="pt",
                           aggregation_strategy=strategy)
            results = [[{k: (float(v) if k == "score" else v) for k, v in e.items()} for e in ner(s)] for s in sentences]
            runs.append({"aggregation_strategy": strategy, "texts": sentences, "results": results})
        labels = list(AutoConfig.from_pretrained(d).id2label.values())
        ignore = [labels[0], labels[-1]]
        ner = pipeline("token-classification", model=model, tokenizer=tok, framework="pt", aggregation_strategy="simple",
                       ignore_labels=ignore)
        ignored = [[{k: (float(v) if k == "score" else v) for k, v in e.items()} for e in ner(s)] for s in sentences]
        out.append({"model": os.path.basename(d), "onnx_sha256": sha256(os.path.join(d, "model.onnx")),
                    "runs": runs, "ignore_labels": ignore, "ignored": {"texts": sentences, "results": ignored}})
    return out


# Enough answers that the null answer (handle_impossible_answer) is among them with these random weights.
TOP_K = 40


def answers(root):
    out = []
    t = json.load(open(os.path.join(root, "inputs", "texts.json")))
    pairs = []

    def find(v):
        if isinstance(v, dict):
            if "question" in v and "context" in v:
                pairs.append({"question": v["question"], "context": v["context"]})
            for x in v.values():
                find(x)
        elif isinstance(v, list):
            for x in v:
                find(x)
    find(t)
    for d in manifest_models(root, "question-answering"):
        model = ort_model(d, QuestionAnsweringModelOutput, ["start_logits", "end_logits"])
        qa = pipeline("question-answering", model=model, tokenizer=AutoTokenizer.from_pretrained(d), framework="pt")
        runs = []
        for impossible in [False, True]:
            results = []
            for p in pairs:
                r = qa(question=p["question"], context=p["context"], top_k=TOP_K, handle_impossible_answer=impossible)
                results.append([{k: (float(v) if k == "score" else v) for k, v in a.items()}
                                for a in (r if isinstance(r, list) else [r])])
            runs.append({"handle_impossible_answer": impossible, "results": results})
        out.append({"model": os.path.basename(d), "onnx_sha256": sha256(os.path.join(d, "model.onnx")),
                    "pairs": pairs, "top_k": TOP_K, "runs": runs})
    return out


def images(root):
    out = []
    manifest = json.load(open(os.path.join(root, "manifest.json")))
    files = [i["file"] for i in manifest["inputs"]["images"]]
    for d in manifest_models(root, "image-classification"):
        model = ort_model(d, ImageClassifierOutput, ["logits"])
        clf = pipeline("image-classification", model=model, image_processor=AutoImageProcessor.from_pretrained(d),
                       framework="pt")
        results = [[{"label": r["label"], "score": float(r["score"])} for r in clf(os.path.join(root, f), top_k=5)]
                   for f in files]
        out.append({"model": os.path.basename(d), "onnx_sha256": sha256(os.path.join(d, "model.onnx")),
                    "images": files, "top_k": 5, "results": results})
    return out


def wordpiece_aggregation(tokenizer_file):
    """Token aggregation over a WordPiece tokenizer (BERT-style NER models): transformers treats '##' pieces as
    word-aware subwords there, and [UNK] pieces by their text. The pipeline's own gather_pre_entities / aggregate
    on seeded logits; a tiny untrained BertForTokenClassification only carries the labels."""
    from transformers import BertConfig, BertForTokenClassification, PreTrainedTokenizerFast
    labels = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]
    config = BertConfig(vocab_size=8, hidden_size=8, num_hidden_layers=1, num_attention_heads=1, intermediate_size=8,
                        num_labels=len(labels), id2label=dict(enumerate(labels)),
                        label2id={l: i for i, l in enumerate(labels)})
    tok = PreTrainedTokenizerFast(tokenizer_file=tokenizer_file, unk_token="[UNK]", pad_token="[PAD]",
                                  cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]")
    ner = pipeline("token-classification", model=BertForTokenClassification(config), tokenizer=tok, framework="pt")
    rng = np.random.default_rng(5)
    cases = []
    for text in ["Hugging Face Inc. is a company based in New York City.", "unaffable antidisestablishmentarianism",
                 "Zürich and Malmö ☃ snowmen ⚗ in Ōsaka", "☃ first, then ⚗", "Jean-Pierre O'Neill met Dr. Émilie Du Châtelet"]:
        enc = tok(text, return_offsets_mapping=True, return_special_tokens_mask=True)
        n = len(enc["input_ids"])
        logits = (rng.normal(size=(n, len(labels))) * 2).astype(np.float32)
        scores = np.exp(logits - logits.max(-1, keepdims=True))
        scores = scores / scores.sum(-1, keepdims=True)
        results = {}
        for strategy in ["none", "simple", "first", "average", "max"]:
            from transformers.pipelines.token_classification import AggregationStrategy
            st = AggregationStrategy(strategy)
            pre = ner.gather_pre_entities(text, np.array(enc["input_ids"]), scores, np.array(enc["offset_mapping"]),
                                          np.array(enc["special_tokens_mask"]), st)
            grouped = ner.aggregate(pre, st)
            grouped = [e for e in grouped if e.get("entity", e.get("entity_group")) not in ["O"]]
            results[strategy] = [{k: (float(v) if k == "score" else int(v) if k in ("index", "start", "end") else v)
                                  for k, v in e.items()} for e in grouped]
        cases.append({"text": text, "tokens": tok.convert_ids_to_tokens(enc["input_ids"]),
                      "logits": [[float(x) for x in row] for row in logits], "results": results})
    return {"labels": labels, "tokenizer": os.path.basename(tokenizer_file), "cases": cases}


def main():
    root, dest = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3:
        with open(os.path.join(dest, "wordpiece-aggregation.json"), "w") as f:
            json.dump({"generator": "transformers/src/test/python/pipeline_references.py",
                       "versions": {"transformers": transformers.__version__},
                       **wordpiece_aggregation(sys.argv[3])}, f, indent=1, ensure_ascii=False)
        print("wrote wordpiece-aggregation")
    os.makedirs(dest, exist_ok=True)
    for name, make in [("image-classification", images), ("speech-recognition", speech), ("text-classification", classification),
                       ("token-classification", tokens), ("question-answering", answers)]:
        with open(os.path.join(dest, name + ".json"), "w") as f:
            json.dump({"generator": "transformers/src/test/python/pipeline_references.py",
                       "versions": {"transformers": transformers.__version__, "torch": torch.__version__,
                                    "onnxruntime": ort.__version__, "numpy": np.__version__},
                       "models": make(root)}, f, indent=1, ensure_ascii=False)
        print("wrote", name)


if __name__ == "__main__":
    main()
