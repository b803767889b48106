// SPDX-License-Identifier: GPL-3.0-or-later
// The review pane: entries by status over the built-in database and a user file, reviews that undo and redo exactly
// and reach the file when saved, the reviewer's name, walking the pending entries, the breakdown and the checks on
// Llama-2-7B, the history and its word diff, untrusted thinking text, a file another program changes, and the source.
#include "analysissnapshot.h"
#include "db/databasesession.h"
#include "format.h"
#include "historyview.h"
#include "markdownview.h"
#include "reviewmodel.h"
#include "reviewpane.h"
#include "sourceview.h"
#include "testworkspace.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextEdit>
#include <QTreeView>
#include <QTreeWidget>
#include <QUndoStack>

// QScintilla's headers use the words `signals` and `slots`, which QT_NO_KEYWORDS turns off for this project.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#include <Qsci/qsciscintilla.h>
#undef slots
#undef signals

#include <nlohmann/json.hpp>

#include <memory>

using namespace lmp;
using db::DatabaseSession;
using widgets::ReviewModel;
using widgets::ReviewPane;
using Json = nlohmann::ordered_json;

namespace {

const QString kData = QStringLiteral(LMP_TEST_DATA_DIR);
const QString kBuiltinFile = kData + QStringLiteral("/../../resources/module_db.json");
const QString kLlamaMlp = QStringLiteral("transformers__models__llama__modeling_llama__LlamaMLP");
const QString kSilu = QStringLiteral("torch__nn__SiLU");
const QString kDrafted = QStringLiteral("lmp__review__Drafted");
const QDateTime kNow(QDate(2027, 1, 2), QTime(3, 4, 5), Qt::UTC);

Json readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return Json::parse(f.readAll().toStdString());
}

// A JSON string as text; any other value as its JSON.
QString text(const Json& value)
{
    return QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump());
}

QByteArray readBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(bytes) == bytes.size();
}

// A fixture from tests/data/review copied into dir as the user's database file.
QString userFile(const QTemporaryDir& dir, const char* fixture)
{
    const QString path = dir.filePath(QStringLiteral("module_db.json"));
    if (!writeBytes(path, readBytes(kData + QStringLiteral("/review/") + QString::fromLatin1(fixture))))
        qFatal("cannot copy %s", fixture);
    return path;
}

std::unique_ptr<DatabaseSession> openSession(const QString& userPath)
{
    auto session = std::make_unique<DatabaseSession>();
    if (auto error = session->open(userPath))
        qFatal("session: %s", error->describe().c_str());
    return session;
}

Json entryOf(const DatabaseSession& session, const QString& key)
{
    const db::Json* e = session.database().entry(key.toStdString());
    return e ? Json::parse(e->dump()) : Json();
}

QStringList childKeys(const QAbstractItemModel& model, const QModelIndex& group)
{
    QStringList keys;
    for (int r = 0; r < model.rowCount(group); ++r)
        keys << model.index(r, 0, group).data(ReviewModel::KeyRole).toString();
    return keys;
}

QStringList topTitles(const QAbstractItemModel& model)
{
    QStringList titles;
    for (int r = 0; r < model.rowCount(); ++r)
        titles << model.index(r, 0).data().toString();
    return titles;
}

widgets::SnapshotPtr llamaPrefill(formula::Int tokens)
{
    static const auto llama = test::loadModel(QStringLiteral("meta-llama/Llama-2-7b-hf"));
    analysis::Settings s;
    s.phase = analysis::Phase::Prefill;
    s.batch = 1;
    s.seq = tokens;
    return widgets::makeSnapshot(llama, test::workspace().library, s, std::nullopt);
}

const analysis::EntryCheck* findCheck(const ReviewPane& pane, const QString& id, analysis::EntryCheck::Scope scope)
{
    for (const auto& c : pane.checks()) {
        if (c.id == id && c.scope == scope)
            return &c;
    }
    return nullptr;
}

QString describeChecks(const ReviewPane& pane)
{
    QStringList lines;
    for (const auto& c : pane.checks())
        lines << QStringLiteral("%1 %2 [%3] %4: %5").arg(c.passed ? u'+' : u'-').arg(c.id, c.where, c.title, c.reason);
    return lines.join(u'\n');
}

// The breakdown table's cell under a header, as exact digits.
QString cell(const QTableWidget& table, int row, const QString& header)
{
    for (int c = 0; c < table.columnCount(); ++c) {
        if (table.horizontalHeaderItem(c)->text() == header)
            return table.item(row, c)->data(ReviewPane::ExactValueRole).toString();
    }
    return QStringLiteral("(no column %1)").arg(header);
}

} // namespace

class TestReviewPane : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LM-Predictor-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_reviewpane"));
        QSettings().clear();
    }

    // Groups and counts over the built-in database and a user file: counted here from both files.
    void modelGroups()
    {
        const Json builtin = readJson(kBuiltinFile).at("modules");
        const Json user = readJson(kData + QStringLiteral("/review/user_db.json")).at("modules");
        // The winning entry of every key: the user's where it has one.
        std::map<std::string, int> counts;
        std::map<std::string, QStringList> keysByStatus;
        std::vector<std::string> order;
        for (const auto& [key, entry] : builtin.items())
            order.push_back(key);
        for (const auto& [key, entry] : user.items()) {
            if (!builtin.contains(key))
                order.push_back(key);
        }
        for (const std::string& key : order) {
            const Json& winner = user.contains(key) ? user.at(key) : builtin.at(key);
            const std::string status = winner.at("validation").at("status").get<std::string>();
            ++counts[status];
            keysByStatus[status] << QString::fromStdString(key);
        }
        // Every built-in entry is validated; four of them are overridden with other statuses.
        QVERIFY(builtin.size() >= 148);
        QCOMPARE(counts["validated"], static_cast<int>(builtin.size()) - 4);
        QCOMPARE(counts["pending"], 3);

        QTemporaryDir dir;
        const QString path = userFile(dir, "user_db.json");
        DatabaseSession session; // not open yet: no data before the testers
        ReviewModel model(&session);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        widgets::ReviewProxy proxy;
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        QCOMPARE(topTitles(model),
            QStringList({ "Pending (0)", "Needs changes (0)", "Validated (0)", "Rejected (0)", "Invalid (0)" }));

        QVERIFY(!session.open(path));
        QCOMPARE(topTitles(model),
            QStringList({ QStringLiteral("Pending (%1)").arg(counts["pending"]),
                QStringLiteral("Needs changes (%1)").arg(counts["needs_changes"]),
                QStringLiteral("Validated (%1)").arg(counts["validated"]),
                QStringLiteral("Rejected (%1)").arg(counts["rejected"]), QStringLiteral("Invalid (0)") }));
        QCOMPARE(counts["needs_changes"], 1);
        QCOMPARE(counts["rejected"], 1);
        QCOMPARE(childKeys(model, model.groupIndex(ReviewModel::PendingGroup)), keysByStatus["pending"]);
        QCOMPARE(childKeys(model, model.groupIndex(ReviewModel::ValidatedGroup)), keysByStatus["validated"]);
        QCOMPARE(model.keys(ReviewModel::RejectedGroup), QStringList({ "torch__nn__Dropout" }));

        // Columns: module path, layer, validator, date.
        const QModelIndex norm =
            model.indexForKey(QStringLiteral("transformers.models.llama.modeling_llama.LlamaRMSNorm"));
        QVERIFY(norm.isValid());
        QCOMPARE(norm.parent().row(), int(ReviewModel::NeedsChangesGroup));
        QCOMPARE(norm.data().toString(), QStringLiteral("transformers.models.llama.modeling_llama.LlamaRMSNorm"));
        QCOMPARE(norm.siblingAtColumn(ReviewModel::LayerColumn).data().toString(), QStringLiteral("user"));
        QCOMPARE(norm.siblingAtColumn(ReviewModel::ValidatorColumn).data().toString(), QStringLiteral("bob"));
        QCOMPARE(norm.siblingAtColumn(ReviewModel::DateColumn).data().toString(), QStringLiteral("2026-12-01"));
        const QModelIndex linear = model.indexForKey(QStringLiteral("torch__nn__Linear"));
        QCOMPARE(linear.siblingAtColumn(ReviewModel::LayerColumn).data().toString(), QStringLiteral("built-in"));

        // Filters: text in the module path, and one status.
        proxy.setFilterText(QStringLiteral("LLAMA"));
        const QModelIndex pending = proxy.mapFromSource(model.groupIndex(ReviewModel::PendingGroup));
        QCOMPARE(childKeys(proxy, pending), QStringList({ kLlamaMlp }));
        QCOMPARE(proxy.rowCount(), int(ReviewModel::GroupCount)); // groups stay
        proxy.setFilterText({});
        proxy.setGroupFilter(ReviewModel::RejectedGroup);
        QCOMPARE(topTitles(proxy), QStringList({ "Rejected (1)" }));
        QCOMPARE(childKeys(proxy, proxy.index(0, 0)), QStringList({ "torch__nn__Dropout" }));
        proxy.setGroupFilter(std::nullopt);

        // A review moves one entry; a view keeps its selection on another.
        QTreeView view;
        view.setModel(&proxy);
        view.setCurrentIndex(proxy.mapFromSource(norm));
        QVERIFY(std::holds_alternative<DatabaseSession::UndoState>(
            session.approve(kDrafted.toStdString(), QStringLiteral("alice"), {}, kNow)));
        QCOMPARE(topTitles(model),
            QStringList({ QStringLiteral("Pending (2)"), QStringLiteral("Needs changes (1)"),
                QStringLiteral("Validated (%1)").arg(counts["validated"] + 1), QStringLiteral("Rejected (1)"),
                QStringLiteral("Invalid (0)") }));
        QCOMPARE(model.keys(ReviewModel::ValidatedGroup).last(), kDrafted);
        QCOMPARE(view.currentIndex().data(ReviewModel::KeyRole).toString(),
            QStringLiteral("transformers__models__llama__modeling_llama__LlamaRMSNorm"));
        const QModelIndex drafted = model.indexForKey(kDrafted);
        QCOMPARE(drafted.siblingAtColumn(ReviewModel::ValidatorColumn).data().toString(), QStringLiteral("alice"));
        QCOMPARE(drafted.siblingAtColumn(ReviewModel::DateColumn).data().toString(), QStringLiteral("2027-01-02"));

        // A reload that drops the user's entries (the file is gone) resets to the built-in counts.
        QVERIFY(QFile::remove(path));
        QVERIFY(!session.reload());
        QCOMPARE(topTitles(model),
            QStringList({ QStringLiteral("Pending (0)"), QStringLiteral("Needs changes (0)"),
                QStringLiteral("Validated (%1)").arg(builtin.size()), QStringLiteral("Rejected (0)"),
                QStringLiteral("Invalid (0)") }));
    }

    // Approve, undo, redo: the entry comes back exactly; saved, the review is in the file.
    void approveUndoRedo()
    {
        QTemporaryDir dir;
        const QString path = userFile(dir, "user_db.json");
        auto session = openSession(path);
        QUndoStack stack;
        ReviewPane pane(session.get(), &stack);
        pane.setClock([] { return kNow; });
        pane.selectEntry(QStringLiteral("lmp.review.Drafted")); // the dotted form finds the key
        QCOMPARE(pane.currentKey(), kDrafted);
        QCOMPARE(pane.entryView()->currentIndex().data(ReviewModel::KeyRole).toString(), kDrafted);

        const Json before = entryOf(*session, kDrafted);
        QCOMPARE(text(before.at("validation").at("status")), QStringLiteral("pending"));
        pane.reviewerEdit()->setText(QStringLiteral("alice"));
        pane.notesEdit()->setPlainText(QStringLiteral("Matches the source."));
        QSignalSpy changed(&pane, &ReviewPane::reviewChanged);
        QVERIFY2(pane.approve(), qPrintable(pane.messageText()));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.last().at(0).toString(), kDrafted);
        QVERIFY(pane.notesEdit()->toPlainText().isEmpty());

        const Json after = entryOf(*session, kDrafted);
        const Json& v = after.at("validation");
        QCOMPARE(text(v.at("status")), QStringLiteral("validated"));
        QCOMPARE(text(v.at("validator")), QStringLiteral("alice"));
        QCOMPARE(text(v.at("date")), QStringLiteral("2027-01-02"));
        QCOMPARE(text(v.at("notes")), QStringLiteral("Matches the source."));
        QCOMPARE(after.at("history").size(), before.at("history").size() + 1);
        QCOMPARE(pane.model()->indexForKey(kDrafted).parent().row(), int(ReviewModel::ValidatedGroup));
        QCOMPARE(pane.currentKey(), kDrafted); // the pane follows the entry to its new group
        QCOMPARE(pane.entryView()->currentIndex().data(ReviewModel::KeyRole).toString(), kDrafted);
        QVERIFY(pane.entryTitle()->text().contains(QStringLiteral("Validated")));

        QCOMPARE(stack.count(), 1);
        QCOMPARE(stack.undoText(), QStringLiteral("Approve Drafted"));
        stack.undo();
        QVERIFY2(entryOf(*session, kDrafted) == before, entryOf(*session, kDrafted).dump().c_str());
        QCOMPARE(changed.count(), 2);
        QCOMPARE(pane.model()->indexForKey(kDrafted).parent().row(), int(ReviewModel::PendingGroup));
        QVERIFY(pane.entryTitle()->text().contains(QStringLiteral("Pending")));
        stack.redo();
        QVERIFY2(entryOf(*session, kDrafted) == after, entryOf(*session, kDrafted).dump().c_str());
        QCOMPARE(changed.count(), 3);
        QCOMPARE(changed.last().at(0).toString(), kDrafted);

        // Undoing a review of a built-in entry removes the user's copy again.
        pane.selectEntry(QStringLiteral("torch.nn.Linear"));
        QVERIFY(pane.requestChanges());
        QVERIFY(session->database().user()->contains("torch__nn__Linear"));
        stack.undo();
        QVERIFY(!session->database().user()->contains("torch__nn__Linear"));
        QVERIFY(session->database().layerOf("torch__nn__Linear")->layer == db::Layer::Builtin);

        // Saved: status, reviewer, date, notes and the revision are in the file.
        QVERIFY(!session->save());
        const Json saved = readJson(path).at("modules").at(kDrafted.toStdString());
        QCOMPARE(text(saved.at("validation").at("status")), QStringLiteral("validated"));
        QCOMPARE(text(saved.at("validation").at("validator")), QStringLiteral("alice"));
        QCOMPARE(text(saved.at("validation").at("date")), QStringLiteral("2027-01-02"));
        QCOMPARE(text(saved.at("validation").at("notes")), QStringLiteral("Matches the source."));
        const Json& revision = saved.at("history").back();
        QCOMPARE(text(revision.at("author")), QStringLiteral("alice"));
        QCOMPARE(text(revision.at("action")), QStringLiteral("validate"));
        QCOMPARE(text(revision.at("notes")), QStringLiteral("Matches the source."));
        QCOMPARE(text(revision.at("date")), QStringLiteral("2027-01-02T03:04:05Z"));
        QCOMPARE(text(revision.at("changes").at("/validation/status").at("old")), QStringLiteral("pending"));
        QCOMPARE(text(revision.at("changes").at("/validation/status").at("new")), QStringLiteral("validated"));
        QVERIFY(!readJson(path).at("modules").contains("torch__nn__Linear"));

        pane.sessionSaved();
        QCOMPARE(stack.count(), 0);
    }

    // The reviewer's name is kept between panes; without one, nothing is reviewed.
    void reviewerName()
    {
        QTemporaryDir dir;
        auto session = openSession(userFile(dir, "user_db.json"));
        QUndoStack stack;
        QSettings().remove(QString::fromLatin1(ReviewPane::kReviewerSetting));
        {
            ReviewPane pane(session.get(), &stack);
            QVERIFY(pane.reviewerEdit()->text().isEmpty());
            pane.selectEntry(kDrafted);
            const Json before = entryOf(*session, kDrafted);
            QVERIFY(!pane.approve());
            QVERIFY2(pane.messageText().contains(QStringLiteral("reviewer")), qPrintable(pane.messageText()));
            pane.reviewerEdit()->setText(QStringLiteral("   "));
            QVERIFY(!pane.reject());
            QVERIFY2(entryOf(*session, kDrafted) == before, entryOf(*session, kDrafted).dump().c_str());
            QCOMPARE(stack.count(), 0);
            pane.reviewerEdit()->setText(QStringLiteral("carol"));
        }
        ReviewPane again(session.get(), &stack);
        QCOMPARE(again.reviewerEdit()->text(), QStringLiteral("carol"));
        QCOMPARE(QSettings().value(QStringLiteral("review/reviewer")).toString(), QStringLiteral("carol"));
    }

    // J / K (and the actions) walk the pending entries in the database's order.
    void pendingWalk()
    {
        QTemporaryDir dir;
        auto session = openSession(userFile(dir, "user_db.json"));
        QUndoStack stack;
        ReviewPane pane(session.get(), &stack);
        // Built-in keys in file order (the overridden SiLU and LlamaMLP), then the user's own.
        const Json builtin = readJson(kBuiltinFile).at("modules");
        QStringList expected;
        for (const auto& [key, entry] : builtin.items()) {
            if (key == kSilu.toStdString() || key == kLlamaMlp.toStdString())
                expected << QString::fromStdString(key);
        }
        expected << kDrafted;
        QCOMPARE(pane.model()->keys(ReviewModel::PendingGroup), expected);

        QSignalSpy selected(&pane, &ReviewPane::entrySelected);
        QVERIFY(pane.nextPending());
        QCOMPARE(pane.currentKey(), expected[0]);
        QVERIFY(pane.nextPending());
        QCOMPARE(pane.currentKey(), expected[1]);
        pane.nextPendingAction()->trigger();
        QCOMPARE(pane.currentKey(), expected[2]);
        QVERIFY(!pane.nextPending());
        QCOMPARE(pane.currentKey(), expected[2]);
        QVERIFY(pane.previousPending());
        QCOMPARE(pane.currentKey(), expected[1]);
        QCOMPARE(selected.count(), 4);
        QCOMPARE(selected.last().at(0).toString(), expected[1]);

        // The plain keys in the list.
        QTest::keyClick(pane.entryView(), Qt::Key_K);
        QCOMPARE(pane.currentKey(), expected[0]);
        QVERIFY(!pane.previousPending());
        QTest::keyClick(pane.entryView(), Qt::Key_J);
        QCOMPARE(pane.currentKey(), expected[1]);

        // From a validated entry, the next pending one after it in the database's order.
        pane.selectEntry(QStringLiteral("torch__nn__Linear"));
        QVERIFY(pane.nextPending());
        const QStringList keys = [&] {
            QStringList all;
            for (const auto& e : session->entries())
                all << QString::fromStdString(e.key);
            return all;
        }();
        const qsizetype linearAt = keys.indexOf(QStringLiteral("torch__nn__Linear"));
        for (const QString& k : expected) {
            if (keys.indexOf(k) > linearAt) {
                QCOMPARE(pane.currentKey(), k);
                break;
            }
        }

        // A approves from the list, once a reviewer is named; the walk goes on from there.
        pane.reviewerEdit()->setText(QStringLiteral("dave"));
        pane.selectEntry(expected[0]);
        QTest::keyClick(pane.entryView(), Qt::Key_A);
        QCOMPARE(text(entryOf(*session, expected[0]).at("validation").at("status")), QStringLiteral("validated"));
        QCOMPARE(pane.model()->keys(ReviewModel::PendingGroup), expected.mid(1));
        QTest::keyClick(pane.entryView(), Qt::Key_J);
        QCOMPARE(pane.currentKey(), expected[1]);
        // N goes to the notes, Escape back to the list.
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        pane.entryView()->setFocus();
        QTest::keyClick(pane.entryView(), Qt::Key_N);
        QVERIFY(pane.notesEdit()->hasFocus());
        QTest::keyClick(pane.notesEdit(), Qt::Key_Escape);
        QVERIFY(pane.entryView()->hasFocus());
        // The actions' shortcuts, from the list and from the notes field.
        pane.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&pane));
        QTest::keyClick(pane.entryView(), Qt::Key_Up, Qt::ControlModifier);
        QCOMPARE(pane.currentKey(), expected[1]); // the first pending one was approved: none before
        pane.selectEntry(QStringLiteral("torch__nn__Linear"));
        QTest::keyClick(pane.entryView(), Qt::Key_Down, Qt::ControlModifier);
        QCOMPARE(pane.currentKey(), expected[1]);
        pane.notesEdit()->setFocus();
        QTest::keyClicks(pane.notesEdit(), QStringLiteral("ok"));
        QTest::keyClick(pane.notesEdit(), Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(text(entryOf(*session, expected[1]).at("validation").at("status")), QStringLiteral("rejected"));
        QCOMPARE(text(entryOf(*session, expected[1]).at("validation").at("notes")), QStringLiteral("ok"));
        QCOMPARE(pane.approveAction()->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+A")));
        QCOMPARE(pane.nextPendingAction()->shortcut(), QKeySequence(QStringLiteral("Ctrl+Down")));
        QCOMPARE(pane.QWidget::actions().size(), 6);
    }

    // LlamaMLP on Llama-2-7B, a prefill of 128 tokens: one stored node for the 32 layers' MLPs.
    void breakdownOnLlama()
    {
        QTemporaryDir dir;
        auto session = openSession(dir.filePath(QStringLiteral("none.json"))); // the built-in entries only
        QUndoStack stack;
        ReviewPane pane(session.get(), &stack);
        pane.selectEntry(kLlamaMlp);
        QVERIFY(pane.breakdownMessage()->text().contains(QStringLiteral("No model is open")));
        QCOMPARE(pane.breakdownTable()->rowCount(), 0);

        pane.setAnalysis(llamaPrefill(128));
        const QTableWidget& table = *pane.breakdownTable();
        QCOMPARE(table.rowCount(), 1);
        QCOMPARE(table.item(0, ReviewPane::NodeColumn)->text(), QStringLiteral("model.layers.0.mlp"));
        QCOMPARE(table.item(0, ReviewPane::InstancesColumn)->text(), QStringLiteral("32"));
        const QString bindings = table.item(0, table.columnCount() - 1)->text();
        QCOMPARE(table.horizontalHeaderItem(table.columnCount() - 1)->text(), QStringLiteral("Parameters"));
        QVERIFY2(bindings.contains(QStringLiteral("hidden_size=4096"))
                && bindings.contains(QStringLiteral("intermediate_size=11008")),
            qPrintable(bindings));

        // Llama-2-7B: hidden_size 4096, intermediate_size 11008, no bias; N = T = 1 x 128 tokens.
        const qint64 n = 128, hidden = 4096, intermediate = 11008;
        const qint64 projection = 2 * n * hidden * intermediate; // each Linear: 2 N in out
        QCOMPARE(projection, Q_INT64_C(11542724608));
        const qint64 activation = 4 * n * intermediate; // torch.nn.SiLU: 4 FLOPs per element
        const qint64 gating = n * intermediate; // act * up: one multiply per element
        const qint64 sum = 3 * projection + activation + gating;
        QCOMPARE(cell(table, 0, QStringLiteral("gate_proj")), QString::number(projection));
        QCOMPARE(cell(table, 0, QStringLiteral("up_proj")), QString::number(projection));
        QCOMPARE(cell(table, 0, QStringLiteral("down_proj")), QString::number(projection));
        QCOMPARE(cell(table, 0, QStringLiteral("activation")), QString::number(activation));
        QCOMPARE(cell(table, 0, QStringLiteral("gating_multiply")), QString::number(gating));
        QCOMPARE(cell(table, 0, QStringLiteral("Sum")), QString::number(sum));
        QCOMPARE(cell(table, 0, QStringLiteral("Total (formula_template)")), QString::number(sum));
        QCOMPARE(cell(table, 0, QStringLiteral("Sum = total")), QStringLiteral("true"));
        QCOMPARE(table.item(0, ReviewPane::FirstItemColumn)->text(), QStringLiteral("11,542,724,608")); // gate_proj
        QCOMPARE(table.item(0, ReviewPane::VerdictColumn)->text(), QStringLiteral("✓"));

        // The built-in entry passes every check, in the database and on the model.
        QVERIFY2(std::all_of(pane.checks().begin(), pane.checks().end(), [](const auto& c) { return c.passed; }),
            qPrintable(describeChecks(pane)));
        for (const char* id : { "finite", "matmul", "breakdown_sum", "self", "params" })
            QVERIFY2(findCheck(pane, QString::fromLatin1(id), analysis::EntryCheck::Scope::Model), id);
        QVERIFY(findCheck(pane, QStringLiteral("database"), analysis::EntryCheck::Scope::Database));
        // Matmul: the three projections. Params: 3 x 4096 x 11008 weights.
        QCOMPARE(findCheck(pane, QStringLiteral("matmul"), analysis::EntryCheck::Scope::Model)->reason,
            QStringLiteral("matmul %1 ≤ FLOPs %2")
                .arg(widgets::exactText(formula::Number::integer(3 * projection)),
                    widgets::exactText(formula::Number::integer(sum))));
        QVERIFY(findCheck(pane, QStringLiteral("params"), analysis::EntryCheck::Scope::Model)
                    ->reason.startsWith(widgets::exactText(formula::Number::integer(3 * hidden * intermediate))));
        QVERIFY(pane.checksTree()->topLevelItemCount() >= 2);

        // A class the model does not have.
        pane.selectEntry(QStringLiteral("torch.nn.Dropout"));
        QCOMPARE(pane.breakdownTable()->rowCount(), 0);
        QVERIFY2(pane.breakdownMessage()->text().contains(QStringLiteral("has no module of class Dropout")),
            qPrintable(pane.breakdownMessage()->text()));
        // A class without an entry.
        pane.selectEntry(QStringLiteral("my.pkg.Unknown"));
        QVERIFY(pane.currentKey().isEmpty());
        QVERIFY(pane.entryTitle()->text().contains(QStringLiteral("No database entry for my.pkg.Unknown")));
        QVERIFY(!pane.approveAction()->isEnabled());
    }

    // Wrong drafts fail with the right rule; the children's figures expose an entry that forgets work.
    void checksOfWrongEntries()
    {
        QTemporaryDir dir;
        auto session = openSession(userFile(dir, "user_db.json"));
        QUndoStack stack;
        ReviewPane pane(session.get(), &stack);
        pane.setAnalysis(llamaPrefill(128));
        pane.selectEntry(kSilu);
        using Scope = analysis::EntryCheck::Scope;
        const auto* sampleSum = findCheck(pane, QStringLiteral("breakdown_sum"), Scope::Database);
        QVERIFY2(sampleSum && !sampleSum->passed, qPrintable(describeChecks(pane)));
        QVERIFY(sampleSum->where.startsWith(QStringLiteral("flop_analysis.breakdown")));
        // On Llama-2-7B's act_fn: N = 128 rows of intermediate_size 11008.
        const qint64 elements = 128 * 11008;
        const auto* matmul = findCheck(pane, QStringLiteral("matmul"), Scope::Model);
        QVERIFY(matmul && !matmul->passed);
        QCOMPARE(matmul->reason,
            QStringLiteral("matmul %1 > FLOPs %2")
                .arg(widgets::exactText(formula::Number::integer(5 * elements)),
                    widgets::exactText(formula::Number::integer(4 * elements))));
        QCOMPARE(matmul->where, QStringLiteral("model.layers.0.mlp.act_fn ×32"));
        const auto* modelSum = findCheck(pane, QStringLiteral("breakdown_sum"), Scope::Model);
        QVERIFY(modelSum && !modelSum->passed);
        QCOMPARE(cell(*pane.breakdownTable(), 0, QStringLiteral("Sum = total")), QStringLiteral("false"));
        QVERIFY(findCheck(pane, QStringLiteral("finite"), Scope::Model)->passed);
        QVERIFY(pane.checksTree()->topLevelItem(0)->childCount() >= 1);

        // An MLP that forgets down_proj counts less than its children: negative self FLOPs.
        QTemporaryDir other;
        auto negative = openSession(userFile(other, "negative_self_db.json"));
        ReviewPane negativePane(negative.get(), &stack);
        negativePane.setAnalysis(llamaPrefill(128));
        negativePane.selectEntry(kLlamaMlp);
        QVERIFY(findCheck(negativePane, QStringLiteral("database"), Scope::Database)); // db check sees nothing
        const auto* self = findCheck(negativePane, QStringLiteral("self"), Scope::Model);
        QVERIFY2(self && !self->passed, qPrintable(describeChecks(negativePane)));
        const qint64 projection = 2 * 128 * qint64(4096) * 11008;
        const qint64 entryFlops = 2 * projection + 4 * elements + elements;
        const qint64 childrenFlops = 3 * projection + 4 * elements; // gate, up, down, act_fn
        QVERIFY2(self->reason.contains(widgets::exactText(formula::Number::integer(entryFlops - childrenFlops))),
            qPrintable(self->reason));
        QVERIFY(findCheck(negativePane, QStringLiteral("breakdown_sum"), Scope::Model)->passed);
    }

    // An entry with schema errors is listed as invalid; a template that does not compile shows where.
    void invalidAndBrokenEntries()
    {
        Json user = readJson(kData + QStringLiteral("/review/user_db.json"));
        Json broken = user.at("modules").at(kDrafted.toStdString());
        broken["module_path"] = "lmp.review.Broken";
        broken["flop_analysis"]["formula_template"] = "2 * ${N} * * ${features}";
        Json invalid = broken;
        invalid["module_path"] = "lmp.review.Invalid";
        invalid["flop_analysis"]["parameters"] = "N";
        user["modules"]["lmp__review__Broken"] = broken;
        user["modules"]["lmp__review__Invalid"] = invalid;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("module_db.json"));
        QVERIFY(writeBytes(path, QByteArray::fromStdString(user.dump(2) + "\n")));
        auto session = openSession(path);
        QUndoStack stack;
        ReviewPane pane(session.get(), &stack);
        QCOMPARE(pane.model()->keys(ReviewModel::InvalidGroup), QStringList({ "lmp__review__Invalid" }));
        QCOMPARE(pane.model()->groupIndex(ReviewModel::InvalidGroup).data().toString(), QStringLiteral("Invalid (1)"));

        using Scope = analysis::EntryCheck::Scope;
        pane.selectEntry(QStringLiteral("lmp__review__Invalid"));
        QVERIFY(pane.entryTitle()->text().contains(QStringLiteral("Invalid")));
        const auto* schema = findCheck(pane, QStringLiteral("schema"), Scope::Database);
        QVERIFY2(schema && !schema->passed, qPrintable(describeChecks(pane)));
        QVERIFY2(schema->where.startsWith(QStringLiteral("flop_analysis.parameters")), qPrintable(schema->where));
        QVERIFY(pane.breakdownMessage()->text().contains(QStringLiteral("cannot be evaluated")));

        // "2 * ${N} * * ${features}": the second '*' (column 12) is where the syntax breaks.
        pane.selectEntry(QStringLiteral("lmp.review.Broken"));
        const auto* syntax = findCheck(pane, QStringLiteral("template_syntax"), Scope::Database);
        QVERIFY2(syntax && !syntax->passed, qPrintable(describeChecks(pane)));
        QVERIFY2(syntax->where.contains(QStringLiteral("flop_analysis.formula_template"))
                && syntax->where.contains(QStringLiteral("template 1:12")),
            qPrintable(syntax->where));
        QVERIFY2(syntax->detail.contains(QStringLiteral("2 * ${N} * * ${features}\n")), qPrintable(syntax->detail));
        QVERIFY2(syntax->detail.contains(QStringLiteral("\n             ^")), qPrintable(syntax->detail));
    }

    // The history of an entry and the word diff between revisions.
    void historyAndDiff()
    {
        QTemporaryDir dir;
        auto session = openSession(userFile(dir, "user_db.json"));
        QUndoStack stack;
        ReviewPane pane(session.get(), &stack);
        pane.setClock([] { return kNow; });
        pane.reviewerEdit()->setText(QStringLiteral("alice"));
        pane.selectEntry(kDrafted);
        QCOMPARE(pane.historyView()->revisionList()->topLevelItemCount(), 1); // no revision yet: the current entry
        QVERIFY(pane.approve());
        pane.notesEdit()->setPlainText(QStringLiteral("Name the source file."));
        QVERIFY(pane.requestChanges());

        const QTreeWidget& list = *pane.historyView()->revisionList();
        QCOMPARE(list.topLevelItemCount(), 3); // two revisions and the current entry
        const QTreeWidgetItem* first = list.topLevelItem(0);
        QCOMPARE(first->text(widgets::HistoryView::LayerColumn), QStringLiteral("user"));
        QCOMPARE(first->text(widgets::HistoryView::RevisionColumn), QStringLiteral("1"));
        QCOMPARE(first->text(widgets::HistoryView::DateColumn), QStringLiteral("2027-01-02 03:04"));
        QCOMPARE(first->data(widgets::HistoryView::DateColumn, widgets::HistoryView::DateRole).toString(),
            QStringLiteral("2027-01-02T03:04:05Z"));
        QCOMPARE(first->text(widgets::HistoryView::AuthorColumn), QStringLiteral("alice"));
        QCOMPARE(first->text(widgets::HistoryView::ActionColumn), QStringLiteral("validate"));
        QCOMPARE(list.topLevelItem(1)->text(widgets::HistoryView::ActionColumn), QStringLiteral("request_changes"));
        QCOMPARE(
            list.topLevelItem(1)->text(widgets::HistoryView::NotesColumn), QStringLiteral("Name the source file."));
        QCOMPARE(list.topLevelItem(2)->text(widgets::HistoryView::RevisionColumn), QStringLiteral("current"));

        // Revision 1 alone: what it changed, pending -> validated, drawn struck red and green.
        list.topLevelItem(0)->setSelected(true);
        for (int r = 1; r < 3; ++r)
            list.topLevelItem(r)->setSelected(false);
        auto changedWords = [&](bool removed) {
            QStringList words;
            for (QTextBlock b = pane.historyView()->diffView()->document()->begin(); b.isValid(); b = b.next()) {
                for (auto it = b.begin(); !it.atEnd(); ++it) {
                    const QTextFragment f = it.fragment();
                    const QTextCharFormat format = f.charFormat();
                    if (removed && format.fontStrikeOut())
                        words << f.text();
                    if (!removed && !format.fontStrikeOut() && format.background().style() != Qt::NoBrush)
                        words << f.text();
                }
            }
            return words;
        };
        QVERIFY(changedWords(true).contains(QStringLiteral("pending")));
        QVERIFY(changedWords(false).contains(QStringLiteral("validated")));
        QVERIFY(!changedWords(false).filter(QStringLiteral("alice")).isEmpty()); // null -> "alice"
        QVERIFY(pane.historyView()->diffView()->toPlainText().contains(QStringLiteral("\"module_path\"")));

        // Revisions 1 and 2 together: validated -> needs_changes.
        list.topLevelItem(1)->setSelected(true);
        QVERIFY(pane.historyView()->diffTitle().contains(QStringLiteral("user revision 1 → user revision 2")));
        QCOMPARE(changedWords(true).filter(QStringLiteral("validated")).size(), 1);
        QCOMPARE(changedWords(false).filter(QStringLiteral("needs_changes")).size(), 1);
        const QString plainDiff = QString::fromStdString(db::formatWordDiff(pane.historyView()->hunks()));
        QVERIFY2(plainDiff.contains(QStringLiteral("[-validated-]{+needs_changes+}")), qPrintable(plainDiff));

        // The newest revision against the current entry: nothing changed since.
        list.topLevelItem(0)->setSelected(false);
        list.topLevelItem(2)->setSelected(true);
        QVERIFY(pane.historyView()->diffTitle().contains(QStringLiteral("no changes")));
        QVERIFY(!db::hasChanges(pane.historyView()->hunks()));
    }

    // The agent's thinking process is untrusted Markdown: its raw HTML is shown as text.
    void thinkingIsText()
    {
        QTemporaryDir dir;
        auto session = openSession(userFile(dir, "user_db.json"));
        QUndoStack stack;
        ReviewPane pane(session.get(), &stack);
        pane.selectEntry(kLlamaMlp);
        const Json entry = entryOf(*session, kLlamaMlp);
        const widgets::MarkdownView* view = pane.flopThinkingView();
        QCOMPARE(view->markdownText(),
            QString::fromStdString(entry.at("flop_analysis").at("thinking_process").get<std::string>()));
        QVERIFY2(view->toPlainText().contains(QStringLiteral("<img src=http://x>")), qPrintable(view->toPlainText()));
        QVERIFY(view->toPlainText().contains(QStringLiteral("<script>alert('x')</script>")));
        QVERIFY(view->toPlainText().contains(QStringLiteral("Draft by the agent"))); // Markdown is rendered
        QVERIFY(!view->toPlainText().contains(QStringLiteral("## Draft")));
        QCOMPARE(pane.memoryThinkingView()->markdownText(),
            QString::fromStdString(entry.at("memory_analysis").at("thinking_process").get<std::string>()));
        // Templates: plain text.
        QVERIFY(pane.templatesView()->toPlainText().contains(
            QStringLiteral("gating_multiply = ${N} * ${intermediate_size}")));
        QVERIFY(pane.templatesView()->toPlainText().contains(
            QStringLiteral("FLOP parameters: N, hidden_size, intermediate_size, mlp_bias")));
    }

    // Another program rewrites the user file: the bar offers to reload; a corrupt file changes nothing.
    void fileChangedOnDisk()
    {
        QTemporaryDir dir;
        const QString path = userFile(dir, "user_db.json");
        auto session = openSession(path);
        QUndoStack stack;
        ReviewPane pane(session.get(), &stack);
        pane.reviewerEdit()->setText(QStringLiteral("alice"));
        pane.selectEntry(kDrafted);
        QVERIFY(pane.approve());
        QCOMPARE(stack.count(), 1);
        QVERIFY(!pane.reloadBar()->isVisibleTo(&pane));

        Json changed = readJson(path);
        changed["modules"][kDrafted.toStdString()]["validation"]["notes"] = "edited elsewhere";
        QVERIFY(writeBytes(path, QByteArray::fromStdString(changed.dump(2) + "\n")));
        QTRY_VERIFY_WITH_TIMEOUT(pane.reloadBar()->isVisibleTo(&pane), 10000);
        QVERIFY(pane.reloadBarText().contains(QStringLiteral("changed by another program")));
        QSignalSpy reviewed(&pane, &ReviewPane::reviewChanged);
        pane.reloadButton()->click();
        QVERIFY(!pane.reloadBar()->isVisibleTo(&pane));
        QCOMPARE(stack.count(), 0);
        QCOMPARE(reviewed.count(), 1);
        const Json reloaded = entryOf(*session, kDrafted);
        QCOMPARE(text(reloaded.at("validation").at("notes")), QStringLiteral("edited elsewhere"));
        QCOMPARE(
            text(reloaded.at("validation").at("status")), QStringLiteral("pending")); // the unsaved approval is gone
        QVERIFY(pane.entryHeader()->text().contains(QStringLiteral("edited elsewhere")));

        // A corrupt file: the error shows, the session and the file stay as they are.
        QVERIFY(pane.approve());
        const Json sessionBefore = Json::parse(session->database().user()->document().dump());
        const QByteArray corrupt = "{\"schema_version\": 2, \"modules\": {\n  \"x\": [1, 2,\n";
        QVERIFY(writeBytes(path, corrupt));
        QTRY_VERIFY_WITH_TIMEOUT(pane.reloadBar()->isVisibleTo(&pane), 10000);
        QVERIFY(!pane.reloadFromDisk());
        QVERIFY(pane.reloadBar()->isVisibleTo(&pane));
        QVERIFY2(pane.reloadBarText().contains(QStringLiteral("nothing changed"))
                && pane.reloadBarText().contains(QStringLiteral("module_db.json")),
            qPrintable(pane.reloadBarText()));
        QVERIFY(Json::parse(session->database().user()->document().dump()) == sessionBefore);
        QCOMPARE(readBytes(path), corrupt);
        QCOMPARE(stack.count(), 1); // still undoable

        // Keep mine: the bar goes, the next save overwrites.
        pane.keepMineButton()->click();
        QVERIFY(!pane.reloadBar()->isVisibleTo(&pane));
        QVERIFY(pane.overwriteOnSave());
        QVERIFY(!session->save(pane.overwriteOnSave()));
        pane.sessionSaved();
        QVERIFY(!pane.overwriteOnSave());
        QCOMPARE(text(readJson(path).at("modules").at(kDrafted.toStdString()).at("validation").at("status")),
            QStringLiteral("validated"));
    }

    // The module's source from the configured folders, with the version it comes from.
    void sourceView()
    {
        QTemporaryDir dir;
        auto session = openSession(dir.filePath(QStringLiteral("none.json")));
        QUndoStack stack;
        ReviewPane pane(session.get(), &stack);
        QSignalSpy shown(&pane, &ReviewPane::sourceShown);
        pane.selectEntry(kLlamaMlp);
        QVERIFY(shown.wait(10000));
        QVERIFY2(pane.sourceView()->editor()->text().contains(QStringLiteral("No source folders")),
            qPrintable(pane.sourceView()->editor()->text()));

        const QString sitePackages = kData + QStringLiteral("/source/site-packages");
        pane.setSourceRoots({ source::SourceRoot { sitePackages, QStringLiteral("fixture site-packages") } }, {});
        QVERIFY(shown.wait(10000));
        QVERIFY(!pane.sourcePending());
        const QString header = pane.sourceView()->headerText();
        QVERIFY2(header.contains(QStringLiteral("class LlamaMLP in modeling_llama.py")), qPrintable(header));
        QVERIFY2(header.contains(QStringLiteral("transformers 4.98.0")), qPrintable(header));
        QVERIFY2(header.contains(QStringLiteral("drifted")), qPrintable(header)); // recorded 178-191 upstream
        QCOMPARE(pane.sourceView()->highlightedLines().classLines.first, 46);

        // Another entry: another class of the same tree.
        pane.selectEntry(QStringLiteral("torch.nn.SiLU"));
        QVERIFY(shown.wait(10000));
        QVERIFY2(pane.sourceView()->headerText().contains(QStringLiteral("class SiLU")),
            qPrintable(pane.sourceView()->headerText()));
    }

    // A picture of the pane on a pending entry, for a person to look at (LMP_REVIEW_SCREENSHOT=file.png).
    void screenshot()
    {
        // Rendered in every run and checked to be a real picture; LMP_REVIEW_SCREENSHOT=FILE.png keeps it to look at.
        QTemporaryDir dir;
        QString file = qEnvironmentVariable("LMP_REVIEW_SCREENSHOT");
        if (file.isEmpty())
            file = dir.filePath(QStringLiteral("review.png"));
        auto session = openSession(userFile(dir, "user_db.json"));
        QUndoStack stack;
        ReviewPane pane(session.get(), &stack);
        pane.resize(1100, 800);
        pane.reviewerEdit()->setText(QStringLiteral("alice"));
        pane.setAnalysis(llamaPrefill(128));
        pane.setSourceRoots({ source::SourceRoot {
                                kData + QStringLiteral("/source/checkout/transformers"), QStringLiteral("checkout") } },
            {});
        QSignalSpy shown(&pane, &ReviewPane::sourceShown);
        pane.selectEntry(qEnvironmentVariable("LMP_REVIEW_SCREENSHOT_ENTRY", kLlamaMlp));
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QTRY_VERIFY_WITH_TIMEOUT(!pane.sourcePending(), 10000);
        QVERIFY(shown.count() >= 1);
        pane.entryView()->setFocus();
        QTest::qWait(50);
        QVERIFY(pane.grab().save(file));
        const QImage image(file);
        QCOMPARE(image.size(), QSize(1100, 800));
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7) {
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        }
        QVERIFY2(colours.size() > 20, "the pane rendered as a blank picture");
        // The other tabs, beside it.
        QString base = file;
        base.chop(4);
        pane.notesEdit()->setPlainText(QStringLiteral("Say where the activation's 4 FLOPs come from."));
        QVERIFY(pane.requestChanges());
        pane.contentTabs()->setCurrentIndex(2);
        pane.evaluationTabs()->setCurrentIndex(1);
        QVERIFY(pane.grab().save(base + QStringLiteral("-history-breakdown.png")));
    }
};

QTEST_MAIN(TestReviewPane)
#include "tst_reviewpane.moc"
