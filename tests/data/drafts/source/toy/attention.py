# A fixture written for the tests: a class whose forward uses module-level helpers directly (a call), by name
# (passed on as a value) and through another helper, beside functions it never uses.
import torch
from torch import nn


def unused_helper(x):
    return x * 3


def rotate(x):
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


def apply_rotation(q, cos, sin):
    return q * cos + rotate(q) * sin


def scores_forward(module, q, k):
    return torch.matmul(q, k.transpose(-1, -2)) * module.scale


class ToyAttention(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.scale = dim**-0.5
        self.proj = nn.Linear(dim, dim, bias=False)

    def forward(self, q, k, cos, sin):
        interface = scores_forward
        q = apply_rotation(q, cos, sin)
        return self.proj(interface(self, q, k))


def after_the_class(x):
    return x
