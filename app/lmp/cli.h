// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <iostream>
#include <string>
#include <vector>

namespace lmp::cli {

// Exit codes of every command.
enum ExitCode : int {
    Success = 0,
    ProblemsFound = 1, // a check ran and found problems
    BadInput = 2, // bad usage or bad input; a message is on stderr
};

// Runs one lmp command line (without the program name). Needs a QCoreApplication.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace lmp::cli
