// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the safetensors header reader: arbitrary bytes must give tensors or a clear error.

#include "model/safetensors.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace lmp::model;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    // The data area is what follows the header; also try a larger claimed file (data not fuzzed).
    for (std::uint64_t fileSize : { static_cast<std::uint64_t>(size), static_cast<std::uint64_t>(size) + 4096 }) {
        auto read = parseSafetensorsHeader(bytes, QStringLiteral("fuzz.safetensors"), fileSize);
        if (auto* e = std::get_if<ModelError>(&read)) {
            (void)e->describe();
            continue;
        }
        const auto& checkpoint = std::get<Checkpoint>(read);
        (void)checkpoint.totalElements();
        (void)checkpoint.totalBytes();
    }
    return 0;
}
