// SPDX-License-Identifier: GPL-3.0-or-later
// The report model and its writers: every format written and read back, exact integers past 2^64, unknown figures
// unknown in every form; comparisons with hand-derived ratios; the sweep's one meaning.
#include "analysis/sweep.h"
#include "report/comparison.h"
#include "report/report.h"
#include "report/writers.h"
#include "testworkspace.h"

#include <QFile>
#include <QXmlStreamReader>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace lmp;
using formula::Int;
using formula::Kind;
using formula::Number;
using lmp::test::loadModel;
using lmp::test::workspace;

namespace {

const QString kLlama8B = QStringLiteral("meta-llama/Llama-3.1-8B");

report::Report reportOf(const QString& modelId, const analysis::Settings& settings, const char* hardwareId = nullptr,
    report::ReportOptions options = {})
{
    const auto model = loadModel(modelId);
    const hardware::Profile* hw = hardwareId ? workspace().catalogue.find(hardwareId) : nullptr;
    if (hardwareId && !hw)
        qFatal("no hardware profile %s", hardwareId);
    const auto result = analysis::analyze(model->tree, *workspace().library, settings, hw);
    return report::makeReport(*model, *workspace().library, settings, hw, result, options);
}

analysis::Settings settings(analysis::Phase phase, Int seq, Int past = 0, Int batch = 1)
{
    analysis::Settings s;
    s.phase = phase;
    s.seq = seq;
    s.past = past;
    s.batch = batch;
    return s;
}

// The number text that follows "key": inside the object that starts at `from` (exact, as written).
std::string jsonNumberAfter(const std::string& json, const std::string& from, const std::string& key)
{
    const auto start = json.find(from);
    if (start == std::string::npos)
        return {};
    const auto k = json.find("\"" + key + "\": ", start);
    if (k == std::string::npos)
        return {};
    const auto v = k + key.size() + 4;
    const auto end = json.find_first_of(",\n}", v);
    return json.substr(v, end - v);
}

std::vector<std::string> csvFields(const std::string& line)
{
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else {
            fields.back() += c;
        }
    }
    return fields;
}

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return out;
}

// Whether the HTML is well-formed (the writers write XHTML-compatible HTML so that any XML reader takes it).
QString xmlError(const std::string& html)
{
    QXmlStreamReader xml(QByteArray::fromStdString(html));
    while (!xml.atEnd())
        xml.readNext();
    return xml.hasError() ? QStringLiteral("%1 at line %2").arg(xml.errorString()).arg(xml.lineNumber()) : QString();
}

} // namespace

class TestReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsCollapseLikeTheTree();
    void entriesNameStatusAndReviewer();
    void conventionsFollowTheSettings();
    void formats_data();
    void formats();
    void numberTexts_data();
    void numberTexts();
    void integersPast64BitsRoundTrip();
    void unknownStaysUnknown();
    void compareWeightDtypesInDecode();
    void compareDevicesInPrefill();
    void compareTwoModels();
    void compareWriters();
    void sweepMeaning_data();
    void sweepMeaning();
    void pastInPrefillContinuesThePrompt();
    void sweepThreadsAgree();
    void sweepValuesParse_data();
    void sweepValuesParse();
    void formatFromFileName();
};

void TestReport::rowsCollapseLikeTheTree()
{
    const auto r = reportOf(kLlama8B, settings(analysis::Phase::Prefill, 128));
    // Llama-3.1-8B: 32 decoder layers, one collapsed line "layers.0-31" standing for 32 instances.
    const auto it =
        std::find_if(r.rows.begin(), r.rows.end(), [](const report::Row& row) { return row.name == "model.layers.0"; });
    QVERIFY(it != r.rows.end());
    QCOMPARE(QString::fromStdString(it->label), QStringLiteral("0-31"));
    QCOMPARE(static_cast<long long>(it->repeat), 32LL);
    QCOMPARE(QString::fromStdString(r.rows.front().label), QStringLiteral("(model)"));
    // The published parameter count (SOURCES.md: 8,030,261,248) on the model line and in the totals.
    QCOMPARE(static_cast<long long>(r.params), 8030261248LL);
    QCOMPARE(static_cast<long long>(r.rows.front().params), 8030261248LL);
    // An expanded report has a line per layer; a depth limit stops at that depth.
    report::ReportOptions expanded;
    expanded.expand = true;
    const auto e = reportOf(kLlama8B, settings(analysis::Phase::Prefill, 128), nullptr, expanded);
    QVERIFY(std::any_of(
        e.rows.begin(), e.rows.end(), [](const report::Row& row) { return row.name == "model.layers.31"; }));
    report::ReportOptions shallow;
    shallow.depth = 1;
    const auto d = reportOf(kLlama8B, settings(analysis::Phase::Prefill, 128), nullptr, shallow);
    QCOMPARE(d.rows.size(), std::size_t(3)); // (model), model, lm_head
    for (const auto& row : d.rows)
        QVERIFY(row.depth <= 1);
    // The FLOP shares of a line count every instance it stands for: the lines under the model sum to one.
    double share = 0;
    for (const auto& row : d.rows)
        if (row.depth == 1)
            share += row.flopShare.value_or(0);
    QVERIFY(std::abs(share - 1.0) < 1e-9);
}

void TestReport::entriesNameStatusAndReviewer()
{
    const auto r = reportOf(kLlama8B, settings(analysis::Phase::Prefill, 128));
    const auto linear = std::find_if(r.entries.begin(), r.entries.end(),
        [](const report::EntryUse& e) { return e.modulePath == "torch.nn.Linear"; });
    QVERIFY(linear != r.entries.end());
    QCOMPARE(QString::fromStdString(linear->status), QStringLiteral("validated"));
    // The reviewer the built-in database records for torch.nn.Linear.
    QFile f(QStringLiteral(":/lmp/module_db.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const auto db = nlohmann::json::parse(f.readAll().toStdString());
    const auto& validation = db.at("modules").at("torch__nn__Linear").at("validation");
    QCOMPARE(linear->reviewer, validation.at("validator").get<std::string>());
    QCOMPARE(linear->reviewDate, validation.at("date").get<std::string>());
    QCOMPARE(QString::fromStdString(linear->layer), QStringLiteral("builtin"));
    // 7 linear layers per decoder layer (q, k, v, o, gate, up, down) x 32, plus the LM head.
    QCOMPARE(static_cast<long long>(linear->instances), 7LL * 32 + 1);
    // The entries the Llama entries call are there too, with no instance of their own where none is in the tree.
    QVERIFY(std::any_of(r.entries.begin(), r.entries.end(),
        [](const report::EntryUse& e) { return e.modulePath.find("LlamaAttention") != std::string::npos; }));
}

void TestReport::conventionsFollowTheSettings()
{
    auto s = settings(analysis::Phase::Prefill, 128);
    const auto fused = reportOf(kLlama8B, s);
    s.eagerAttention = true;
    s.causalHalf = true;
    const auto eager = reportOf(kLlama8B, s, "nvidia-h100-sxm");
    auto mentions = [](const report::Report& r, const char* text) {
        return std::any_of(r.conventions.begin(), r.conventions.end(),
            [&](const std::string& c) { return c.find(text) != std::string::npos; });
    };
    QVERIFY(mentions(fused, "multiply-add as 2 FLOPs"));
    QVERIFY(mentions(fused, "score matrix is never"));
    QVERIFY(mentions(eager, "score matrix is materialized"));
    QVERIFY(mentions(eager, "masked blocks are skipped"));
    QVERIFY(!mentions(fused, "roofline bound"));
    QVERIFY(mentions(eager, "roofline bound")); // with a device, the time model is stated
    QVERIFY(eager.hardware);
    QVERIFY(!eager.hardware->sources.empty()); // the datasheet figures behind the peaks
}

// The report's numbers as text, worked out by hand from printf's %.2f, %.4g and %.1f rules.
void TestReport::numberTexts_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("si tera") << "si FLOP" << 29261612449792.0 << "29.26 TFLOP";
    QTest::newRow("si kilo rounds") << "si B" << 2048.0 << "2.05 kB";
    QTest::newRow("si negative") << "si FLOP" << -1500.0 << "-1.50 kFLOP";
    QTest::newRow("si below a thousand") << "si B" << 999.0 << "999 B";
    QTest::newRow("si fraction") << "si s" << 0.123456 << "0.1235 s";
    QTest::newRow("si tiny") << "si" << 1e-5 << "1e-05";
    QTest::newRow("si past the last prefix") << "si B" << 1e33 << "1000.00 QB";
    QTest::newRow("si not finite") << "si B" << std::numeric_limits<double>::infinity() << "-";
    QTest::newRow("seconds ms") << "seconds" << 0.0214 << "21.4 ms";
    QTest::newRow("seconds us") << "seconds" << 8.3e-4 << "830 us";
    QTest::newRow("seconds s") << "seconds" << 1.25 << "1.25 s";
    QTest::newRow("seconds ns") << "seconds" << 2.5e-10 << "0.25 ns";
    QTest::newRow("seconds zero") << "seconds" << 0.0 << "0";
    QTest::newRow("percent") << "percent" << 0.456 << "45.6 %";
    QTest::newRow("percent zero") << "percent" << 0.0 << "0.0 %";
    QTest::newRow("percent two digits") << "percent" << 0.00023 << "0.023 %";
    QTest::newRow("percent smaller") << "percent" << 0.0000065 << "0.00065 %";
    QTest::newRow("percent below the floor") << "percent" << 1e-9 << "<0.0001 %";
    QTest::newRow("3 digits") << "g3" << 123.456 << "123";
    QTest::newRow("3 digits small") << "g3" << 0.000123456 << "0.000123";
    QTest::newRow("3 digits large") << "g3" << 1234567.0 << "1.23e+06";
    QTest::newRow("no decimals, a tie to even") << "f0" << 2.5 << "2";
}

void TestReport::numberTexts()
{
    QFETCH(QString, what);
    QFETCH(double, value);
    QFETCH(QString, expected);
    std::string got;
    if (what.startsWith(QLatin1String("si")))
        got = report::siText(value, what.mid(3).toStdString());
    else if (what == QLatin1String("seconds"))
        got = report::secondsText(value);
    else if (what == QLatin1String("percent"))
        got = report::percentText(value);
    else if (what == QLatin1String("g3"))
        got = report::decimalText(value, 3, false);
    else
        got = report::decimalText(value, 0, true);
    QCOMPARE(QString::fromStdString(got), expected);
}

void TestReport::formats_data()
{
    QTest::addColumn<int>("format");
    QTest::addRow("text") << int(report::Format::Text);
    QTest::addRow("markdown") << int(report::Format::Markdown);
    QTest::addRow("csv") << int(report::Format::Csv);
    QTest::addRow("json") << int(report::Format::Json);
    QTest::addRow("html") << int(report::Format::Html);
}

void TestReport::formats()
{
    QFETCH(int, format);
    const auto r = reportOf(kLlama8B, settings(analysis::Phase::Prefill, 2048), "nvidia-h100-sxm");
    const std::string flops = r.total[Kind::Flops]->toString();
    const std::string grouped = formula::grouped(*r.total[Kind::Flops]);
    // Hand-derived matmul FLOPs of the LM head alone at S = 2048: 2 x 2048 x 4096 x 128256.
    const std::string lmHead = formula::toString(Int(2) * 2048 * 4096 * 128256);
    switch (static_cast<report::Format>(format)) {
    case report::Format::Text: {
        const std::string t = report::writeText(r);
        QVERIFY(t.find("total: " + grouped + " FLOPs") != std::string::npos);
        QVERIFY(t.find("layers") != std::string::npos);
        break;
    }
    case report::Format::Markdown: {
        const std::string t = report::writeMarkdown(r);
        QVERIFY(t.rfind("# meta-llama/Llama-3.1-8B", 0) == 0);
        QVERIFY(t.find(grouped) != std::string::npos);
        QVERIFY(t.find("| module") != std::string::npos);
        QVERIFY(t.find("## Conventions") != std::string::npos);
        break;
    }
    case report::Format::Csv: {
        const auto rows = lines(report::writeCsv(r));
        QCOMPARE(rows.size(), r.rows.size() + 1);
        const auto header = csvFields(rows[0]);
        const auto flopsColumn = std::find(header.begin(), header.end(), "flops") - header.begin();
        QCOMPARE(csvFields(rows[1])[static_cast<std::size_t>(flopsColumn)], flops);
        bool lmHeadFound = false;
        for (const auto& line : rows) {
            const auto f = csvFields(line);
            if (f[0] == "lm_head") {
                lmHeadFound = true;
                QCOMPARE(f[static_cast<std::size_t>(flopsColumn) + 1], lmHead); // matmul_flops
            }
        }
        QVERIFY(lmHeadFound);
        break;
    }
    case report::Format::Json: {
        const std::string t = report::writeJson(r);
        const auto j = nlohmann::json::parse(t);
        QCOMPARE(j.at("model").get<std::string>(), std::string("meta-llama/Llama-3.1-8B"));
        QCOMPARE(j.at("hardware").get<std::string>(), std::string("nvidia-h100-sxm"));
        QCOMPARE(jsonNumberAfter(t, "\"total\"", "flops"), flops);
        QCOMPARE(j.at("nodes").size(), r.rows.size());
        QVERIFY(!j.at("formulas").at("entries").empty());
        QVERIFY(!j.at("conventions").empty());
        QVERIFY(!j.at("hardware_profile").at("sources").empty());
        break;
    }
    case report::Format::Html: {
        report::Chart chart;
        chart.title = "A chart";
        chart.svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"5\" "
                    "height=\"5\"/></svg>";
        const std::string t = report::writeHtml(r, { chart });
        QCOMPARE(xmlError(t), QString());
        QVERIFY(t.find(grouped) != std::string::npos);
        QVERIFY(t.find("data-v=\"" + lmHead + "\"") != std::string::npos);
        QVERIFY(t.find("<svg xmlns") != std::string::npos); // embedded, not linked
        QVERIFY(t.find("lmpSort") != std::string::npos); // sorting without a network
        QVERIFY(t.find("http://") == t.find("http://www.w3.org")); // nothing fetched
        QVERIFY(t.find("src=\"http") == std::string::npos);
        QCOMPARE(xmlError(report::writePrintHtml(r, { chart })), QString());
        break;
    }
    default:
        QFAIL("no such format");
    }
}

void TestReport::integersPast64BitsRoundTrip()
{
    // Llama-3.1-8B over 2^24 sequences of 2^26 tokens: about 2^50 tokens, some 10^27 FLOPs, far past 2^64.
    const auto r = reportOf(kLlama8B, settings(analysis::Phase::Prefill, Int(1) << 26, 0, Int(1) << 24));
    const Number total = *r.total[Kind::Flops];
    QVERIFY(total.isInteger());
    QVERIFY(total.toInteger() > (Int(1) << 64));
    const std::string exact = total.toString();
    // The LM head alone, by hand: 2 x 2^50 x 4096 x 128256 matmul FLOPs.
    const Int lmHead = Int(2) * (Int(1) << 50) * 4096 * 128256;
    const std::string json = report::writeJson(r);
    QCOMPARE(jsonNumberAfter(json, "\"total\"", "flops"), exact);
    QCOMPARE(jsonNumberAfter(json, "\"name\": \"lm_head\"", "matmul_flops"), formula::toString(lmHead));
    const auto rows = lines(report::writeCsv(r));
    QCOMPARE(csvFields(rows[1])[2], exact);
    QVERIFY(report::writeHtml(r).find("data-v=\"" + exact + "\"") != std::string::npos);
    QVERIFY(report::writeMarkdown(r).find(formula::grouped(total)) != std::string::npos);
}

void TestReport::unknownStaysUnknown()
{
    // A module dump whose norms lack hidden_size: their figures and so the totals are unknown.
    const auto model = loadModel(QStringLiteral(LMP_TEST_DATA_DIR "/tiny_llama_module_dump.json"));
    const auto s = settings(analysis::Phase::Prefill, 4);
    const auto result = analysis::analyze(model->tree, *workspace().library, s);
    const auto r = report::makeReport(*model, *workspace().library, s, nullptr, result);
    QVERIFY(!r.total[Kind::Flops]);
    QVERIFY(!r.complete);
    QVERIFY(!r.warnings.empty());
    const auto j = nlohmann::json::parse(report::writeJson(r));
    QVERIFY(j.at("total").at("flops").is_null());
    QVERIFY(j.at("total").at("traffic_bytes").is_null());
    const auto rows = lines(report::writeCsv(r));
    QCOMPARE(csvFields(rows[1])[2], std::string()); // empty, not 0
    QVERIFY(report::writeText(r).find("total: - FLOPs (- in matmuls)") != std::string::npos);
    const std::string html = report::writeHtml(r);
    QVERIFY(html.find("<td class=\"u\" data-v=\"\" title=\"unknown\">-</td>") != std::string::npos);
    QVERIFY(html.find("- (unknown)") != std::string::npos);
    // The q_proj that binds: Linear(8, 8) over 4 tokens, 2 x 4 x 8 x 8 = 512 FLOPs, known in every form.
    QVERIFY(j.dump().find("512") != std::string::npos);
    const auto q = std::find_if(r.rows.begin(), r.rows.end(),
        [](const report::Row& row) { return row.name == "model.layers.0.self_attn.q_proj"; });
    QVERIFY(q != r.rows.end());
    QCOMPARE(q->figures[Kind::Flops]->toString(), std::string("512"));
    // A comparison against it keeps the unknown unknown: no difference, no ratio.
    const auto c = report::compare(r, r);
    const auto d = c.total(report::Metric::Flops);
    QVERIFY(!d.a && !d.b && !d.difference && !d.ratio);
    QVERIFY(nlohmann::json::parse(report::writeJson(c)).at("total").at("flops").at("ratio").is_null());
}

void TestReport::compareWeightDtypesInDecode()
{
    // Llama-3.1-8B decoding one token after 2,047: bf16 weights against fp8 weights.
    auto s = settings(analysis::Phase::Decode, 1, 2047);
    s.checkpointWeights = false;
    s.weightDtype = analysis::Dtype::BF16;
    const auto a = reportOf(kLlama8B, s);
    s.weightDtype = analysis::Dtype::FP8;
    const auto b = reportOf(kLlama8B, s);
    const auto c = report::compare(a, b);
    // 8,030,261,248 parameters x 2 bytes, then x 1 byte: the weight bytes halve exactly.
    const auto weights = report::delta(c.a.weightBytes, c.b.weightBytes);
    QCOMPARE(weights.a->toString(), std::string("16060522496"));
    QCOMPARE(weights.b->toString(), std::string("8030261248"));
    QCOMPARE(weights.difference->toString(), std::string("-8030261248"));
    QCOMPARE(*weights.ratio, 0.5);
    // The arithmetic does not change: FLOPs equal, ratio exactly 1.
    const auto flops = c.total(report::Metric::Flops);
    QCOMPARE(flops.difference->toString(), std::string("0"));
    QCOMPARE(*flops.ratio, 1.0);
    // lm_head reads its 4096 x 128256 weights once: half the bytes in fp8; the activations read stay.
    const auto head = std::find_if(c.rows.begin(), c.rows.end(), [](const auto& r) { return r.name == "lm_head"; });
    QVERIFY(head != c.rows.end());
    const auto reads = c.row(*head, report::Metric::Reads);
    QCOMPARE(reads.a->toInteger() - reads.b->toInteger(), Int(4096) * 128256 * (2 - 1));
    QVERIFY(c.labelA.find("weights bf16") != std::string::npos);
    QVERIFY(c.labelB.find("weights fp8") != std::string::npos);
}

void TestReport::compareDevicesInPrefill()
{
    // Prefill of 2,048 tokens on an A100 80GB (A) and an H100 SXM (B). Where a module is compute-bound on both and
    // does matrix work only, the time ratio is the ratio of the bf16 matrix peaks, read here from the profiles.
    auto peak = [](const char* id) {
        QFile f(QStringLiteral(":/lmp/hardware/%1.json").arg(QLatin1String(id)));
        if (!f.open(QIODevice::ReadOnly))
            qFatal("no profile %s", id);
        return nlohmann::json::parse(f.readAll().toStdString()).at("matrix_flops").at("bf16").get<double>();
    };
    const double expected = peak("nvidia-h100-sxm") / peak("nvidia-a100-80gb"); // time A / time B
    const auto s = settings(analysis::Phase::Prefill, 2048);
    const auto c = report::compare(reportOf(kLlama8B, s, "nvidia-a100-80gb"), reportOf(kLlama8B, s, "nvidia-h100-sxm"));
    int checked = 0;
    for (const auto& row : c.rows) {
        if (!row.a || !row.b)
            continue;
        const auto& ra = c.a.rows[*row.a];
        const auto& rb = c.b.rows[*row.b];
        if (ra.classPath != "torch.nn.Linear" || ra.bound != analysis::Bound::Compute
            || rb.bound != analysis::Bound::Compute)
            continue;
        // No bias: all FLOPs are matmul FLOPs.
        QCOMPARE(ra.figures[Kind::Flops]->toString(), ra.figures[Kind::MatmulFlops]->toString());
        // The roofline bounds scale with the peaks; the expected times also with each device's fitted efficiency.
        QVERIFY2(std::abs(ra.roofline / rb.roofline - expected) < 1e-9 * expected, row.name.c_str());
        const auto d = c.row(row, report::Metric::Seconds);
        QVERIFY(d.ratio && *d.ratio < 1.0);
        ++checked;
    }
    QVERIFY(checked >= 7); // the seven projections of a layer and the LM head
    QVERIFY(c.labelA.find("A100") != std::string::npos);
    // FLOPs do not depend on the device.
    QCOMPARE(*c.total(report::Metric::Flops).ratio, 1.0);
}

void TestReport::compareTwoModels()
{
    const auto s = settings(analysis::Phase::Prefill, 128);
    const auto c = report::compare(reportOf(kLlama8B, s), reportOf(QStringLiteral("meta-llama/Llama-3.1-405B"), s));
    // The layer runs match by name: layers.0-31 against layers.0-125.
    const auto layers =
        std::find_if(c.rows.begin(), c.rows.end(), [](const auto& r) { return r.name == "model.layers.0"; });
    QVERIFY(layers != c.rows.end());
    QVERIFY(layers->a && layers->b);
    QCOMPARE(QString::fromStdString(layers->label), QStringLiteral("0-31 | 0-125"));
    QCOMPARE(static_cast<long long>(c.b.rows[*layers->b].repeat), 126LL);
    QVERIFY(c.labelA.find("Llama-3.1-8B") != std::string::npos);
    QVERIFY(c.labelB.find("Llama-3.1-405B") != std::string::npos);
    // Parameters: the published totals (SOURCES.md: 8,030,261,248 and 405,853,388,800).
    const auto params = c.total(report::Metric::Params);
    QCOMPARE(params.a->toString(), std::string("8030261248"));
    QCOMPARE(params.b->toString(), std::string("405853388800"));
    QCOMPARE(params.difference->toString(), std::string("397823127552"));
}

void TestReport::compareWriters()
{
    auto s = settings(analysis::Phase::Decode, 1, 2047);
    s.checkpointWeights = false;
    const auto a = reportOf(kLlama8B, s, "nvidia-h100-sxm");
    s.weightDtype = analysis::Dtype::FP8;
    const auto c = report::compare(a, reportOf(kLlama8B, s, "nvidia-h100-sxm"));
    const std::string text = report::writeText(c);
    QVERIFY(text.find("weight bytes") != std::string::npos);
    QVERIFY(text.find("0.5x") != std::string::npos);
    const auto j = nlohmann::json::parse(report::writeJson(c));
    QCOMPARE(j.at("total").at("weight_bytes").at("ratio").get<double>(), 0.5);
    QCOMPARE(j.at("nodes").size(), c.rows.size());
    const auto rows = lines(report::writeCsv(c));
    QCOMPARE(rows.size(), c.rows.size() + 1);
    QCOMPARE(xmlError(report::writeHtml(c)), QString());
    QVERIFY(report::writeHtml(c).find("16,060,522,496") != std::string::npos);
    QVERIFY(report::writeMarkdown(c).find("| total") != std::string::npos);
}

void TestReport::sweepMeaning_data()
{
    QTest::addColumn<int>("basePhase");
    QTest::addColumn<int>("axis");
    QTest::addColumn<int>("phase");
    QTest::addColumn<QString>("expected"); // batch seq past at x = 100
    const int prefill = int(analysis::Phase::Prefill);
    const int decode = int(analysis::Phase::Decode);
    const int seq = int(analysis::SweepAxis::Seq);
    const int batch = int(analysis::SweepAxis::Batch);
    const int past = int(analysis::SweepAxis::Past);
    // Base: a prefill of 512 tokens, batch 4; or a decode step of 1 token after 700 cached, batch 4.
    QTest::addRow("prefill base, seq, prefill") << prefill << seq << prefill << "4 100 0";
    QTest::addRow("prefill base, seq, decode") << prefill << seq << decode << "4 1 99";
    QTest::addRow("prefill base, batch, prefill") << prefill << batch << prefill << "100 512 0";
    QTest::addRow("prefill base, batch, decode") << prefill << batch << decode << "100 1 512";
    QTest::addRow("prefill base, past, prefill") << prefill << past << prefill << "4 512 100";
    QTest::addRow("prefill base, past, decode") << prefill << past << decode << "4 1 100";
    QTest::addRow("decode base, seq, decode") << decode << seq << decode << "4 1 99";
    QTest::addRow("decode base, batch, decode") << decode << batch << decode << "100 1 700";
    QTest::addRow("decode base, past, decode") << decode << past << decode << "4 1 100";
    QTest::addRow("decode base, past, prefill") << decode << past << prefill << "4 700 100";
}

void TestReport::sweepMeaning()
{
    QFETCH(int, basePhase);
    QFETCH(int, axis);
    QFETCH(int, phase);
    QFETCH(QString, expected);
    const auto base = static_cast<analysis::Phase>(basePhase) == analysis::Phase::Prefill
        ? settings(analysis::Phase::Prefill, 512, 0, 4)
        : settings(analysis::Phase::Decode, 1, 700, 4);
    const auto s = analysis::sweepPointSettings(
        base, static_cast<analysis::SweepAxis>(axis), static_cast<analysis::Phase>(phase), 100);
    QCOMPARE(
        QStringLiteral("%1 %2 %3")
            .arg(QString::fromStdString(formula::toString(s.batch)), QString::fromStdString(formula::toString(s.seq)),
                QString::fromStdString(formula::toString(s.past))),
        expected);
    QCOMPARE(s.phase, static_cast<analysis::Phase>(phase));
}

void TestReport::pastInPrefillContinuesThePrompt()
{
    // A prefill of 128 tokens after 1,000 cached attends 1,128 keys per query: in Llama-3.1-8B's 32 layers, the
    // two attention products grow by 2 x 2 x 32 heads x 128 x 1,000 x 128 FLOPs each layer.
    const auto model = loadModel(kLlama8B);
    const auto fresh = analysis::analyze(model->tree, *workspace().library, settings(analysis::Phase::Prefill, 128));
    const auto continued =
        analysis::analyze(model->tree, *workspace().library, settings(analysis::Phase::Prefill, 128, 1000));
    const Int grow = continued.node(model->tree.root()).inclusive[Kind::MatmulFlops]->toInteger()
        - fresh.node(model->tree.root()).inclusive[Kind::MatmulFlops]->toInteger();
    QCOMPARE(formula::toString(grow), formula::toString(Int(32) * 2 * 2 * 32 * 128 * 1000 * 128));
    // The sweep over cached tokens in prefill runs exactly that analysis.
    const auto samples = analysis::runSweep(model->tree, *workspace().library, settings(analysis::Phase::Prefill, 128),
        nullptr, analysis::SweepAxis::Past, { 0, 1000 }, { analysis::Phase::Prefill });
    QCOMPARE(samples.size(), std::size_t(2));
    QCOMPARE(samples[1].total[Kind::MatmulFlops]->toString(),
        continued.node(model->tree.root()).inclusive[Kind::MatmulFlops]->toString());
    // Settings from options accept --past in prefill and refuse it in training.
    auto parsed = analysis::settingsFromOptions({ { "phase", "prefill" }, { "past", "1000" } });
    QCOMPARE(static_cast<long long>(std::get<analysis::Settings>(parsed).past), 1000LL);
    parsed = analysis::settingsFromOptions({ { "phase", "train" }, { "past", "5" } });
    QVERIFY(std::holds_alternative<std::string>(parsed));
}

// A sweep split across threads gives the samples one thread gives, point for point, and each is analyze()'s.
void TestReport::sweepThreadsAgree()
{
    const auto model = loadModel(kLlama8B);
    const hardware::Profile* hw = workspace().catalogue.find("nvidia-h100-sxm");
    QVERIFY(hw);
    std::vector<Int> xs;
    for (Int x = 1; x <= 600; ++x)
        xs.push_back(7 * x);
    const std::vector<analysis::Phase> phases { analysis::Phase::Prefill, analysis::Phase::Decode };
    const auto base = settings(analysis::Phase::Prefill, 128);
    const auto one =
        analysis::runSweep(model->tree, *workspace().library, base, hw, analysis::SweepAxis::Seq, xs, phases, 1);
    QCOMPARE(one.size(), xs.size() * 2);
    auto text = [](const analysis::SweepSample& s) {
        std::string out = formula::toString(s.x) + " " + std::to_string(static_cast<int>(s.phase));
        for (Kind k : formula::kAllKinds)
            out += " " + (s.total[k] ? s.total[k]->toString() : std::string("?"));
        for (const auto& n : { s.kvCacheBytes, s.stateBytes, s.footprintBytes })
            out += " " + (n ? n->toString() : std::string("?"));
        char times[64];
        std::snprintf(times, sizeof times, " %a %a %d", s.seconds, s.roofline, int(s.complete));
        return out + times;
    };
    for (const unsigned threads : { 3u, 8u, 0u }) {
        const auto split = analysis::runSweep(
            model->tree, *workspace().library, base, hw, analysis::SweepAxis::Seq, xs, phases, threads);
        QCOMPARE(split.size(), one.size());
        for (std::size_t i = 0; i < one.size(); ++i)
            QCOMPARE(text(split[i]), text(one[i]));
    }
    for (const std::size_t i : { std::size_t(0), std::size_t(599), std::size_t(1199) }) {
        const auto r = analysis::analyze(model->tree, *workspace().library, one[i].settings, hw);
        QCOMPARE(one[i].total[Kind::Flops]->toString(), r.node(model->tree.root()).inclusive[Kind::Flops]->toString());
        QCOMPARE(one[i].seconds, r.expectedSeconds);
    }
    QCOMPARE(one[1199].x, Int(4200));
    QCOMPARE(one[1199].phase, analysis::Phase::Decode);
}

void TestReport::sweepValuesParse_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("expected"); // values, or "error"
    QTest::addRow("list") << "128,256,512"
                          << "128 256 512";
    QTest::addRow("range") << "0:10:5"
                           << "0 5 10";
    QTest::addRow("range, uneven end") << "1:10:4"
                                       << "1 5 9";
    QTest::addRow("not a number") << "128,abc"
                                  << "error";
    QTest::addRow("negative") << "-1"
                              << "error";
    QTest::addRow("zero step") << "1:10:0"
                               << "error";
    QTest::addRow("too many points") << "0:1000000:1"
                                     << "error";
    QTest::addRow("past 2^30") << "2000000000"
                               << "error";
}

void TestReport::sweepValuesParse()
{
    QFETCH(QString, spec);
    QFETCH(QString, expected);
    const auto parsed = analysis::parseSweepValues(spec.toStdString());
    if (expected == QStringLiteral("error")) {
        QVERIFY(std::holds_alternative<std::string>(parsed));
        QVERIFY(std::get<std::string>(parsed).find(spec.toStdString()) != std::string::npos);
        return;
    }
    QStringList got;
    for (const Int v : std::get<std::vector<Int>>(parsed))
        got << QString::fromStdString(formula::toString(v));
    QCOMPARE(got.join(QLatin1Char(' ')), expected);
}

void TestReport::formatFromFileName()
{
    QCOMPARE(report::formatFromFileName("out/report.HTML"), std::optional(report::Format::Html));
    QCOMPARE(report::formatFromFileName("a.md"), std::optional(report::Format::Markdown));
    QCOMPARE(report::formatFromFileName("a.pdf"), std::optional(report::Format::Pdf));
    QCOMPARE(report::formatFromFileName("dir.v2/report"), std::optional<report::Format>());
    QCOMPARE(report::formatFromFileName("report.docx"), std::optional<report::Format>());
}

QTEST_GUILESS_MAIN(TestReport)
#include "tst_report.moc"
