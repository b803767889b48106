// SPDX-License-Identifier: GPL-3.0-or-later
// The window speaks the user's language: every user-visible string literal of the window's sources goes through
// tr() (a scan of the sources that knows which calls show text), and every translation in translations/ is finished,
// current with the sources (lupdate run on them adds and retires nothing) and keeps its source's placeholders,
// markup and accelerator.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <vector>

namespace {

// A string literal of a source file that reaches the user without tr().
struct Finding
{
    int line;
    QString call; // the call it is an argument of ("" at the top level)
    QString text;
};

// The calls that put their text on screen, with the arguments that do (empty: every argument).
const QHash<QString, QList<int>>& visibleCalls()
{
    static const QHash<QString, QList<int>> calls = [] {
        QHash<QString, QList<int>> c;
        for (const char* name : { "setText", "setToolTip", "setStatusTip", "setWhatsThis", "setWindowTitle",
                 "setPlaceholderText", "setTitle", "setLabelText", "setSuffix", "setPrefix", "setSpecialValueText",
                 "showMessage", "addAction", "addMenu", "addTab", "insertTab", "setTabText", "setTabToolTip",
                 "setHeaderLabels", "setHeaderLabel", "addItems", "setItemText", "addRow", "setAccessibleName",
                 "setAccessibleDescription", "setButtonText", "QLabel", "QPushButton", "QCheckBox", "QRadioButton",
                 "QGroupBox", "QAction", "QMenu", "QToolButton", "setNameFilter", "setHtml", "setWindowIconText" })
            c.insert(QString::fromLatin1(name), {});
        c.insert(QStringLiteral("addItem"), { 0 }); // addItem(text, data): the data is not shown
        c.insert(QStringLiteral("insertItem"), { 1 });
        for (const char* name : { "information", "warning", "critical", "question", "getText", "getItem" })
            c.insert(QString::fromLatin1(name), { 1, 2 }); // (parent, title, text, …)
        for (const char* name : { "getOpenFileName", "getSaveFileName", "getExistingDirectory" })
            c.insert(QString::fromLatin1(name), { 1, 3 }); // (parent, caption, dir, filter)
        return c;
    }();
    return calls;
}

// Calls whose literal argument is translated, or is not text for the window: wrappers of the literal itself
// (looked through), the command line's and the log's texts, fonts, date formats, settings keys.
bool translates(const QString& call)
{
    static const QSet<QString> calls { "tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP", "QT_TR_N_NOOP",
        "QT_TRANSLATE_N_NOOP", "qtTrId" };
    return calls.contains(call);
}
bool wraps(const QString& call)
{
    static const QSet<QString> calls { "QStringLiteral", "QLatin1String", "QLatin1StringView", "QString", "fromLatin1",
        "fromUtf8", "QByteArrayLiteral", "QLatin1Char", "u8" };
    return calls.contains(call);
}
bool notForTheWindow(const QString& call)
{
    static const QSet<QString> calls { "QCommandLineOption", "setApplicationDescription", "addPositionalArgument",
        "QFont", "toString", "QRegularExpression", "setObjectName", "value", "setValue", "contains", "remove",
        "qWarning", "qDebug", "qInfo", "qCritical", "setStyleSheet", "property", "setProperty" };
    return calls.contains(call);
}

// Words outside markup: "<span style='color:#666'>%1</span>" has none; "batch %1" has one.
QString wordsOf(const QString& literal)
{
    static const QRegularExpression markup(QStringLiteral("<[^>]*>|&[a-z#0-9]+;|%[0-9n]|\\\\[a-z\"']"));
    QString text = literal;
    return text.replace(markup, QStringLiteral(" "));
}

// A small C++ scanner: comments, character and string literals (raw ones too), and the call each parenthesis opens.
// A literal is reported when it is not inside tr() (or translate(), QT_TR_NOOP…) and either holds a phrase (two
// words) or is a shown argument of a call of visibleCalls() holding a word.
std::vector<Finding> untranslatedLiterals(const QString& source)
{
    struct Frame
    {
        QString call;
        int argument = 0;
    };
    std::vector<Finding> found;
    std::vector<Frame> frames;
    static const QRegularExpression phrase(QStringLiteral("[A-Za-z]{2,} +[A-Za-z]{2,}"));
    static const QRegularExpression word(QStringLiteral("[A-Za-z]{2,}"));
    static const QRegularExpression identifierBefore(QStringLiteral("([A-Za-z_][A-Za-z_0-9]*)\\s*$"));
    int line = 1;
    const qsizetype n = source.size();
    for (qsizetype i = 0; i < n;) {
        const QChar c = source[i];
        if (c == u'\n') {
            ++line;
            ++i;
        } else if (source.mid(i, 2) == QLatin1String("//")) {
            const qsizetype end = source.indexOf(u'\n', i);
            i = end < 0 ? n : end;
        } else if (source.mid(i, 2) == QLatin1String("/*")) {
            const qsizetype end = source.indexOf(QLatin1String("*/"), i + 2);
            const qsizetype stop = end < 0 ? n : end + 2;
            line += static_cast<int>(source.mid(i, stop - i).count(u'\n'));
            i = stop;
        } else if (c == u'\'') {
            qsizetype j = i + 1;
            while (j < n && source[j] != u'\'')
                j += source[j] == u'\\' ? 2 : 1;
            i = j + 1;
        } else if (c == u'"' && i > 0 && source[i - 1] == u'R') {
            const qsizetype end = source.indexOf(QLatin1String(")\""), i);
            const qsizetype stop = end < 0 ? n : end + 2;
            line += static_cast<int>(source.mid(i, stop - i).count(u'\n'));
            i = stop;
        } else if (c == u'"') {
            qsizetype j = i + 1;
            while (j < n && source[j] != u'"')
                j += source[j] == u'\\' ? 2 : 1;
            const QString literal = source.mid(i + 1, j - i - 1);
            // The call the literal is an argument of, looking through QStringLiteral() and the like.
            const Frame* owner = nullptr;
            for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
                if (!wraps(it->call)) {
                    owner = &*it;
                    break;
                }
            }
            const QString call = owner ? owner->call : QString();
            if (!translates(call) && !notForTheWindow(call)) {
                const QString words = wordsOf(literal);
                bool shown = false;
                if (const auto visible = visibleCalls().find(call); visible != visibleCalls().end())
                    shown = visible->isEmpty() || visible->contains(owner->argument);
                if (words.contains(phrase) || (shown && words.contains(word)))
                    found.push_back({ line, call, literal });
            }
            i = j + 1;
        } else {
            if (c == u'(') {
                const auto m =
                    identifierBefore.match(source.mid(std::max<qsizetype>(0, i - 80), std::min<qsizetype>(i, 80)));
                frames.push_back({ m.hasMatch() ? m.captured(1) : QString() });
            } else if (c == u')') {
                if (!frames.empty())
                    frames.pop_back();
            } else if (c == u',' && !frames.empty()) {
                ++frames.back().argument;
            }
            ++i;
        }
    }
    return found;
}

QStringList placeholders(const QString& text)
{
    static const QRegularExpression placeholder(QStringLiteral("%L?[0-9n]"));
    QStringList list;
    for (auto it = placeholder.globalMatch(text); it.hasNext();)
        list << it.next().captured().remove(u'L');
    list.sort();
    return list;
}

QStringList tags(const QString& text)
{
    static const QRegularExpression tag(QStringLiteral("</?([a-zA-Z]+)"));
    QStringList list;
    for (auto it = tag.globalMatch(text); it.hasNext();)
        list << it.next().captured().toLower();
    list.sort();
    return list;
}

int accelerators(const QString& text)
{
    QString t = text;
    t.remove(QStringLiteral("&&"));
    static const QRegularExpression accelerator(QStringLiteral("&[^ &;]"));
    static const QRegularExpression entity(QStringLiteral("&[a-z#0-9]+;"));
    t.remove(entity);
    return static_cast<int>(t.count(accelerator));
}

struct Message
{
    QString context;
    QString source;
    QStringList translations; // the numerus forms, or the one translation
    QString type; // "" (finished), "unfinished", "vanished", "obsolete"
    bool numerus = false;
};

std::vector<Message> readTs(const QString& path, QString* language, QString* error)
{
    std::vector<Message> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return messages;
    }
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) {
            if (xml.isEndElement() && xml.name() == QLatin1String("message"))
                messages.push_back(current);
            continue;
        }
        const auto name = xml.name();
        if (name == QLatin1String("TS")) {
            *language = xml.attributes().value(QLatin1String("language")).toString();
        } else if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            current = Message { context, {}, {}, {}, xml.attributes().value(QLatin1String("numerus")) == u"yes" };
        } else if (name == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            current.type = xml.attributes().value(QLatin1String("type")).toString();
            if (!current.numerus)
                current.translations << xml.readElementText();
        } else if (name == QLatin1String("numerusform")) {
            current.translations << xml.readElementText();
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("line %1: %2").arg(xml.lineNumber()).arg(xml.errorString());
    return messages;
}

QStringList translationFiles()
{
    return QDir(QStringLiteral(LMP_TRANSLATIONS_DIR)).entryList({ QStringLiteral("lm-predictor_*.ts") }, QDir::Files);
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The scanner itself: what it must report and what it must let through.
    void scannerFindsUntranslatedText_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("findings");
        QTest::newRow("label text") << R"(label->setText(QStringLiteral("Batch"));)" << 1;
        QTest::newRow("tr") << R"(label->setText(tr("Batch"));)" << 0;
        QTest::newRow("a phrase anywhere") << R"(const QString s = QStringLiteral("does not fit");)" << 1;
        QTest::newRow("a phrase in tr over lines") << "x = tr(\"does not\"\n   \" fit %1\").arg(y);" << 0;
        QTest::newRow("an argument of tr's arg")
            << R"(x = tr("a %1").arg(QStringLiteral("not translated here"));)" << 1;
        QTest::newRow("translate") << R"(QCoreApplication::translate("lmp::widgets", "cannot write %1");)" << 0;
        QTest::newRow("markup only") << R"(s += QStringLiteral(" · <span style='color:#666'>%1</span>");)" << 0;
        QTest::newRow("no letters") << R"(label->setText(QStringLiteral("×"));)" << 0;
        QTest::newRow("a widget's text") << "auto* l = new QLabel(QStringLiteral(\"Tokens\"),\n this);" << 1;
        QTest::newRow("combo data") << R"(box->addItem(tr("Command"), QStringLiteral("command"));)" << 0;
        QTest::newRow("combo text") << R"(box->addItem(QStringLiteral("Command"), 1);)" << 1;
        QTest::newRow("message box text") << R"(QMessageBox::warning(this, tr("Save"), QStringLiteral("Oh no"));)" << 1;
        QTest::newRow("a comment") << "// setText(QStringLiteral(\"not code at all\"));\n/* \"no such\n text\" */" << 0;
        QTest::newRow("settings key") << R"(QSettings().value(QStringLiteral("source roots"));)" << 0;
        QTest::newRow("command-line help")
            << R"(parser.addOption(QCommandLineOption("fresh", QStringLiteral("Ignore the session")));)" << 0;
    }
    void scannerFindsUntranslatedText()
    {
        QFETCH(QString, source);
        QFETCH(int, findings);
        const auto found = untranslatedLiterals(source);
        QStringList texts;
        for (const Finding& f : found)
            texts << f.text;
        QVERIFY2(static_cast<int>(found.size()) == findings, qPrintable(texts.join(QStringLiteral(" | "))));
    }

    // Every source file of the window: app/gui and widgets.
    void windowTextGoesThroughTr()
    {
        // Files and literals that are not the window's text, with the reason.
        const QHash<QString, QString> skippedFiles {
            // The command line's --help and the messages on stderr: English, as lmp's.
            { QStringLiteral("app/gui/main.cpp"), QStringLiteral("command-line help and stderr") },
            // The captions of the report's charts: the report (core/report) is an English document.
            { QStringLiteral("widgets/reportcharts.cpp"), QStringLiteral("the English report's captions") },
        };
        const QSet<QString> allowedLiterals {
            QStringLiteral("LM-Predictor formula"), // QsciLexer::language(): an identifier, not shown
            QStringLiteral("config.json"), // a file name (compared with, in the recent models' box)
        };
        QStringList problems;
        int scanned = 0;
        for (const QString& folder : { QStringLiteral("app/gui"), QStringLiteral("widgets") }) {
            QDir dir(QStringLiteral(LMP_SOURCE_DIR "/") + folder);
            for (const QString& name : dir.entryList({ QStringLiteral("*.cpp") }, QDir::Files)) {
                const QString relative = folder + QLatin1Char('/') + name;
                if (skippedFiles.contains(relative))
                    continue;
                QFile file(dir.filePath(name));
                QVERIFY(file.open(QIODevice::ReadOnly));
                ++scanned;
                for (const Finding& f : untranslatedLiterals(QString::fromUtf8(file.readAll()))) {
                    if (!allowedLiterals.contains(f.text))
                        problems << QStringLiteral("%1:%2: %3(\"%4\")").arg(relative).arg(f.line).arg(f.call, f.text);
                }
            }
        }
        QVERIFY2(scanned >= 30, qPrintable(QString::number(scanned)));
        QVERIFY2(problems.isEmpty(),
            qPrintable(QStringLiteral("user-visible text outside tr():\n") + problems.join(QLatin1Char('\n'))));
    }

    void translationIsFinished_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files = translationFiles();
        QVERIFY2(files.contains(QStringLiteral("lm-predictor_de.ts")), qPrintable(files.join(u',')));
        QVERIFY2(files.contains(QStringLiteral("lm-predictor_fr.ts")), qPrintable(files.join(u',')));
        for (const QString& file : files)
            QTest::newRow(qPrintable(file)) << file;
    }
    // Each message translated, nothing left over, and the translation keeps what the code fills in or relies on.
    void translationIsFinished()
    {
        QFETCH(QString, file);
        QString language;
        QString error;
        const auto messages = readTs(QStringLiteral(LMP_TRANSLATIONS_DIR "/") + file, &language, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(messages.size() > 500, qPrintable(QString::number(messages.size())));
        QVERIFY2(file.contains(QLatin1Char('_') + language.section(QLatin1Char('_'), 0, 0) + QLatin1Char('.')),
            qPrintable(language));
        QStringList problems;
        for (const Message& m : messages) {
            const QString where = m.context + QStringLiteral(": \"") + m.source + QStringLiteral("\": ");
            if (!m.type.isEmpty()) {
                problems << where + m.type;
                continue;
            }
            if (m.translations.isEmpty() || (m.numerus && m.translations.size() != 2)) {
                problems << where + QStringLiteral("%1 forms").arg(m.translations.size());
                continue;
            }
            for (const QString& t : m.translations) {
                if (t.isEmpty())
                    problems << where + QStringLiteral("empty");
                else if (m.numerus ? placeholders(t).join(u',') != placeholders(m.source).join(u',')
                            && placeholders(t + QStringLiteral("%n")).join(u',') != placeholders(m.source).join(u',')
                                   : placeholders(t) != placeholders(m.source))
                    problems << where + QStringLiteral("placeholders %1").arg(t);
                else if (tags(t) != tags(m.source))
                    problems << where + QStringLiteral("markup %1").arg(t);
                else if (accelerators(t) != accelerators(m.source))
                    problems << where + QStringLiteral("accelerator %1").arg(t);
                else if ((t.startsWith(u' ') != m.source.startsWith(u' '))
                    || (t.endsWith(u' ') != m.source.endsWith(u' ')))
                    problems << where + QStringLiteral("spaces around %1").arg(t);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void translationFollowsTheSources_data() { translationIsFinished_data(); }
    // lupdate run on the window's sources finds no text the translation lacks and none it no longer needs.
    void translationFollowsTheSources()
    {
        QFETCH(QString, file);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString copy = dir.filePath(file);
        QVERIFY(QFile::copy(QStringLiteral(LMP_TRANSLATIONS_DIR "/") + file, copy));
        QFile::setPermissions(copy, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QFile list(QStringLiteral(LMP_TRANSLATED_SOURCES));
        QVERIFY(list.open(QIODevice::ReadOnly));
        QStringList sources = QString::fromUtf8(list.readAll()).split(u';', Qt::SkipEmptyParts);
        QVERIFY2(sources.size() >= 30, qPrintable(sources.join(u',')));
        QProcess lupdate;
        lupdate.setProcessChannelMode(QProcess::MergedChannels);
        lupdate.start(QStringLiteral(LMP_LUPDATE),
            QStringList { QStringLiteral("-locations"), QStringLiteral("none") } + sources
                + QStringList { QStringLiteral("-ts"), copy });
        QVERIFY(lupdate.waitForFinished(120000));
        const QString output = QString::fromUtf8(lupdate.readAll());
        QVERIFY2(lupdate.exitCode() == 0, qPrintable(output));
        // lupdate warns about tr() calls it cannot read (a variable as the text, a missing Q_OBJECT).
        QVERIFY2(!output.contains(QLatin1String("warning"), Qt::CaseInsensitive), qPrintable(output));
        QString language;
        QString error;
        const auto before = readTs(QStringLiteral(LMP_TRANSLATIONS_DIR "/") + file, &language, &error);
        const auto after = readTs(copy, &language, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList problems;
        for (const Message& m : after) {
            if (m.type == QLatin1String("unfinished"))
                problems << QStringLiteral("not translated: %1: \"%2\"").arg(m.context, m.source);
            else if (!m.type.isEmpty())
                problems
                    << QStringLiteral("no longer in the sources (%1): %2: \"%3\"").arg(m.type, m.context, m.source);
        }
        QVERIFY2(problems.isEmpty(),
            qPrintable(problems.join(QLatin1Char('\n'))
                + QStringLiteral("\n(cmake --build BUILD --target update_translations, then translate)")));
        QCOMPARE(after.size(), before.size());
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
