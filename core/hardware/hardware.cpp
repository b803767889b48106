// SPDX-License-Identifier: GPL-3.0-or-later
#include "hardware.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include <nlohmann/json.hpp>

#include <cmath>

namespace lmp::hardware {

namespace {

double lookup(const std::map<std::string, double>& peaks, const std::string& dtype)
{
    static const std::map<std::string, std::vector<std::string>> fallbacks {
        { "fp32", { "fp32" } },
        { "tf32", { "tf32", "fp32" } },
        { "bf16", { "bf16", "fp16" } },
        { "fp16", { "fp16", "bf16" } },
        { "fp8", { "fp8", "int8", "bf16", "fp16" } },
        { "int8", { "int8", "fp8", "bf16", "fp16" } },
        { "int4", { "int4", "int8", "fp8", "bf16", "fp16" } },
    };
    const auto it = fallbacks.find(dtype);
    const auto peakOf = [&](const std::string& d) {
        const auto p = peaks.find(d);
        return p != peaks.end() && p->second > 0 ? p->second : 0.0;
    };
    if (it == fallbacks.end()) {
        if (const double v = peakOf(dtype); v > 0)
            return v;
    } else {
        for (const auto& d : it->second) {
            if (const double v = peakOf(d); v > 0)
                return v;
        }
    }
    const auto fp32 = peaks.find("fp32");
    return fp32 != peaks.end() ? fp32->second : 0.0;
}

} // namespace

double Profile::matrixPeak(const std::string& dtype) const
{
    const double m = lookup(matrixFlops, dtype);
    return m > 0 ? m : vectorPeak(dtype);
}

double Profile::vectorPeak(const std::string& dtype) const
{
    return lookup(vectorFlops, dtype);
}

std::string ProfileError::describe() const
{
    return file.toStdString() + ": " + message;
}

QString Catalogue::defaultUserFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/hardware");
}

std::variant<Catalogue, ProfileError> Catalogue::loadBuiltin(const QStringList& userFolders)
{
    return load(QStringList { QString::fromLatin1(kBuiltinFolder) } + userFolders);
}

std::variant<Catalogue, ProfileError> Catalogue::load(const QStringList& folders)
{
    Catalogue catalogue;
    for (const QString& folder : folders) {
        const QDir dir(folder);
        for (const QString& fileName : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name)) {
            const QString path = dir.filePath(fileName);
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                return ProfileError { path, "cannot read: " + f.errorString().toStdString() };
            const auto json = nlohmann::json::parse(f.readAll().toStdString(), nullptr, false);
            if (json.is_discarded() || !json.is_object())
                return ProfileError { path, "not a JSON object" };
            Profile p;
            p.file = path;
            auto number = [&](const char* key) -> std::optional<double> {
                const auto it = json.find(key);
                if (it == json.end() || !it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() <= 0)
                    return std::nullopt;
                return it->get<double>();
            };
            if (!json.contains("id") || !json["id"].is_string())
                return ProfileError { path, "id: expected a string" };
            p.id = json["id"].get<std::string>();
            p.name = json.value("name", p.id);
            const auto memory = number("memory_bytes");
            const auto bandwidth = number("memory_bandwidth");
            if (!memory)
                return ProfileError { path, "memory_bytes: expected a positive number" };
            if (!bandwidth)
                return ProfileError { path, "memory_bandwidth: expected a positive number (bytes per second)" };
            p.memoryBytes = *memory;
            p.bandwidth = *bandwidth;
            if (json.contains("l2_bytes")) {
                const auto l2 = number("l2_bytes");
                if (!l2)
                    return ProfileError { path, "l2_bytes: expected a positive number of bytes" };
                p.l2Bytes = *l2;
            }
            for (const char* table : { "matrix_flops", "vector_flops" }) {
                const auto it = json.find(table);
                if (it == json.end() || !it->is_object())
                    continue;
                auto& target = std::string(table) == "matrix_flops" ? p.matrixFlops : p.vectorFlops;
                for (const auto& [dtype, value] : it->items()) {
                    if (!value.is_number() || value.get<double>() <= 0 || !std::isfinite(value.get<double>()))
                        return ProfileError { path, std::string(table) + "." + dtype + ": expected a positive FLOP/s" };
                    target[dtype] = value.get<double>();
                }
            }
            auto text = [](const nlohmann::json& object, const char* key) {
                const auto it = object.find(key);
                return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
            };
            if (const auto it = json.find("performance"); it != json.end()) {
                if (!it->is_object())
                    return ProfileError { path, "performance: expected an object" };
                auto& perf = p.performance;
                struct Field
                {
                    const char* key;
                    double* value;
                    bool fraction;
                };
                const Field fields[] = { { "gemm_efficiency", &perf.gemmEfficiency, true },
                    { "gemm_bandwidth_efficiency", &perf.gemmBandwidthEfficiency, true },
                    { "gemm_floor_s", &perf.gemmFloor, false }, { "memory_efficiency", &perf.memoryEfficiency, true },
                    { "row_bandwidth", &perf.rowBandwidth, false }, { "kernel_floor_s", &perf.kernelFloor, false },
                    { "launch_s", &perf.launch, false }, { "graph_launch_s", &perf.graphLaunch, false } };
                for (const Field& field : fields) {
                    const auto v = it->find(field.key);
                    if (v == it->end()) {
                        perf.defaulted.push_back(field.key);
                        continue;
                    }
                    const bool ok = v->is_number() && std::isfinite(v->get<double>()) && v->get<double>() > 0
                        && (!field.fraction || v->get<double>() <= 1.0) && (field.fraction || v->get<double>() < 1e15);
                    if (!ok)
                        return ProfileError { path,
                            std::string("performance.") + field.key
                                + (field.fraction ? ": expected a fraction in (0, 1]"
                                                  : ": expected a positive number") };
                    *field.value = v->get<double>();
                }
                const std::string basis = text(*it, "basis");
                if (!basis.empty() && basis != "fitted" && basis != "default")
                    return ProfileError { path, "performance.basis: expected \"fitted\" or \"default\"" };
                perf.fitted = basis == "fitted";
                perf.fit = text(*it, "fit");
            } else {
                p.performance.defaulted = { "gemm_efficiency", "gemm_bandwidth_efficiency", "gemm_floor_s",
                    "memory_efficiency", "row_bandwidth", "kernel_floor_s", "launch_s", "graph_launch_s" };
            }
            p.vendor = text(json, "vendor");
            p.notes = text(json, "notes");
            if (const auto it = json.find("sources"); it != json.end() && it->is_array()) {
                for (const auto& source : *it) {
                    if (source.is_object())
                        p.sources.push_back({ text(source, "figure"), text(source, "value"), text(source, "source"),
                            text(source, "url") });
                }
            }
            // A later folder (the user's) replaces a profile of the same id.
            auto existing = std::find_if(catalogue.m_profiles.begin(), catalogue.m_profiles.end(),
                [&](const Profile& q) { return q.id == p.id; });
            if (existing != catalogue.m_profiles.end())
                *existing = std::move(p);
            else
                catalogue.m_profiles.push_back(std::move(p));
        }
    }
    return catalogue;
}

const Profile* Catalogue::find(const std::string& id) const
{
    for (const auto& p : m_profiles) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}

} // namespace lmp::hardware
