# SPDX-License-Identifier: GPL-3.0-or-later
# The generation panel: time to first token, time per output token and the KV cache over a generation.
target_sources(lmp_widgets PRIVATE
    generationview.cpp generationview.h
)
