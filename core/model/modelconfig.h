// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace lmp::model {

// Why a model could not be read: the file, the field (a config field or JSON pointer) and what was expected.
struct ModelError
{
    QString file;
    std::string field;
    std::string message;
    int line = 0;
    int column = 0;

    // "config.json:3:5: hidden_size: expected a number, found a string"
    std::string describe() const;
};

// A Hugging Face config.json as read, with where it came from.
struct ModelConfig
{
    QString path; // the file read (":/lmp/configs/..." for the built-in catalogue)
    QString modelId; // "meta-llama/Llama-2-7b-hf" when known
    nlohmann::ordered_json json;
    std::string architecture; // architectures[0]
    std::string modelType;
};

// Where a model comes from: a config.json file, a folder holding one, a Hugging Face model id found in the
// local Hugging Face cache (HF_HUB_CACHE, HF_HOME/hub, ~/.cache/huggingface/hub), or a model id of the built-in
// catalogue of published configs. Local files win over the catalogue.
std::variant<ModelConfig, ModelError> loadModelConfig(const QString& source);
// Parses config text (for tests and fuzzing; never throws).
std::variant<ModelConfig, ModelError> parseModelConfig(const std::string& text, const QString& path);

// The model ids of the built-in catalogue ("meta-llama/Llama-2-7b-hf", ...).
QStringList builtinModelIds();
// The resource file of a catalogue model's config (":/lmp/configs/meta-llama__Llama-2-7b-hf.json"), whether or
// not the catalogue holds that id. Opening it reads the catalogue copy even when the cache holds the model.
QString builtinConfigPath(const QString& modelId);
// The Hugging Face hub cache folders searched, in order.
QStringList huggingFaceCacheDirs();

// A model in a local Hugging Face hub cache: models--ORG--NAME/snapshots/<revision>/config.json.
struct CachedModel
{
    QString id; // "org/name", or "name" for a model without an organisation
    QString revision; // the snapshot listed: the one refs/main names, else the newest holding a config.json
    QString configPath; // <folder>/snapshots/<revision>/config.json, not resolved into blobs/
    QString folder; // the models--ORG--NAME folder
    std::string architecture; // architectures[0]; empty when the config cannot be read or names none
    std::string modelType; // model_type, when the config has one
    bool hasWeights = false; // the snapshot holds *.safetensors whose blobs are present
    qint64 weightBytes = 0; // their sizes added up, symlinks followed into blobs/
};

// Every model of the hub caches that has a snapshot with a config.json, ordered by id. A config that cannot
// be parsed is still listed, with an empty architecture: opening it shows loadModelConfig's message. An id
// held by several caches is listed once, from the first cache, as loadModelConfig resolves ids. Folders
// without a config.json are skipped; never throws.
std::vector<CachedModel> cachedModels(const QStringList& cacheDirs = huggingFaceCacheDirs());

} // namespace lmp::model
