# SPDX-License-Identifier: GPL-3.0-or-later
# Fixture for tst_architecturedraft: the configuration of "Nova", a model family invented for the test (no such
# family exists in transformers). Written like transformers' Llama-style configuration classes.
"""Nova model configuration."""

from ...configuration_utils import PretrainedConfig


class NovaConfig(PretrainedConfig):
    model_type = "nova"

    def __init__(
        self,
        vocab_size=32000,
        hidden_size=2048,
        intermediate_size=5632,
        num_hidden_layers=16,
        num_attention_heads=16,
        num_key_value_heads=None,
        hidden_act="silu",
        max_position_embeddings=4096,
        rms_norm_eps=1e-6,
        rope_theta=10000.0,
        qkv_bias=True,
        tie_word_embeddings=False,
        **kwargs,
    ):
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.intermediate_size = intermediate_size
        self.num_hidden_layers = num_hidden_layers
        self.num_attention_heads = num_attention_heads
        if num_key_value_heads is None:
            num_key_value_heads = num_attention_heads
        self.num_key_value_heads = num_key_value_heads
        self.head_dim = hidden_size // num_attention_heads
        self.hidden_act = hidden_act
        self.max_position_embeddings = max_position_embeddings
        self.rms_norm_eps = rms_norm_eps
        self.rope_theta = rope_theta
        self.qkv_bias = qkv_bias
        super().__init__(tie_word_embeddings=tie_word_embeddings, **kwargs)
