// SPDX-License-Identifier: GPL-3.0-or-later
// The reviewer's session on the module database: entries by status, reviews and edits with undo and redo, the
// history on both layers and the entry at any revision, word-level diffs, and a user file that another program
// rewrites, corrupts or replaces meanwhile.

#include "db/databasesession.h"
#include "db/history.h"
#include "db/worddiff.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <nlohmann/json.hpp>

using namespace lmp::db;

namespace {

QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QByteArray readFixture(const QString& name)
{
    const QString path = QFINDTESTDATA(QStringLiteral("data/db/") + name);
    if (path.isEmpty())
        qFatal("missing fixture %s", qPrintable(name));
    return readFile(path);
}

// Another program writing the file in place (same inode).
bool writeInPlace(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// Another program saving atomically: a temporary file renamed over the old one.
bool writeAtomically(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit();
}

ModuleDatabase fixture(const QString& name)
{
    auto result = ModuleDatabase::fromJson(readFixture(name).toStdString(), QStringLiteral(":/lmp/module_db.json"));
    if (auto* error = std::get_if<DbError>(&result))
        qFatal("fixture does not load: %s", error->describe().c_str());
    return std::get<ModuleDatabase>(std::move(result));
}

Json cleanEntry(const char* key)
{
    return Json::parse(readFixture(QStringLiteral("clean.json")).toStdString())["modules"][key];
}

// A user database file holding these entries, as this program writes it.
QByteArray userFile(const Json& modules)
{
    Json doc = Json::object();
    doc["schema_version"] = 2;
    doc["modules"] = modules;
    return QByteArray::fromStdString(doc.dump(2) + "\n");
}

QDateTime utc(int year, int month, int day, int hour, int minute)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute), QTimeZone::utc());
}

QStringList filesIn(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

template <class T> T valueOf(std::variant<T, DbError> result)
{
    if (auto* error = std::get_if<DbError>(&result))
        qFatal("unexpected error: %s", error->describe().c_str());
    return std::get<T>(std::move(result));
}

std::string dumped(const Json* value)
{
    return value ? value->dump() : std::string("(none)");
}

// Hunks as "=text", "-text", "+text".
QStringList printed(const std::vector<DiffHunk>& hunks)
{
    QStringList out;
    for (const DiffHunk& h : hunks) {
        const char sign = h.op == DiffOp::Equal ? '=' : h.op == DiffOp::Removed ? '-' : '+';
        out << QLatin1Char(sign) + QString::fromStdString(h.text);
    }
    return out;
}

} // namespace

class TestDatabaseSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // ---------------------------------------------------------------------------------------------------------------
    // Entries by status

    void countsByStatus()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString userPath = dir.filePath(QStringLiteral("user.json"));
        Json modules = Json::object();
        modules["torch__nn__Linear"] = cleanEntry("torch__nn__Linear");
        modules["torch__nn__Linear"]["validation"]["status"] = "rejected";
        modules["torch__nn__GELU"] = cleanEntry("torch__nn__SiLU");
        modules["torch__nn__GELU"]["module_path"] = "torch.nn.GELU";
        modules["torch__nn__GELU"]["validation"]["status"] = "needs_changes";
        modules["torch__nn__Bad"] = cleanEntry("torch__nn__SiLU");
        modules["torch__nn__Bad"]["module_path"] = "torch.nn.Bad";
        modules["torch__nn__Bad"]["validation"]["status"] = "approved"; // not a status: invalid
        QVERIFY(writeInPlace(userPath, userFile(modules)));

        DatabaseSession session;
        QVERIFY(!session.open(fixture(QStringLiteral("clean.json")), userPath));
        // Built-in: Linear validated (hidden by the user's rejected one), SiLU validated, GatedMLP pending.
        const StatusCounts counts = session.counts();
        QCOMPARE(counts.validated, std::size_t(1));
        QCOMPARE(counts.pending, std::size_t(1));
        QCOMPARE(counts.rejected, std::size_t(1));
        QCOMPARE(counts.needsChanges, std::size_t(1));
        QCOMPARE(counts.invalid, std::size_t(1));
        QCOMPARE(counts.total(), std::size_t(5));
        QCOMPARE(counts.of(Status::Rejected), std::size_t(1));
        QCOMPARE(counts.of(std::nullopt), std::size_t(1));

        const auto rejected = session.entries(Status::Rejected);
        QCOMPARE(rejected.size(), std::size_t(1));
        QCOMPARE(rejected[0].key, std::string("torch__nn__Linear"));
        QCOMPARE(rejected[0].layer, Layer::User);
        QVERIFY(rejected[0].overridesBuiltin);
        const auto validated = session.entries(Status::Validated);
        QCOMPARE(validated.size(), std::size_t(1));
        QCOMPARE(validated[0].key, std::string("torch__nn__SiLU"));
        QCOMPARE(validated[0].layer, Layer::Builtin);
        const auto invalid = session.entries(std::nullopt);
        QCOMPARE(invalid.size(), std::size_t(1));
        QCOMPARE(invalid[0].key, std::string("torch__nn__Bad"));
        QVERIFY(!invalid[0].overridesBuiltin);
        QCOMPARE(session.entries().size(), std::size_t(5));
    }

    void moduleSpecsLeaveOutRejectedAndUnvalidated()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString userPath = dir.filePath(QStringLiteral("user.json"));
        Json modules = Json::object();
        modules["torch__nn__Linear"] = cleanEntry("torch__nn__Linear");
        modules["torch__nn__Linear"]["validation"]["status"] = "rejected";
        QVERIFY(writeInPlace(userPath, userFile(modules)));
        DatabaseSession session;
        QVERIFY(!session.open(fixture(QStringLiteral("clean.json")), userPath));

        using Excluded = std::vector<std::pair<std::string, std::string>>;
        auto keys = [](const SpecSelection& s) {
            std::vector<std::string> out;
            for (const auto& spec : s.specs)
                out.push_back(spec.key);
            return out;
        };
        const SpecSelection all = session.moduleSpecs(false);
        QCOMPARE(keys(all), (std::vector<std::string> { "torch__nn__SiLU", "lmp__tests__GatedMLP" }));
        QVERIFY(all.excluded == (Excluded { { "torch__nn__Linear", "rejected" } }));
        const SpecSelection validated = session.database().moduleSpecs(true);
        QCOMPARE(keys(validated), std::vector<std::string> { "torch__nn__SiLU" });
        QVERIFY(validated.excluded
            == (Excluded { { "torch__nn__Linear", "rejected" },
                { "lmp__tests__GatedMLP", "pending: excluded by --validated-only" } }));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reviews and edits, undo and redo

    void approveIsSavedWithARevision()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString userPath = dir.filePath(QStringLiteral("user.json"));
        QVERIFY(writeInPlace(userPath, userFile(Json { { "torch__nn__Linear", cleanEntry("torch__nn__Linear") } })));
        DatabaseSession session;
        QVERIFY(!session.open(fixture(QStringLiteral("clean.json")), userPath));
        QVERIFY(!session.dirty());

        const auto undo = session.approve(
            "lmp.tests.GatedMLP", QStringLiteral("Ada"), QStringLiteral("checked"), utc(2024, 9, 1, 10, 0));
        QVERIFY(std::holds_alternative<DatabaseSession::UndoState>(undo));
        QVERIFY(session.dirty());
        QCOMPARE(session.database().layerOf("lmp__tests__GatedMLP")->layer, Layer::User);
        QVERIFY(!session.save());
        QVERIFY(!session.dirty());

        // Read back with plain nlohmann::json.
        const auto doc = nlohmann::json::parse(readFile(userPath).toStdString());
        const auto& entry = doc.at("modules").at("lmp__tests__GatedMLP");
        QCOMPARE(entry.at("validation").at("status").get<std::string>(), std::string("validated"));
        QCOMPARE(entry.at("validation").at("validator").get<std::string>(), std::string("Ada"));
        QCOMPARE(entry.at("validation").at("date").get<std::string>(), std::string("2024-09-01"));
        QCOMPARE(entry.at("validation").at("notes").get<std::string>(), std::string("checked"));
        QCOMPARE(entry.at("history").size(), std::size_t(1));
        const auto& revision = entry.at("history")[0];
        QCOMPARE(revision.at("revision").get<int>(), 1);
        QCOMPARE(revision.at("date").get<std::string>(), std::string("2024-09-01T10:00:00Z"));
        QCOMPARE(revision.at("author").get<std::string>(), std::string("Ada"));
        QCOMPARE(revision.at("action").get<std::string>(), std::string("validate"));
        QCOMPARE(revision.at("notes").get<std::string>(), std::string("checked"));
        const nlohmann::json expectedChanges = nlohmann::json::parse(R"json({
            "/validation/status": {"old": "pending", "new": "validated"},
            "/validation/validator": {"old": "test", "new": "Ada"},
            "/validation/date": {"old": "2024-01-15", "new": "2024-09-01"},
            "/validation/notes": {"old": null, "new": "checked"}})json");
        QCOMPARE(QString::fromStdString(revision.at("changes").dump()), QString::fromStdString(expectedChanges.dump()));
        // The entry the user file already held is as it was.
        QVERIFY(
            doc.at("modules").at("torch__nn__Linear") == nlohmann::json::parse(cleanEntry("torch__nn__Linear").dump()));
    }

    void undoAndRedoRestoreExactly()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString userPath = dir.filePath(QStringLiteral("user.json"));
        QVERIFY(writeInPlace(userPath, userFile(Json { { "torch__nn__Linear", cleanEntry("torch__nn__Linear") } })));
        DatabaseSession session;
        QVERIFY(!session.open(fixture(QStringLiteral("clean.json")), userPath));
        QSignalSpy dirtySpy(&session, &DatabaseSession::dirtyChanged);
        QSignalSpy entriesSpy(&session, &DatabaseSession::entriesChanged);

        const std::string before = dumped(session.database().user()->entry("torch__nn__Linear"));
        const std::string documentBefore = session.database().user()->document().dump();
        const auto undo = valueOf(session.requestChanges(
            "torch__nn__Linear", QStringLiteral("Ada"), QStringLiteral("bias?"), utc(2024, 9, 2, 8, 0)));
        const std::string after = dumped(session.database().user()->entry("torch__nn__Linear"));
        QVERIFY(after != before);
        QCOMPARE(session.database().user()->status("torch__nn__Linear"), std::optional(Status::NeedsChanges));

        // Undo: the previous JSON exactly, and clean again (the text equals the file).
        const auto redo = valueOf(session.restore(undo));
        QCOMPARE(dumped(session.database().user()->entry("torch__nn__Linear")), before);
        QCOMPARE(session.database().user()->document().dump(), documentBefore);
        QVERIFY(!session.dirty());
        QCOMPARE(session.history("torch__nn__Linear").size(), std::size_t(0));

        // Redo: the change again, exactly.
        const auto undoAgain = valueOf(session.restore(redo));
        QCOMPARE(dumped(session.database().user()->entry("torch__nn__Linear")), after);
        QVERIFY(session.dirty());
        QCOMPARE(session.history("torch__nn__Linear").size(), std::size_t(1));
        QVERIFY(undoAgain.userEntry.has_value());
        QCOMPARE(undoAgain.userEntry->dump(), before);

        QCOMPARE(dirtySpy.count(), 3); // dirty, clean, dirty
        QCOMPARE(dirtySpy.at(0).at(0).toBool(), true);
        QCOMPARE(dirtySpy.at(1).at(0).toBool(), false);
        QCOMPARE(dirtySpy.at(2).at(0).toBool(), true);
        QCOMPARE(entriesSpy.count(), 3);
    }

    void editOfABuiltinEntryLandsInTheUserLayer()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString userPath = dir.filePath(QStringLiteral("data/lm-predictor/module_db.json"));
        DatabaseSession session;
        QVERIFY(!session.open(fixture(QStringLiteral("clean.json")), userPath)); // no user file yet: an empty layer
        QCOMPARE(session.userPath(), userPath);
        QVERIFY(!session.dirty());

        Json edited = cleanEntry("torch__nn__SiLU");
        edited["flop_analysis"]["formula_template"] = "5 * ${N} * ${features}";
        edited["flop_analysis"]["breakdown"]["sigmoid"] = "4 * ${N} * ${features}";
        const auto undo = valueOf(session.editEntry("torch.nn.SiLU", edited, QStringLiteral("agent"),
            QStringLiteral("sigmoid costs 4"), utc(2024, 9, 3, 9, 0)));
        QVERIFY(!undo.userEntry.has_value()); // the user layer held no SiLU
        QCOMPARE(session.database().layerOf("torch__nn__SiLU")->layer, Layer::User);
        const auto v = session.database().user()->validation("torch__nn__SiLU");
        QVERIFY(v.has_value());
        QCOMPARE(v->status, Status::Pending); // was validated: an edit needs a new review
        QCOMPARE(v->validator, std::nullopt);
        QCOMPARE(v->date, std::nullopt);
        QCOMPARE(session.database().builtin().status("torch__nn__SiLU"), std::optional(Status::Validated));
        const auto history = session.history("torch__nn__SiLU");
        QCOMPARE(history.size(), std::size_t(1));
        QCOMPARE(history[0].layer, Layer::User);
        QCOMPARE(history[0].revision.action, std::string("edit"));
        QCOMPARE(history[0].revision.author, std::string("agent"));
        QCOMPARE(history[0].revision.changes.size(), std::size_t(2)); // /flop_analysis and /validation
        QVERIFY(session.dirty());

        // Undo removes the copy: the built-in entry shows again, and nothing is left to save.
        const auto redo = valueOf(session.restore(undo));
        QVERIFY(!session.database().user()->contains("torch__nn__SiLU"));
        QCOMPARE(session.database().layerOf("torch__nn__SiLU")->layer, Layer::Builtin);
        QVERIFY(!session.dirty());
        QVERIFY(!QFileInfo::exists(userPath));

        // Redo, then the first save creates the file and its folders.
        valueOf(session.restore(redo));
        QCOMPARE(session.database().user()->status("torch__nn__SiLU"), std::optional(Status::Pending));
        QVERIFY(!session.save());
        const auto doc = nlohmann::json::parse(readFile(userPath).toStdString());
        QCOMPARE(doc.at("modules").at("torch__nn__SiLU").at("flop_analysis").at("formula_template").get<std::string>(),
            std::string("5 * ${N} * ${features}"));
        QCOMPARE(doc.at("modules").at("torch__nn__SiLU").at("validation").at("status").get<std::string>(),
            std::string("pending"));

        // An entry that is not an object is refused; text that is not JSON too, with its position.
        QVERIFY(std::holds_alternative<DbError>(session.editEntry(
            "torch__nn__SiLU", Json::array(), QStringLiteral("agent"), QString(), utc(2024, 9, 3, 9, 0))));
        const auto notJson = session.editEntryText(
            "torch__nn__SiLU", "{\n  \"module_path\": }", QStringLiteral("agent"), QString(), utc(2024, 9, 3, 9, 0));
        QVERIFY(std::holds_alternative<DbError>(notJson));
        QCOMPARE(std::get<DbError>(notJson).line, 2);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Another program and the user file

    void changedOnDiskIsDetectedAndReloaded()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString userPath = dir.filePath(QStringLiteral("user.json"));
        Json modules { { "torch__nn__Linear", cleanEntry("torch__nn__Linear") } };
        const QByteArray original = userFile(modules);
        QVERIFY(writeInPlace(userPath, original));
        DatabaseSession session;
        QVERIFY(!session.open(fixture(QStringLiteral("clean.json")), userPath));
        QSignalSpy spy(&session, &DatabaseSession::fileChangedOnDisk);
        QVERIFY(!session.changedOnDisk());

        // 1. In place, and of the same size: "notes": null becomes "notes": "xy" (4 characters each).
        modules["torch__nn__Linear"]["validation"]["notes"] = "xy";
        const QByteArray sameSize = userFile(modules);
        QCOMPARE(sameSize.size(), original.size());
        QVERIFY(writeInPlace(userPath, sameSize));
        QTRY_COMPARE(spy.count(), 1);
        QVERIFY(session.changedOnDisk());
        QVERIFY(!session.reload());
        QVERIFY(!session.changedOnDisk());
        QCOMPARE(session.database().user()->validation("torch__nn__Linear")->notes, std::optional<std::string>("xy"));

        // 2. Atomically (a rename over the watched file).
        modules["torch__nn__Linear"]["validation"]["status"] = "needs_changes";
        QVERIFY(writeAtomically(userPath, userFile(modules)));
        QTRY_COMPARE(spy.count(), 2);
        QVERIFY(session.changedOnDisk());
        QVERIFY(!session.reload());
        QCOMPARE(session.database().user()->status("torch__nn__Linear"), std::optional(Status::NeedsChanges));
        QVERIFY(!session.dirty());

        // 3. In place again: the watch was re-armed on the new file.
        modules["torch__nn__Linear"]["validation"]["status"] = "rejected";
        QVERIFY(writeInPlace(userPath, userFile(modules)));
        QTRY_COMPARE(spy.count(), 3);
        QVERIFY(!session.reload());
        QCOMPARE(session.database().user()->status("torch__nn__Linear"), std::optional(Status::Rejected));

        // The session's own saves are no change by another program.
        valueOf(session.approve("torch__nn__Linear", QStringLiteral("Ada"), QString(), utc(2024, 9, 4, 9, 0)));
        QVERIFY(!session.save());
        QTest::qWait(200);
        QCOMPARE(spy.count(), 3);
        QVERIFY(!session.changedOnDisk());
    }

    // The window takes over the database its library was built from: the same entries, and the user file watched
    // as after opening it.
    void takesOverAnOpenedDatabase()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString userPath = dir.filePath(QStringLiteral("user.json"));
        Json modules { { "torch__nn__Linear", cleanEntry("torch__nn__Linear") } };
        QVERIFY(writeInPlace(userPath, userFile(modules)));
        auto opened = LayeredDatabase::open(fixture(QStringLiteral("clean.json")), userPath);
        QVERIFY(std::holds_alternative<LayeredDatabase>(opened));
        DatabaseSession session;
        QSignalSpy entriesSpy(&session, &DatabaseSession::entriesChanged);
        session.open(std::get<LayeredDatabase>(std::move(opened)));
        QVERIFY(entriesSpy.count() >= 1);
        QCOMPARE(session.userPath(), userPath);
        QVERIFY(session.database().user()->contains("torch__nn__Linear"));

        QSignalSpy spy(&session, &DatabaseSession::fileChangedOnDisk);
        modules["torch__nn__Linear"]["validation"]["status"] = "needs_changes";
        QVERIFY(writeAtomically(userPath, userFile(modules)));
        QTRY_COMPARE(spy.count(), 1);
        QVERIFY(!session.reload());
        QCOMPARE(session.database().user()->status("torch__nn__Linear"), std::optional(Status::NeedsChanges));
    }

    void saveRefusesToClobberAChangedFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString userPath = dir.filePath(QStringLiteral("user.json"));
        Json modules { { "torch__nn__Linear", cleanEntry("torch__nn__Linear") } };
        QVERIFY(writeInPlace(userPath, userFile(modules)));
        DatabaseSession session;
        QVERIFY(!session.open(fixture(QStringLiteral("clean.json")), userPath));
        valueOf(session.reject("torch__nn__SiLU", QStringLiteral("Ada"), QString(), utc(2024, 9, 5, 9, 0)));

        modules["torch__nn__Linear"]["x_other_program"] = true;
        const QByteArray theirs = userFile(modules);
        QVERIFY(writeAtomically(userPath, theirs));
        const auto error = session.save();
        QVERIFY(error.has_value());
        QVERIFY2(error->message.find("changed on disk") != std::string::npos, error->message.c_str());
        QCOMPARE(error->file, userPath);
        QCOMPARE(readFile(userPath), theirs);
        QCOMPARE(filesIn(dir.path()), QStringList { QStringLiteral("user.json") });
        QVERIFY(session.dirty());

        // The user chose to overwrite.
        QVERIFY(!session.save(true));
        const auto doc = nlohmann::json::parse(readFile(userPath).toStdString());
        QCOMPARE(doc.at("modules").at("torch__nn__SiLU").at("validation").at("status").get<std::string>(),
            std::string("rejected"));
        QVERIFY(!doc.at("modules").at("torch__nn__Linear").contains("x_other_program"));
        QVERIFY(!session.changedOnDisk());
    }

    void corruptFileIsRefusedAndLeftAsItIs()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString userPath = dir.filePath(QStringLiteral("user.json"));
        // Cut after line 4 ("    \"torch__nn__Linear\": {", 26 characters): the input ends at 4:27.
        const QByteArray corrupt = "{\n  \"schema_version\": 2,\n  \"modules\": {\n    \"torch__nn__Linear\": {";
        QVERIFY(writeInPlace(userPath, corrupt));

        DatabaseSession fresh;
        const auto refused = fresh.open(fixture(QStringLiteral("clean.json")), userPath);
        QVERIFY(refused.has_value());
        QCOMPARE(refused->file, userPath);
        QCOMPARE(refused->line, 4);
        QCOMPARE(refused->column, 27);
        QVERIFY2(QString::fromStdString(refused->describe()).startsWith(userPath + QStringLiteral(":4:27: ")),
            refused->describe().c_str());
        QVERIFY(fresh.userPath().isEmpty()); // the session is as it was: nothing open
        QVERIFY(fresh.entries().empty());
        QCOMPARE(readFile(userPath), corrupt);
        QCOMPARE(filesIn(dir.path()), QStringList { QStringLiteral("user.json") });

        // A session with a good file, when another program corrupts it: reload is refused, the session keeps its
        // entries and its unsaved review, and the file keeps its bytes.
        QVERIFY(writeInPlace(userPath, userFile(Json { { "torch__nn__Linear", cleanEntry("torch__nn__Linear") } })));
        DatabaseSession session;
        QVERIFY(!session.open(fixture(QStringLiteral("clean.json")), userPath));
        valueOf(session.reject("torch__nn__Linear", QStringLiteral("Ada"), QString(), utc(2024, 9, 6, 9, 0)));
        const std::string documentBefore = session.database().user()->document().dump();
        QVERIFY(writeInPlace(userPath, corrupt));
        const auto reloadError = session.reload();
        QVERIFY(reloadError.has_value());
        QCOMPARE(reloadError->line, 4);
        QCOMPARE(session.database().user()->document().dump(), documentBefore);
        QCOMPARE(session.database().user()->status("torch__nn__Linear"), std::optional(Status::Rejected));
        QVERIFY(session.dirty());
        QVERIFY(session.save().has_value()); // nor does a plain save write over it
        QCOMPARE(readFile(userPath), corrupt);
        QCOMPARE(filesIn(dir.path()), QStringList { QStringLiteral("user.json") });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // History on both layers

    void historyAcrossLayers()
    {
        // basic.json's Linear has one built-in revision (1: Ada validated it, pending -> validated).
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        DatabaseSession session;
        QVERIFY(!session.open(fixture(QStringLiteral("basic.json")), dir.filePath(QStringLiteral("user.json"))));
        valueOf(session.requestChanges(
            "torch__nn__Linear", QStringLiteral("Grace"), QStringLiteral("bias"), utc(2024, 6, 2, 8, 0)));
        valueOf(session.approve("torch__nn__Linear", QStringLiteral("Grace"), QString(), utc(2024, 6, 3, 8, 0)));

        const auto history = session.history("torch.nn.Linear");
        QCOMPARE(history.size(), std::size_t(3)); // the copied built-in revision once
        QCOMPARE(history[0].layer, Layer::Builtin);
        QCOMPARE(history[0].revision.revision, 1);
        QCOMPARE(history[0].revision.author, std::string("Ada"));
        QCOMPARE(history[1].layer, Layer::User);
        QCOMPARE(history[1].revision.revision, 2);
        QCOMPARE(history[1].revision.action, std::string("request_changes"));
        QCOMPARE(history[2].layer, Layer::User);
        QCOMPARE(history[2].revision.revision, 3);
        QCOMPARE(history[2].revision.action, std::string("validate"));
        QVERIFY(session.history("torch__nn__Conv2d").empty());
    }

    void entryAtRevision()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        DatabaseSession session;
        QVERIFY(!session.open(fixture(QStringLiteral("basic.json")), dir.filePath(QStringLiteral("user.json"))));
        valueOf(session.requestChanges(
            "torch__nn__Linear", QStringLiteral("Grace"), QStringLiteral("bias"), utc(2024, 6, 2, 8, 0)));
        valueOf(session.approve("torch__nn__Linear", QStringLiteral("Grace"), QString(), utc(2024, 6, 3, 8, 0)));
        const Json builtin = *session.database().builtin().entry("torch__nn__Linear");
        auto at = [&](Layer layer, int revision) {
            return valueOf(session.entryAt("torch__nn__Linear", RevisionRef { layer, revision }));
        };

        // Built-in revision 1 is the built-in entry; before it, the status was pending and there was no history.
        QCOMPARE(at(Layer::Builtin, 1)->dump(), builtin.dump());
        Json before = builtin;
        before["validation"]["status"] = "pending";
        before.erase("history");
        QCOMPARE(at(Layer::Builtin, 0)->dump(), before.dump());

        // The user copy at revision 1, undoing revisions 3 and 2 (validator, date and notes back, notes to null):
        // the built-in entry exactly, its key order and unknown fields included.
        QCOMPARE(at(Layer::User, 1)->dump(), builtin.dump());
        // At revision 2: Grace's request for changes.
        const Json second = *at(Layer::User, 2);
        QCOMPARE(second.at("validation").dump(),
            Json::parse(R"json({"status": "needs_changes", "validator": "Grace", "date": "2024-06-02",
                                "notes": "bias", "x_ticket": 1234})json")
                .dump());
        QCOMPARE(second.at("history").size(), std::size_t(2));
        QCOMPARE(
            at(Layer::User, kCurrentRevision)->dump(), session.database().user()->entry("torch__nn__Linear")->dump());

        const auto missing = session.entryAt("torch__nn__Linear", RevisionRef { Layer::User, 9 });
        QVERIFY(std::holds_alternative<DbError>(missing));
        QVERIFY2(
            std::get<DbError>(missing).message.find("no revision 9 (the revisions are 1, 2, 3)") != std::string::npos,
            std::get<DbError>(missing).message.c_str());

        // Before a "create" revision the entry did not exist.
        Json gelu = *session.database().builtin().entry("torch__nn__SiLU");
        gelu["module_path"] = "torch.nn.GELU";
        valueOf(session.editEntry("torch__nn__GELU", gelu, QStringLiteral("agent"), QString(), utc(2024, 6, 4, 8, 0)));
        QCOMPARE(session.history("torch__nn__GELU").at(0).revision.action, std::string("create"));
        QVERIFY(!valueOf(session.entryAt("torch__nn__GELU", RevisionRef { Layer::User, 0 })).has_value());
        QVERIFY(valueOf(session.entryAt("torch__nn__GELU", RevisionRef { Layer::User, 1 })).has_value());
    }

    void diffBetweenRevisions()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        DatabaseSession session;
        QVERIFY(!session.open(fixture(QStringLiteral("basic.json")), dir.filePath(QStringLiteral("user.json"))));
        valueOf(session.requestChanges(
            "torch__nn__Linear", QStringLiteral("Grace"), QStringLiteral("bias"), utc(2024, 6, 2, 8, 0)));

        // Revision 1 -> 2: status validated -> needs_changes, validator test -> Grace, date 2024-01-15 ->
        // 2024-06-02 (words 01 and 15 change), notes null -> "bias".
        const auto hunks = valueOf(session.diff(
            "torch__nn__Linear", RevisionRef { Layer::User, 1 }, RevisionRef { Layer::User, kCurrentRevision }));
        QStringList changed;
        std::string before;
        std::string after;
        for (const DiffHunk& h : hunks) {
            if (h.op != DiffOp::Equal)
                changed << printed({ h });
            if (h.op != DiffOp::Added)
                before += h.text;
            if (h.op != DiffOp::Removed)
                after += h.text;
        }
        QCOMPARE(changed,
            QStringList({ "-validated", "+needs_changes", "-test", "+Grace", "-01", "+06", "-15", "+02", "-null",
                "+\"bias\"" }));
        // The compared texts are the entries without their history.
        QCOMPARE(before, revisionText(*session.database().builtin().entry("torch__nn__Linear")));
        QVERIFY(before.find("\"history\"") == std::string::npos);
        QCOMPARE(after, revisionText(*session.database().user()->entry("torch__nn__Linear")));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Word diff

    void wordDiff_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::addColumn<QStringList>("hunks");

        QTest::addRow("identical") << "a b"
                                   << "a b" << QStringList { "=a b" };
        QTest::addRow("word replaced") << "x = 2 * N"
                                       << "x = 4 * N" << QStringList { "=x = ", "-2", "+4", "= * N" };
        QTest::addRow("word inserted") << "a c"
                                       << "a b c" << QStringList { "=a ", "+b ", "=c" };
        QTest::addRow("removed at the end") << "a b"
                                            << "a" << QStringList { "=a", "- b" };
        QTest::addRow("from nothing") << ""
                                      << "x y" << QStringList { "+x y" };
        QTest::addRow("to nothing") << "x y"
                                    << "" << QStringList { "-x y" };
        QTest::addRow("a UTF-8 word stays whole")
            << QStringLiteral("café au lait") << QStringLiteral("cafés au lait")
            << QStringList { QStringLiteral("-café"), QStringLiteral("+cafés"), "= au lait" };
        QTest::addRow("punctuation alone") << "f(a,b)"
                                           << "f(a, b)" << QStringList { "=f(a,", "+ ", "=b)" };
        QTest::addRow("a JSON value") << "{\n  \"status\": \"pending\"\n}"
                                      << "{\n  \"status\": \"validated\"\n}"
                                      << QStringList { "={\n  \"status\": \"", "-pending", "+validated", "=\"\n}" };
        // Tokens a␣b␣c␣d and a␣c␣d␣e: the only longest common part is c␣d.
        QTest::addRow("two changes") << "a b c d"
                                     << "a c d e" << QStringList { "=a ", "-b ", "=c d", "+ e" };
        QTest::addRow("underscore joins words")
            << "needs_changes"
            << "needs changes" << QStringList { "-needs_changes", "+needs changes" };
        QTest::addRow("whitespace runs") << "a  b"
                                         << "a b" << QStringList { "=a", "-  ", "+ ", "=b" };
        QTest::addRow("removed before added") << "1 2 3"
                                              << "1 x y 3" << QStringList { "=1 ", "-2", "+x y", "= 3" };
    }

    void wordDiff()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QFETCH(QStringList, hunks);
        const auto result = lmp::db::wordDiff(before.toStdString(), after.toStdString());
        QCOMPARE(printed(result), hunks);
        QCOMPARE(hasChanges(result), before != after);
    }

    void wordDiffFormat()
    {
        QCOMPARE(QString::fromStdString(formatWordDiff(lmp::db::wordDiff("x = 2 * N", "x = 4 * N"))),
            QStringLiteral("x = [-2-]{+4+} * N"));
        QCOMPARE(QString::fromStdString(formatWordDiff(lmp::db::wordDiff("a b", "a"))), QStringLiteral("a[- b-]"));
        // Past maxEdit tokens of edit: one removed and one added hunk between the common prefix and suffix.
        QCOMPARE(
            printed(lmp::db::wordDiff("x 1 2 3 y", "x 4 5 6 y", 2)), QStringList({ "=x ", "-1 2 3", "+4 5 6", "= y" }));
        QCOMPARE(tokenizeWords("f(${N}, 2)  x_1"),
            (std::vector<std::string_view> { "f", "(", "$", "{", "N", "}", ",", " ", "2", ")", "  ", "x_1" }));
    }

    void wordDiffIsShortest()
    {
        // Random texts over a small alphabet: the hunks rebuild both texts, and the edit is as short as the longest
        // common token subsequence (computed here by dynamic programming) allows.
        QRandomGenerator random(20240907);
        const char alphabet[] = { 'a', 'b', ' ', ',', '\n', 'c' };
        auto text = [&] {
            std::string s;
            const int n = random.bounded(40);
            for (int i = 0; i < n; ++i)
                s += alphabet[random.bounded(int(sizeof alphabet))];
            return s;
        };
        for (int round = 0; round < 400; ++round) {
            const std::string a = text();
            const std::string b = text();
            const auto hunks = lmp::db::wordDiff(a, b);
            std::string before;
            std::string after;
            std::size_t removed = 0;
            std::size_t added = 0;
            for (const DiffHunk& h : hunks) {
                if (h.op != DiffOp::Added)
                    before += h.text;
                if (h.op != DiffOp::Removed)
                    after += h.text;
                if (h.op == DiffOp::Removed)
                    removed += tokenizeWords(h.text).size();
                if (h.op == DiffOp::Added)
                    added += tokenizeWords(h.text).size();
            }
            QCOMPARE(before, a);
            QCOMPARE(after, b);
            const auto ta = tokenizeWords(a);
            const auto tb = tokenizeWords(b);
            std::vector<std::vector<std::size_t>> lcs(ta.size() + 1, std::vector<std::size_t>(tb.size() + 1, 0));
            for (std::size_t i = 1; i <= ta.size(); ++i) {
                for (std::size_t j = 1; j <= tb.size(); ++j)
                    lcs[i][j] = ta[i - 1] == tb[j - 1] ? lcs[i - 1][j - 1] + 1 : std::max(lcs[i - 1][j], lcs[i][j - 1]);
            }
            const std::size_t common = lcs[ta.size()][tb.size()];
            QCOMPARE(removed, ta.size() - common);
            QCOMPARE(added, tb.size() - common);
        }
    }
};

QTEST_GUILESS_MAIN(TestDatabaseSession)
#include "tst_databasesession.moc"
