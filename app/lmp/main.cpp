// SPDX-License-Identifier: GPL-3.0-or-later
// lmp: the LM-Predictor engine from the command line.

#include "cli.h"
#include "reportoutput.h"

#include <QCoreApplication>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>

namespace {

// The GUI libraries warn about a missing XDG_RUNTIME_DIR on a server; a command line that draws into files does
// not need one.
void messageHandler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type == QtWarningMsg && message.startsWith(QStringLiteral("QStandardPaths: ")))
        return;
    std::cerr << qPrintable(qFormatLogMessage(type, context, message)) << "\n";
}

} // namespace

int main(int argc, char** argv)
{
    // Commands that draw charts (plot, report, compare) need the GUI libraries, on a server too: offscreen unless a
    // platform is chosen. They come with the chart module, loaded only for those commands; every other command
    // starts the cheap core application without them.
    std::unique_ptr<QCoreApplication> app;
    const bool draws = argc > 1
        && (std::strcmp(argv[1], "plot") == 0 || std::strcmp(argv[1], "report") == 0
            || std::strcmp(argv[1], "compare") == 0);
    if (draws) {
        if (!std::getenv("QT_QPA_PLATFORM"))
            setenv("QT_QPA_PLATFORM", "offscreen", 1);
        qInstallMessageHandler(messageHandler);
        app.reset(lmp::cli::makeDrawingApplication(argc, argv));
    }
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
