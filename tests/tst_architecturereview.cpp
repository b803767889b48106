// SPDX-License-Identifier: GPL-3.0-or-later
// The review of architecture definitions on the offscreen platform: the user folder's definitions with their status,
// the tree a selected one builds for a config and the checkpoint comparison, and reviews written to the file.

#include "agent/architecturedraft.h"
#include "architecturereview.h"

#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace lmp;
using model::ArchitectureStatus;

namespace {

const QString kData = QStringLiteral(LMP_TEST_DATA_DIR "/newfamily");

QByteArray readBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// The Nova definition of the hand-written agent answer (tests/data/newfamily/agent_answer.md).
db::Json novaDefinition()
{
    const QByteArray text = readBytes(kData + QStringLiteral("/agent_answer.md"));
    const qsizetype open = text.indexOf("```json\n");
    const qsizetype close = text.lastIndexOf("\n```");
    return db::Json::parse(text.mid(open + 8, close - open - 8).toStdString())["architecture"];
}

QPushButton* button(QWidget& widget, const QString& text)
{
    for (QPushButton* b : widget.findChildren<QPushButton*>()) {
        if (b->text() == text)
            return b;
    }
    return nullptr;
}

QString statusColumn(QWidget& widget, const QString& fileName)
{
    auto* list = widget.findChild<QTreeWidget*>();
    for (int i = 0; list && i < list->topLevelItemCount(); ++i) {
        if (list->topLevelItem(i)->text(2) == fileName)
            return list->topLevelItem(i)->text(1);
    }
    return {};
}

} // namespace

class TestArchitectureReview : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void listAndShow()
    {
        QTemporaryDir dir;
        const agent::DraftOrigin origin { QStringLiteral("command/scripted"), QStringLiteral("v"),
            QStringLiteral("h") };
        auto landed = agent::landArchitectureDraft(novaDefinition(), origin, dir.path());
        QVERIFY(std::holds_alternative<QString>(landed));
        const QString nova = std::get<QString>(landed);
        writeBytes(dir.filePath(QStringLiteral("broken.json")), "{ not json");
        writeBytes(dir.filePath(QStringLiteral("mine.json")),
            "{\"format\": 1, \"architectures\": [\"MineModel\"], \"root\": {\"class\": \"torch.nn.Identity\"}}");

        widgets::ArchitectureReview review;
        review.resize(900, 700);
        review.show();
        QSignalSpy changed(&review, &widgets::ArchitectureReview::currentFileChanged);
        review.setFolder(dir.path());
        QCOMPARE(review.definitionCount(), 3);
        QCOMPARE(statusColumn(review, QStringLiteral("novaforcausallm.json")), QStringLiteral("pending"));
        QCOMPARE(statusColumn(review, QStringLiteral("mine.json")), QStringLiteral("validated"));
        QCOMPARE(statusColumn(review, QStringLiteral("broken.json")), QStringLiteral("invalid"));
        QVERIFY(!changed.isEmpty());

        QVERIFY(review.selectFile(nova));
        QCOMPARE(review.currentFile(), nova);
        QCOMPARE(review.currentStatus(), std::optional(ArchitectureStatus::Pending));
        QVERIFY(review.definitionText().contains(QStringLiteral("\"NovaForCausalLM\"")));
        QVERIFY(review.treeText().startsWith(QStringLiteral("Choose a model")));

        review.setConfig(kData);
        QVERIFY2(review.treeText().contains(QStringLiteral("107,072 parameters, 33 modules")),
            qPrintable(review.treeText()));
        QVERIFY(review.treeText().contains(QStringLiteral("\n      0-1  x2 ")));
        QVERIFY(review.comparisonText().startsWith(QStringLiteral("matches: 27 tensors, 107,072 parameters")));

        // A config of another architecture: said, and the tree it builds (or why not) shown.
        review.setConfig(QStringLiteral("TinyLlama/TinyLlama-1.1B-Chat-v1.0"));
        QVERIFY(review.treeText().contains(QStringLiteral("the config's architecture is LlamaForCausalLM")));
        review.setConfig(kData);

        // The invalid file shows why.
        QVERIFY(review.selectFile(dir.filePath(QStringLiteral("broken.json"))));
        QCOMPARE(review.currentStatus(), std::nullopt);
        QVERIFY(review.definitionText().contains(QStringLiteral("{ not json")));
    }

    void reviewWrites()
    {
        QTemporaryDir dir;
        const agent::DraftOrigin origin { QStringLiteral("command/scripted"), QStringLiteral("v"),
            QStringLiteral("h") };
        const QString nova = std::get<QString>(agent::landArchitectureDraft(novaDefinition(), origin, dir.path()));

        widgets::ArchitectureReview review;
        review.show();
        review.setFolder(dir.path());
        review.setConfig(kData);
        QVERIFY(review.selectFile(nova));
        QSignalSpy reviewed(&review, &widgets::ArchitectureReview::definitionReviewed);

        // No reviewer: the buttons are off, and a review is refused with a reason.
        QPushButton* approve = button(review, QStringLiteral("Approve"));
        QPushButton* reject = button(review, QStringLiteral("Reject"));
        QPushButton* changes = button(review, QStringLiteral("Request Changes"));
        QVERIFY(approve && reject && changes);
        QVERIFY(!approve->isEnabled());
        const QByteArray before = readBytes(nova);
        QVERIFY(!review.review(ArchitectureStatus::Validated));
        QVERIFY(review.message().contains(QStringLiteral("Enter your name")));
        QCOMPARE(readBytes(nova), before);

        review.setReviewer(QStringLiteral("Ada"));
        QVERIFY(approve->isEnabled());
        review.setNotes(QStringLiteral("o_proj should have no bias: check"));
        QTest::mouseClick(changes, Qt::LeftButton);
        QCOMPARE(reviewed.size(), 1);
        QCOMPARE(reviewed.at(0).at(0).toString(), nova);
        QCOMPARE(reviewed.at(0).at(1).value<ArchitectureStatus>(), ArchitectureStatus::NeedsChanges);
        QCOMPARE(review.currentFile(), nova);
        QCOMPARE(review.currentStatus(), std::optional(ArchitectureStatus::NeedsChanges));
        QCOMPARE(statusColumn(review, QStringLiteral("novaforcausallm.json")), QStringLiteral("needs changes"));
        db::Json json = db::Json::parse(readBytes(nova).toStdString());
        QVERIFY(json["validation"]["status"] == "needs_changes");
        QVERIFY(json["validation"]["validator"] == "Ada");
        QVERIFY(json["validation"]["notes"] == "o_proj should have no bias: check");
        QVERIFY(json["history"].back()["action"] == "request_changes");

        QTest::mouseClick(approve, Qt::LeftButton);
        QCOMPARE(reviewed.size(), 2);
        json = db::Json::parse(readBytes(nova).toStdString());
        QVERIFY(json["validation"]["status"] == "validated");
        QVERIFY(json["validation"]["notes"].is_null());
        QCOMPARE(json["history"].size(), std::size_t(3));

        QTest::mouseClick(reject, Qt::LeftButton);
        QCOMPARE(reviewed.size(), 3);
        QCOMPARE(statusColumn(review, QStringLiteral("novaforcausallm.json")), QStringLiteral("rejected (not used)"));
        // Rejected definitions stay listed and can be looked at and reviewed again.
        QVERIFY(review.treeText().contains(QStringLiteral("NovaForCausalLM")));

        // A file that went away: the review says why and the list drops it on refresh.
        QFile::remove(nova);
        QVERIFY(!review.review(ArchitectureStatus::Validated));
        QVERIFY(review.message().startsWith(QStringLiteral("Not written: not a definition")));
        review.refresh();
        QCOMPARE(review.definitionCount(), 0);
        QCOMPARE(review.currentFile(), QString());
    }
};

QTEST_MAIN(TestArchitectureReview)
#include "tst_architecturereview.moc"
