"""The int8 copy of a Whisper model: the file format round trip, CTranslate2's own quantization, the cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from voiceguide.errors import EngineError
from voiceguide.speech import whisper_int8
from voiceguide.speech.model_files import bundled_whisper_folder
from voiceguide.speech.whisper_features import log_mel
from voiceguide.speech.whisper_int8 import int8_folder, read_model, to_int8, weight_dtypes, write_model


@pytest.fixture(scope="module")
def bundled() -> Path:
    return bundled_whisper_folder()


def test_reading_and_writing_a_model_file_gives_back_the_same_bytes(bundled: Path, tmp_path: Path) -> None:
    write_model(read_model(bundled / "model.bin"), tmp_path / "model.bin")
    assert (tmp_path / "model.bin").read_bytes() == (bundled / "model.bin").read_bytes()


def test_weight_matrices_become_int8_with_row_scales_and_kernels_stay_float(bundled: Path) -> None:
    source = read_model(bundled / "model.bin")
    converted = to_int8(source)
    name = "decoder/layer_0/attention/linear_0/weight"
    weight, scale = converted.variables[name], converted.variables[f"{name}_scale"]
    assert weight.dtype == np.int8 and scale.dtype == np.float32 and scale.shape == (weight.shape[0],)
    assert np.abs(weight).max() == 127
    original = source.variables[name].astype(np.float32)
    assert np.abs(weight / scale[:, None] - original).max() <= (0.5 / scale).max() + 1e-6
    assert converted.variables["encoder/conv1/weight"].dtype == np.float32  # 3-D kernels: float
    assert converted.variables["encoder/conv1/weight"].ndim == 3
    assert converted.aliases == source.aliases
    weights = {v.dtype.name for k, v in converted.variables.items() if k.endswith("weight")}
    assert weights == {"int8", "float32"}


def test_the_streamed_conversion_writes_what_converting_the_whole_model_writes(
    bundled: Path, tmp_path: Path
) -> None:
    whisper_int8.convert_file(bundled / "model.bin", tmp_path / "streamed.bin")
    write_model(to_int8(read_model(bundled / "model.bin")), tmp_path / "whole.bin")
    assert (tmp_path / "streamed.bin").read_bytes() == (tmp_path / "whole.bin").read_bytes()


def test_the_int8_model_computes_what_ctranslate2_computes_when_it_quantizes_while_loading(
    bundled: Path, tmp_path: Path, speech_dir: Path
) -> None:
    import ctranslate2

    from voiceguide.audio.format import read_wav

    converted = int8_folder(bundled, tmp_path)
    assert weight_dtypes(converted / "model.bin") == {"int8"}
    assert weight_dtypes(bundled / "model.bin") == {"float16"}
    clip = read_wav(sorted((speech_dir / "sentences").glob("*.wav"))[0])
    samples = clip.resampled(16000).samples().astype(np.float32) / 32768
    features = ctranslate2.StorageView.from_array(log_mel(samples, 3000)[None])
    theirs = ctranslate2.models.Whisper(str(bundled), compute_type="int8", intra_threads=1)
    ours = ctranslate2.models.Whisper(str(converted), compute_type="int8", intra_threads=1)
    assert np.array_equal(np.asarray(ours.encode(features)), np.asarray(theirs.encode(features)))
    prompt = [[50257, 50362]]
    ours_read = ours.generate(features, prompt, beam_size=1)[0].sequences_ids
    assert len(ours_read[0]) > 5
    assert ours_read == theirs.generate(features, prompt, beam_size=1)[0].sequences_ids


def test_the_copy_is_made_once_and_an_int8_model_is_used_as_it_is(bundled: Path, tmp_path: Path) -> None:
    first = int8_folder(bundled, tmp_path)
    assert first.parent == tmp_path and (first / whisper_int8.DONE_MARKER).is_file()
    copied = {p.name for p in first.iterdir()}
    assert copied >= {"model.bin", "config.json", "tokenizer.json", "vocabulary.txt"}
    made = (first / "model.bin").stat().st_mtime_ns
    assert int8_folder(bundled, tmp_path) == first
    assert (first / "model.bin").stat().st_mtime_ns == made
    assert int8_folder(first, tmp_path / "elsewhere") == first
    assert not (tmp_path / "elsewhere").exists()
    assert [p.name for p in tmp_path.iterdir()] == [first.name]  # no work folder left behind
    for path in (tmp_path, first, *first.iterdir()):
        assert path.stat().st_mode & 0o077 == 0, path


def test_a_copy_made_by_an_older_conversion_is_not_used(
    bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = int8_folder(bundled, tmp_path)
    monkeypatch.setattr(whisper_int8, "CONVERSION_VERSION", whisper_int8.CONVERSION_VERSION + 1)
    second = int8_folder(bundled, tmp_path)
    assert second != first and (second / whisper_int8.DONE_MARKER).is_file()
    assert not first.exists()  # the older copy of the same model is deleted


def test_an_unfinished_copy_is_made_again(bundled: Path, tmp_path: Path) -> None:
    first = int8_folder(bundled, tmp_path)
    (first / whisper_int8.DONE_MARKER).unlink()
    (first / "model.bin").unlink()  # as a cache cleaner might leave it
    again = int8_folder(bundled, tmp_path)
    assert again == first and (again / whisper_int8.DONE_MARKER).is_file()
    assert weight_dtypes(again / "model.bin") == {"int8"}


def test_a_damaged_copy_is_dropped_and_the_original_loads(bundled: Path, tmp_path: Path) -> None:
    from voiceguide.speech.whisper_engine import WhisperTranscriber

    copy = int8_folder(bundled, tmp_path)
    with (copy / "model.bin").open("r+b") as handle:
        handle.truncate(100_000)
    whisper = WhisperTranscriber(bundled, cache_folder=tmp_path)
    assert whisper.transcribe(b"\x00\x00" * 16000) == ""
    assert not copy.exists()  # made again at the next start
    assert int8_folder(bundled, tmp_path) == copy and (copy / whisper_int8.DONE_MARKER).is_file()


def test_a_file_that_is_not_a_ctranslate2_model_is_one_line_everywhere(tmp_path: Path) -> None:
    from voiceguide.speech.whisper_engine import WhisperTranscriber

    folder = tmp_path / "ggml"
    folder.mkdir()
    shutil.copyfile(bundled_whisper_folder() / "tokenizer.json", folder / "tokenizer.json")
    (folder / "model.bin").write_bytes(b"\x06\x00\x00\x00\xff\x00" + bytes(range(256)) * 40)
    with pytest.raises(EngineError) as caught:
        int8_folder(folder, tmp_path / "cache")
    assert "\n" not in caught.value.message and "cannot be read" in caught.value.message
    with pytest.raises(EngineError) as loading:
        WhisperTranscriber(folder, cache_folder=tmp_path / "cache")
    assert "\n" not in loading.value.message and "cannot be loaded" in loading.value.message


def test_a_damaged_model_file_gives_one_clear_line(bundled: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for item in bundled.iterdir():
        shutil.copyfile(item, broken / item.name)
    with (broken / "model.bin").open("r+b") as handle:
        handle.truncate(5000)
    with pytest.raises(EngineError) as caught:
        int8_folder(broken, tmp_path / "cache")
    assert "\n" not in caught.value.message and "cannot be read" in caught.value.message
