// SPDX-License-Identifier: GPL-3.0-or-later
#include "compareview.h"

#include "analysis/breakdown.h"
#include "analysisrunner.h"
#include "chartutil.h"
#include "comparemodel.h"
#include "format.h"
#include "model/modelconfig.h"
#include "reportpdf.h"
#include "settingspanel.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QResizeEvent>
#include <QSaveFile>
#include <QScrollArea>
#include <QShowEvent>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QThread>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <map>

namespace lmp::widgets {

using analysis::Kind;
using formula::Number;
using report::Metric;

namespace {

constexpr std::size_t kMaxBars = 12;
const QColor kColorA(0x4e, 0x79, 0xa7);
const QColor kColorB(0xf2, 0x8e, 0x2b);
const QString kUnknown = QStringLiteral("\u2013");

std::optional<double> classValue(const analysis::ClassShare& share, Metric metric)
{
    auto value = [&](Kind kind) -> std::optional<double> {
        if (!share.self[kind])
            return std::nullopt;
        return share.self[kind]->toDouble();
    };
    switch (metric) {
    case Metric::Flops:
        return value(Kind::Flops);
    case Metric::MatmulFlops:
        return value(Kind::MatmulFlops);
    case Metric::Reads:
        return value(Kind::Reads);
    case Metric::Writes:
        return value(Kind::Writes);
    case Metric::Intermediates:
        return value(Kind::Intermediates);
    case Metric::Traffic:
        if (const auto bytes = analysis::trafficBytes(share.self))
            return bytes->toDouble();
        return std::nullopt;
    case Metric::Params:
        return value(Kind::Params);
    case Metric::Seconds:
        return share.seconds;
    }
    return std::nullopt;
}

std::string readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = f.readAll();
    return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

QString hardwareIdOf(const SnapshotPtr& snapshot)
{
    return snapshot && snapshot->hardware ? QString::fromStdString(snapshot->hardware->id) : QString();
}

QString text(const std::string& s)
{
    return QString::fromStdString(s);
}

QString number(std::int64_t n)
{
    return QString::number(static_cast<qlonglong>(n));
}

QString phaseText(analysis::Phase phase)
{
    switch (phase) {
    case analysis::Phase::Prefill:
        return CompareView::tr("prefill");
    case analysis::Phase::Decode:
        return CompareView::tr("decode");
    case analysis::Phase::Train:
        return CompareView::tr("training step");
    }
    return {};
}

QString weightsText(const report::Report& r)
{
    if (r.storedWeights.empty())
        return text(std::string(analysis::dtypeName(r.settings.weightDtype)));
    // "bf16 weights" (a checkpoint that is not quantized) in the window's language; a quantization's description is
    // the engine's.
    static const QRegularExpression plain(QStringLiteral("^(\\S+) weights$"));
    const QRegularExpressionMatch m = plain.match(text(r.storedWeights));
    return CompareView::tr("as stored (%1)")
        .arg(m.hasMatch() ? CompareView::tr("%1 weights").arg(m.captured(1)) : text(r.storedWeights));
}

// A line of the header: the model and every setting, the device included (report::Report::settingsLine in the
// window's language).
QString sideLine(const report::Report& r)
{
    const analysis::Settings& s = r.settings;
    const bool fused = s.execution == analysis::Execution::Fused;
    const std::int64_t past = s.phase == analysis::Phase::Train ? 0 : static_cast<std::int64_t>(s.past);
    QString line =
        CompareView::tr("%1, batch %2, %3 new tokens, %4 cached; weights %5, activations %6, KV cache %7")
            .arg(phaseText(s.phase), number(s.batch), number(s.seq), number(past), weightsText(r),
                text(std::string(analysis::dtypeName(s.actDtype))), text(std::string(analysis::dtypeName(s.kvDtype))));
    line += QStringLiteral("; ")
        + (s.eagerAttention && !fused ? CompareView::tr("eager attention") : CompareView::tr("fused attention"));
    line += QStringLiteral("; ") + (fused ? CompareView::tr("fused execution") : CompareView::tr("eager execution"));
    if (s.tf32 && s.actDtype == analysis::Dtype::FP32)
        line += QStringLiteral(", TF32");
    if (s.causalHalf)
        line += QStringLiteral(", ") + CompareView::tr("causal half");
    if (s.logitsLastOnly)
        line += QStringLiteral(", ") + CompareView::tr("logits of the last position");
    if (s.images > 0)
        line += QStringLiteral("; ")
            + CompareView::tr("%n image(s) of %1x%2", nullptr, static_cast<int>(s.images))
                  .arg(number(s.imageWidth), number(s.imageHeight));
    if (r.hardware)
        line += QStringLiteral("; ") + text(r.hardware->name);
    return text(r.model) + QStringLiteral(" · ") + line;
}

// What tells the sides apart, as report::compare's labels: the model, then each setting that differs.
std::pair<QString, QString> translatedSideLabels(const report::Report& a, const report::Report& b)
{
    QStringList la, lb;
    const auto differ = [&](const QString& x, const QString& y) {
        if (x != y) {
            la << x;
            lb << y;
        }
    };
    differ(text(a.model), text(b.model));
    const auto& s = a.settings;
    const auto& t = b.settings;
    differ(phaseText(s.phase), phaseText(t.phase));
    differ(CompareView::tr("batch %1").arg(number(s.batch)), CompareView::tr("batch %1").arg(number(t.batch)));
    differ(CompareView::tr("%1 new").arg(number(s.seq)), CompareView::tr("%1 new").arg(number(t.seq)));
    differ(CompareView::tr("%1 cached").arg(number(s.past)), CompareView::tr("%1 cached").arg(number(t.past)));
    differ(CompareView::tr("weights %1").arg(weightsText(a)), CompareView::tr("weights %1").arg(weightsText(b)));
    differ(CompareView::tr("%1 activations").arg(text(std::string(analysis::dtypeName(s.actDtype)))),
        CompareView::tr("%1 activations").arg(text(std::string(analysis::dtypeName(t.actDtype)))));
    differ(CompareView::tr("%1 KV cache").arg(text(std::string(analysis::dtypeName(s.kvDtype)))),
        CompareView::tr("%1 KV cache").arg(text(std::string(analysis::dtypeName(t.kvDtype)))));
    const auto attention = [](const analysis::Settings& x) {
        return x.eagerAttention ? CompareView::tr("eager attention") : CompareView::tr("fused attention");
    };
    differ(attention(s), attention(t));
    const auto causal = [](const analysis::Settings& x) {
        return x.causalHalf ? CompareView::tr("causal half") : CompareView::tr("causal full");
    };
    differ(causal(s), causal(t));
    const auto logits = [](const analysis::Settings& x) {
        return x.logitsLastOnly ? CompareView::tr("last logits") : CompareView::tr("all logits");
    };
    differ(logits(s), logits(t));
    differ(CompareView::tr("%n image(s)", nullptr, static_cast<int>(s.images)),
        CompareView::tr("%n image(s)", nullptr, static_cast<int>(t.images)));
    differ(a.hardware ? text(a.hardware->name) : CompareView::tr("no device"),
        b.hardware ? text(b.hardware->name) : CompareView::tr("no device"));
    return { la.isEmpty() ? text(a.model) : la.join(QStringLiteral(", ")),
        lb.isEmpty() ? CompareView::tr("%1 (the same)").arg(text(b.model)) : lb.join(QStringLiteral(", ")) };
}

QTableWidgetItem* cell(const QString& text, const QString& tooltip = {}, bool number = true)
{
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (!tooltip.isEmpty())
        item->setToolTip(tooltip);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

CompareView::CompareView(std::shared_ptr<const analysis::Workspace> workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(std::move(workspace))
    , m_runner(new AnalysisRunner(m_workspace, this))
    , m_model(new CompareModel(this))
    , m_headerA(new QLabel(this))
    , m_headerB(new QLabel(this))
    , m_error(new QLabel(this))
    , m_busy(new QLabel(tr("Analysing side B…"), this))
    , m_modelBox(new QComboBox(this))
    , m_panel(new SettingsPanel(this))
    , m_swap(new QPushButton(tr("Swap A and B"), this))
    , m_reset(new QPushButton(tr("Reset B to A"), this))
    , m_export(new QPushButton(tr("Export…"), this))
    , m_metricBox(new QComboBox(this))
    , m_totals(new QTableWidget(this))
    , m_tree(new QTreeView(this))
    , m_plot(new QCustomPlot(this))
{
    // Header: the two sides, the metric and the actions.
    for (QLabel* label : { m_headerA, m_headerB }) {
        label->setTextFormat(Qt::RichText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setWordWrap(true);
    }
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("QLabel { background: #fdecea; color: #8a1f11; padding: 3px; }"));
    m_error->hide();
    m_busy->setStyleSheet(QStringLiteral("QLabel { color: #606060; }"));
    m_busy->hide();
    for (const Metric metric : report::kAllMetrics)
        m_metricBox->addItem(CompareModel::metricTitle(metric), static_cast<int>(metric));
    m_metricBox->setToolTip(
        tr("The figure the tree and the bar chart compare. Memory traffic counts reads, "
           "writes and each intermediate twice; time is the expected time (the roofline bound with the time "
           "model's efficiencies and launch costs)."));
    m_swap->setToolTip(tr("Make B the window's analysis and A side B"));
    m_reset->setToolTip(tr("Set side B's model and settings to side A's, to change one thing from there"));
    m_export->setToolTip(tr("Write the comparison as HTML, Markdown, CSV, JSON, text or PDF, or the bar chart as "
                            "PNG or SVG"));

    auto* sides = new QVBoxLayout;
    sides->setSpacing(1);
    sides->addWidget(m_headerA);
    sides->addWidget(m_headerB);
    auto* actions = new QHBoxLayout;
    actions->addWidget(new QLabel(tr("Metric:"), this));
    actions->addWidget(m_metricBox);
    actions->addSpacing(8);
    actions->addWidget(m_swap);
    actions->addWidget(m_reset);
    actions->addWidget(m_export);
    actions->addStretch(1);
    // The actions on top, the two sides under them at the full width (a dock may be narrow).
    auto* header = new QVBoxLayout;
    header->setSpacing(2);
    header->addLayout(actions);
    header->addLayout(sides);

    // Side B's form: a model and the analysis settings.
    auto* form = new QWidget(this);
    auto* formLayout = new QVBoxLayout(form);
    formLayout->setContentsMargins(4, 4, 4, 4);
    auto* title = new QLabel(tr("<b>Side B</b>"), form);
    auto* modelLabel = new QLabel(tr("&Model:"), form);
    modelLabel->setBuddy(m_modelBox);
    m_modelBox->setParent(form);
    m_modelBox->setEditable(true);
    m_modelBox->setInsertPolicy(QComboBox::NoInsert);
    m_modelBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_modelBox->setMinimumContentsLength(16);
    m_modelBox->setToolTip(tr("Side B's model: the window's, a recent one, the built-in catalogue, or a model id, "
                              "config.json or folder typed here (Enter analyses it)."));
    m_panel->setParent(form);
    m_panel->layout()->setContentsMargins(0, 0, 0, 0);
    formLayout->addWidget(title);
    formLayout->addWidget(modelLabel);
    formLayout->addWidget(m_modelBox);
    formLayout->addWidget(m_panel);
    formLayout->addWidget(m_busy);
    formLayout->addStretch(1);
    auto* formScroll = new QScrollArea(this);
    formScroll->setWidget(form);
    formScroll->setWidgetResizable(true);
    formScroll->setFrameShape(QFrame::NoFrame);
    formScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    formScroll->setMinimumWidth(form->sizeHint().width() + 16);

    // Totals.
    m_totals->setColumnCount(5);
    m_totals->setHorizontalHeaderLabels(
        { tr("Total"), tr("A"), tr("B"), QStringLiteral("B \u2212 A"), QStringLiteral("B / A") });
    m_totals->verticalHeader()->hide();
    m_totals->verticalHeader()->setDefaultSectionSize(m_totals->fontMetrics().height() + 6);
    m_totals->horizontalHeader()->setStretchLastSection(true);
    m_totals->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_totals->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_totals->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_totals->setAlternatingRowColors(true);
    m_totals->setWordWrap(false);

    // The tree: module order, sortable by the raw figures.
    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(CompareModel::SortRole);
    m_tree->setModel(proxy);
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(CompareModel::NameColumn, Qt::AscendingOrder);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(false);

    // The bar chart.
    applyChartStyle(m_plot);
    const TitleRows rows = addTitleRows(m_plot);
    m_title = rows.headline;
    m_details = rows.details;
    m_plot->yAxis->setRangeReversed(true); // the largest class on top
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->yAxis->setTickLength(0, 2);
    m_plot->yAxis->setSubTicks(false);
    m_plot->xAxis->setTicker(QSharedPointer<SiTicker>(new SiTicker));
    m_plot->xAxis->setPadding(4);
    m_plot->legend->setVisible(true);
    m_plot->legend->setFont(chartFont(8));
    m_plot->legend->setRowSpacing(0);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    m_plot->installEventFilter(this);
    m_group = new QCPBarsGroup(m_plot);
    m_group->setSpacingType(QCPBarsGroup::stAbsolute);
    m_group->setSpacing(1);

    // The totals as tall as their rows, the tree under them.
    auto* tables = new QWidget(this);
    auto* tablesLayout = new QVBoxLayout(tables);
    tablesLayout->setContentsMargins(0, 0, 0, 0);
    tablesLayout->setSpacing(4);
    tablesLayout->addWidget(m_totals);
    tablesLayout->addWidget(m_tree, 1);
    m_tree->setMinimumHeight(120);
    // The figures and the chart as tabs beside the form: each gets the whole width, so both read well in a dock
    // of any size.
    m_pages = new QTabWidget(this);
    m_pages->setDocumentMode(true);
    m_pages->addTab(tables, tr("&Figures"));
    m_pages->addTab(m_plot, tr("C&hart"));
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(formScroll);
    splitter->addWidget(m_pages);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({ 260, 1000 });
    formScroll->setMaximumWidth(340);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(m_error);
    layout->addWidget(splitter, 1);

    std::vector<std::pair<std::string, std::string>> devices;
    devices.emplace_back(std::string(), tr("(none: no time estimates)").toStdString());
    for (const auto& p : m_workspace->catalogue.profiles())
        devices.emplace_back(p.id, p.name);
    m_panel->setHardwareChoices(devices);

    connect(m_runner, &AnalysisRunner::finished, this, &CompareView::bFinished);
    connect(m_runner, &AnalysisRunner::failed, this, &CompareView::bFailed);
    connect(m_runner, &AnalysisRunner::busyChanged, m_busy, &QLabel::setVisible);
    connect(m_panel, &SettingsPanel::settingsChanged, this, &CompareView::requestSideB);
    connect(m_modelBox, &QComboBox::activated, this, [this] { requestSideB(); });
    connect(m_modelBox->lineEdit(), &QLineEdit::returnPressed, this, [this] { requestSideB(); });
    connect(m_metricBox, &QComboBox::activated, this,
        [this](int index) { setMetric(static_cast<Metric>(m_metricBox->itemData(index).toInt())); });
    connect(m_swap, &QPushButton::clicked, this, &CompareView::swapSides);
    connect(m_reset, &QPushButton::clicked, this, &CompareView::resetSideB);
    connect(m_export, &QPushButton::clicked, this, &CompareView::exportDialog);

    m_metricBox->setCurrentIndex(m_metricBox->findData(static_cast<int>(m_metric)));
    m_model->setMetric(m_metric);
    updateModelChoices();
    compareNow();
}

CompareView::~CompareView()
{
    // Hiding the children while they are destroyed ends the model box's editing, which would ask for an analysis.
    for (QObject* sender : { static_cast<QObject*>(m_modelBox), static_cast<QObject*>(m_modelBox->lineEdit()),
             static_cast<QObject*>(m_panel), static_cast<QObject*>(m_runner) })
        sender->disconnect(this);
}

void CompareView::setWorkspace(std::shared_ptr<const analysis::Workspace> workspace)
{
    m_workspace = std::move(workspace);
    m_runner->setWorkspace(m_workspace);
}

std::optional<hardware::Profile> CompareView::profileFor(const std::string& id) const
{
    if (const auto* p = m_workspace->catalogue.find(id))
        return *p;
    return std::nullopt;
}

void CompareView::setCurrentAnalysis(SnapshotPtr snapshot, const QString& source)
{
    if (!snapshot)
        return;
    const bool libraryChanged = m_b && m_b->library != snapshot->library;
    m_runner->setLibrary(snapshot->library);
    m_a = std::move(snapshot);
    m_aSource = source.isEmpty() ? m_a->model->name : source;
    if (!m_formFilled) {
        // B starts as a copy of A: change one thing in the form to see what it does.
        m_formFilled = true;
        m_b = m_a;
        m_bLoadedSource = m_aSource;
        updateModelChoices();
        m_modelBox->setCurrentIndex(0);
        m_modelBox->setEditText(m_aSource);
        const QSignalBlocker blocker(m_panel);
        m_panel->setSettings(m_a->settings);
        m_panel->setHardwareId(hardwareIdOf(m_a).toStdString());
        m_lastRequest = Request { m_aSource, m_a->settings, hardwareIdOf(m_a).toStdString() };
    } else {
        updateModelChoices();
    }
    if (libraryChanged)
        request(true); // the database changed: both sides use the same formulas
    // A hidden view (its dock closed) compares when it is shown.
    if (isVisible())
        compareNow();
    else
        m_stale = true;
}

void CompareView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale)
        compareNow();
}

void CompareView::setRecentModels(const QStringList& recent)
{
    if (recent == m_recent)
        return;
    m_recent = recent;
    updateModelChoices();
}

void CompareView::updateModelChoices()
{
    const QString text = m_modelBox->currentText();
    const QSignalBlocker blocker(m_modelBox);
    m_modelBox->clear();
    QStringList seen;
    auto add = [&](const QString& source) {
        if (source.isEmpty() || seen.contains(source))
            return;
        seen << source;
        m_modelBox->addItem(source, source);
    };
    add(m_aSource);
    for (const QString& source : m_recent)
        add(source);
    if (m_modelBox->count() > 0)
        m_modelBox->insertSeparator(m_modelBox->count());
    for (const QString& id : model::builtinModelIds())
        add(id);
    m_modelBox->setEditText(text);
}

QString CompareView::sideBSource() const
{
    return m_modelBox->currentText().trimmed();
}

void CompareView::setSideB(const QString& source, const analysis::Settings& settings, const std::string& hardwareId)
{
    m_formFilled = true;
    {
        const QSignalBlocker blocker(m_panel);
        m_panel->setSettings(settings);
        m_panel->setHardwareId(hardwareId);
    }
    m_modelBox->setEditText(source);
    requestSideB();
}

void CompareView::requestSideB()
{
    request(false);
}

void CompareView::request(bool force)
{
    const QString source = sideBSource();
    if (source.isEmpty()) {
        showError(tr("Side B needs a model: choose one or type a model id, a config.json or a folder."));
        return;
    }
    const analysis::Settings settings = m_panel->settings();
    const auto hardware = profileFor(m_panel->hardwareId());
    // The model box reports the end of every edit (focus out too): what was asked for already is not asked again,
    // unless it failed.
    const Request request { source, settings, m_panel->hardwareId() };
    if (!force && m_lastRequest && *m_lastRequest == request && m_error->text().isEmpty())
        return;
    m_lastRequest = request;
    showError({});
    m_bRequestedSource = source;
    if (!m_runner->isOpening()) {
        // A model already read is analysed again; another one is read first.
        if (m_b && source == m_bLoadedSource) {
            m_runner->analyze(m_b->model, settings, hardware);
            return;
        }
        if (m_a && source == m_aSource) {
            m_bLoadedSource = source;
            m_runner->analyze(m_a->model, settings, hardware);
            return;
        }
    }
    m_runner->open(source, settings, hardware);
}

void CompareView::bFinished(const SnapshotPtr& snapshot, bool newModel)
{
    if (newModel)
        m_bLoadedSource = m_bRequestedSource;
    m_b = snapshot;
    showError({});
    compareNow();
    // The form changed while the model was being read: analyse what it says now.
    if (newModel
        && (snapshot->settings != m_panel->settings() || hardwareIdOf(snapshot).toStdString() != m_panel->hardwareId()
            || sideBSource() != m_bLoadedSource))
        request(true);
}

void CompareView::bFailed(const QString& source, const QString& message)
{
    showError(tr("Side B: could not open %1: %2").arg(source, message));
}

void CompareView::showError(const QString& message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

QString CompareView::errorText() const
{
    return m_error->text();
}

bool CompareView::isBusy() const
{
    return m_runner->isBusy();
}

bool CompareView::waitForIdle(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    // The runner delivers from the event loop; a finished model may start one more analysis.
    while (!deadline.hasExpired()) {
        if (!m_runner->waitForIdle(static_cast<int>(std::max<qint64>(1, deadline.remainingTime()))))
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        if (!m_runner->isBusy())
            return true;
        QThread::msleep(1);
    }
    return !m_runner->isBusy();
}

void CompareView::resetSideB()
{
    if (!m_a)
        return;
    setSideB(m_aSource, m_a->settings, hardwareIdOf(m_a).toStdString());
}

void CompareView::swapSides()
{
    if (!m_a || !m_b)
        return;
    const SnapshotPtr oldA = m_a;
    const QString oldASource = m_aSource;
    const QString oldBSource = m_bLoadedSource.isEmpty() ? m_b->model->name : m_bLoadedSource;
    m_a = m_b;
    m_aSource = oldBSource;
    m_b = oldA;
    m_bLoadedSource = oldASource;
    m_bRequestedSource = oldASource;
    {
        const QSignalBlocker blocker(m_panel);
        m_panel->setSettings(oldA->settings);
        m_panel->setHardwareId(hardwareIdOf(oldA).toStdString());
    }
    updateModelChoices();
    m_modelBox->setEditText(oldASource);
    m_lastRequest = Request { oldASource, oldA->settings, hardwareIdOf(oldA).toStdString() };
    compareNow();
    Q_EMIT sideARequested(m_aSource, m_a->settings, hardwareIdOf(m_a));
}

void CompareView::setComparison(SnapshotPtr a, SnapshotPtr b)
{
    m_a = std::move(a);
    m_b = std::move(b);
    if (m_a && m_aSource.isEmpty())
        m_aSource = m_a->model->name;
    if (m_b && m_bLoadedSource.isEmpty())
        m_bLoadedSource = m_b->model->name;
    compareNow();
}

void CompareView::compareNow()
{
    m_stale = false;
    if (m_a && m_b) {
        report::ReportOptions options;
        options.generator = "LM-Predictor " + QCoreApplication::applicationVersion().toStdString();
        auto makeReport = [&](const AnalysisSnapshot& s) {
            return report::makeReport(*s.model, *s.library, s.settings, s.profile(), s.result, options);
        };
        m_comparison = std::make_shared<const report::Comparison>(report::compare(makeReport(*m_a), makeReport(*m_b)));
    } else {
        m_comparison.reset();
    }
    m_model->setComparison(m_comparison);
    if (m_comparison) {
        // The model and its first level open; the columns fit the first comparison, afterwards they are the user's.
        const QModelIndex root = m_tree->model()->index(0, 0);
        m_tree->expand(root);
        m_tree->expand(m_tree->model()->index(0, 0, root));
    }
    if (m_comparison) {
        // The figures' columns fit every comparison; name and class fit the first, afterwards they are the user's.
        for (int c = CompareModel::AColumn; c < CompareModel::NumColumns; ++c)
            m_tree->resizeColumnToContents(c);
    }
    if (m_comparison && !m_columnsSized) {
        m_columnsSized = true;
        m_tree->resizeColumnToContents(CompareModel::NameColumn);
        m_tree->resizeColumnToContents(CompareModel::ClassColumn);
        m_tree->setColumnWidth(
            CompareModel::NameColumn, std::clamp(m_tree->columnWidth(CompareModel::NameColumn) + 24, 120, 220));
        m_tree->setColumnWidth(
            CompareModel::ClassColumn, std::min(m_tree->columnWidth(CompareModel::ClassColumn), 140));
    }
    m_swap->setEnabled(m_a && m_b);
    m_reset->setEnabled(m_a != nullptr);
    m_export->setEnabled(m_comparison != nullptr);
    updateHeader();
    updateTotals();
    rebuildChart();
    Q_EMIT comparisonChanged();
}

void CompareView::updateHeader()
{
    if (!m_comparison) {
        m_headerA->setText(m_a ? tr("<b>A</b> %1").arg(m_a->model->name.toHtmlEscaped())
                               : tr("<b>A</b> the window's analysis (none yet)"));
        m_headerB->setText(tr("<b>B</b> choose a model and settings on the left"));
        return;
    }
    const report::Comparison& c = *m_comparison;
    auto line = [](const QString& side, const QColor& color, const QString& label, const report::Report& r) {
        return QStringLiteral("<span style=\"color:%1\">&#9632;</span> <b>%2</b> %3 <span style=\"color:#606060\">"
                              "(%4)</span>")
            .arg(color.name(), side, label.toHtmlEscaped(), sideLine(r).toHtmlEscaped());
    };
    const auto [labelA, labelB] = translatedSideLabels(c.a, c.b);
    m_headerA->setText(line(tr("A"), kColorA, labelA, c.a));
    m_headerB->setText(line(tr("B"), kColorB, labelB, c.b));
}

QString CompareView::headerText() const
{
    QTextDocument doc;
    doc.setHtml(m_headerA->text() + QStringLiteral("<br>") + m_headerB->text());
    return doc.toPlainText();
}

void CompareView::updateTotals()
{
    m_totals->setRowCount(0);
    if (!m_comparison)
        return;
    const report::Comparison& c = *m_comparison;
    struct Line
    {
        QString name;
        report::Delta delta;
        Metric unit;
    };
    std::vector<Line> lines {
        { tr("FLOPs"), c.total(Metric::Flops), Metric::Flops },
        { tr("Matmul FLOPs"), c.total(Metric::MatmulFlops), Metric::MatmulFlops },
        { tr("Bytes read"), c.total(Metric::Reads), Metric::Reads },
        { tr("Bytes written"), c.total(Metric::Writes), Metric::Writes },
        { tr("Intermediates"), c.total(Metric::Intermediates), Metric::Intermediates },
        { tr("Memory traffic"), c.total(Metric::Traffic), Metric::Traffic },
        { tr("Parameters"), c.total(Metric::Params), Metric::Params },
        { tr("Weight bytes"), report::delta(c.a.weightBytes, c.b.weightBytes), Metric::Reads },
        { tr("KV cache"), report::delta(c.a.kvCacheBytes, c.b.kvCacheBytes), Metric::Reads },
    };
    if (c.a.stateBytes || c.b.stateBytes)
        lines.push_back({ tr("Recurrent state"), report::delta(c.a.stateBytes, c.b.stateBytes), Metric::Reads });
    lines.push_back({ tr("Memory footprint"), report::delta(c.a.footprintBytes, c.b.footprintBytes), Metric::Reads });
    lines.push_back({ tr("Expected time"), c.total(Metric::Seconds), Metric::Seconds });

    m_totals->setRowCount(static_cast<int>(lines.size()));
    for (int r = 0; r < static_cast<int>(lines.size()); ++r) {
        const Line& line = lines[static_cast<std::size_t>(r)];
        const report::Delta& d = line.delta;
        auto value = [&](const std::optional<Number>& n) {
            return n ? cell(CompareModel::metricText(n->toDouble(), line.unit), exactText(*n))
                     : cell(kUnknown, tr("Unknown"));
        };
        m_totals->setItem(r, 0, cell(line.name, {}, false));
        m_totals->setItem(r, 1, value(d.a));
        m_totals->setItem(r, 2, value(d.b));
        QTableWidgetItem* difference = cell(kUnknown, tr("Unknown: a side's figure is unknown."));
        if (d.difference) {
            const double v = d.difference->toDouble();
            const QString sign = v > 0 ? QStringLiteral("+") : v < 0 ? QStringLiteral("\u2212") : QString();
            difference->setText(
                v == 0 ? QStringLiteral("0") : sign + CompareModel::metricText(std::fabs(v), line.unit));
            difference->setToolTip(
                tr("B \u2212 A = %1").arg((v > 0 ? QStringLiteral("+") : QString()) + exactText(*d.difference)));
        }
        QTableWidgetItem* ratio = cell(kUnknown, tr("Unknown, or A is 0"));
        if (d.ratio) {
            ratio->setText(localNumber(*d.ratio, 'f', std::fabs(*d.ratio) >= 100 ? 0 : 3) + QStringLiteral("\u00d7"));
            ratio->setToolTip(tr("B / A = %1").arg(localNumber(*d.ratio, 'g', 12)));
            const QColor color = *d.ratio > 1 + 1e-12 ? QColor(0xb0, 0x32, 0x20)
                : *d.ratio < 1 - 1e-12                ? QColor(0x1e, 0x7b, 0x34)
                                                      : QColor();
            if (color.isValid()) {
                ratio->setForeground(color);
                difference->setForeground(color);
            }
        }
        m_totals->setItem(r, 3, difference);
        m_totals->setItem(r, 4, ratio);
    }
    m_totals->resizeColumnsToContents();
    int height = m_totals->horizontalHeader()->height() + 2 * m_totals->frameWidth();
    for (int r = 0; r < m_totals->rowCount(); ++r)
        height += m_totals->rowHeight(r);
    m_totals->setFixedHeight(height);
}

void CompareView::setMetric(Metric metric)
{
    m_metric = metric;
    m_metricBox->setCurrentIndex(m_metricBox->findData(static_cast<int>(metric)));
    m_model->setMetric(metric);
    for (int c = CompareModel::AColumn; c < CompareModel::NumColumns; ++c)
        m_tree->resizeColumnToContents(c);
    rebuildChart();
}

QString CompareView::barLabel(int index) const
{
    return index >= 0 && index < barCount() ? m_bars[static_cast<std::size_t>(index)].label : QString();
}

double CompareView::barValueA(int index) const
{
    return index >= 0 && index < barCount() ? m_bars[static_cast<std::size_t>(index)].a : 0.0;
}

double CompareView::barValueB(int index) const
{
    return index >= 0 && index < barCount() ? m_bars[static_cast<std::size_t>(index)].b : 0.0;
}

void CompareView::rebuildChart()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_bars.clear();
    m_scale = 1;

    Metric shown = m_metric;
    const bool devices = m_comparison && m_comparison->a.hardware && m_comparison->b.hardware;
    if (shown == Metric::Seconds && m_comparison && !devices)
        shown = Metric::Flops; // time needs a device on both sides

    if (m_comparison) {
        std::map<std::string, Bar> byClass;
        auto collect = [&](const report::Report& r, bool sideA) {
            for (const analysis::ClassShare& share : r.classes) {
                const auto value = classValue(share, shown);
                if (!value)
                    continue;
                Bar& bar = byClass[share.classPath];
                bar.classPath = QString::fromStdString(share.classPath);
                bar.label = classShortName(bar.classPath);
                (sideA ? bar.a : bar.b) += *value;
                (sideA ? bar.inA : bar.inB) = true;
            }
        };
        collect(m_comparison->a, true);
        collect(m_comparison->b, false);
        for (auto& [path, bar] : byClass) {
            if (bar.a > 0 || bar.b > 0)
                m_bars.push_back(std::move(bar));
        }
        std::stable_sort(
            m_bars.begin(), m_bars.end(), [](const Bar& x, const Bar& y) { return x.a + x.b > y.a + y.b; });
        if (m_bars.size() > kMaxBars + 1) {
            Bar other;
            other.label = tr("%n other classes", nullptr, static_cast<int>(m_bars.size() - kMaxBars));
            other.inA = other.inB = true;
            for (std::size_t i = kMaxBars; i < m_bars.size(); ++i) {
                other.a += m_bars[i].a;
                other.b += m_bars[i].b;
            }
            m_bars.resize(kMaxBars);
            m_bars.push_back(std::move(other));
        }
    }

    double maxValue = 0;
    for (const Bar& bar : m_bars)
        maxValue = std::max({ maxValue, bar.a, bar.b });
    QString axisLabel;
    switch (shown) {
    case Metric::Seconds: {
        const TimeUnit unit = timeUnitFor(maxValue);
        m_scale = unit.factor;
        axisLabel = tr("Expected time (%1)").arg(unit.name);
        break;
    }
    case Metric::Flops:
    case Metric::MatmulFlops:
        axisLabel = tr("%1 (FLOP)").arg(CompareModel::metricTitle(shown));
        break;
    case Metric::Params:
        axisLabel = tr("Parameters");
        break;
    default:
        axisLabel = tr("%1 (bytes)").arg(CompareModel::metricTitle(shown));
        break;
    }
    m_plot->xAxis->setLabel(axisLabel);

    QString headline = tr("%1 by module class: A against B").arg(CompareModel::metricTitle(shown));
    if (shown != m_metric)
        headline += tr(" (time needs a device on both sides)");
    m_headline = headline;

    const int n = barCount();
    m_group->clear();
    QCPBars* bars[2] = {};
    const QString names[2] = { tr("A"), tr("B") };
    const QColor colors[2] = { kColorA, kColorB };
    if (n > 0) {
        for (int side = 0; side < 2; ++side) {
            bars[side] = new QCPBars(m_plot->yAxis, m_plot->xAxis);
            bars[side]->setWidth(0.38);
            bars[side]->setBrush(colors[side]);
            bars[side]->setPen(QPen(colors[side].darker(125)));
            bars[side]->setBarsGroup(m_group);
            QString label;
            if (m_comparison) {
                const auto labels = translatedSideLabels(m_comparison->a, m_comparison->b);
                label = side == 0 ? labels.first : labels.second;
            }
            label = QFontMetrics(chartFont(8)).elidedText(label, Qt::ElideMiddle, 320);
            bars[side]->setName(QStringLiteral("%1: %2").arg(names[side], label));
        }
    }
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < n; ++i) {
        const Bar& bar = m_bars[static_cast<std::size_t>(i)];
        bars[0]->addData(i + 1, bar.a * m_scale);
        bars[1]->addData(i + 1, bar.b * m_scale);
        ticker->addTick(i + 1, bar.label);
        // The ratio at the end of the longer bar.
        QString text;
        if (!bar.inA)
            text = tr("only in B");
        else if (!bar.inB)
            text = tr("only in A");
        else if (bar.a > 0)
            text = localNumber(bar.b / bar.a, 'f', bar.b / bar.a >= 100 ? 0 : 2) + QStringLiteral("\u00d7");
        if (text.isEmpty())
            continue;
        auto* item = new QCPItemText(m_plot);
        item->position->setCoords(std::max(bar.a, bar.b) * m_scale, i + 1);
        item->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        item->setPadding(QMargins(4, 0, 0, 0));
        item->setFont(chartFont(8));
        const double ratio = bar.a > 0 ? bar.b / bar.a : 1;
        item->setColor(ratio > 1 + 1e-12 ? QColor(0xb0, 0x32, 0x20)
                : ratio < 1 - 1e-12      ? QColor(0x1e, 0x7b, 0x34)
                                         : QColor(0x40, 0x40, 0x40));
        item->setText(text);
        item->setClipToAxisRect(false);
    }
    m_plot->yAxis->setTicker(ticker);
    m_plot->legend->setVisible(n > 0);
    const double top = maxValue > 0 ? maxValue * m_scale : 1.0;
    m_plot->xAxis->setRange(0, top * 1.18);
    // Room under the last pair for the legend, which sits in the lower right corner.
    m_plot->yAxis->setRange(0.4, std::max(1, n) + 0.6 + (n > 0 ? 1.2 : 0));
    updateChartTitle(m_plot->width());
    m_plot->replot();
}

void CompareView::updateChartTitle(int width)
{
    // The sides are named in the legend; the line under the title says what a bar counts.
    const QString details =
        m_comparison ? tr("every instance of a module class together; B / A at the end of each pair") : QString();
    m_details->setText(QFontMetrics(chartFont(9)).elidedText(details, Qt::ElideRight, std::max(80, width - 16)));
    QFont bold = chartFont(10);
    bold.setBold(true);
    m_title->setText(QFontMetrics(bold).elidedText(m_headline, Qt::ElideRight, std::max(80, width - 16)));
}

bool CompareView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot && event->type() == QEvent::Resize)
        updateChartTitle(static_cast<QResizeEvent*>(event)->size().width());
    return QWidget::eventFilter(watched, event);
}

bool CompareView::exportTo(const QString& file, int width, int height, QString* error)
{
    updateChartTitle(width);
    const bool ok = exportPlot(m_plot, file, width, height, error);
    updateChartTitle(m_plot->width());
    m_plot->replot();
    return ok;
}

report::Chart CompareView::chart(int width, int height)
{
    report::Chart chart;
    chart.title = tr("Where the work goes, A against B").toStdString();
    chart.caption = tr("%1 of every instance of a module class together; the ratio B / A at the end of each pair")
                        .arg(CompareModel::metricTitle(m_metric))
                        .toStdString();
    QTemporaryDir dir;
    if (!dir.isValid() || barCount() == 0)
        return chart;
    const QString svg = dir.filePath(QStringLiteral("compare.svg"));
    const QString png = dir.filePath(QStringLiteral("compare.png"));
    if (exportTo(svg, width, height))
        chart.svg = readAll(svg);
    if (exportTo(png, width, height))
        chart.png = readAll(png);
    // The SVG document goes inline into HTML: drop the XML declaration.
    if (const auto start = chart.svg.find("<svg"); start != std::string::npos)
        chart.svg.erase(0, start);
    return chart;
}

QString CompareView::exportComparison(const QString& file)
{
    if (!m_comparison)
        return tr("There is no comparison to export yet.");
    const QString suffix = QFileInfo(file).suffix().toLower();
    if (suffix == QLatin1String("png") || suffix == QLatin1String("svg")) {
        QString error;
        return exportTo(file, 1000, 560, &error) ? QString() : error;
    }
    const auto format = report::formatFromFileName(QFileInfo(file).fileName().toStdString());
    if (!format)
        return tr("%1: unknown file type; use .html, .md, .csv, .json, .txt or .pdf for the comparison, .png or .svg "
                  "for the chart.")
            .arg(file);
    std::vector<report::Chart> charts;
    if (*format == report::Format::Html || *format == report::Format::Pdf) {
        report::Chart c = chart();
        if (!c.svg.empty() || !c.png.empty())
            charts.push_back(std::move(c));
    }
    const report::Comparison& c = *m_comparison;
    std::string text;
    switch (*format) {
    case report::Format::Text:
        text = report::writeText(c);
        break;
    case report::Format::Markdown:
        text = report::writeMarkdown(c);
        break;
    case report::Format::Csv:
        text = report::writeCsv(c);
        break;
    case report::Format::Json:
        text = report::writeJson(c);
        break;
    case report::Format::Html:
        text = report::writeHtml(c, charts);
        break;
    case report::Format::Pdf:
        return writePdf(report::writePrintHtml(c, charts), charts, file);
    }
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return tr("Could not write %1: %2").arg(file, out.errorString());
    out.write(text.data(), static_cast<qint64>(text.size()));
    if (!out.commit())
        return tr("Could not write %1: %2").arg(file, out.errorString());
    return {};
}

void CompareView::exportDialog()
{
    if (!m_comparison)
        return;
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Export the comparison"), QStringLiteral("comparison.html"),
            tr("HTML page (*.html);;PDF document (*.pdf);;Markdown (*.md);;CSV table (*.csv);;JSON (*.json);;Text "
               "(*.txt);;Bar chart as PNG image (*.png);;Bar chart as SVG drawing (*.svg)"));
    if (file.isEmpty())
        return;
    const QString error = exportComparison(file);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Export"), error);
}

} // namespace lmp::widgets
