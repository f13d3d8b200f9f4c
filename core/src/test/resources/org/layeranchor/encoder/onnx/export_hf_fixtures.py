"""Writes the Hugging Face export fixtures used by HuggingFaceExportTest.

Not part of the build: run once by hand (torch 2.13, transformers 5.18, CPU) to regenerate them.
Two tiny randomly initialised models, built from a config (no download), exported with the
TorchScript exporter exactly as docs/ONNX_EXPORT.md recommends:

  hf-wavlm-tiny-opset17.onnx  WavLM, post-LN blocks, relative position bias shared across blocks,
                              LayerNormalization nodes (opset 17)
  hf-xlsr-tiny-opset14.onnx   wav2vec 2.0 "stable layer norm" (XLS-R / large-lv60 layout): pre-LN
                              blocks, final encoder LayerNorm, LayerNorm decomposed (opset 14)

hf-input.npy is the waveform [1, 8000]; hf-*-hidden-states.npy are Hugging Face's hidden states
[layers, frames, dim] for it, in the transformers 4.x convention: the last entry is after the final
encoder LayerNorm (= last_hidden_state). transformers 5.x returns the pre-LayerNorm value there for
the stable-layer-norm models, so the last entry is replaced by last_hidden_state.
"""
import numpy as np
import torch
from transformers import Wav2Vec2Config, Wav2Vec2Model, WavLMConfig, WavLMModel

torch.manual_seed(0)
common = dict(hidden_size=32, num_hidden_layers=3, num_attention_heads=2, intermediate_size=64,
              conv_dim=(16,) * 7, num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=2,
              hidden_dropout=0.0, attention_dropout=0.0, activation_dropout=0.0, feat_proj_dropout=0.0,
              layerdrop=0.0)
models = {
    "wavlm-tiny-opset17": (WavLMModel(WavLMConfig(**common, num_buckets=32, max_bucket_distance=100)), 17),
    "xlsr-tiny-opset14": (Wav2Vec2Model(Wav2Vec2Config(**common, do_stable_layer_norm=True,
                                                       feat_extract_norm="layer")), 14),
}


class LastHiddenState(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_values):
        return self.m(input_values).last_hidden_state


x = (np.random.RandomState(1).randn(1, 8000) * 0.3).astype(np.float32)
np.save("hf-input.npy", x)
for name, (model, opset) in models.items():
    model.eval()
    with torch.no_grad():
        out = model(torch.from_numpy(x), output_hidden_states=True)
    states = [h[0].numpy() for h in out.hidden_states]
    states[-1] = out.last_hidden_state[0].numpy()
    np.save(f"hf-{name}-hidden-states.npy", np.stack(states).astype(np.float32))
    torch.onnx.export(LastHiddenState(model), (torch.from_numpy(x),), f"hf-{name}.onnx",
                      input_names=["input_values"], output_names=["last_hidden_state"],
                      dynamic_axes={"input_values": {0: "batch", 1: "samples"},
                                    "last_hidden_state": {0: "batch", 1: "frames"}},
                      opset_version=opset, dynamo=False)
