// SPDX-License-Identifier: GPL-3.0-or-later
#include "architecturereview.h"

#include "agent/architecturedraft.h"
#include "model/modelconfig.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace lmp::widgets {

namespace {

constexpr int kFileRole = Qt::UserRole;
constexpr int kStatusRole = Qt::UserRole + 1; // the status name, or "" when the file does not read

QString statusName(model::ArchitectureStatus status)
{
    const std::string_view name = model::architectureStatusName(status);
    return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

QString statusText(const QString& name)
{
    if (name == QStringLiteral("pending"))
        return ArchitectureReview::tr("pending");
    if (name == QStringLiteral("validated"))
        return ArchitectureReview::tr("validated");
    if (name == QStringLiteral("needs_changes"))
        return ArchitectureReview::tr("needs changes");
    if (name == QStringLiteral("rejected"))
        return ArchitectureReview::tr("rejected (not used)");
    return ArchitectureReview::tr("invalid");
}

QPlainTextEdit* readOnlyText(QWidget* parent)
{
    auto* edit = new QPlainTextEdit(parent);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return edit;
}

} // namespace

ArchitectureReview::ArchitectureReview(QWidget* parent)
    : QWidget(parent)
{
    m_list = new QTreeWidget(this);
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({ tr("Architecture"), tr("Status"), tr("File") });
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);

    m_config = new QLineEdit(this);
    m_config->setPlaceholderText(tr("config.json, model folder or model id"));
    auto* openConfig = new QPushButton(tr("Open Config…"), this);
    auto* configRow = new QHBoxLayout;
    configRow->addWidget(new QLabel(tr("Model:"), this));
    configRow->addWidget(m_config, 1);
    configRow->addWidget(openConfig);

    m_tabs = new QTabWidget(this);
    m_json = readOnlyText(m_tabs);
    m_tree = readOnlyText(m_tabs);
    m_comparison = readOnlyText(m_tabs);
    m_tabs->addTab(m_tree, tr("Module Tree"));
    m_tabs->addTab(m_comparison, tr("Checkpoint"));
    m_tabs->addTab(m_json, tr("Definition"));

    m_status = new QLabel(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reviewer = new QLineEdit(this);
    m_reviewer->setPlaceholderText(tr("your name"));
    m_notes = new QPlainTextEdit(this);
    m_notes->setPlaceholderText(tr("notes for the record (what you checked, what must change)"));
    m_notes->setMaximumHeight(m_notes->fontMetrics().lineSpacing() * 4 + 12);
    m_approve = new QPushButton(tr("Approve"), this);
    m_requestChanges = new QPushButton(tr("Request Changes"), this);
    m_reject = new QPushButton(tr("Reject"), this);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout;
    form->addRow(tr("Status:"), m_status);
    form->addRow(tr("Reviewer:"), m_reviewer);
    form->addRow(tr("Notes:"), m_notes);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_approve);
    buttons->addWidget(m_requestChanges);
    buttons->addWidget(m_reject);

    auto* details = new QWidget(this);
    auto* detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addLayout(configRow);
    detailsLayout->addWidget(m_tabs, 1);
    detailsLayout->addLayout(form);
    detailsLayout->addLayout(buttons);
    detailsLayout->addWidget(m_message);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_list);
    splitter->addWidget(details);
    splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_list, &QTreeWidget::currentItemChanged, this, [this] {
        showCurrent();
        Q_EMIT currentFileChanged(currentFile());
    });
    connect(m_config, &QLineEdit::editingFinished, this, &ArchitectureReview::showSummary);
    connect(openConfig, &QPushButton::clicked, this, &ArchitectureReview::chooseConfig);
    connect(m_reviewer, &QLineEdit::textChanged, this, &ArchitectureReview::updateButtons);
    connect(m_approve, &QPushButton::clicked, this, [this] { review(model::ArchitectureStatus::Validated); });
    connect(m_requestChanges, &QPushButton::clicked, this, [this] { review(model::ArchitectureStatus::NeedsChanges); });
    connect(m_reject, &QPushButton::clicked, this, [this] { review(model::ArchitectureStatus::Rejected); });

    showCurrent();
}

const model::ArchitectureRegistry* ArchitectureReview::builtin()
{
    // Read when a tree is first built, not when the window starts.
    if (!m_builtin && m_builtinError.isEmpty()) {
        auto loaded = model::ArchitectureRegistry::loadBuiltin();
        if (auto* registry = std::get_if<model::ArchitectureRegistry>(&loaded))
            m_builtin.emplace(std::move(*registry));
        else
            m_builtinError = QString::fromStdString(std::get<model::ModelError>(loaded).describe());
    }
    return m_builtin ? &*m_builtin : nullptr;
}

ArchitectureReview::~ArchitectureReview() = default;

void ArchitectureReview::setFolder(const QString& folder)
{
    m_folder = folder;
    refresh();
}

void ArchitectureReview::setConfig(const QString& source)
{
    m_config->setText(source);
    showSummary();
}

QString ArchitectureReview::configSource() const
{
    return m_config->text().trimmed();
}

void ArchitectureReview::setReviewer(const QString& name)
{
    m_reviewer->setText(name);
}

QString ArchitectureReview::reviewer() const
{
    return m_reviewer->text().trimmed();
}

void ArchitectureReview::setNotes(const QString& notes)
{
    m_notes->setPlainText(notes);
}

void ArchitectureReview::refresh()
{
    const QString selected = currentFile();
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    const QDir dir(m_folder);
    QTreeWidgetItem* current = nullptr;
    if (!m_folder.isEmpty() && dir.exists()) {
        for (const QString& name : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name)) {
            if (name == QStringLiteral("classes.json"))
                continue;
            const QString path = dir.filePath(name);
            auto read = model::ArchitectureRegistry::readDefinition(path);
            auto* item = new QTreeWidgetItem(m_list);
            item->setData(0, kFileRole, path);
            item->setText(2, name);
            item->setToolTip(2, path);
            if (const auto* arch = std::get_if<model::Architecture>(&read)) {
                QStringList names;
                for (const auto& n : arch->names)
                    names << QString::fromStdString(n);
                item->setText(0, names.join(QStringLiteral(", ")));
                const QString status = statusName(arch->status);
                item->setData(0, kStatusRole, status);
                item->setText(1, statusText(status));
            } else {
                item->setText(0, name);
                item->setData(0, kStatusRole, QString());
                item->setText(1, statusText({}));
                item->setToolTip(1, QString::fromStdString(std::get<model::ModelError>(read).describe()));
            }
            if (path == selected)
                current = item;
        }
    }
    if (!current && m_list->topLevelItemCount() > 0)
        current = m_list->topLevelItem(0);
    if (current)
        m_list->setCurrentItem(current);
    showCurrent();
    if (currentFile() != selected)
        Q_EMIT currentFileChanged(currentFile());
}

bool ArchitectureReview::selectFile(const QString& file)
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_list->topLevelItem(i);
        if (QFileInfo(item->data(0, kFileRole).toString()) == QFileInfo(file)) {
            m_list->setCurrentItem(item);
            return true;
        }
    }
    return false;
}

QString ArchitectureReview::currentFile() const
{
    const QTreeWidgetItem* item = m_list->currentItem();
    return item ? item->data(0, kFileRole).toString() : QString();
}

std::optional<model::ArchitectureStatus> ArchitectureReview::currentStatus() const
{
    const QTreeWidgetItem* item = m_list->currentItem();
    if (!item)
        return std::nullopt;
    return model::architectureStatusFromName(item->data(0, kStatusRole).toString().toStdString());
}

int ArchitectureReview::definitionCount() const
{
    return m_list->topLevelItemCount();
}

QString ArchitectureReview::definitionText() const
{
    return m_json->toPlainText();
}

QString ArchitectureReview::treeText() const
{
    return m_tree->toPlainText();
}

QString ArchitectureReview::comparisonText() const
{
    return m_comparison->toPlainText();
}

QString ArchitectureReview::message() const
{
    return m_message->text();
}

void ArchitectureReview::showCurrent()
{
    const QString file = currentFile();
    m_json->clear();
    m_status->clear();
    if (file.isEmpty()) {
        m_status->setText(m_folder.isEmpty() || !QDir(m_folder).exists()
                ? tr("No user architecture definitions (%1)").arg(m_folder)
                : tr("No definition selected"));
        m_tree->clear();
        m_comparison->clear();
        updateButtons();
        return;
    }
    auto read = model::ArchitectureRegistry::readDefinition(file);
    if (const auto* e = std::get_if<model::ModelError>(&read)) {
        m_status->setText(tr("invalid: %1").arg(QString::fromStdString(e->describe())));
        QFile f(file);
        if (f.open(QIODevice::ReadOnly))
            m_json->setPlainText(QString::fromUtf8(f.read(4 * 1024 * 1024)));
    } else {
        const auto& arch = std::get<model::Architecture>(read);
        m_json->setPlainText(QString::fromStdString(arch.json.dump(2)));
        QString status = statusText(statusName(arch.status));
        if (!arch.validator.empty())
            status += tr(" by %1").arg(QString::fromStdString(arch.validator));
        if (!arch.date.empty())
            status += tr(" on %1").arg(QString::fromStdString(arch.date));
        if (!arch.notes.empty())
            status += QStringLiteral(": ") + QString::fromStdString(arch.notes);
        m_status->setText(status);
    }
    showSummary();
    updateButtons();
}

void ArchitectureReview::showSummary()
{
    m_tree->clear();
    m_comparison->clear();
    const QString file = currentFile();
    if (file.isEmpty())
        return;
    const QString source = configSource();
    if (source.isEmpty()) {
        m_tree->setPlainText(tr("Choose a model (a config.json of this architecture) to see the tree the definition "
                                "builds."));
        return;
    }
    auto read = model::ArchitectureRegistry::readDefinition(file);
    if (const auto* e = std::get_if<model::ModelError>(&read)) {
        m_tree->setPlainText(QString::fromStdString(e->describe()));
        return;
    }
    auto config = model::loadModelConfig(source);
    if (const auto* e = std::get_if<model::ModelError>(&config)) {
        m_tree->setPlainText(QString::fromStdString(e->describe()));
        return;
    }
    const model::ArchitectureRegistry* registry = builtin();
    if (!registry) {
        m_tree->setPlainText(m_builtinError);
        return;
    }
    const auto& arch = std::get<model::Architecture>(read);
    const auto& cfg = std::get<model::ModelConfig>(config);
    QString note;
    if (std::find(arch.names.begin(), arch.names.end(), cfg.architecture) == arch.names.end())
        note = tr("Note: the config's architecture is %1, which this definition does not list.\n\n")
                   .arg(QString::fromStdString(cfg.architecture));
    const agent::ArchitectureSummary summary = agent::summarizeArchitecture(arch, *registry, cfg);
    if (!summary.error.empty()) {
        m_tree->setPlainText(note
            + tr("The definition does not build a tree for this config:\n%1")
                  .arg(QString::fromStdString(summary.error)));
        m_comparison->setPlainText(tr("No tree to compare."));
        return;
    }
    m_tree->setPlainText(note + summary.treeText);
    m_comparison->setPlainText(summary.comparisonText);
}

void ArchitectureReview::updateButtons()
{
    const bool can = !currentFile().isEmpty() && !reviewer().isEmpty();
    for (QPushButton* b : { m_approve, m_requestChanges, m_reject }) {
        b->setEnabled(can);
        b->setToolTip(can ? QString() : tr("Select a definition and enter your name"));
    }
}

void ArchitectureReview::chooseConfig()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open config.json"), configSource(), tr("Model configs (*.json);;All files (*)"));
    if (!path.isEmpty())
        setConfig(path);
}

bool ArchitectureReview::review(model::ArchitectureStatus status)
{
    const QString file = currentFile();
    if (file.isEmpty()) {
        m_message->setText(tr("Select a definition to review."));
        return false;
    }
    if (reviewer().isEmpty()) {
        m_message->setText(tr("Enter your name: a review records who made it."));
        return false;
    }
    if (const auto error = agent::reviewArchitecture(file, status, reviewer(), m_notes->toPlainText().trimmed())) {
        m_message->setText(tr("Not written: %1").arg(QString::fromStdString(*error)));
        return false;
    }
    m_message->setText(tr("%1: %2").arg(QFileInfo(file).fileName(), statusText(statusName(status))));
    m_notes->clear();
    refresh();
    Q_EMIT definitionReviewed(file, status);
    return true;
}

} // namespace lmp::widgets
