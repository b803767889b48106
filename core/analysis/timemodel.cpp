// SPDX-License-Identifier: GPL-3.0-or-later
#include "timemodel.h"

#include <algorithm>

namespace lmp::analysis {

std::optional<Execution> executionFromName(std::string_view name)
{
    if (name == "eager")
        return Execution::Eager;
    if (name == "fused")
        return Execution::Fused;
    return std::nullopt;
}

std::string_view executionName(Execution execution)
{
    return execution == Execution::Fused ? "fused" : "eager";
}

double gemmKernelSeconds(const hardware::Profile& hw, double flops, double bytes, double matrixPeak)
{
    const auto& p = hw.performance;
    const double compute = matrixPeak > 0 ? std::max(0.0, flops) / (matrixPeak * p.gemmEfficiency) : 0.0;
    const double memory = hw.bandwidth > 0 ? std::max(0.0, bytes) / (hw.bandwidth * p.gemmBandwidthEfficiency) : 0.0;
    return std::max(compute, memory) + p.gemmFloor;
}

double streamKernelSeconds(const hardware::Profile& hw, double bytes, double rows)
{
    const auto& p = hw.performance;
    bytes = std::max(0.0, bytes);
    double t = hw.bandwidth > 0 ? bytes / (hw.bandwidth * p.memoryEfficiency) : 0.0;
    if (rows >= 1)
        t = std::max(t, bytes / rows / p.rowBandwidth);
    return t + p.kernelFloor;
}

double boundSeconds(const hardware::Profile& hw, double matrixFlops, double matrixPeak, double otherFlops,
    double vectorPeak, double bytes, double weightBytes)
{
    bytes = std::max(0.0, bytes);
    if (hw.l2Bytes > 0) {
        const double weights = weightBytes < 0 ? 0.0 : std::min(weightBytes, bytes);
        bytes = weights + std::max(0.0, bytes - weights - hw.l2Bytes);
    }
    double compute = 0;
    if (matrixPeak > 0)
        compute += std::max(0.0, matrixFlops) / matrixPeak;
    if (vectorPeak > 0)
        compute += std::max(0.0, otherFlops) / vectorPeak;
    const double memory = hw.bandwidth > 0 ? bytes / hw.bandwidth : 0.0;
    return std::max(compute, memory);
}

} // namespace lmp::analysis
