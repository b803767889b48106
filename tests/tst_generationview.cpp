// SPDX-License-Identifier: GPL-3.0-or-later
// The generation panel: its figures are analysis::generate's on the window's settings, computed off the GUI thread
// with the newest request winning; without a device or in a training step it says why nothing shows.
#include "analysis/generation.h"
#include "analysissnapshot.h"
#include "generationview.h"
#include "testworkspace.h"

#include <QLabel>
#include <QTest>

#include "chartutil.h"

using namespace lmp;

namespace {

widgets::SnapshotPtr snapshot(const analysis::Settings& settings, const char* hardware)
{
    const auto model = test::loadModel(QStringLiteral("meta-llama/Llama-3.1-8B"));
    std::optional<hardware::Profile> hw;
    if (hardware)
        hw = *test::workspace().catalogue.find(hardware);
    return widgets::makeSnapshot(model, test::sharedWorkspace()->library, settings, hw);
}

} // namespace

class TstGenerationView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void figuresAreTheGeneration()
    {
        widgets::GenerationView view;
        view.resize(900, 320);
        view.show();
        analysis::Settings s;
        s.execution = analysis::Execution::Fused;
        const auto snap = snapshot(s, "nvidia-h100-sxm");
        view.setPrompt(1024);
        view.setTokens(256);
        view.setCurrentAnalysis(snap);
        QVERIFY(view.waitForIdle());
        QVERIFY(view.result());
        analysis::GenerationOptions o;
        o.prompt = 1024;
        o.tokens = 256;
        const auto g = analysis::generate(snap->tree(), *snap->library, s, *snap->profile(), o);
        QCOMPARE(view.result()->ttft, g.ttft);
        QCOMPARE(view.result()->tpot, g.tpot);
        QCOMPARE(view.result()->steps.size(), std::size_t(256));
        QCOMPARE(view.plot()->graphCount(), 3); // expected step time, bound, footprint
        QCOMPARE(view.plot()->graph(0)->dataCount(), 255); // the decode steps
        const auto* figures = view.findChild<QLabel*>();
        QVERIFY(figures);

        // Changing the token count recomputes; only the newest request is shown.
        view.setTokens(64);
        view.setTokens(32);
        QVERIFY(view.waitForIdle());
        QCOMPARE(view.result()->tokens, analysis::Int(32));
        QCOMPARE(view.plot()->graph(0)->dataCount(), 31);
    }

    void saysWhyNothingShows()
    {
        widgets::GenerationView view;
        view.setCurrentAnalysis(snapshot({}, nullptr));
        QVERIFY(view.waitForIdle());
        QVERIFY(!view.result());
        QVERIFY(view.message().contains(QStringLiteral("device")));
        analysis::Settings train;
        train.phase = analysis::Phase::Train;
        view.setCurrentAnalysis(snapshot(train, "nvidia-h100-sxm"));
        QVERIFY(view.waitForIdle());
        QVERIFY(!view.result());
        QVERIFY(view.message().contains(QStringLiteral("inference")));
    }
};

QTEST_MAIN(TstGenerationView)
#include "tst_generationview.moc"
