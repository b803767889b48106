// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/workspace.h"
#include "analysisrunner.h"
#include "formulaeditor.h"
#include "formulaqsci.h"
#include "generationview.h"
#include "language.h"
#include "mainwindow.h"
#include "moduletreemodel.h"
#include "reviewpane.h"
#include "settingspanel.h"
#include "sweepchart.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QLocale>
#include <QSettings>
#include <QTimer>
#include <QWindow>

#include <iostream>
#include <map>
#include <string_view>

using namespace lmp;

namespace {

// The options lm-predictor shares with lmp analyze, by name without dashes.
constexpr const char* kAnalysisOptions[] = { "phase", "batch", "seq", "past", "weight-dtype", "act-dtype", "kv-dtype",
    "attention", "causal", "logits", "images", "image-size" };

} // namespace

int main(int argc, char** argv)
{
    // The version needs no display: answered before the GUI platform starts (a server, a package check).
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg(argv[i]);
        if (arg == "--version" || arg == "-v") {
            std::cout << "lm-predictor " << LMP_VERSION << std::endl;
            return 0;
        }
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("LM-Predictor"));
    QApplication::setApplicationName(QStringLiteral("lm-predictor"));
    QApplication::setApplicationDisplayName(QStringLiteral("LM-Predictor"));
    QApplication::setApplicationVersion(QStringLiteral(LMP_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/lmp/icons/lm-predictor.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("FLOPs, memory traffic and roofline time of PyTorch and Hugging Face models."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("model"),
        QStringLiteral("A config.json, a folder holding one, a Hugging Face model id (local cache or built-in "
                       "catalogue) or a module-tree dump."),
        QStringLiteral("[MODEL]"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
        QStringLiteral("Open the window, analyze, save a screenshot of the whole window to FILE and exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption select(QStringLiteral("select"),
        QStringLiteral("Select the module NODE (full name, e.g. model.layers.0.mlp)."), QStringLiteral("NODE"));
    const QCommandLineOption size(
        QStringLiteral("size"), QStringLiteral("Window size WxH (default 1440x900)."), QStringLiteral("WxH"));
    const QCommandLineOption fresh(QStringLiteral("fresh"),
        QStringLiteral("Ignore and keep the saved session (window, settings, recent models)."));
    const QCommandLineOption database(QStringLiteral("db"),
        QStringLiteral("The user module database FILE (default: the one in the user's data folder). A file that does "
                       "not exist yet is created by the first save."),
        QStringLiteral("FILE"));
    const QCommandLineOption validatedOnly(
        QStringLiteral("validated-only"), QStringLiteral("Use validated database entries only."));
    const QCommandLineOption showDock(QStringLiteral("show"),
        QStringLiteral("Show the dock PANE: editor (the formula editor), review (the review pane), sweep (the sweep "
                       "chart; with --screenshot, taken when its analyses are drawn), compare (the compare view) or "
                       "generation (the generation panel)."),
        QStringLiteral("PANE"));
    const QCommandLineOption formulaText(QStringLiteral("formula"),
        QStringLiteral("With --show editor: type TEXT as the selected module's FLOP template (not applied)."),
        QStringLiteral("TEXT"));
    const QCommandLineOption reviewEntry(QStringLiteral("review"),
        QStringLiteral("Show the review pane on the database entry KEY."), QStringLiteral("KEY"));
    const QCommandLineOption language(QStringLiteral("language"),
        QStringLiteral("The window's language: en, de, fr, or system for the system's (default: the choice in "
                       "View > Language, else the system's). Figures follow its number format."),
        QStringLiteral("LANG"));
    parser.addOptions(
        { screenshot, select, size, fresh, database, validatedOnly, showDock, formulaText, reviewEntry, language });
    for (const char* name : kAnalysisOptions)
        parser.addOption(QCommandLineOption(QString::fromLatin1(name),
            QStringLiteral("As lmp analyze --%1.").arg(QString::fromLatin1(name)), QStringLiteral("VALUE")));
    const QCommandLineOption hardwareOption(
        QStringLiteral("hardware"), QStringLiteral("The device (lmp hardware list)."), QStringLiteral("ID"));
    parser.addOption(hardwareOption);
    parser.process(app);

    if (parser.isSet(showDock) && parser.value(showDock) != QStringLiteral("editor")
        && parser.value(showDock) != QStringLiteral("review") && parser.value(showDock) != QStringLiteral("sweep")
        && parser.value(showDock) != QStringLiteral("compare")
        && parser.value(showDock) != QStringLiteral("generation")) {
        std::cerr << "lm-predictor: --show takes editor, review, sweep, compare or generation, not '"
                  << parser.value(showDock).toStdString() << "'\n";
        return 2;
    }
    // The language: the option, else the saved choice (a fresh start ignores the saved session), else the system's.
    const QString languageCode = parser.isSet(language) ? parser.value(language)
        : parser.isSet(fresh) || parser.isSet(screenshot)
        ? QString()
        : QSettings().value(QString::fromLatin1(app::kLanguageSetting)).toString();
    std::optional<QLocale> locale = app::localeForLanguage(languageCode);
    if (!locale && !parser.isSet(language))
        locale = QLocale::system(); // a saved choice this version does not know
    if (!locale) {
        std::cerr << "lm-predictor: --language takes en, de, fr or system, not '" << languageCode.toStdString()
                  << "'\n";
        return 2;
    }
    app::applyLanguage(*locale);

    // An interactive start shows the model first: its analysis takes the entries it needs, and the window reads the
    // whole database once it is on screen. A screenshot, or a start that opens the editor, the review pane or the
    // comparison, reads it first.
    const bool needsDatabase =
        parser.isSet(screenshot) || parser.isSet(showDock) || parser.isSet(formulaText) || parser.isSet(reviewEntry);
    std::optional<db::LayeredDatabase> opened; // the review session takes it over: the files are read once
    auto loaded = needsDatabase
        ? analysis::Workspace::load(parser.value(database), parser.isSet(validatedOnly), &opened)
        : analysis::Workspace::loadLazily(parser.value(database), parser.isSet(validatedOnly));
    if (const auto* error = std::get_if<QString>(&loaded)) {
        std::cerr << "lm-predictor: " << error->toStdString() << "\n";
        return 2;
    }
    auto workspace = std::make_shared<const analysis::Workspace>(std::move(std::get<analysis::Workspace>(loaded)));

    const bool headless = parser.isSet(screenshot);
    app::MainWindow window(workspace, std::move(opened));
    const bool freshSession = parser.isSet(fresh) || headless;
    window.setPersistent(!freshSession);
    if (!freshSession)
        window.restoreSession();

    std::map<std::string, std::string> options;
    for (const char* name : kAnalysisOptions) {
        if (parser.isSet(QString::fromLatin1(name)))
            options[name] = parser.value(QString::fromLatin1(name)).toStdString();
    }
    auto parsed = analysis::settingsFromOptions(options, window.settingsPanel()->settings());
    if (const auto* error = std::get_if<std::string>(&parsed)) {
        std::cerr << "lm-predictor: " << *error << "\n";
        return 2;
    }
    const analysis::Settings settings = std::get<analysis::Settings>(parsed);
    std::string hardware = freshSession ? app::MainWindow::kDefaultHardware : window.settingsPanel()->hardwareId();
    if (parser.isSet(hardwareOption))
        hardware = parser.value(hardwareOption).toStdString();
    if (!hardware.empty() && !workspace->catalogue.find(hardware)) {
        std::cerr << "lm-predictor: no hardware profile '" << hardware << "' (lmp hardware list)\n";
        return 2;
    }
    window.setAnalysisSettings(settings, hardware);
    if (parser.isSet(validatedOnly))
        window.setValidatedOnly(true);
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split(QLatin1Char('x'));
        if (wh.size() == 2 && wh[0].toInt() >= 320 && wh[1].toInt() >= 240)
            window.resize(wh[0].toInt(), wh[1].toInt());
    }

    QString source = parser.positionalArguments().value(0);
    if (source.isEmpty())
        source = window.recentModels().value(0, QString::fromLatin1(app::MainWindow::kDefaultModel));

    int status = 0; // headless: the exit status (the handlers below run inside app.exec())
    if (parser.value(showDock) == QStringLiteral("editor")) {
        window.editorDock()->show();
        window.editorDock()->raise();
    } else if (parser.value(showDock) == QStringLiteral("compare")) {
        window.compareDock()->show();
        // Its tab is raised once the window is on screen (the docks' first layout raises the breakdown).
        QTimer::singleShot(0, &window, [&window] { window.showCompare(); });
    } else if (parser.value(showDock) == QStringLiteral("generation")) {
        window.generationDock()->show();
        QTimer::singleShot(0, &window, [&window] { window.showGeneration(); });
    } else if (parser.value(showDock) == QStringLiteral("review") || parser.isSet(reviewEntry)) {
        window.reviewDock()->show();
        window.reviewDock()->raise();
    } else if (parser.value(showDock) == QStringLiteral("sweep")) {
        window.sweepDock()->show();
        window.sweepDock()->raise();
    }
    if (headless) {
        const QString file = parser.value(screenshot);
        const QString node = parser.value(select);
        const QString formula = parser.value(formulaText);
        const QString review = parser.value(reviewEntry);
        const bool sweep = parser.value(showDock) == QStringLiteral("sweep");
        const bool generation = parser.value(showDock) == QStringLiteral("generation");
        QObject::connect(window.runner(), &widgets::AnalysisRunner::failed, &app,
            [&status](const QString& src, const QString& message) {
                std::cerr << "lm-predictor: cannot open " << src.toStdString() << ": " << message.toStdString() << "\n";
                status = 2;
                QApplication::exit(2);
            });
        QObject::connect(&window, &app::MainWindow::analysisShown, &app,
            [&window, &status, file, node, formula, review, sweep, generation] {
                if (window.runner()->isBusy())
                    return; // a newer analysis follows: wait for it
                if (!node.isEmpty() && !window.selectModule(node)) {
                    std::cerr << "lm-predictor: no module '" << node.toStdString() << "' in the model\n";
                    status = 2;
                }
                if (!formula.isEmpty() && window.formulaEditor()->editor())
                    window.formulaEditor()->editor()->setText(formula);
                if (!review.isEmpty())
                    window.reviewPane()->selectEntry(review);
                // Let the charts and the tree lay out and paint first (and the review pane find the source).
                auto grab = [&window, &status, file] {
                    const QPixmap shot = window.grab();
                    if (!shot.save(file)) {
                        std::cerr << "lm-predictor: cannot write " << file.toStdString() << "\n";
                        status = 2;
                    }
                    QApplication::exit(status);
                };
                if (sweep) {
                    // The sweep's analyses run on the thread pool: wait for them to be drawn.
                    QObject::connect(
                        window.sweepChart(), &widgets::SweepChart::finished, &window,
                        [&window, grab] { QTimer::singleShot(300, &window, grab); }, Qt::SingleShotConnection);
                    window.sweepChart()->recompute();
                    return;
                }
                if (generation) {
                    // The generation's analyses run on the thread pool: grab once it is drawn.
                    QTimer::singleShot(0, &window, [&window, grab] {
                        window.generationView()->waitForIdle();
                        QTimer::singleShot(300, &window, grab);
                    });
                    return;
                }
                QTimer::singleShot(review.isEmpty() ? 300 : 1500, &window, grab);
            });
    }
    // LMP_FIRST_PAINT=1 says on stderr when the first analysis is painted, for the start-up benchmark
    // (tests/bench/startup.py --gui); LMP_FIRST_PAINT=exit also quits then.
    // The window comes up with its first analysis in it (one layout and one paint instead of an empty window's and
    // then the analysis'), or after a quarter second when the model takes longer or does not open.
    bool shown = false;
    auto show = [&window, &shown] {
        if (!shown)
            window.show();
        shown = true;
    };
    if (!headless) {
        QObject::connect(&window, &app::MainWindow::analysisShown, &app, show);
        QObject::connect(window.runner(), &widgets::AnalysisRunner::failed, &app, show);
        QTimer::singleShot(250, &app, show);
    }
    const QByteArray firstPaint = qgetenv("LMP_FIRST_PAINT");
    bool painted = false;
    if (!firstPaint.isEmpty()) {
        QObject::connect(&window, &app::MainWindow::analysisShown, &app, [&window, &painted, firstPaint] {
            if (painted || window.runner()->isBusy())
                return;
            painted = true;
            // Painted on screen: the window, shown just now, once the platform has exposed it.
            if (!window.windowHandle() || !window.windowHandle()->isExposed())
                QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
            window.repaint();
            std::cerr << "lm-predictor: first analysis painted" << std::endl;
            if (firstPaint == "exit")
                QApplication::exit(0);
        });
    }
    if (headless)
        show();
    window.openModel(source);
    return app.exec();
}
