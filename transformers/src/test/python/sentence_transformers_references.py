"""sentence-transformers folders as users bring them, and ``SentenceTransformer.encode``'s vectors on the fixture texts.

A tiny random RoBERTa (seeded, the fixture text model's tokenizer) becomes three sentence-transformers models, each
saved with ``SentenceTransformer.save`` (modules.json, sentence_bert_config.json, the Pooling module's config.json,
Normalize) and given an ONNX graph the two ways users get one:

- ``st-mean-normalize``: mean pooling, Normalize, max_seq_length 12 (so long texts are cut where encode cuts them);
  optimum 1.17.1's sentence-transformers export (``library_name="sentence_transformers"``: outputs
  ``token_embeddings`` and ``sentence_embedding``) written into the folder;
- ``st-cls``: CLS pooling, no Normalize; optimum's transformers export (``last_hidden_state``) as ``model.onnx``;
- ``st-max``: max pooling over tokens, Normalize; optimum's transformers export.

reference.json records, per fixture text (inputs/texts.json → texts): its name, sha256 and encode's vector (convert_to_numpy, the folder's own modules
decide pooling, normalisation and truncation).

    /tmp/hfref/bin/python transformers/src/test/python/sentence_transformers_references.py ../shared/fixtures/hf-tiny \
        transformers/src/test/resources/sentence-transformers
"""
import hashlib
import json
import os
import shutil
import sys
import tempfile

import sentence_transformers
import torch
import transformers
from optimum.exporters.onnx import main_export
from sentence_transformers import SentenceTransformer, models
from transformers import RobertaConfig, RobertaModel, RobertaTokenizerFast

assert transformers.__version__ == "4.37.2", transformers.__version__
assert sentence_transformers.__version__ == "2.5.1", sentence_transformers.__version__

# Files of an export the library reads; the PyTorch weights stay out (the graph is the model).
KEEP = {"model.onnx", "config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.json",
        "merges.txt", "modules.json", "sentence_bert_config.json", "config_sentence_transformers.json"}


def text_model_dir(root):
    manifest = json.load(open(os.path.join(root, "manifest.json")))
    return os.path.join(root, next(m["dir"] for m in manifest["models"] if m["kind"] == "text-features"))


def base_model(root, work):
    """A random RoBERTa with the fixture text model's tokenizer, saved as transformers saves it."""
    torch.manual_seed(20261205)
    # 128 tokens at most (RoBERTa's positions start after the padding id: 130 of them), so the long text is cut.
    tokenizer = RobertaTokenizerFast.from_pretrained(text_model_dir(root), model_max_length=128)
    config = RobertaConfig(vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                           intermediate_size=37, max_position_embeddings=130, initializer_range=0.5,
                           pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
                           eos_token_id=tokenizer.eos_token_id)
    model = RobertaModel(config, add_pooling_layer=False).eval()
    d = os.path.join(work, "roberta")
    model.save_pretrained(d, safe_serialization=True)
    tokenizer.save_pretrained(d)
    return d


def sentence_model(base, work, name, pooling, normalize, max_seq_length):
    transformer = models.Transformer(base, max_seq_length=max_seq_length)
    modules = [transformer, models.Pooling(transformer.get_word_embedding_dimension(), pooling_mode=pooling)]
    if normalize:
        modules.append(models.Normalize())
    st = SentenceTransformer(modules=modules, device="cpu")
    folder = os.path.join(work, name)
    st.save(folder)
    return st, folder


def export(folder, out, library):
    with tempfile.TemporaryDirectory() as tmp:
        main_export(folder, tmp, task="feature-extraction", library_name=library, opset=17, device="cpu")
        shutil.copy(os.path.join(tmp, "model.onnx"), os.path.join(out, "model.onnx"))


def copy_folder(folder, out):
    """The sentence-transformers folder without its PyTorch weights: top-level files and each module's config."""
    for dirpath, _, files in os.walk(folder):
        rel = os.path.relpath(dirpath, folder)
        for f in files:
            if f in KEEP:
                os.makedirs(os.path.join(out, rel), exist_ok=True)
                shutil.copy(os.path.join(dirpath, f), os.path.join(out, rel, f))


def main(root, out):
    texts_file = os.path.join(root, "inputs", "texts.json")
    named = json.load(open(texts_file))["texts"]
    names = sorted(named)
    sentences = [named[n] for n in names]
    with tempfile.TemporaryDirectory() as work:
        base = base_model(root, work)
        for name, pooling, normalize, max_len, library in (
                ("st-mean-normalize", "mean", True, 12, "sentence_transformers"),
                ("st-cls", "cls", False, None, "transformers"),
                ("st-max", "max", True, None, "transformers")):
            st, folder = sentence_model(base, work, name, pooling, normalize, max_len)
            target = os.path.join(out, name)
            shutil.rmtree(target, ignore_errors=True)
            os.makedirs(target)
            copy_folder(folder, target)
            export(folder, target, library)
            vectors = st.encode(sentences, batch_size=4, convert_to_numpy=True)
            cases = [{"name": n, "sha256": hashlib.sha256(s.encode("utf-8")).hexdigest(), "embedding": v.tolist()}
                     for n, s, v in zip(names, sentences, vectors)]
            json.dump({"model": name, "pooling": pooling, "normalize": normalize, "max_seq_length": max_len,
                       "onnx_export": library, "texts": os.path.relpath(texts_file, root), "cases": cases},
                      open(os.path.join(target, "reference.json"), "w"), indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
