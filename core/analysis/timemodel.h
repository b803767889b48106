// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hardware/hardware.h"

#include <optional>
#include <string>
#include <string_view>

namespace lmp::analysis {

// How the model's forward runs, which decides the kernels its work is timed as (resources/MODULE-TEMPLATES.md,
// "Execution models"):
// eager: transformers' forward as PyTorch runs it, module by module and op by op;
// fused: an inference engine's kernels (QKV and gate/up as one GEMM, RMSNorm fused with the residual add, rotary
//        fused, flash attention without a score matrix, CUDA graphs in decode) and its cache layouts.
enum class Execution { Eager, Fused };

std::optional<Execution> executionFromName(std::string_view name);
std::string_view executionName(Execution execution);

// The time of a stretch of work: the roofline bound (datasheet peaks, minimum traffic: a true lower bound) and the
// expected time (efficiencies, floors and launch costs of the kernels it runs).
struct WorkTime
{
    double expected = 0;
    double bound = 0;
    double kernels = 0; // kernels launched
    double floors = 0; // the kernels' floors inside expected
};

// The kernel formulas the fit (resources/python/fit_time_model.py) calibrates, per kernel:
// a GEMM of flops matrix FLOPs moving bytes:
//   max(flops / (matrixPeak * gemmEfficiency), bytes / (bandwidth * gemmBandwidthEfficiency)) + gemmFloor;
// a streaming kernel moving bytes over rows rows (rows 0: a plain elementwise kernel, no row term):
//   max(bytes / (bandwidth * memoryEfficiency), bytes / rows / rowBandwidth) + kernelFloor.
double gemmKernelSeconds(const hardware::Profile& hw, double flops, double bytes, double matrixPeak);
double streamKernelSeconds(const hardware::Profile& hw, double bytes, double rows);
// The bound of the same kernels: max(flops / peak, bytes / bandwidth), where of the activations (bytes other than
// weightBytes) as much as the chip's L2 cache holds may come from there: a kernel's input that the kernel before it
// just wrote often does (measured: phi-2's GELU on an A40 streams 1.2 TB/s from its 6 MB L2).
double boundSeconds(const hardware::Profile& hw, double matrixFlops, double matrixPeak, double otherFlops,
    double vectorPeak, double bytes, double weightBytes = -1);

} // namespace lmp::analysis
