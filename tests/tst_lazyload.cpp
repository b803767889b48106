// SPDX-License-Identifier: GPL-3.0-or-later
// Start-up that reads only what a model needs, and analyses replayed from a recording, give exactly what reading
// everything and evaluating every template gives: the same entries, the same definitions and, for every catalogue
// model, byte-identical reports under several settings.

#include "analysis/analysis.h"
#include "analysis/workspace.h"
#include "db/dbcheck.h"
#include "db/lazydatabase.h"
#include "model/architecture.h"
#include "model/modelloader.h"
#include "report/report.h"
#include "report/writers.h"

#include <QDir>
#include <QFileInfo>
#include <QResource>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cstring>

using namespace lmp;

namespace {

struct Sides
{
    model::ArchitectureRegistry lazyRegistry;
    model::ArchitectureRegistry eagerRegistry;
    db::LazyDatabase lazy;
    db::LayeredDatabase eager;
    formula::Library whole;
};

Sides& sides()
{
    static Sides* s = [] {
        auto lazyRegistry = std::get<model::ArchitectureRegistry>(model::ArchitectureRegistry::loadBuiltin());
        auto eagerRegistry = std::get<model::ArchitectureRegistry>(model::ArchitectureRegistry::loadBuiltin());
        (void)eagerRegistry.definitions(); // every definition read now
        auto lazy = std::get<db::LazyDatabase>(db::LazyDatabase::withBuiltin(QString()));
        auto eager = std::get<db::LayeredDatabase>(db::LayeredDatabase::withBuiltin(QString()));
        auto whole = analysis::libraryFrom(eager);
        return new Sides { std::move(lazyRegistry), std::move(eagerRegistry), std::move(lazy), std::move(eager),
            std::move(whole) };
    }();
    return *s;
}

const hardware::Profile* profile(const char* id)
{
    static const hardware::Catalogue catalogue = std::get<hardware::Catalogue>(hardware::Catalogue::loadBuiltin());
    return catalogue.find(id);
}

std::string reportJson(const model::LoadedModel& model, const formula::Library& library,
    const analysis::Settings& settings, const hardware::Profile* hw, const analysis::AnalysisResult& result)
{
    return report::writeJson(report::makeReport(model, library, settings, hw, result));
}

// A user database file holding these entries (key -> entry); false when it cannot be written.
bool writeUserDatabase(const QString& path, const std::vector<std::pair<std::string, db::Json>>& entries)
{
    db::Json doc = { { "schema_version", 2 }, { "modules", db::Json::object() } };
    for (const auto& [key, entry] : entries)
        doc["modules"][key] = entry;
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(QByteArray::fromStdString(doc.dump(2))) > 0;
}

// Every problem db check finds, described with its file, line, column, field and the source line under it.
std::string checkOutput(const std::vector<db::Problem>& problems)
{
    std::string out;
    for (const auto& p : problems)
        out += p.describeWithSource() + "\n";
    return out;
}

// The built-in text with faults put into four entries, each inside its own span: a template that does not compile,
// a status the schema does not know, a parameter that is not a name, and a call to a module the database lacks.
QByteArray brokenBuiltinText()
{
    QResource resource(QString::fromLatin1(db::LayeredDatabase::kBuiltinResource));
    std::string text = resource.uncompressedData().toStdString();
    const auto spans = db::scanEntries(text);
    if (!spans)
        return {};
    struct Fault
    {
        const char* key;
        const char* find;
        const char* replace;
    };
    const Fault faults[] = {
        { "torch__nn__LayerNorm", "\"formula_template\": \"", "\"formula_template\": \"(( " },
        { "lmp__examples__MLP", "\"status\": \"", "\"status\": \"approved_" },
        { "lmp__examples__TransformerBlock", "\"parameters\": [", "\"parameters\": [7, " },
        { "torch__nn__Embedding", "\"formula_template\": \"", "\"formula_template\": \"{torch__nn__Nope}(1) + " },
    };
    // From the end of the text backwards, so that the spans before stay where they are.
    std::vector<std::pair<std::size_t, const Fault*>> at;
    for (const Fault& f : faults) {
        for (const auto& span : *spans) {
            if (span.key != f.key)
                continue;
            const std::size_t pos = text.find(f.find, span.begin);
            if (pos < span.end)
                at.emplace_back(pos, &f);
        }
    }
    if (at.size() != std::size(faults))
        return {};
    std::sort(at.begin(), at.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [pos, f] : at)
        text.replace(pos, std::strlen(f->find), f->replace);
    return QByteArray::fromStdString(text);
}

std::vector<std::pair<std::string, analysis::Settings>> settingsCases()
{
    std::vector<std::pair<std::string, analysis::Settings>> out;
    analysis::Settings s;
    out.emplace_back("prefill", s);
    s.phase = analysis::Phase::Decode;
    s.seq = 1;
    s.past = 4095;
    s.execution = analysis::Execution::Fused;
    out.emplace_back("fused decode", s);
    s = {};
    s.phase = analysis::Phase::Train;
    s.batch = 4;
    s.seq = 512;
    s.weightDtype = analysis::Dtype::FP32;
    s.checkpointWeights = false;
    s.actDtype = analysis::Dtype::FP32;
    out.emplace_back("train fp32", s);
    return out;
}

// Whether two selections say the same about a key.
bool sameSelection(const db::LazyDatabase::Selection& a, const db::LazyDatabase::Selection& b, std::string& why)
{
    if (a.found != b.found || a.fileKey != b.fileKey || a.excludedReason != b.excludedReason
        || a.position != b.position) {
        why = "found " + std::to_string(a.found) + "/" + std::to_string(b.found) + ", file key " + a.fileKey + "/"
            + b.fileKey + ", reason '" + a.excludedReason + "'/'" + b.excludedReason + "'";
        return false;
    }
    if (a.spec.has_value() != b.spec.has_value() || (a.spec && !db::sameSpec(*a.spec, *b.spec))) {
        why = "the specs differ";
        return false;
    }
    return true;
}

// Every key of a database selected both ways (with and without --validated-only) gives the same; "" or the first
// difference.
std::string selectionDifference(const db::LazyDatabase& a, const db::LazyDatabase& b)
{
    for (const std::string& key : a.keys()) {
        for (const bool validatedOnly : { false, true }) {
            std::string why;
            if (!sameSelection(a.select(key, validatedOnly), b.select(key, validatedOnly), why))
                return key + (validatedOnly ? " (validated only): " : ": ") + why;
        }
    }
    return {};
}

QByteArray builtinDigest()
{
    QResource digest(QString::fromLatin1(db::LazyDatabase::kBuiltinDigestResource));
    return digest.isValid() ? digest.uncompressedData() : QByteArray();
}

} // namespace

class TestLazyLoad : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void indexHoldsEveryEntry()
    {
        const auto& s = sides();
        QVERIFY(s.lazy.indexed());
        const auto keys = s.eager.builtin().keys();
        QCOMPARE(s.lazy.builtinKeys(), keys);
        QVERIFY(keys.size() > 100);
        for (const auto& key : keys) {
            const auto single = s.lazy.builtinEntry(key);
            QVERIFY2(single.has_value(), key.c_str());
            QVERIFY2(*single->entry(key) == *s.eager.builtin().entry(key), key.c_str());
            QCOMPARE(single->isValid(key), s.eager.builtin().isValid(key));
            QVERIFY(single->schemaErrors().empty());
            QCOMPARE(single->status(key), s.eager.builtin().status(key));
        }
        QVERIFY(s.eager.builtin().schemaErrors().empty());
    }

    void buildIndexFitsTheBuiltinText()
    {
        // The build writes where each entry sits; it lists what scanning the text finds, span for span.
        QResource text(QString::fromLatin1(db::LayeredDatabase::kBuiltinResource));
        QResource index(QString::fromLatin1(db::LazyDatabase::kBuiltinIndexResource));
        QVERIFY(text.isValid() && index.isValid());
        const QByteArray textBytes = text.uncompressedData();
        const QByteArray indexBytes = index.uncompressedData();
        const std::string_view view(textBytes.constData(), static_cast<std::size_t>(textBytes.size()));
        const auto scanned = db::databaseEntries(view);
        const auto listed = db::readEntryIndex(
            std::string_view(indexBytes.constData(), static_cast<std::size_t>(indexBytes.size())), view.size());
        QVERIFY(scanned && listed);
        QCOMPARE(listed->size(), scanned->size());
        for (std::size_t i = 0; i < scanned->size(); ++i) {
            const auto& a = (*listed)[i];
            const auto& b = (*scanned)[i];
            QCOMPARE(a.key, b.key);
            QCOMPARE(a.keyBegin, b.keyBegin);
            QCOMPARE(a.keyEnd, b.keyEnd);
            QCOMPARE(a.begin, b.begin);
            QCOMPARE(a.end, b.end);
        }
    }

    void entryIndexRefusesWhatDoesNotFit_data()
    {
        QTest::addColumn<QByteArray>("index");
        QTest::addColumn<bool>("read");
        // A text of 43 bytes: {"schema_version": 2, "modules": {"a": {}}}
        QTest::newRow("fits") << QByteArray("lmp-module-index 1 43 1\n34 39 41 a\n") << true;
        QTest::newRow("other size") << QByteArray("lmp-module-index 1 44 1\n34 39 41 a\n") << false;
        QTest::newRow("other version") << QByteArray("lmp-module-index 2 43 1\n34 39 41 a\n") << false;
        QTest::newRow("not indexed") << QByteArray("lmp-module-index 1 43 none\n") << false;
        QTest::newRow("past the text") << QByteArray("lmp-module-index 1 43 1\n34 39 45 a\n") << false;
        QTest::newRow("value before key") << QByteArray("lmp-module-index 1 43 1\n34 35 41 a\n") << false;
        QTest::newRow("fewer lines") << QByteArray("lmp-module-index 1 43 2\n34 39 41 a\n") << false;
        QTest::newRow("more lines") << QByteArray("lmp-module-index 1 43 1\n34 39 41 a\n1 2 3 b\n") << false;
        QTest::newRow("out of order") << QByteArray("lmp-module-index 1 43 2\n34 39 41 a\n2 20 22 b\n") << false;
        QTest::newRow("not a number") << QByteArray("lmp-module-index 1 43 1\n34 x 41 a\n") << false;
        QTest::newRow("no key") << QByteArray("lmp-module-index 1 43 1\n34 39 41 \n") << false;
        QTest::newRow("empty") << QByteArray() << false;
    }

    void entryIndexRefusesWhatDoesNotFit()
    {
        QFETCH(QByteArray, index);
        QFETCH(bool, read);
        const auto entries =
            db::readEntryIndex(std::string_view(index.constData(), static_cast<std::size_t>(index.size())), 43);
        QCOMPARE(entries.has_value(), read);
        if (read) {
            // What the tool writes for that text, read back.
            const std::string text = R"({"schema_version": 2, "modules": {"a": {}}})";
            QCOMPARE(text.size(), std::size_t(43));
            const auto scanned = db::databaseEntries(text);
            QVERIFY(scanned);
            QCOMPARE(db::writeEntryIndex(text.size(), scanned), std::string(index.constData()));
            QCOMPARE(entries->at(0).key, std::string("a"));
            QCOMPARE(text.substr(entries->at(0).begin, entries->at(0).end - entries->at(0).begin), std::string("{}"));
        }
    }

    void unindexableTextIsReadWhole()
    {
        // Escapes in a key, a duplicate module and a schema-1 file cannot be indexed: they are read whole.
        const QByteArray texts[] = {
            R"({"schema_version": 2, "modules": {"torch__nn__Lin\u0065ar": {}}})",
            R"({"schema_version": 2, "modules": {"torch__nn__Linear": {}, "torch.nn.Linear": {}}})",
            R"({"torch__nn__Linear": {}})",
        };
        for (const QByteArray& text : texts) {
            auto loaded = db::LazyDatabase::fromText(text, QStringLiteral("test.json"), QString());
            QVERIFY(std::holds_alternative<db::LazyDatabase>(loaded));
            QVERIFY(!std::get<db::LazyDatabase>(loaded).indexed());
        }
        auto broken = db::LazyDatabase::fromText(
            R"({"schema_version": 2, "modules": {"a": )", QStringLiteral("broken.json"), QString());
        QVERIFY(std::holds_alternative<db::DbError>(broken));
        QVERIFY(std::get<db::DbError>(broken).describe().find("broken.json") != std::string::npos);
    }

    // db check over the entries as analyses read them (each from its span) prints what the whole database's check
    // prints, byte for byte: the built-in database as shipped, under a user layer.
    // The build's digest of the built-in entries gives each key exactly what reading the entry's JSON gives: the
    // same spec, file key, review fields and reason, with and without --validated-only.
    void digestSelectsLikeTheJson()
    {
        const auto& s = sides();
        QVERIFY(s.lazy.digested());
        QResource text(QString::fromLatin1(db::LayeredDatabase::kBuiltinResource));
        auto json = db::LazyDatabase::fromText(text.uncompressedData(), QStringLiteral("module_db.json"), QString());
        const auto& jsonOnly = std::get<db::LazyDatabase>(json);
        QVERIFY(jsonOnly.indexed() && !jsonOnly.digested());
        QCOMPARE(s.lazy.keys(), jsonOnly.keys());
        {
            const std::string difference = selectionDifference(s.lazy, jsonOnly);
            QVERIFY2(difference.empty(), difference.c_str());
        }
        // It is what the digest tool would write now from the text, record for record.
        const auto digests = db::digestBuiltinEntries(jsonOnly);
        QCOMPARE(digests.size(), jsonOnly.builtinKeys().size());
        const QByteArray bytes = builtinDigest();
        QCOMPARE(bytes.toStdString(), db::writeEntryDigests(static_cast<std::size_t>(text.size()), digests));
        const auto read = db::EntryDigests::open(
            std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), text.size(), digests.size());
        QVERIFY(read.has_value());
        std::size_t withSpec = 0;
        for (std::size_t i = 0; i < digests.size(); ++i) {
            const auto d = read->read(i);
            QVERIFY2(d && db::sameDigest(*d, digests[i]), digests[i].key.c_str());
            withSpec += d->spec.has_value();
        }
        QVERIFY(withSpec > 100);
    }

    // Entries that do not compile, have schema errors or call unknown modules are digested as they read: invalid
    // where the loader says so, with the same reason.
    void digestOfBrokenEntriesSelectsLikeTheJson()
    {
        const QByteArray text = brokenBuiltinText();
        QVERIFY(!text.isEmpty());
        auto json = db::LazyDatabase::fromText(text, QStringLiteral("broken.json"), QString());
        const auto& jsonOnly = std::get<db::LazyDatabase>(json);
        const std::string digest =
            db::writeEntryDigests(static_cast<std::size_t>(text.size()), db::digestBuiltinEntries(jsonOnly));
        auto digested = db::LazyDatabase::fromText(
            text, QStringLiteral("broken.json"), QString(), QByteArray::fromStdString(digest));
        const auto& withDigest = std::get<db::LazyDatabase>(digested);
        QVERIFY(withDigest.digested());
        {
            const std::string difference = selectionDifference(withDigest, jsonOnly);
            QVERIFY2(difference.empty(), difference.c_str());
        }
        QCOMPARE(withDigest.select("lmp__examples__MLP", false).excludedReason,
            std::string("invalid: the entry has schema errors (lmp db check)"));
    }

    // A digest that does not fit the text is not used, and a record that does not decode is read from its JSON: the
    // selections stay the JSON's.
    void digestRefusesWhatDoesNotFit_data()
    {
        QTest::addColumn<int>("version"); // written in the header
        QTest::addColumn<int>("sizeOff"); // added to the text size in the header
        QTest::addColumn<int>("countOff"); // added to the entry count in the header
        QTest::addColumn<int>("cut"); // bytes cut from the end (-1: none, -2: everything)
        QTest::addColumn<bool>("used");
        QTest::newRow("fits") << 1 << 0 << 0 << -1 << true;
        QTest::newRow("other version") << 2 << 0 << 0 << -1 << false;
        QTest::newRow("other text size") << 1 << -1 << 0 << -1 << false;
        QTest::newRow("other count") << 1 << 0 << 1 << -1 << false;
        QTest::newRow("truncated") << 1 << 0 << 0 << 1 << false;
        QTest::newRow("empty") << 1 << 0 << 0 << -2 << false;
    }

    void digestRefusesWhatDoesNotFit()
    {
        QFETCH(int, version);
        QFETCH(int, sizeOff);
        QFETCH(int, countOff);
        QFETCH(int, cut);
        QFETCH(bool, used);
        // A small database: two entries, one of them invalid.
        const auto& builtin = sides().eager.builtin();
        db::Json doc = { { "schema_version", 2 }, { "modules", db::Json::object() } };
        doc["modules"]["torch__nn__SiLU"] = *builtin.entry("torch.nn.SiLU");
        doc["modules"]["torch__nn__GELU"] = *builtin.entry("torch.nn.GELU");
        doc["modules"]["torch__nn__GELU"]["validation"]["status"] = "approved";
        const QByteArray text = QByteArray::fromStdString(doc.dump(2));
        auto json = db::LazyDatabase::fromText(text, QStringLiteral("t.json"), QString());
        const auto& jsonOnly = std::get<db::LazyDatabase>(json);
        QByteArray bytes = QByteArray::fromStdString(
            db::writeEntryDigests(static_cast<std::size_t>(text.size()), db::digestBuiltinEntries(jsonOnly)));
        const QByteArray header = "lmp-module-digest 1 " + QByteArray::number(text.size()) + " 2\n";
        QVERIFY(bytes.startsWith(header));
        const QByteArray written = "lmp-module-digest " + QByteArray::number(version) + " "
            + QByteArray::number(text.size() + sizeOff) + " " + QByteArray::number(2 + countOff) + "\n";
        bytes.replace(0, header.size(), written);
        if (cut == -2)
            bytes.clear();
        else if (cut > 0)
            bytes.chop(cut);
        auto digested = db::LazyDatabase::fromText(text, QStringLiteral("t.json"), QString(), bytes);
        const auto& withDigest = std::get<db::LazyDatabase>(digested);
        QCOMPARE(withDigest.digested(), used);
        {
            const std::string difference = selectionDifference(withDigest, jsonOnly);
            QVERIFY2(difference.empty(), difference.c_str());
        }
        QVERIFY(withDigest.select("torch.nn.SiLU", true).spec.has_value());
        QCOMPARE(withDigest.select("torch.nn.GELU", false).excludedReason,
            std::string("invalid: the entry has schema errors (lmp db check)"));
    }

    // Records that do not decode (a length past the record, a flag that is neither 0 nor 1) are read from the JSON.
    void undecodableRecordReadsTheJson()
    {
        const auto& builtin = sides().eager.builtin();
        db::Json doc = { { "schema_version", 2 }, { "modules", db::Json::object() } };
        doc["modules"]["torch__nn__SiLU"] = *builtin.entry("torch.nn.SiLU");
        const QByteArray text = QByteArray::fromStdString(doc.dump(2));
        auto json = db::LazyDatabase::fromText(text, QStringLiteral("t.json"), QString());
        const auto& jsonOnly = std::get<db::LazyDatabase>(json);
        const QByteArray good = QByteArray::fromStdString(
            db::writeEntryDigests(static_cast<std::size_t>(text.size()), db::digestBuiltinEntries(jsonOnly)));
        // The record starts after the header line and two offsets: its key's length comes first.
        const qsizetype record = good.indexOf('\n') + 1 + 8;
        QCOMPARE(good.mid(record + 4, 15), QByteArray("torch__nn__SiLU"));
        for (const qsizetype at : { record + 3, record + 4 + 15, record + 4 + 15 + 1 }) {
            QByteArray bad = good;
            bad[at] = '\x7f';
            auto digested = db::LazyDatabase::fromText(text, QStringLiteral("t.json"), QString(), bad);
            const auto& withDigest = std::get<db::LazyDatabase>(digested);
            QVERIFY(withDigest.digested());
            const auto records = db::EntryDigests::open(
                std::string_view(bad.constData(), static_cast<std::size_t>(bad.size())), text.size(), 1);
            QVERIFY(records && !records->read(0));
            {
                const std::string difference = selectionDifference(withDigest, jsonOnly);
                QVERIFY2(difference.empty(), difference.c_str());
            }
            QVERIFY(withDigest.select("torch.nn.SiLU", true).spec.has_value());
        }
    }

    void dbCheckReadsLikeTheWholeDatabase()
    {
        const auto& s = sides();
        const auto eager = db::checkDatabase(s.eager);
        const auto lazy = db::checkDatabase(s.lazy);
        QCOMPARE(checkOutput(lazy), checkOutput(eager));
        QCOMPARE(lazy.size(), eager.size());
    }

    // The same with faults in four built-in entries and a user layer that overrides one entry with another fault and
    // adds one of its own: every problem is found, at the line and column the file has it, in the same order.
    void dbCheckOfBrokenEntriesLikeTheWholeDatabase()
    {
        const QByteArray text = brokenBuiltinText();
        QVERIFY(!text.isEmpty());
        QTemporaryDir dir;
        const QString userPath = dir.filePath(QStringLiteral("user.json"));
        {
            const auto& builtin = sides().eager.builtin();
            db::Json linear = *builtin.entry("torch.nn.Linear");
            linear["flop_analysis"]["formula_template"] = "2 * ${N} * ${in_features} * ";
            db::Json extra = *builtin.entry("torch.nn.SiLU");
            extra["module_path"] = "my.Activation";
            extra["validation"]["status"] = "pending";
            extra["flop_analysis"]["formula_template"] = "{my__Missing}(${N})";
            QVERIFY(writeUserDatabase(userPath, { { "torch__nn__Linear", linear }, { "my__Activation", extra } }));
        }
        const QString origin = QStringLiteral(":/lmp/module_db.json");
        auto whole = db::ModuleDatabase::fromJson(std::string_view(text.constData(), std::size_t(text.size())), origin);
        QVERIFY(std::holds_alternative<db::ModuleDatabase>(whole));
        auto eager = db::LayeredDatabase::open(std::get<db::ModuleDatabase>(std::move(whole)), userPath);
        QVERIFY(std::holds_alternative<db::LayeredDatabase>(eager));
        auto lazy = db::LazyDatabase::fromText(text, origin, userPath);
        QVERIFY(std::holds_alternative<db::LazyDatabase>(lazy));
        QVERIFY(std::get<db::LazyDatabase>(lazy).indexed());
        QCOMPARE(std::get<db::LazyDatabase>(lazy).keys(), std::get<db::LayeredDatabase>(eager).keys());

        const auto expected = db::checkDatabase(std::get<db::LayeredDatabase>(eager));
        const auto got = db::checkDatabase(std::get<db::LazyDatabase>(lazy));
        QCOMPARE(checkOutput(got), checkOutput(expected));
        // Not vacuous: each fault is reported, the built-in ones with a line in the file.
        for (const char* key : { "torch__nn__LayerNorm", "lmp__examples__MLP", "lmp__examples__TransformerBlock",
                 "torch__nn__Embedding", "torch__nn__Linear", "my__Activation" }) {
            const auto it = std::find_if(got.begin(), got.end(), [&](const db::Problem& p) { return p.key == key; });
            QVERIFY2(it != got.end(), key);
            QVERIFY2(it->line > 0, key);
        }
        // The positions are the file's: the schema error of the status sits on the line that holds it.
        const auto status = std::find_if(got.begin(), got.end(),
            [](const db::Problem& p) { return p.key == "lmp__examples__MLP" && p.rule == db::Rule::Schema; });
        QVERIFY(status != got.end());
        const QList<QByteArray> lines = text.split('\n');
        QVERIFY(status->line <= lines.size());
        QVERIFY2(lines[status->line - 1].contains("approved_"), status->describe().c_str());
    }

    // An entry that does not read on its own (a syntax error inside it) is named, at its place in the file.
    void dbCheckNamesAnEntryThatDoesNotRead()
    {
        const QByteArray text = R"({"schema_version": 2, "modules": {
  "torch__nn__ReLU": {"module_path": "torch.nn.ReLU", "flop_analysis": [1 2]}
}})";
        auto lazy = db::LazyDatabase::fromText(text, QStringLiteral("t.json"), QString());
        QVERIFY(std::holds_alternative<db::LazyDatabase>(lazy));
        QVERIFY(std::get<db::LazyDatabase>(lazy).indexed());
        const auto problems = db::checkDatabase(std::get<db::LazyDatabase>(lazy));
        QVERIFY(!problems.empty());
        QCOMPARE(problems.front().key, std::string("torch__nn__ReLU"));
        QCOMPARE(problems.front().rule, db::Rule::Json);
        QCOMPARE(problems.front().line, 2);
        // The whole text does not load either: the same line.
        auto whole = db::ModuleDatabase::fromJson(
            std::string_view(text.constData(), std::size_t(text.size())), QStringLiteral("t.json"));
        QVERIFY(std::holds_alternative<db::DbError>(whole));
        QCOMPARE(std::get<db::DbError>(whole).line, 2);
        QCOMPARE(problems.front().column, std::get<db::DbError>(whole).column);
    }

    void userEntriesWin()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("user.json"));
        // The user's SiLU counts 7 FLOPs an element (pending), and their Linear is rejected.
        const auto& builtin = sides().eager.builtin();
        db::Json silu = *builtin.entry("torch.nn.SiLU");
        silu["flop_analysis"]["formula_template"] = "7 * ${N} * ${features}";
        silu["validation"]["status"] = "pending";
        db::Json linear = *builtin.entry("torch.nn.Linear");
        linear["validation"]["status"] = "rejected";
        QVERIFY(writeUserDatabase(path, { { "torch__nn__SiLU", silu }, { "torch__nn__Linear", linear } }));
        auto lazy = std::get<db::LazyDatabase>(db::LazyDatabase::withBuiltin(path));
        auto eager = std::get<db::LayeredDatabase>(db::LayeredDatabase::withBuiltin(path));
        const auto& s = sides();
        auto loaded = model::loadModel(QStringLiteral("meta-llama/Llama-2-7b-hf"), s.lazyRegistry);
        const auto& model = std::get<model::LoadedModel>(loaded);
        const auto partial = analysis::libraryFor(lazy, model.tree);
        QVERIFY(partial.has_value());
        QVERIFY(partial->find("torch.nn.SiLU").has_value());
        QCOMPARE(partial->status(*partial->find("torch.nn.SiLU")), std::string("pending"));
        QCOMPARE(partial->layer(*partial->find("torch.nn.SiLU")), std::string("user"));
        QCOMPARE(partial->exclusionReason("torch.nn.Linear"), std::string("rejected"));
        const auto whole = analysis::libraryFrom(eager);
        const analysis::Settings settings;
        QCOMPARE(reportJson(model, *partial, settings, nullptr, analysis::analyze(model.tree, *partial, settings)),
            reportJson(model, whole, settings, nullptr, analysis::analyze(model.tree, whole, settings)));
    }

    // The entries a model needs are found by the module keys their templates name: a call in any template, a dotted
    // key, a template that does not lex (then compiled to find its calls) and a call to a module no layer holds (the
    // whole database is then needed, to word the error) analyse as the whole database does.
    void calledEntriesFound_data()
    {
        QTest::addColumn<QString>("formula");
        QTest::addColumn<bool>("partial");
        QTest::newRow("dotted call") << QStringLiteral("2 * {torch.nn.SiLU}(${N}, 3)") << true;
        QTest::newRow("call of an entry nothing else uses")
            << QStringLiteral("{torch__nn__GELU}(${N}, 5) + ${N}") << true;
        QTest::newRow("does not lex") << QStringLiteral("2 ^ {torch__nn__GELU}(${N}, 5)") << true;
        QTest::newRow("does not parse") << QStringLiteral("({torch__nn__GELU}(${N}, 5)") << true;
        QTest::newRow("unknown module") << QStringLiteral("{torch__nn__NoSuchModule}(${N})") << false;
    }

    void calledEntriesFound()
    {
        QFETCH(QString, formula);
        QFETCH(bool, partial);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("user.json"));
        const auto& builtin = sides().eager.builtin();
        const std::string key = "transformers__models__llama__modeling_llama__LlamaMLP";
        QVERIFY(builtin.entry(key));
        db::Json mlp = *builtin.entry(key);
        mlp["flop_analysis"]["formula_template"] = formula.toStdString();
        mlp["flop_analysis"]["module_depends"] = db::Json::array();
        mlp["flop_analysis"].erase("breakdown");
        mlp["validation"]["status"] = "pending";
        QVERIFY(writeUserDatabase(path, { { key, mlp } }));
        auto lazy = std::get<db::LazyDatabase>(db::LazyDatabase::withBuiltin(path));
        auto eager = std::get<db::LayeredDatabase>(db::LayeredDatabase::withBuiltin(path));
        auto loaded = model::loadModel(QStringLiteral("meta-llama/Llama-2-7b-hf"), sides().lazyRegistry);
        const auto& model = std::get<model::LoadedModel>(loaded);
        const auto library = analysis::libraryFor(lazy, model.tree);
        QCOMPARE(library.has_value(), partial);
        if (!library)
            return;
        const auto whole = analysis::libraryFrom(eager);
        const analysis::Settings settings;
        QCOMPARE(reportJson(model, *library, settings, nullptr, analysis::analyze(model.tree, *library, settings)),
            reportJson(model, whole, settings, nullptr, analysis::analyze(model.tree, whole, settings)));
    }

    void catalogueModelsAnalyseAlike_data()
    {
        QTest::addColumn<QString>("id");
        for (const QString& id : model::builtinModelIds())
            QTest::newRow(qPrintable(id)) << id;
    }

    void catalogueModelsAnalyseAlike()
    {
        QFETCH(QString, id);
        const auto& s = sides();
        auto lazyModel = model::loadModel(id, s.lazyRegistry);
        auto eagerModel = model::loadModel(id, s.eagerRegistry);
        if (const auto* e = std::get_if<model::ModelError>(&eagerModel)) {
            // A config the definitions do not build fails alike.
            QVERIFY(std::holds_alternative<model::ModelError>(lazyModel));
            QCOMPARE(std::get<model::ModelError>(lazyModel).describe(), e->describe());
            return;
        }
        QVERIFY(std::holds_alternative<model::LoadedModel>(lazyModel));
        const auto& lm = std::get<model::LoadedModel>(lazyModel);
        const auto& em = std::get<model::LoadedModel>(eagerModel);
        QCOMPARE(model::treeTable(lm.tree), model::treeTable(em.tree));
        QCOMPARE(lm.architectureFile, em.architectureFile);
        const auto partial = analysis::libraryFor(s.lazy, lm.tree);
        QVERIFY(partial.has_value());
        QVERIFY(partial->moduleCount() < s.whole.moduleCount());
        analysis::Analyzer analyzer(lm.tree, *partial);
        for (const auto* hw : { static_cast<const hardware::Profile*>(nullptr), profile("nvidia-h100-sxm") }) {
            for (const auto& [name, settings] : settingsCases()) {
                const std::string expected =
                    reportJson(em, s.whole, settings, hw, analysis::analyze(em.tree, s.whole, settings, hw));
                QCOMPARE(reportJson(lm, *partial, settings, hw, analysis::analyze(lm.tree, *partial, settings, hw)),
                    expected);
                // Recorded, then replayed: the same report both times.
                QCOMPARE(reportJson(lm, *partial, settings, hw, analyzer.analyze(settings, hw)), expected);
                QCOMPARE(reportJson(lm, *partial, settings, hw, analyzer.analyze(settings, hw)), expected);
            }
        }
        QVERIFY(analyzer.stats().replayed > 0);
    }

    // A sweep through one Analyzer crosses whatever branches the templates take on the sequence: every point is the
    // analysis analyze() gives.
    void replayedSweepMatches_data()
    {
        QTest::addColumn<QString>("id");
        QTest::newRow("llama") << QStringLiteral("meta-llama/Llama-3.1-8B");
        QTest::newRow("deepseek-v3") << QStringLiteral("deepseek-ai/DeepSeek-V3");
        QTest::newRow("gemma2 (sliding window)") << QStringLiteral("google/gemma-2-2b");
        QTest::newRow("qwen3 moe") << QStringLiteral("Qwen/Qwen3-30B-A3B");
    }

    void replayedSweepMatches()
    {
        QFETCH(QString, id);
        const auto& s = sides();
        auto loaded = model::loadModel(id, s.lazyRegistry);
        if (!std::holds_alternative<model::LoadedModel>(loaded))
            QFAIL(std::get<model::ModelError>(loaded).describe().c_str());
        const auto& m = std::get<model::LoadedModel>(loaded);
        const auto library = analysis::libraryFor(s.lazy, m.tree);
        QVERIFY(library.has_value());
        analysis::Analyzer analyzer(m.tree, *library);
        const auto* hw = profile("nvidia-a100-80gb");
        for (const analysis::Phase phase : { analysis::Phase::Prefill, analysis::Phase::Decode }) {
            for (formula::Int x : { 1, 2, 7, 64, 511, 1000, 4096, 4097, 8192, 20000, 131072 }) {
                analysis::Settings settings;
                settings.phase = phase;
                settings.execution = x % 2 ? analysis::Execution::Fused : analysis::Execution::Eager;
                if (phase == analysis::Phase::Decode) {
                    settings.seq = 1;
                    settings.past = x;
                } else {
                    settings.seq = x;
                }
                const auto expected =
                    reportJson(m, *library, settings, hw, analysis::analyze(m.tree, *library, settings, hw));
                QCOMPARE(reportJson(m, *library, settings, hw, analyzer.analyze(settings, hw)), expected);
            }
        }
        QVERIFY(analyzer.stats().replayed > 0);
    }

    void registryReadsOnDemand()
    {
        const auto& s = sides();
        auto fresh = std::get<model::ArchitectureRegistry>(model::ArchitectureRegistry::loadBuiltin());
        const auto* llama = fresh.find("LlamaForCausalLM");
        QVERIFY(llama);
        QVERIFY(llama->file.endsWith(QStringLiteral("llama.json")));
        QCOMPARE(fresh.architectureNames(), s.eagerRegistry.architectureNames());
        QCOMPARE(fresh.definitions().size(), s.eagerRegistry.definitions().size());
        for (std::size_t i = 0; i < fresh.definitions().size(); ++i)
            QCOMPARE(fresh.definitions()[i]->file, s.eagerRegistry.definitions()[i]->file);
        QVERIFY(!fresh.find("NoSuchModelForCausalLM"));
        // The build's index lists exactly the folder's definitions: every "*.json" file but classes.json, by name.
        QStringList listed = QDir(QString::fromLatin1(model::ArchitectureRegistry::kBuiltinFolder))
                                 .entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
        QVERIFY(listed.removeAll(QStringLiteral("classes.json")) == 1);
        QStringList read;
        for (const auto& definition : fresh.definitions())
            read << QFileInfo(definition->file).fileName();
        QCOMPARE(read, listed);
        QVERIFY(listed.size() > 20);
    }
};

QTEST_GUILESS_MAIN(TestLazyLoad)
#include "tst_lazyload.moc"
