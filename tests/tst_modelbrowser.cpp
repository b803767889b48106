// SPDX-License-Identifier: GPL-3.0-or-later
// The "Open model" browser: the built-in catalogue and a fake Hugging Face cache in one tree, under
// QAbstractItemModelTester; filtering, sorting, and what a chosen row opens.

#include "model/modelconfig.h"
#include "modelbrowserdialog.h"

#include <QAbstractItemModelTester>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <algorithm>
#include <variant>

using lmp::widgets::ModelBrowserDialog;
namespace model = lmp::model;

namespace {

bool writeText(const QString& path, const QByteArray& text)
{
    QFile f(path);
    return QDir().mkpath(QFileInfo(path).path()) && f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

// "group/id architecture type revision weights" for every row the model shows, groups as "group" lines.
QStringList printed(const QAbstractItemModel* m)
{
    QStringList lines;
    for (int g = 0; g < m->rowCount(); ++g) {
        const QModelIndex group = m->index(g, 0);
        lines << group.data().toString();
        for (int r = 0; r < m->rowCount(group); ++r) {
            QStringList cells;
            for (int c = 0; c < m->columnCount(group); ++c)
                cells << m->index(r, c, group).data().toString();
            lines << QStringLiteral("  ") + cells.join(u'|');
        }
    }
    return lines;
}

QModelIndex findRow(const QAbstractItemModel* m, const QString& id)
{
    for (int g = 0; g < m->rowCount(); ++g) {
        const QModelIndex group = m->index(g, 0);
        for (int r = 0; r < m->rowCount(group); ++r) {
            if (m->index(r, 0, group).data().toString() == id)
                return m->index(r, 0, group);
        }
    }
    return {};
}

// What the catalogue says of an id, read independently of the dialog: "architecture|type".
QString catalogueEntry(const QString& id)
{
    const auto config = model::loadModelConfig(model::builtinConfigPath(id));
    if (const auto* c = std::get_if<model::ModelConfig>(&config))
        return QString::fromStdString(c->architecture) + u'|' + QString::fromStdString(c->modelType);
    return QStringLiteral("unreadable");
}

} // namespace

class TestModelBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void models();
    void emptyCache();
    void filter_data();
    void filter();
    void sorting();
    void choose_data();
    void choose();

private:
    QTemporaryDir m_dir;
    QString m_hub;
};

void TestModelBrowser::initTestCase()
{
    // org/a: refs/main, two weight shards of 1000 and 24 bytes; b: no organisation, no refs, no weights.
    QVERIFY(m_dir.isValid());
    m_hub = m_dir.filePath(QStringLiteral("hub"));
    const QString a = m_hub + QStringLiteral("/models--org--a");
    QVERIFY(writeText(a + QStringLiteral("/refs/main"), "0123456789abcdef"));
    QVERIFY(writeText(a + QStringLiteral("/snapshots/0123456789abcdef/config.json"),
        R"({"architectures": ["LlamaForCausalLM"], "model_type": "llama"})"));
    QVERIFY(writeText(a + QStringLiteral("/snapshots/0123456789abcdef/model-1.safetensors"), QByteArray(1000, 'x')));
    QVERIFY(writeText(a + QStringLiteral("/snapshots/0123456789abcdef/model-2.safetensors"), QByteArray(24, 'x')));
    QVERIFY(writeText(m_hub + QStringLiteral("/models--b/snapshots/fedcba/config.json"),
        R"({"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2"})"));
    // Left out: no config.json.
    QVERIFY(writeText(m_hub + QStringLiteral("/models--org--empty/snapshots/abc/README.md"), "# empty"));
}

void TestModelBrowser::models()
{
    ModelBrowserDialog dialog(nullptr, { m_hub });
    QAbstractItemModelTester sourceTester(dialog.sourceModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(dialog.proxyModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    dialog.reload(); // clears and fills again under the testers

    const QAbstractItemModel* m = dialog.sourceModel();
    QCOMPARE(m->rowCount(), 2);
    QCOMPARE(m->columnCount(), int(ModelBrowserDialog::ColumnCount));
    // The catalogue: every built-in id, with what its resource config says.
    const QModelIndex catalogue = m->index(0, 0);
    QCOMPARE(catalogue.data().toString(), QStringLiteral("Built-in catalogue"));
    const QStringList ids = model::builtinModelIds();
    QVERIFY(ids.size() > 10);
    QCOMPARE(m->rowCount(catalogue), ids.size());
    for (int r = 0; r < ids.size(); ++r) {
        QCOMPARE(m->index(r, ModelBrowserDialog::IdColumn, catalogue).data().toString(), ids[r]);
        QCOMPARE(m->index(r, ModelBrowserDialog::IdColumn, catalogue).data(ModelBrowserDialog::SourceRole).toString(),
            ids[r]);
        QCOMPARE(m->index(r, ModelBrowserDialog::ArchitectureColumn, catalogue).data().toString() + u'|'
                + m->index(r, ModelBrowserDialog::ModelTypeColumn, catalogue).data().toString(),
            catalogueEntry(ids[r]));
    }
    QCOMPARE(catalogueEntry(QStringLiteral("meta-llama/Llama-2-7b-hf")), QStringLiteral("LlamaForCausalLM|llama"));
    // The cache: its two models with a config, their revisions and weights; the source is the config path.
    const QModelIndex cache = m->index(1, 0);
    QCOMPARE(cache.data().toString(), QStringLiteral("Hugging Face cache"));
    QStringList rows;
    for (int r = 0; r < m->rowCount(cache); ++r) {
        QStringList cells;
        for (int c = 0; c < ModelBrowserDialog::WeightsColumn; ++c)
            cells << m->index(r, c, cache).data().toString();
        cells << m->index(r, ModelBrowserDialog::WeightsColumn, cache).data(ModelBrowserDialog::SortRole).toString();
        cells << m->index(r, 0, cache).data(ModelBrowserDialog::SourceRole).toString();
        rows << cells.join(u'|');
    }
    const QStringList expected {
        QStringLiteral("b|GPT2LMHeadModel|gpt2|fedcba|0|") + m_hub
            + QStringLiteral("/models--b/snapshots/fedcba/config.json"),
        QStringLiteral("org/a|LlamaForCausalLM|llama|0123456789ab|1024|") + m_hub
            + QStringLiteral("/models--org--a/snapshots/0123456789abcdef/config.json"),
    };
    QCOMPARE(rows, expected);
    // Group headings cannot be chosen.
    QVERIFY(!(m->flags(catalogue) & Qt::ItemIsSelectable));
    QVERIFY(!(m->flags(cache) & Qt::ItemIsSelectable));
}

void TestModelBrowser::emptyCache()
{
    // No models: one line names every folder searched, and offers nothing to open.
    QTemporaryDir empty;
    const QString missing = empty.filePath(QStringLiteral("missing"));
    ModelBrowserDialog dialog(nullptr, { empty.path(), missing });
    QAbstractItemModelTester tester(dialog.proxyModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QAbstractItemModel* m = dialog.sourceModel();
    const QModelIndex cache = m->index(1, 0);
    QCOMPARE(m->rowCount(cache), 1);
    const QModelIndex info = m->index(0, 0, cache);
    QVERIFY2(
        info.data().toString().contains(QDir::toNativeSeparators(empty.path())), qPrintable(info.data().toString()));
    QVERIFY(info.data().toString().contains(QDir::toNativeSeparators(missing)));
    QVERIFY(info.data(ModelBrowserDialog::SourceRole).toString().isEmpty());
    QVERIFY(!(m->flags(info) & Qt::ItemIsSelectable));
    QVERIFY(dialog.findChild<QTreeView*>(QStringLiteral("models"))
                ->isFirstColumnSpanned(0, dialog.proxyModel()->index(1, 0)));
    // Nothing is selected yet: OK is off.
    QVERIFY(dialog.selectedSource().isEmpty());
    QVERIFY(!dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->isEnabled());
}

void TestModelBrowser::filter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("mustShow");
    QTest::addColumn<QStringList>("mustHide");
    QTest::addColumn<QStringList>("cacheRows");

    QTest::addRow("llama") << "llama"
                           << QStringList { "meta-llama/Llama-2-7b-hf", "TinyLlama/TinyLlama-1.1B-Chat-v1.0" }
                           << QStringList { "openai-community/gpt2", "mistralai/Mistral-7B-v0.1", "b" }
                           << QStringList { "org/a" };
    QTest::addRow("upper case") << "GPT2" << QStringList { "openai-community/gpt2" }
                                << QStringList { "meta-llama/Llama-2-7b-hf", "org/a" } << QStringList { "b" };
    QTest::addRow("revision") << "0123456789" << QStringList { "org/a" } << QStringList { "b" }
                              << QStringList { "org/a" };
    QTest::addRow("nothing") << "no-such-model" << QStringList {} << QStringList { "org/a", "b" } << QStringList {};
}

void TestModelBrowser::filter()
{
    QFETCH(QString, text);
    QFETCH(QStringList, mustShow);
    QFETCH(QStringList, mustHide);
    QFETCH(QStringList, cacheRows);

    ModelBrowserDialog dialog(nullptr, { m_hub });
    QAbstractItemModelTester tester(dialog.proxyModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    dialog.findChild<QLineEdit*>(QStringLiteral("filter"))->setText(text);
    const QSortFilterProxyModel* proxy = dialog.proxyModel();

    // Every row left matches the text in some column; the catalogue keeps exactly the ids whose config matches.
    QStringList catalogueExpected;
    for (const QString& id : model::builtinModelIds()) {
        if (QString(id + u'|' + catalogueEntry(id)).contains(text, Qt::CaseInsensitive))
            catalogueExpected << id;
    }
    // The view sorts ids as a person reads them; the catalogue lists them by file name.
    std::sort(catalogueExpected.begin(), catalogueExpected.end(),
        [](const QString& x, const QString& y) { return x.compare(y, Qt::CaseInsensitive) < 0; });
    QStringList catalogueShown;
    QStringList cacheShown;
    QStringList groups;
    for (int g = 0; g < proxy->rowCount(); ++g) {
        const QModelIndex group = proxy->index(g, 0);
        groups << group.data().toString();
        QVERIFY(proxy->rowCount(group) > 0); // a group shows only for its matches
        for (int r = 0; r < proxy->rowCount(group); ++r) {
            QStringList cells;
            for (int c = 0; c < proxy->columnCount(group); ++c)
                cells << proxy->index(r, c, group).data().toString();
            QVERIFY2(cells.join(u'|').contains(text, Qt::CaseInsensitive), qPrintable(cells.join(u'|')));
            (g == 0 && group.data().toString() == QStringLiteral("Built-in catalogue") ? catalogueShown : cacheShown)
                << cells[0];
        }
    }
    QCOMPARE(catalogueShown, catalogueExpected);
    QCOMPARE(cacheShown, cacheRows);
    QStringList expectedGroups;
    if (!catalogueExpected.isEmpty())
        expectedGroups << QStringLiteral("Built-in catalogue");
    if (!cacheRows.isEmpty())
        expectedGroups << QStringLiteral("Hugging Face cache");
    QCOMPARE(groups, expectedGroups);
    for (const QString& id : mustShow)
        QVERIFY2(findRow(proxy, id).isValid(), qPrintable(id));
    for (const QString& id : mustHide)
        QVERIFY2(!findRow(proxy, id).isValid(), qPrintable(id));
    // The first match is selected, so that Return opens it.
    QCOMPARE(dialog.selectedSource().isEmpty(), groups.isEmpty());
    QCOMPARE(dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->isEnabled(), !groups.isEmpty());
    // Clearing the filter brings every row back.
    dialog.findChild<QLineEdit*>(QStringLiteral("filter"))->clear();
    QCOMPARE(printed(proxy).size(), printed(dialog.sourceModel()).size());
}

void TestModelBrowser::sorting()
{
    // Whatever column sorts, in either order, the catalogue stays above the cache.
    ModelBrowserDialog dialog(nullptr, { m_hub });
    QAbstractItemModelTester tester(dialog.proxyModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSortFilterProxyModel* proxy = dialog.proxyModel();
    auto cacheIds = [&] {
        QStringList ids;
        const QModelIndex cache = proxy->index(1, 0);
        for (int r = 0; r < proxy->rowCount(cache); ++r)
            ids << proxy->index(r, 0, cache).data().toString();
        return ids;
    };
    QCOMPARE(cacheIds(), (QStringList { "b", "org/a" }));
    proxy->sort(ModelBrowserDialog::IdColumn, Qt::DescendingOrder);
    QCOMPARE(proxy->index(0, 0).data().toString(), QStringLiteral("Built-in catalogue"));
    QCOMPARE(cacheIds(), (QStringList { "org/a", "b" }));
    // Weights sort by bytes, not by their text.
    proxy->sort(ModelBrowserDialog::WeightsColumn, Qt::AscendingOrder);
    QCOMPARE(proxy->index(0, 0).data().toString(), QStringLiteral("Built-in catalogue"));
    QCOMPARE(cacheIds(), (QStringList { "b", "org/a" }));
    proxy->sort(ModelBrowserDialog::WeightsColumn, Qt::DescendingOrder);
    QCOMPARE(proxy->index(0, 0).data().toString(), QStringLiteral("Built-in catalogue"));
    QCOMPARE(cacheIds(), (QStringList { "org/a", "b" }));
    // Case does not split the catalogue: ids sort as a person reads them.
    proxy->sort(ModelBrowserDialog::IdColumn, Qt::AscendingOrder);
    QStringList catalogue;
    for (int r = 0; r < proxy->rowCount(proxy->index(0, 0)); ++r)
        catalogue << proxy->index(r, 0, proxy->index(0, 0)).data().toString();
    QStringList sorted = catalogue;
    std::sort(sorted.begin(), sorted.end(),
        [](const QString& x, const QString& y) { return x.compare(y, Qt::CaseInsensitive) < 0; });
    QCOMPARE(catalogue, sorted);
}

void TestModelBrowser::choose_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("doubleClick");
    QTest::addColumn<QString>("source"); // relative to the fake cache for cached models

    QTest::addRow("catalogue, OK") << "meta-llama/Llama-2-7b-hf" << false << "meta-llama/Llama-2-7b-hf";
    QTest::addRow("catalogue, double-click") << "openai-community/gpt2" << true << "openai-community/gpt2";
    QTest::addRow("cache, OK") << "org/a" << false << "@/models--org--a/snapshots/0123456789abcdef/config.json";
    QTest::addRow("cache, double-click") << "b" << true << "@/models--b/snapshots/fedcba/config.json";
}

void TestModelBrowser::choose()
{
    QFETCH(QString, id);
    QFETCH(bool, doubleClick);
    QFETCH(QString, source);
    source.replace(QStringLiteral("@"), m_hub);

    ModelBrowserDialog dialog(nullptr, { m_hub });
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* view = dialog.findChild<QTreeView*>(QStringLiteral("models"));
    QPushButton* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    // A group heading is not a model: nothing to open.
    view->setCurrentIndex(dialog.proxyModel()->index(0, 0));
    QVERIFY(dialog.selectedSource().isEmpty());
    QVERIFY(!ok->isEnabled());

    const QModelIndex row = findRow(dialog.proxyModel(), id);
    QVERIFY(row.isValid());
    view->scrollTo(row);
    if (doubleClick) {
        const QPoint centre = view->visualRect(row).center();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, centre);
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, centre);
    } else {
        view->setCurrentIndex(row);
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
    }
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.selectedSource(), source);
}

QTEST_MAIN(TestModelBrowser)
#include "tst_modelbrowser.moc"
