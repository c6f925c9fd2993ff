"""Writes voiceguide/speech/filler_words.txt: the most frequent words of pocketsphinx's English LM.

The command grammar offers these words as a garbage path: speech that is not a command matches one of
them and is dropped instead of being forced onto the nearest command. Run once; the list is committed.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

COUNT = 1000
OUT = Path(__file__).resolve().parent.parent / "voiceguide" / "speech" / "filler_words.txt"


def main() -> int:
    import pocketsphinx

    with tempfile.TemporaryDirectory() as tmp:
        arpa = Path(tmp) / "en-us.arpa"
        model = pocketsphinx.NGramModel.readfile(f"{pocketsphinx.get_model_path()}/en-us/en-us.lm.bin")
        model.write(str(arpa), pocketsphinx.NGramModel.str_to_type("arpa"))
        text = arpa.read_text(errors="replace")
    unigrams = text.split("\\1-grams:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    scored = []
    for line in unigrams:
        fields = line.split("\t")
        if len(fields) >= 2 and re.fullmatch(r"[a-z]+('[a-z]+)?", fields[1]):
            scored.append((float(fields[0]), fields[1]))
    scored.sort(reverse=True)
    OUT.write_text("\n".join(word for _, word in scored[:COUNT]) + "\n")
    print(f"wrote {COUNT} words to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
