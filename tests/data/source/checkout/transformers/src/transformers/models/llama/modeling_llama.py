# Fixture for tst_sourcelocator: shaped like transformers' modeling_llama.py, shortened.
# The tests name lines of this file: keep them where they are.
"""PyTorch LLaMA model."""

from typing import Optional

import torch
from torch import nn

from ...activations import ACT2FN


@use_kernel_forward_from_hub("RMSNorm")
class LlamaRMSNorm(nn.Module):
    def __init__(self, hidden_size, eps=1e-6):
        """
        LlamaRMSNorm is equivalent to T5LayerNorm
        """
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden_size))
        self.variance_epsilon = eps

    def forward(self, hidden_states):
        input_dtype = hidden_states.dtype
        hidden_states = hidden_states.to(torch.float32)
        variance = hidden_states.pow(2).mean(-1, keepdim=True)
        hidden_states = hidden_states * torch.rsqrt(variance + self.variance_epsilon)
        return self.weight * hidden_states.to(input_dtype)

    def extra_repr(self):
        return f"{tuple(self.weight.shape)}, eps={self.variance_epsilon}"


class LlamaMLP(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.hidden_size = config.hidden_size
        self.intermediate_size = config.intermediate_size
        self.gate_proj = nn.Linear(self.hidden_size, self.intermediate_size, bias=config.mlp_bias)
        self.up_proj = nn.Linear(self.hidden_size, self.intermediate_size, bias=config.mlp_bias)
        self.down_proj = nn.Linear(self.intermediate_size, self.hidden_size, bias=config.mlp_bias)
        self.act_fn = ACT2FN[config.hidden_act]

    # A comment at the body's indentation, then a blank line.

    def forward(self, x):
        def project(t):  # a nested def does not end the class
            return self.up_proj(t)

        down_proj = self.down_proj(self.act_fn(self.gate_proj(x)) * project(x))
        return down_proj
    # a trailing comment inside the class


# A comment at column 0 after the class is not part of it.
def rotate_half(x):
    """Rotates half the hidden dims of the input.
class LlamaMLP(NotAClass):  a decoy inside a docstring, at column 0
"""
    x1 = x[..., : x.shape[-1] // 2]
    x2 = x[..., x.shape[-1] // 2 :]
    return torch.cat((-x2, x1), dim=-1)


class LlamaAttention(nn.Module):
    """Multi-headed attention from 'Attention Is All You Need' paper"""

    def __init__(
        self,
        config,
        layer_idx: int,
    ):
        super().__init__()
        self.config = config
        self.layer_idx = layer_idx

    @deprecate_kwarg("past_key_value", new_name="past_key_values", version="4.58")
    def forward(
        self,
        hidden_states: torch.Tensor,
        attention_mask: Optional[torch.Tensor] = None,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        query_states = self.q_proj(hidden_states)
        return query_states, None


class LlamaDecoderLayer(
    GradientCheckpointingLayer,
):
    def __init__(self, config, layer_idx: int):
        super().__init__()
        self.mlp = LlamaMLP(config)

    class Inner:
        def forward(self):  # a nested class's forward is not the layer's
            pass

    def forward(self, hidden_states):
        return self.mlp(hidden_states)
