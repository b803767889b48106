// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "modelconfig.h"
#include "moduletree.h"

#include <QString>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace lmp::model {

// One tensor of a safetensors file, from its header alone (the weights are never read).
struct CheckpointTensor
{
    std::string name; // "model.layers.0.self_attn.q_proj.weight"
    std::string dtype; // "BF16"
    std::vector<Int> shape;
    Int bytes = 0;
    QString file;
    Int elements() const;
};

struct Checkpoint
{
    std::vector<CheckpointTensor> tensors;
    QStringList files; // the shard files read
    QStringList missingShards; // shards the index names but the folder lacks
    Int totalElements() const;
    Int totalBytes() const;
};

// Reads the header of one .safetensors file: 8 bytes of little-endian header length, then a JSON object of
// {name: {dtype, shape, data_offsets}}. Every field is checked against the format and the file size.
std::variant<Checkpoint, ModelError> readSafetensorsFile(const QString& path);
// Parses a header held in memory (tests, fuzzing); fileSize bounds the data offsets.
std::variant<Checkpoint, ModelError> parseSafetensorsHeader(
    const std::string& bytes, const QString& path, std::uint64_t fileSize);
// The checkpoint of a model folder: model.safetensors.index.json and the shards it names that are present,
// or model.safetensors. Returns an empty checkpoint when the folder has neither.
std::variant<Checkpoint, ModelError> readCheckpointFolder(const QString& folder);

// How a checkpoint's tensors compare with a module tree's parameter tensors.
struct CheckpointComparison
{
    Int treeParams = 0; // the tree's count (tied tensors once)
    Int checkpointParams = 0; // elements of the checkpoint tensors that are tree parameters
    std::vector<std::string> missing; // tree tensors the checkpoint lacks (tied ones excepted)
    std::vector<std::string> extra; // checkpoint tensors that are no tree parameter (buffers such as inv_freq)
    std::vector<std::string> shapeMismatches; // "name: tree [4096, 4096], checkpoint [4096, 1024]"
    bool matches() const { return missing.empty() && shapeMismatches.empty() && treeParams == checkpointParams; }
};
CheckpointComparison compareCheckpoint(const ModuleTree& tree, const Checkpoint& checkpoint);

} // namespace lmp::model
