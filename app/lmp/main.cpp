// SPDX-License-Identifier: GPL-3.0-or-later
// lmp: the LM-Predictor engine from the command line.

#include "cli.h"

#include <QCoreApplication>
#ifdef LMP_HAVE_CHARTS
#include <QApplication>
#endif

#include <cstring>
#include <memory>

#ifdef LMP_HAVE_CHARTS
namespace {

// The commands that draw charts (widgets, off screen) and so need a QApplication; every other one starts the
// cheaper QCoreApplication.
bool drawsCharts(int argc, char** argv)
{
    if (argc < 2)
        return false;
    for (const char* command : { "plot", "report", "compare" }) {
        if (std::strcmp(argv[1], command) == 0)
            return true;
    }
    return false;
}

} // namespace
#endif

int main(int argc, char** argv)
{
    std::unique_ptr<QCoreApplication> app;
#ifdef LMP_HAVE_CHARTS
    if (drawsCharts(argc, argv)) {
        // A server has no display: draw off screen unless told otherwise.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QApplication>(argc, argv);
    }
#endif
    if (!app)
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("lm-predictor"));
    QCoreApplication::setOrganizationName(QStringLiteral("LM-Predictor"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LMP_VERSION));
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i)
        args.emplace_back(argv[i]);
    return lmp::cli::run(args, std::cout, std::cerr);
}
