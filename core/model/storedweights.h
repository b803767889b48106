// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "moduletree.h"

#include <nlohmann/json.hpp>

#include <optional>

namespace lmp::model {

// What the checkpoint of a config stores for the tree's parameters: the config's torch_dtype and its
// quantization_config (fp8 with block scales as DeepSeek-V3 and Qwen FP8 publish them, MXFP4 experts as gpt-oss,
// GPTQ and AWQ int4 with group scales), scales included. Tied tensors count once. nullopt when the config says
// neither a dtype nor a quantization.
std::optional<StoredWeights> storedWeights(const nlohmann::ordered_json& config, const ModuleTree& tree);

} // namespace lmp::model
