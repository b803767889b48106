// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lmp::cli {

// What `lmp agent` was given.
struct AgentArguments
{
    std::string target; // a module path (torch.nn.Foo) or a model (config.json, folder, model id)
    std::optional<QString> database; // --db FILE (default: the user's data folder)
    std::vector<std::string> sourceRoots; // --source-root DIR...
    std::map<std::string, std::string> options; // provider, command, base-url, model, python, timeout, concurrency
    bool dryRun = false;
    bool noRepair = false;
};

// lmp agent: drafts the database entry of a module class, every entry a model lacks, or the architecture definition
// of a model whose config has none, with an agent; drafts land in the user database (and the user architecture
// folder) as pending. --dry-run prints the prompts and sends nothing. Exit 0: every draft landed (or, dry, the
// prompts were printed); 1: an answer was refused (its reasons on stderr); 2: bad usage, or the provider could not
// be reached or failed.
int runAgent(const AgentArguments& arguments, std::ostream& out, std::ostream& err);

} // namespace lmp::cli
