"""Which processor class transformers 4.37.2 builds for a model type, as AutoImageProcessor and
AutoFeatureExtractor resolve an export whose preprocessor_config.json names no type.

Writes the two model_type -> class tables of transformers.models.auto (IMAGE_PROCESSOR_MAPPING_NAMES,
FEATURE_EXTRACTOR_MAPPING_NAMES) as the library's resource; ProcessorTypes reads it, ProcessorTypesTest checks the
resolution order against AutoImageProcessor / AutoFeatureExtractor themselves (auto_processor_references.json).

    /tmp/hfref/bin/python transformers/src/test/python/auto_processors.py \
        transformers/src/main/resources/io/sparkformers/preprocess/auto-processors.json
"""
import json
import sys

import transformers
from transformers.models.auto.feature_extraction_auto import FEATURE_EXTRACTOR_MAPPING_NAMES
from transformers.models.auto.image_processing_auto import IMAGE_PROCESSOR_MAPPING_NAMES

assert transformers.__version__ == "4.37.2", transformers.__version__


def table(mapping):
    return {k: v for k, v in sorted(mapping.items()) if isinstance(v, str)}


out = {
    "transformers": transformers.__version__,
    "image_processor": table(IMAGE_PROCESSOR_MAPPING_NAMES),
    "feature_extractor": table(FEATURE_EXTRACTOR_MAPPING_NAMES),
}
with open(sys.argv[1], "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")
