// SPDX-License-Identifier: GPL-3.0-or-later
// Reports written from the window's libraries: every format to a file and read back (the PDF through poppler's
// pdftotext and pdftoppm), charts embedded, failures that leave no file.
#include "analysissnapshot.h"
#include "reportcharts.h"
#include "reportpdf.h"
#include "testworkspace.h"

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace lmp;
using formula::Kind;

namespace {

widgets::SnapshotPtr llamaSnapshot(const char* hardwareId = "nvidia-h100-sxm")
{
    analysis::Settings s;
    s.seq = 2048;
    const hardware::Profile* hw = hardwareId ? test::workspace().catalogue.find(hardwareId) : nullptr;
    return widgets::makeSnapshot(test::loadModel(QStringLiteral("meta-llama/Llama-3.1-8B")), test::workspace().library,
        s, hw ? std::optional<hardware::Profile>(*hw) : std::nullopt);
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A poppler tool's output (poppler-utils is installed by packaging/setup-debian.sh).
QString run(const QString& program, const QStringList& args)
{
    const QString exe = QStandardPaths::findExecutable(program);
    if (exe.isEmpty())
        qFatal("%s is missing: packaging/setup-debian.sh installs poppler-utils", qPrintable(program));
    QProcess p;
    p.start(exe, args);
    if (!p.waitForFinished(120000) || p.exitCode() != 0)
        qFatal("%s failed: %s", qPrintable(program), p.readAllStandardError().constData());
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace

class TestReportExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chartsAreEmbeddable();
    void textFormats_data();
    void textFormats();
    void pdfHoldsTheTotals();
    void failuresLeaveNoFile_data();
    void failuresLeaveNoFile();
};

void TestReportExport::chartsAreEmbeddable()
{
    const auto charts = widgets::reportCharts(llamaSnapshot());
    QCOMPARE(charts.size(), std::size_t(3)); // the roofline and both breakdowns
    for (const auto& c : charts) {
        QVERIFY(c.svg.rfind("<svg", 0) == 0);
        QXmlStreamReader xml(QByteArray::fromStdString(c.svg));
        while (!xml.atEnd())
            xml.readNext();
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QImage png;
        QVERIFY(png.loadFromData(reinterpret_cast<const uchar*>(c.png.data()), static_cast<int>(c.png.size()), "PNG"));
        QCOMPARE(png.size(), QSize(1000, 600));
    }
    // Without a device there is no roofline to draw.
    QCOMPARE(widgets::reportCharts(llamaSnapshot(nullptr)).size(), std::size_t(2));
}

void TestReportExport::textFormats_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::addRow("html") << "html";
    QTest::addRow("markdown") << "md";
    QTest::addRow("csv") << "csv";
    QTest::addRow("json") << "json";
    QTest::addRow("text") << "txt";
}

void TestReportExport::textFormats()
{
    QFETCH(QString, suffix);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("report.") + suffix);
    const auto snapshot = llamaSnapshot();
    QCOMPARE(widgets::exportReport(snapshot, file), QString());
    const QByteArray bytes = readFile(file);
    const auto& total = *snapshot->result.node(snapshot->tree().root()).inclusive[Kind::Flops];
    const QByteArray exact = QByteArray::fromStdString(total.toString());
    const QByteArray grouped = QByteArray::fromStdString(formula::grouped(total));
    if (suffix == QStringLiteral("html")) {
        QXmlStreamReader xml(bytes);
        int svgs = 0;
        while (!xml.atEnd())
            if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QStringLiteral("svg"))
                ++svgs;
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(svgs, 3); // every chart inline: one file
        QVERIFY(bytes.contains(grouped));
    } else if (suffix == QStringLiteral("json")) {
        const auto j = nlohmann::json::parse(bytes.toStdString());
        QCOMPARE(QByteArray::number(static_cast<qlonglong>(j.at("total").at("flops").get<std::int64_t>())), exact);
    } else if (suffix == QStringLiteral("csv")) {
        QVERIFY(bytes.split('\n').at(1).contains(QByteArray(QByteArray(",") + exact + QByteArray(","))));
    } else {
        QVERIFY(bytes.contains(grouped));
    }
}

void TestReportExport::pdfHoldsTheTotals()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("report.pdf"));
    const auto snapshot = llamaSnapshot();
    QCOMPARE(widgets::exportReport(snapshot, file), QString());
    QVERIFY(readFile(file).startsWith("%PDF-"));
    const QString info = run(QStringLiteral("pdfinfo"), { file });
    const QRegularExpression pages(QStringLiteral("Pages:\\s+(\\d+)"));
    const auto m = pages.match(info);
    QVERIFY(m.hasMatch());
    QVERIFY(m.captured(1).toInt() >= 2);
    // The text is text: the exact totals are searchable.
    const QString text = run(QStringLiteral("pdftotext"), { file, QStringLiteral("-") });
    const auto& total = snapshot->result.node(snapshot->tree().root()).inclusive;
    QVERIFY(text.contains(QString::fromStdString(formula::grouped(*total[Kind::Flops]))));
    QVERIFY(text.contains(QString::fromStdString(formula::grouped(*total[Kind::MatmulFlops]))));
    QVERIFY(text.contains(QStringLiteral("Conventions")));
    // The first page renders to a picture (what docs/ shows was looked at this way).
    run(QStringLiteral("pdftoppm"),
        { QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("40"), QStringLiteral("-f"), QStringLiteral("1"),
            QStringLiteral("-l"), QStringLiteral("1"), file, dir.filePath(QStringLiteral("page")) });
    const QDir out(dir.path());
    const QStringList rendered = out.entryList({ QStringLiteral("page*.png") });
    QCOMPARE(rendered.size(), 1);
    const QImage page(out.filePath(rendered.front()));
    QVERIFY(page.width() > page.height()); // A4 landscape
}

void TestReportExport::failuresLeaveNoFile_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("message");
    QTest::addRow("unknown suffix") << "report.docx"
                                    << "Cannot tell the format";
    QTest::addRow("no folder") << "missing/folder/report.html"
                               << "Cannot write";
    QTest::addRow("pdf into no folder") << "missing/folder/report.pdf"
                                        << "cannot write";
}

void TestReportExport::failuresLeaveNoFile()
{
    QFETCH(QString, name);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString file = dir.filePath(name);
    const QString error = widgets::exportReport(llamaSnapshot(), file);
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY(error.contains(QFileInfo(file).fileName()));
    QVERIFY(!QFileInfo::exists(file));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 0);
}

QTEST_MAIN(TestReportExport)
#include "tst_reportexport.moc"
