// SPDX-License-Identifier: GPL-3.0-or-later
#include "safetensors.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <unordered_map>

namespace lmp::model {

namespace {

using Json = nlohmann::json;

constexpr std::uint64_t kMaxHeaderBytes = 100 * 1024 * 1024; // the format's own limit
constexpr Int kMaxElements = Int(1) << 50;

int dtypeSize(const std::string& dtype)
{
    static const std::map<std::string, int> sizes {
        { "F64", 8 },
        { "I64", 8 },
        { "U64", 8 },
        { "F32", 4 },
        { "I32", 4 },
        { "U32", 4 },
        { "F16", 2 },
        { "BF16", 2 },
        { "I16", 2 },
        { "U16", 2 },
        { "I8", 1 },
        { "U8", 1 },
        { "BOOL", 1 },
        { "F8_E4M3", 1 },
        { "F8_E5M2", 1 },
        { "F8_E8M0", 1 },
        { "F8_E4M3FNUZ", 1 },
        { "F8_E5M2FNUZ", 1 },
    };
    const auto it = sizes.find(dtype);
    return it == sizes.end() ? 0 : it->second;
}

std::string shapeText(const std::vector<Int>& shape)
{
    std::string out = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        out += (i ? ", " : "") + formula::toString(shape[i]);
    return out + "]";
}

} // namespace

Int CheckpointTensor::elements() const
{
    Int n = 1;
    for (Int d : shape)
        n *= d;
    return n;
}

Int Checkpoint::totalElements() const
{
    Int n = 0;
    for (const auto& t : tensors)
        n += t.elements();
    return n;
}

Int Checkpoint::totalBytes() const
{
    Int n = 0;
    for (const auto& t : tensors)
        n += t.bytes;
    return n;
}

std::variant<Checkpoint, ModelError> parseSafetensorsHeader(
    const std::string& bytes, const QString& path, std::uint64_t fileSize)
{
    if (bytes.size() < 8)
        return ModelError { path, {}, "not a safetensors file: shorter than its 8-byte header length" };
    std::uint64_t length = 0;
    for (int i = 7; i >= 0; --i)
        length = (length << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
    if (length > kMaxHeaderBytes)
        return ModelError { path, {},
            "not a safetensors file: header length " + std::to_string(length)
                + " bytes is over the format's 100 MB limit" };
    if (length > bytes.size() - 8)
        return ModelError { path, {},
            "truncated: the header says " + std::to_string(length) + " bytes, the file has "
                + std::to_string(bytes.size() - 8) };
    Json header;
    try {
        header = Json::parse(bytes.begin() + 8, bytes.begin() + 8 + static_cast<std::ptrdiff_t>(length));
    } catch (const std::exception& e) {
        return ModelError { path, {}, std::string("the header is not valid JSON: ") + e.what() };
    }
    if (!header.is_object())
        return ModelError { path, {}, "the header must be a JSON object of tensors" };
    const std::uint64_t dataSize = fileSize >= 8 + length ? fileSize - 8 - length : 0;
    Checkpoint checkpoint;
    checkpoint.files << path;
    for (const auto& [name, info] : header.items()) {
        if (name == "__metadata__")
            continue;
        if (!info.is_object())
            return ModelError { path, name, "expected {dtype, shape, data_offsets}" };
        CheckpointTensor t;
        t.name = name;
        t.file = path;
        const auto dtype = info.find("dtype");
        if (dtype == info.end() || !dtype->is_string() || dtypeSize(dtype->get<std::string>()) == 0)
            return ModelError { path, name + ".dtype",
                "expected a safetensors dtype (F32, BF16, F16, F8_E4M3, I8, ...)" };
        t.dtype = dtype->get<std::string>();
        const auto shape = info.find("shape");
        if (shape == info.end() || !shape->is_array() || shape->size() > 16)
            return ModelError { path, name + ".shape", "expected a list of sizes" };
        Int elements = 1;
        for (const auto& d : *shape) {
            if (!d.is_number_unsigned() && !(d.is_number_integer() && d.get<std::int64_t>() >= 0))
                return ModelError { path, name + ".shape", "sizes must be non-negative integers" };
            const Int v = d.get<std::uint64_t>();
            t.shape.push_back(v);
            elements *= v;
            if (elements > kMaxElements)
                return ModelError { path, name + ".shape", "absurdly large tensor" };
        }
        const auto offsets = info.find("data_offsets");
        if (offsets == info.end() || !offsets->is_array() || offsets->size() != 2 || !(*offsets)[0].is_number_unsigned()
            || !(*offsets)[1].is_number_unsigned())
            return ModelError { path, name + ".data_offsets", "expected [begin, end] byte offsets" };
        const auto begin = (*offsets)[0].get<std::uint64_t>();
        const auto end = (*offsets)[1].get<std::uint64_t>();
        t.bytes = elements * dtypeSize(t.dtype);
        if (end < begin || Int(end - begin) != t.bytes)
            return ModelError { path, name + ".data_offsets",
                "the offsets span " + std::to_string(end >= begin ? end - begin : 0) + " bytes, but " + t.dtype + " "
                    + shapeText(t.shape) + " needs " + formula::toString(t.bytes) };
        if (end > dataSize)
            return ModelError { path, name + ".data_offsets", "past the end of the file (truncated download?)" };
        checkpoint.tensors.push_back(std::move(t));
    }
    return checkpoint;
}

std::variant<Checkpoint, ModelError> readSafetensorsFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return ModelError { path, {}, "cannot read: " + f.errorString().toStdString() };
    const QByteArray prefix = f.read(8);
    if (prefix.size() < 8)
        return ModelError { path, {}, "not a safetensors file: shorter than its 8-byte header length" };
    std::uint64_t length = 0;
    for (int i = 7; i >= 0; --i)
        length = (length << 8) | static_cast<unsigned char>(prefix[i]);
    if (length > kMaxHeaderBytes)
        return ModelError { path, {}, "not a safetensors file: header length over the format's 100 MB limit" };
    const QByteArray header = f.read(static_cast<qint64>(length));
    return parseSafetensorsHeader(
        prefix.toStdString() + header.toStdString(), path, static_cast<std::uint64_t>(f.size()));
}

std::variant<Checkpoint, ModelError> readCheckpointFolder(const QString& folder)
{
    const QDir dir(folder);
    Checkpoint checkpoint;
    checkpoint.files.clear();
    const QString indexPath = dir.filePath(QStringLiteral("model.safetensors.index.json"));
    std::vector<QString> shards;
    if (QFileInfo::exists(indexPath)) {
        QFile f(indexPath);
        if (!f.open(QIODevice::ReadOnly))
            return ModelError { indexPath, {}, "cannot read: " + f.errorString().toStdString() };
        Json index;
        try {
            index = Json::parse(f.readAll().toStdString());
        } catch (const std::exception& e) {
            return ModelError { indexPath, {}, std::string("not valid JSON: ") + e.what() };
        }
        const auto map = index.is_object() ? index.find("weight_map") : index.end();
        if (!index.is_object() || map == index.end() || !map->is_object())
            return ModelError { indexPath, "weight_map", "expected an object {tensor name: shard file}" };
        std::set<std::string> seen;
        for (const auto& [name, file] : map->items()) {
            if (!file.is_string())
                return ModelError { indexPath, "weight_map." + name, "expected a shard file name" };
            const std::string shard = file.get<std::string>();
            if (shard.find('/') != std::string::npos || shard.find('\\') != std::string::npos || shard == ".."
                || shard.empty())
                return ModelError { indexPath, "weight_map." + name, "a shard is a file name in the same folder" };
            if (seen.insert(shard).second)
                shards.push_back(dir.filePath(QString::fromStdString(shard)));
        }
    } else if (QFileInfo::exists(dir.filePath(QStringLiteral("model.safetensors")))) {
        shards.push_back(dir.filePath(QStringLiteral("model.safetensors")));
    }
    for (const QString& shard : shards) {
        if (!QFileInfo::exists(shard)) {
            checkpoint.missingShards << shard;
            continue;
        }
        auto read = readSafetensorsFile(shard);
        if (auto* e = std::get_if<ModelError>(&read))
            return *e;
        auto& part = std::get<Checkpoint>(read);
        checkpoint.files << part.files;
        for (auto& t : part.tensors)
            checkpoint.tensors.push_back(std::move(t));
    }
    return checkpoint;
}

CheckpointComparison compareCheckpoint(const ModuleTree& tree, const Checkpoint& checkpoint)
{
    CheckpointComparison result;
    result.treeParams = tree.totalParams();
    // Every parameter tensor of the tree by full name; a tied one is found under its own name or its target's.
    struct TreeTensor
    {
        const Tensor* tensor;
        bool found = false;
    };
    std::unordered_map<std::string, TreeTensor> tensors;
    tree.walk([&](const std::string& name, const Node& node, int) {
        for (const auto& t : node.tensors)
            tensors.emplace(name.empty() ? t.name : name + "." + t.name, TreeTensor { &t });
        return true;
    });
    for (const auto& ct : checkpoint.tensors) {
        const auto it = tensors.find(ct.name);
        if (it == tensors.end()) {
            result.extra.push_back(ct.name);
            continue;
        }
        it->second.found = true;
        if (it->second.tensor->shape != ct.shape) {
            result.shapeMismatches.push_back(
                ct.name + ": tree " + shapeText(it->second.tensor->shape) + ", checkpoint " + shapeText(ct.shape));
            continue;
        }
        if (it->second.tensor->tiedTo.empty())
            result.checkpointParams += ct.elements();
    }
    for (const auto& [name, t] : tensors) {
        if (t.found)
            continue;
        // A tied tensor saved only under its target's name is not missing; a target saved under the tied
        // name (some checkpoints keep lm_head.weight instead of the embedding) counts for the target.
        if (!t.tensor->tiedTo.empty())
            continue;
        bool savedAsTied = false;
        for (const auto& [other, ot] : tensors) {
            if (ot.found && ot.tensor->tiedTo == name) {
                result.checkpointParams += t.tensor->elements();
                savedAsTied = true;
                break;
            }
        }
        if (!savedAsTied)
            result.missing.push_back(name);
    }
    std::sort(result.missing.begin(), result.missing.end());
    return result;
}

} // namespace lmp::model
