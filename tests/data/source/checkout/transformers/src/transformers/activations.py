# Fixture for tst_sourcelocator: transformers.activations, shortened.
import torch
from torch import nn


class SiLUActivation(nn.Module):
    """
    See Gaussian Error Linear Units (Hendrycks et al., https://arxiv.org/abs/1606.08415) where the SiLU (Sigmoid Linear
    Unit) was originally introduced and coined.
    """

    def forward(self, input: torch.Tensor) -> torch.Tensor:
        return nn.functional.silu(input)
