// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the module database loader and checker: arbitrary bytes must give a database or a clear error,
// never a crash, a hang or an exception.

#include "db/dbcheck.h"
#include "db/moduledatabase.h"
#include "formula/library.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace lmp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto loaded = db::ModuleDatabase::fromJson(text, QStringLiteral("fuzz.json"));
    if (auto* error = std::get_if<db::DbError>(&loaded)) {
        (void)error->describe();
        return 0;
    }
    auto& database = std::get<db::ModuleDatabase>(loaded);
    for (const auto& e : database.schemaErrors())
        (void)e.describe();
    for (const auto& key : database.keys()) {
        (void)database.validation(key);
        (void)database.history(key);
    }
    const auto problems = db::checkDatabase(database);
    for (const auto& p : problems)
        (void)p.describe();
    (void)database.toJsonText();
    return 0;
}
