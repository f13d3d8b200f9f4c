#!/usr/bin/env python3
"""Writes a ggml-format Whisper *base* model for whisper.cpp from LayerAnchor's encoder weights.

A benchmarking aid only (scripts/whisper-cpp-bench.sh): LayerAnchor itself and its tests never need
Python. Needs Python 3 and NumPy.

    python3 scripts/whisper-cpp/npy_to_ggml.py [WEIGHTS_DIR] [OUT_FILE]
    (defaults: ../shared/models/whisper-base, ggml-base-encoder.bin)

WEIGHTS_DIR holds the Whisper base encoder as one float16 .npy per tensor, named after the Hugging Face
keys (`conv1_weight_fp16.npy`, `layers_0_self_attn_q_proj_weight_fp16.npy`, ...; ../shared/README.md).

The file follows whisper.cpp v1.9.3's loader (src/whisper.cpp, whisper_model_load) and its
models/convert-pt-to-ggml.py, which makes the official ggml-base.bin:
  magic 0x67676d6c; hparams n_vocab 51865, n_audio_ctx 1500, n_audio_state 512, n_audio_head 8,
  n_audio_layer 6, n_text_ctx 448, n_text_state 512, n_text_head 8, n_text_layer 6, n_mels 80, ftype 1
  (f16); mel filters (80 x 201 float32); vocab; then per tensor: n_dims, name length, tensor type
  (0 f32, 1 f16), the dims innermost first, the name, the data (C order).
  As in ggml-base.bin, tensors with fewer than 2 dims, the conv biases (stored as [n, 1]) and the
  positional embeddings are f32; every other tensor is f16. Linear weights stay (out, in) and conv
  weights (out, in, kernel): the loader reads them in PyTorch's layout, no transpose.

What is real and what is not:
  * Encoder: every tensor is the real Whisper base weight from WEIGHTS_DIR (the Hugging Face names
    mapped to OpenAI's, as whisper.cpp's convert-h5-to-ggml.py does).
  * Decoder: NOT in WEIGHTS_DIR. Its tensors are written with the right names and shapes, all ZEROS.
    whisper.cpp's `whisper-bench` times the encoder (its "encode time"), which never reads the
    decoder, and the encoder's cost does not depend on any weight's value. The decode/batch/prompt
    times that whisper-bench also prints run a zero decoder: do not quote them, and do not use this
    file to transcribe anything.
  * Vocab: 50257 placeholder tokens ("tok00000", ...), the count the official multilingual
    ggml-base.bin stores (whisper.cpp adds the 1608 special tokens up to n_vocab = 51865 itself).
  * Mel filters: computed here with NumPy, the Slaney-scale, Slaney-area-normalised filterbank of
    librosa.filters.mel(sr=16000, n_fft=400, n_mels=80), which is what OpenAI's mel_filters.npz holds.
    whisper-bench computes no spectrogram (it sets an empty mel), so they do not affect timing.
"""
import os
import struct
import sys

import numpy as np

HPARAMS = dict(n_vocab=51865, n_audio_ctx=1500, n_audio_state=512, n_audio_head=8, n_audio_layer=6,
               n_text_ctx=448, n_text_state=512, n_text_head=8, n_text_layer=6, n_mels=80)
N_TEXT_TOKENS = 50257  # tokens in the multilingual tokenizer file; the loader adds the special ones


def mel_filters(sr=16000, n_fft=400, n_mels=80):
    """librosa.filters.mel(sr, n_fft, n_mels, htk=False, norm='slaney') in float32, shape (n_mels, 1 + n_fft // 2)."""
    f_sp = 200.0 / 3
    min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / f_sp, np.log(6.4) / 27.0

    def hz_to_mel(f):
        f = np.asarray(f, dtype=np.float64)
        return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-10) / min_log_hz) / logstep, f / f_sp)

    def mel_to_hz(m):
        m = np.asarray(m, dtype=np.float64)
        return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)

    fftfreqs = np.fft.rfftfreq(n=n_fft, d=1.0 / sr)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(sr / 2.0), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    weights = np.zeros((n_mels, len(fftfreqs)))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels]))[:, None]
    return (weights + 0.0).astype(np.float32)  # + 0.0 turns -0.0 into 0.0


def encoder_tensors(weights_dir):
    """(ggml name, array) for every encoder tensor, from the Hugging Face-named .npy files."""
    def load(key):
        path = os.path.join(weights_dir, key.replace(".", "_") + "_fp16.npy")
        return np.load(path)

    out = [("encoder.positional_embedding", load("embed_positions.weight")),
           ("encoder.conv1.weight", load("conv1.weight")),
           ("encoder.conv1.bias", load("conv1.bias")),
           ("encoder.conv2.weight", load("conv2.weight")),
           ("encoder.conv2.bias", load("conv2.bias"))]
    blocks = [("self_attn.q_proj.weight", "attn.query.weight"), ("self_attn.q_proj.bias", "attn.query.bias"),
              ("self_attn.k_proj.weight", "attn.key.weight"),
              ("self_attn.v_proj.weight", "attn.value.weight"), ("self_attn.v_proj.bias", "attn.value.bias"),
              ("self_attn.out_proj.weight", "attn.out.weight"), ("self_attn.out_proj.bias", "attn.out.bias"),
              ("self_attn_layer_norm.weight", "attn_ln.weight"), ("self_attn_layer_norm.bias", "attn_ln.bias"),
              ("fc1.weight", "mlp.0.weight"), ("fc1.bias", "mlp.0.bias"),
              ("fc2.weight", "mlp.2.weight"), ("fc2.bias", "mlp.2.bias"),
              ("final_layer_norm.weight", "mlp_ln.weight"), ("final_layer_norm.bias", "mlp_ln.bias")]
    for i in range(HPARAMS["n_audio_layer"]):
        for hf, ggml in blocks:
            out.append((f"encoder.blocks.{i}.{ggml}", load(f"layers.{i}.{hf}")))
    out += [("encoder.ln_post.weight", load("layer_norm.weight")),
            ("encoder.ln_post.bias", load("layer_norm.bias"))]
    return out


def decoder_shapes():
    """(ggml name, shape in PyTorch order) for every decoder tensor; written as zeros."""
    d, v, ctx = HPARAMS["n_text_state"], HPARAMS["n_vocab"], HPARAMS["n_text_ctx"]
    out = [("decoder.positional_embedding", (ctx, d)), ("decoder.token_embedding.weight", (v, d))]
    for i in range(HPARAMS["n_text_layer"]):
        for att in ("attn", "cross_attn"):
            out += [(f"decoder.blocks.{i}.{att}.query.weight", (d, d)), (f"decoder.blocks.{i}.{att}.query.bias", (d,)),
                    (f"decoder.blocks.{i}.{att}.key.weight", (d, d)),
                    (f"decoder.blocks.{i}.{att}.value.weight", (d, d)), (f"decoder.blocks.{i}.{att}.value.bias", (d,)),
                    (f"decoder.blocks.{i}.{att}.out.weight", (d, d)), (f"decoder.blocks.{i}.{att}.out.bias", (d,)),
                    (f"decoder.blocks.{i}.{att}_ln.weight", (d,)), (f"decoder.blocks.{i}.{att}_ln.bias", (d,))]
        out += [(f"decoder.blocks.{i}.mlp.0.weight", (4 * d, d)), (f"decoder.blocks.{i}.mlp.0.bias", (4 * d,)),
                (f"decoder.blocks.{i}.mlp.2.weight", (d, 4 * d)), (f"decoder.blocks.{i}.mlp.2.bias", (d,)),
                (f"decoder.blocks.{i}.mlp_ln.weight", (d,)), (f"decoder.blocks.{i}.mlp_ln.bias", (d,))]
    out += [("decoder.ln.weight", (d,)), ("decoder.ln.bias", (d,))]
    return out


F32_BY_NAME = {"encoder.conv1.bias", "encoder.conv2.bias", "encoder.positional_embedding", "decoder.positional_embedding"}


def write_tensor(fout, name, data):
    if name in ("encoder.conv1.bias", "encoder.conv2.bias"):
        data = data.reshape(data.shape[0], 1)  # as convert-pt-to-ggml.py: [n] -> [n, 1]
    f32 = data.ndim < 2 or name in F32_BY_NAME
    data = np.ascontiguousarray(data, dtype="<f4" if f32 else "<f2")
    encoded = name.encode("utf-8")
    fout.write(struct.pack("<iii", data.ndim, len(encoded), 0 if f32 else 1))
    for dim in reversed(data.shape):
        fout.write(struct.pack("<i", dim))
    fout.write(encoded)
    data.tofile(fout)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    weights_dir = argv[1] if len(argv) > 1 else os.path.join(here, "..", "..", "..", "shared", "models", "whisper-base")
    out_file = argv[2] if len(argv) > 2 else "ggml-base-encoder.bin"
    encoder = encoder_tensors(weights_dir)
    filters = mel_filters(n_mels=HPARAMS["n_mels"])
    tmp = out_file + ".tmp"
    with open(tmp, "wb") as fout:
        fout.write(struct.pack("<I", 0x67676D6C))
        for key in ("n_vocab", "n_audio_ctx", "n_audio_state", "n_audio_head", "n_audio_layer",
                    "n_text_ctx", "n_text_state", "n_text_head", "n_text_layer", "n_mels"):
            fout.write(struct.pack("<i", HPARAMS[key]))
        fout.write(struct.pack("<i", 1))  # ftype 1: f16 for the big tensors, as ggml-base.bin
        fout.write(struct.pack("<ii", *filters.shape))
        filters.astype("<f4").tofile(fout)
        fout.write(struct.pack("<i", N_TEXT_TOKENS))
        for i in range(N_TEXT_TOKENS):
            token = b"tok%05d" % i
            fout.write(struct.pack("<i", len(token)))
            fout.write(token)
        for name, data in encoder:
            write_tensor(fout, name, data)
        for name, shape in decoder_shapes():
            write_tensor(fout, name, np.zeros(shape, dtype=np.float32))
    os.replace(tmp, out_file)
    print(f"wrote {out_file}: {len(encoder)} encoder tensors from {os.path.normpath(weights_dir)} (real weights), "
          f"{len(decoder_shapes())} decoder tensors (zeros), {N_TEXT_TOKENS} placeholder tokens, "
          f"{filters.shape[0]}x{filters.shape[1]} Slaney mel filters computed with NumPy")


if __name__ == "__main__":
    main(sys.argv)
