// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

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
// The Hugging Face hub cache folders searched, in order.
QStringList huggingFaceCacheDirs();

} // namespace lmp::model
