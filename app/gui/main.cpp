// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/workspace.h"
#include "analysisrunner.h"
#include "mainwindow.h"
#include "moduletreemodel.h"
#include "settingspanel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

#include <iostream>

using namespace lmp;

namespace {

// Options shared with lmp analyze; a bad value is a usage error (exit 2).
bool applyOptions(const QCommandLineParser& parser, analysis::Settings& s, std::string& hardware, QString& error)
{
    auto integer = [&](const QString& name, formula::Int& target, qlonglong min, qlonglong max) {
        if (!parser.isSet(name))
            return true;
        bool ok = false;
        const qlonglong v = parser.value(name).toLongLong(&ok);
        if (!ok || v < min || v > max) {
            error = QStringLiteral("--%1 takes a whole number from %2 to %3, not '%4'")
                        .arg(name)
                        .arg(min)
                        .arg(max)
                        .arg(parser.value(name));
            return false;
        }
        target = v;
        return true;
    };
    if (parser.isSet(QStringLiteral("phase"))) {
        const auto p = analysis::phaseFromName(parser.value(QStringLiteral("phase")).toStdString());
        if (!p) {
            error = QStringLiteral("--phase is prefill, decode or train, not '%1'")
                        .arg(parser.value(QStringLiteral("phase")));
            return false;
        }
        s.phase = *p;
        if (s.phase == analysis::Phase::Decode) {
            s.seq = 1;
            s.past = 2047;
        } else {
            s.past = 0;
        }
    }
    if (!integer(QStringLiteral("batch"), s.batch, 1, 1 << 24) || !integer(QStringLiteral("seq"), s.seq, 1, 1 << 26)
        || !integer(QStringLiteral("past"), s.past, 0, 1 << 30))
        return false;
    for (auto [name, target] : { std::pair { "weight-dtype", &s.weightDtype }, std::pair { "act-dtype", &s.actDtype },
             std::pair { "kv-dtype", &s.kvDtype } }) {
        const QString option = QString::fromLatin1(name);
        if (!parser.isSet(option))
            continue;
        const auto d = analysis::dtypeFromName(parser.value(option).toStdString());
        if (!d) {
            error = QStringLiteral("--%1 is fp32, bf16, fp16, fp8, int8 or int4, not '%2'")
                        .arg(option, parser.value(option));
            return false;
        }
        *target = *d;
    }
    if (parser.isSet(QStringLiteral("attention"))) {
        const QString a = parser.value(QStringLiteral("attention"));
        if (a != QStringLiteral("eager") && a != QStringLiteral("sdpa")) {
            error = QStringLiteral("--attention is eager or sdpa, not '%1'").arg(a);
            return false;
        }
        s.eagerAttention = a == QStringLiteral("eager");
    }
    if (parser.isSet(QStringLiteral("hardware")))
        hardware = parser.value(QStringLiteral("hardware")).toStdString();
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("LM-Predictor"));
    QApplication::setApplicationName(QStringLiteral("lm-predictor"));
    QApplication::setApplicationDisplayName(QStringLiteral("LM-Predictor"));
    QApplication::setApplicationVersion(QStringLiteral(LMP_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/lmp/icons/lm-predictor.svg")));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("lm-predictor"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

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
    parser.addOptions({ screenshot, select, size, fresh });
    for (const char* name :
        { "phase", "batch", "seq", "past", "weight-dtype", "act-dtype", "kv-dtype", "attention", "hardware" })
        parser.addOption(QCommandLineOption(QString::fromLatin1(name),
            QStringLiteral("As lmp analyze --%1.").arg(QString::fromLatin1(name)), QStringLiteral("VALUE")));
    parser.process(app);

    auto loaded = analysis::Workspace::load();
    if (const auto* error = std::get_if<QString>(&loaded)) {
        std::cerr << "lm-predictor: " << error->toStdString() << "\n";
        return 2;
    }
    auto workspace = std::make_shared<const analysis::Workspace>(std::move(std::get<analysis::Workspace>(loaded)));

    const bool headless = parser.isSet(screenshot);
    app::MainWindow window(workspace);
    const bool freshSession = parser.isSet(fresh) || headless;
    window.setPersistent(!freshSession);
    if (!freshSession)
        window.restoreSession();

    analysis::Settings settings = window.settingsPanel()->settings();
    std::string hardware = window.settingsPanel()->hardwareId();
    if (freshSession)
        hardware = app::MainWindow::kDefaultHardware;
    QString error;
    if (!applyOptions(parser, settings, hardware, error)) {
        std::cerr << "lm-predictor: " << error.toStdString() << "\n";
        return 2;
    }
    if (!hardware.empty() && !workspace->catalogue.find(hardware)) {
        std::cerr << "lm-predictor: no hardware profile '" << hardware << "' (lmp hardware list)\n";
        return 2;
    }
    window.setAnalysisSettings(settings, hardware);
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split(QLatin1Char('x'));
        if (wh.size() == 2 && wh[0].toInt() >= 320 && wh[1].toInt() >= 240)
            window.resize(wh[0].toInt(), wh[1].toInt());
    }

    QString source = parser.positionalArguments().value(0);
    if (source.isEmpty())
        source = window.recentModels().value(0, QString::fromLatin1(app::MainWindow::kDefaultModel));

    int status = 0; // headless: the exit status (the handlers below run inside app.exec())
    if (headless) {
        const QString file = parser.value(screenshot);
        const QString node = parser.value(select);
        QObject::connect(window.runner(), &widgets::AnalysisRunner::failed, &app,
            [&status](const QString& src, const QString& message) {
                std::cerr << "lm-predictor: cannot open " << src.toStdString() << ": " << message.toStdString() << "\n";
                status = 2;
                QApplication::exit(2);
            });
        QObject::connect(&window, &app::MainWindow::analysisShown, &app, [&window, &status, file, node] {
            if (window.runner()->isBusy())
                return; // a newer analysis follows: wait for it
            if (!node.isEmpty() && !window.selectModule(node)) {
                std::cerr << "lm-predictor: no module '" << node.toStdString() << "' in the model\n";
                status = 2;
            }
            // Let the charts and the tree lay out and paint first.
            QTimer::singleShot(300, &window, [&window, &status, file] {
                const QPixmap shot = window.grab();
                if (!shot.save(file)) {
                    std::cerr << "lm-predictor: cannot write " << file.toStdString() << "\n";
                    status = 2;
                }
                QApplication::exit(status);
            });
        });
    }
    window.show();
    window.openModel(source);
    return app.exec();
}
