// SPDX-License-Identifier: GPL-3.0-or-later
// lmp: the LM-Predictor engine from the command line.

#include "cli.h"

#include <QCoreApplication>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("lm-predictor"));
    QCoreApplication::setOrganizationName(QStringLiteral("LM-Predictor"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LMP_VERSION));
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i)
        args.emplace_back(argv[i]);
    return lmp::cli::run(args, std::cout, std::cerr);
}
