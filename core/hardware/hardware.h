// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace lmp::hardware {

// An accelerator's dense peaks, bandwidth and capacity (resources/hardware/*.json or the user's folder).
struct Profile
{
    std::string id; // "nvidia-h100-sxm"
    std::string name;
    double memoryBytes = 0;
    double bandwidth = 0; // bytes per second
    double l2Bytes = 0; // last-level cache on the chip (0: unknown): a kernel may find its activations there
    std::map<std::string, double> matrixFlops; // dtype -> dense FLOP/s of the matrix units
    std::map<std::string, double> vectorFlops; // dtype -> FLOP/s outside them
    QString file;
    std::string vendor;
    std::string notes;
    // Where each figure comes from (the file's sources: figure, value as printed, document, url).
    struct Source
    {
        std::string figure;
        std::string value;
        std::string source;
        std::string url;
    };
    std::vector<Source> sources;

    // What kernels reach on the device: the expected-time model's parameters (core/analysis/timemodel.h), fitted
    // to measured kernel times (resources/python/fit_time_model.py) or the documented defaults.
    struct Performance
    {
        bool fitted = false; // false: the defaults below, not measured on this device
        double gemmEfficiency = 0.7; // fraction of the matrix peak a large GEMM reaches
        double gemmBandwidthEfficiency = 0.8; // fraction of the bandwidth a memory-bound GEMM (small M) reaches
        double gemmFloor = 10e-6; // seconds a GEMM takes beyond its compute or memory time
        double memoryEfficiency = 0.6; // fraction of the bandwidth streaming kernels (norms, activations) reach
        double rowBandwidth = 8e9; // bytes per second one thread block of a row-wise kernel streams
        double kernelFloor = 2e-6; // seconds a streaming kernel takes beyond its memory time
        double launch = 5e-6; // host seconds per kernel launch (eager PyTorch; an engine without CUDA graphs)
        double graphLaunch = 1e-6; // seconds per kernel replayed from a CUDA graph
        std::string fit; // how the fitted values were obtained (empty for the defaults)
        std::vector<std::string> defaulted; // the fields this profile leaves at the defaults
    };
    Performance performance;

    // The matrix peak for operands of a dtype ("bf16"), falling back to fp16 figures (fp32: the fp32 matrix rate,
    // which NVIDIA GPUs lack, so the vector rate; "tf32" for fp32 matmuls with TF32 enabled); 0 if none.
    double matrixPeak(const std::string& dtype) const;
    double vectorPeak(const std::string& dtype) const;
    // Whether any compute peak is known (some vendors publish bandwidth and capacity only).
    bool hasCompute() const { return !matrixFlops.empty() || !vectorFlops.empty(); }
};

struct ProfileError
{
    QString file;
    std::string message;
    std::string describe() const;
};

class Catalogue
{
public:
    static constexpr const char* kBuiltinFolder = ":/lmp/hardware";
    static QString defaultUserFolder();
    static std::variant<Catalogue, ProfileError> load(const QStringList& folders);
    static std::variant<Catalogue, ProfileError> loadBuiltin(const QStringList& userFolders = {});

    const std::vector<Profile>& profiles() const { return m_profiles; }
    const Profile* find(const std::string& id) const;

private:
    std::vector<Profile> m_profiles;
};

} // namespace lmp::hardware
