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

    // The matrix peak for operands of a dtype ("bf16"), falling back to fp16/fp32 figures; 0 if none.
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
