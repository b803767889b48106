// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "agentcontroller.h"
#include "agentsettingsdialog.h"
#include "analysis/breakdown.h"
#include "analysis/workspace.h"
#include "analysisrunner.h"
#include "architecturereview.h"
#include "breakdownchart.h"
#include "chartexportdialog.h"
#include "compareview.h"
#include "costdelegate.h"
#include "db/databasesession.h"
#include "format.h"
#include "formula/library.h"
#include "formulaeditor.h"
#include "generationview.h"
#include "language.h"
#include "model/modelconfig.h"
#include "modelbrowserdialog.h"
#include "moduletreemodel.h"
#include "moduletreeproxy.h"
#include "reportcharts.h"
#include "reviewcommands.h"
#include "reviewpane.h"
#include "rooflineplot.h"
#include "settingspanel.h"
#include "sweepchart.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QShowEvent>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTextDocument>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>

namespace lmp::app {

namespace {

// The database's keys as the formula editor completes them.
QStringList entryKeys(const db::LayeredDatabase& database)
{
    QStringList keys;
    for (const auto& key : database.keys())
        keys << QString::fromStdString(formula::normalizeModuleKey(key));
    return keys;
}

} // namespace

using analysis::Kind;

namespace {

constexpr int kMaxRecent = 10;

QString latin1(std::string_view s)
{
    return QString::fromLatin1(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

MainWindow::MainWindow(std::shared_ptr<const analysis::Workspace> workspace, QWidget* parent)
    : MainWindow(std::move(workspace), std::nullopt, parent)
{ }

MainWindow::MainWindow(
    std::shared_ptr<const analysis::Workspace> workspace, std::optional<db::LayeredDatabase> database, QWidget* parent)
    : QMainWindow(parent)
    , m_workspace(std::move(workspace))
    , m_runner(new widgets::AnalysisRunner(m_workspace, this))
    , m_model(new widgets::ModuleTreeModel(this))
    , m_proxy(new widgets::ModuleTreeProxy(this))
{
    setWindowTitle(tr("LM-Predictor"));
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    // Docks are placed without animation while the window is built and first laid out (see showEvent).
    setAnimated(false);
    m_proxy->setSourceModel(m_model);
    m_session = new db::DatabaseSession(this);
    m_undo = new QUndoStack(this);
    m_databasePending = !m_workspace->library;
    if (!m_databasePending)
        openDatabase(std::move(database));

    setCentralWidget(createCentre());
    createDocks();
    createActions();

    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->setVisible(false);
    m_status = new QLabel(this);
    statusBar()->addWidget(m_status, 1);
    m_agentBar = new QWidget(this);
    auto* agentLayout = new QHBoxLayout(m_agentBar);
    agentLayout->setContentsMargins(0, 0, 0, 0);
    auto* agentBusy = new QProgressBar(m_agentBar);
    agentBusy->setRange(0, 0);
    agentBusy->setMaximumWidth(80);
    m_agentLabel = new QLabel(m_agentBar);
    auto* cancelAgent = new QToolButton(m_agentBar);
    cancelAgent->setText(tr("Cancel"));
    cancelAgent->setToolTip(tr("Stop the agent: drafts not finished write nothing"));
    connect(cancelAgent, &QToolButton::clicked, this, [this] { m_agent->cancel(); });
    agentLayout->addWidget(agentBusy);
    agentLayout->addWidget(m_agentLabel);
    agentLayout->addWidget(cancelAgent);
    m_agentBar->hide();
    statusBar()->addPermanentWidget(m_agentBar);
    statusBar()->addPermanentWidget(m_busy);

    std::vector<std::pair<std::string, std::string>> devices;
    devices.emplace_back(std::string(), tr("(none: no time estimates)").toStdString());
    for (const auto& p : m_workspace->catalogue.profiles())
        devices.emplace_back(p.id, p.name);
    m_panel->setHardwareChoices(devices);
    m_panel->setHardwareId(kDefaultHardware);

    connect(m_panel, &widgets::SettingsPanel::settingsChanged, this, &MainWindow::settingsChanged);
    connect(m_runner, &widgets::AnalysisRunner::finished, this, &MainWindow::showSnapshot);
    connect(m_runner, &widgets::AnalysisRunner::failed, this, [this](const QString& source, const QString& message) {
        startDatabaseLoad();
        if (m_readyOnWholeAnalysis && !m_runner->isOpening()) {
            m_readyOnWholeAnalysis = false;
            setDatabaseReady(true);
            Q_EMIT databaseLoaded();
        }
        m_pendingSource.clear();
        showError(tr("Could not open %1: %2").arg(source, message));
        // A config that reads but names an architecture nobody defined yet: the agent can draft the definition.
        auto config = model::loadModelConfig(source);
        const auto* c = std::get_if<model::ModelConfig>(&config);
        if (c && !c->architecture.empty() && !m_workspace->registry.find(c->architecture)) {
            m_refusedSource = source;
            m_draftModelButton->show();
        }
    });
    connect(m_runner, &widgets::AnalysisRunner::busyChanged, this, [this](bool busy) {
        m_busy->setVisible(busy);
        if (busy)
            m_status->setText(m_runner->isOpening() ? tr("Opening…") : tr("Analyzing…"));
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::currentRowChanged);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QTreeView::customContextMenuRequested, this, &MainWindow::treeContextMenu);
    connect(m_view, &QTreeView::doubleClicked, this, [this] {
        m_editorDock->show();
        m_editorDock->raise();
        syncEntryViews();
    });
    connect(m_roofline, &widgets::RooflinePlot::nodeClicked, this, &MainWindow::selectNode);
    connect(m_breakdown, &widgets::BreakdownChart::nodeClicked, this, &MainWindow::selectNode);
    connect(m_breakdown, &widgets::BreakdownChart::classClicked, this,
        [this](const QString& classPath) { m_filter->setText(classPath); });

    connect(m_session, &db::DatabaseSession::entriesChanged, this, &MainWindow::databaseChanged);
    connect(m_session, &db::DatabaseSession::dirtyChanged, this, [this](bool dirty) {
        m_saveDatabaseAction->setEnabled(dirty);
        updateSummary();
    });
    connect(m_editor, &widgets::FormulaEditor::applyRequested, this, &MainWindow::applyEdit);
    // The editor and the review pane need room: the first time one shows, the right side takes 45 % of the window.
    for (QDockWidget* dock : { m_editorDock, m_reviewDock, m_definitionsDock }) {
        connect(dock, &QDockWidget::visibilityChanged, this, [this, dock](bool visible) {
            if (!visible)
                return;
            if (!m_rightSized && !dock->isFloating() && m_docksSized) {
                m_rightSized = true;
                QTimer::singleShot(0, this, [this] { layoutDocks(); });
            }
            syncEntryViews();
        });
    }
    m_agent->setSourceRoots(sourceRoots(), pythonExecutable());
    connect(m_agent, &AgentController::status, this, [this](const QString& text) {
        // While the agent works its line sits beside Cancel; what it ends with goes to the status line.
        if (m_agent->isBusy())
            m_agentLabel->setText(text);
        else
            m_status->setText(text);
    });
    connect(m_agent, &AgentController::busyChanged, this, [this](bool busy) {
        m_agentBar->setVisible(busy);
        m_draftModelButton->setEnabled(!busy);
        m_draftModelButton->setText(busy ? tr("Drafting with the Agent…") : tr("Draft a Definition with the Agent"));
        if (!busy)
            m_agentLabel->clear();
    });
    connect(m_agent, &AgentController::problem, this, [this](const QString& message) { showError(message); });
    connect(m_agent, &AgentController::landed, this, [this](const QString& key) {
        // Drafts appear in the review pane as they land.
        if (m_reviewDock->isVisible())
            reviewPane()->selectEntry(key);
    });
    connect(m_agent, &AgentController::architectureLanded, this, &MainWindow::architectureLanded);
    connect(m_definitions, &widgets::ArchitectureReview::definitionReviewed, this,
        [this](const QString& file, model::ArchitectureStatus) {
            // The model opens again with the definition as it is now (a rejected one refuses it).
            if (reloadArchitectures(tr("The review of %1 was written").arg(file)) && !m_openSource.isEmpty())
                openModel(m_openSource);
        });

    for (const QString& w : m_workspace->warnings)
        showError(w);
    if (!m_databaseError.isEmpty())
        showError(m_databaseError);
    if (m_databasePending) {
        setDatabaseReady(false);
        m_validatedOnlyAction->setChecked(m_workspace->validatedOnly);
    }
    resize(1440, 900);
}

void MainWindow::openDatabase(std::optional<db::LayeredDatabase> database)
{
    if (database) {
        m_session->open(std::move(*database));
        return;
    }
    // The user database the workspace layered over the built-in one; when it did not load (the workspace says why),
    // the built-in database alone, read-only: a file that does not load is never written over.
    if (!m_workspace->databasePath.isEmpty()) {
        if (const auto error = m_session->open(m_workspace->databasePath)) {
            m_databaseError =
                tr("The user database cannot be opened: %1").arg(QString::fromStdString(error->describe()));
        } else {
            return;
        }
    }
    auto builtin = db::LayeredDatabase::loadBuiltin();
    if (auto* b = std::get_if<db::ModuleDatabase>(&builtin))
        m_session->open(std::move(*b), QString());
}

void MainWindow::startDatabaseLoad()
{
    if (!m_databasePending || m_databaseLoading)
        return;
    m_databaseLoading = true;
    auto* watcher = new QFutureWatcher<analysis::LoadedDatabase>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        takeDatabase(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([path = m_workspace->databasePath, validated = validatedOnly()] {
        return analysis::Workspace::loadDatabase(path, validated);
    }));
}

void MainWindow::takeDatabase(analysis::LoadedDatabase loaded)
{
    m_databasePending = false;
    m_databaseLoading = false;
    auto workspace = std::make_shared<analysis::Workspace>(*m_workspace);
    workspace->lazyDatabase.reset();
    workspace->databasePath = loaded.databasePath;
    workspace->warnings = loaded.warnings;
    if (!loaded.error.isEmpty())
        workspace->warnings << loaded.error;
    workspace->library = loaded.library;
    m_workspace = workspace;
    m_runner->setWorkspace(m_workspace);
    if (loaded.database) {
        // Its library comes with it: the session's open does not build another.
        m_keepLibrary = loaded.library && validatedOnly() == m_workspace->validatedOnly;
        if (m_keepLibrary)
            m_runner->setLibrary(loaded.library);
        m_session->open(std::move(*loaded.database));
        m_keepLibrary = false;
    } else {
        openDatabase(std::nullopt);
        databaseChanged();
    }
    m_editor->setModuleKeys(entryKeys(m_session->database()));
    if (m_compare)
        m_compare->setWorkspace(m_workspace);
    if (!m_workspace->warnings.isEmpty())
        showError(m_workspace->warnings.join(QLatin1Char('\n')));
    // The analysis on screen was made with the model's entries alone: the editors and the comparison wait for the
    // one with the whole library (showSnapshot), which the session's open asked for.
    m_readyOnWholeAnalysis = m_snapshot || m_runner->isOpening();
    if (!m_readyOnWholeAnalysis) {
        setDatabaseReady(true);
        Q_EMIT databaseLoaded();
    }
}

void MainWindow::setDatabaseReady(bool ready)
{
    for (QAction* a : m_databaseActions)
        a->setEnabled(ready);
    for (QDockWidget* dock : { m_editorDock, m_reviewDock, m_compareDock }) {
        if (dock && dock->widget())
            dock->widget()->setEnabled(ready);
    }
}

QString MainWindow::reviewerName() const
{
    const QString name = QSettings().value(QString::fromLatin1(widgets::ReviewPane::kReviewerSetting)).toString();
    if (!name.trimmed().isEmpty())
        return name.trimmed();
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    return user.isEmpty() ? tr("unknown") : user;
}

void MainWindow::databaseChanged()
{
    if (m_databasePending)
        return; // the analyses take the entries they need from the workspace until the database lands
    // An edit, a review, an undo or a reload: the analysis uses the database as it is now (a database taken over
    // comes with its library).
    if (!m_keepLibrary)
        m_runner->setLibrary(analysis::buildLibrary(m_session->database(), validatedOnly()));
    if (m_snapshot && !m_runner->isOpening())
        requestAnalysis();
    syncEntryViews();
}

void MainWindow::setValidatedOnly(bool on)
{
    if (m_validatedOnlyAction->isChecked() != on) {
        m_validatedOnlyAction->setChecked(on); // toggled() rebuilds
        return;
    }
    databaseChanged();
}

bool MainWindow::validatedOnly() const
{
    return m_validatedOnlyAction && m_validatedOnlyAction->isChecked();
}

bool MainWindow::saveDatabase()
{
    if (const auto error = m_session->save(m_review && m_review->overwriteOnSave())) {
        showError(tr("Could not save the database: %1").arg(QString::fromStdString(error->describe())));
        return false;
    }
    if (m_review)
        m_review->sessionSaved();
    m_status->setText(tr("Saved %1").arg(m_session->userPath()));
    return true;
}

void MainWindow::applyEdit(const QString& key, const nlohmann::ordered_json& entry)
{
    // An edit lands in the user layer as a new revision with status pending; undoable until saved.
    auto changed = m_session->editEntry(key.toStdString(), entry, reviewerName(), tr("edited in the formula editor"));
    if (const auto* error = std::get_if<db::DbError>(&changed)) {
        showError(tr("Could not apply the edit: %1").arg(QString::fromStdString(error->describe())));
        return;
    }
    const QString name =
        QString::fromStdString(formula::modulePathFromKey(formula::normalizeModuleKey(key.toStdString())));
    m_undo->push(
        new widgets::SessionChangeCommand(m_session, std::get<db::DatabaseSession::UndoState>(std::move(changed)),
            tr("Edit %1").arg(name.section(QLatin1Char('.'), -1))));
}

widgets::ReviewPane* MainWindow::reviewPane()
{
    if (m_review)
        return m_review;
    m_review = new widgets::ReviewPane(m_session, m_undo, this);
    m_review->setEnabled(!m_databasePending);
    m_reviewDock->setWidget(m_review);
    connect(m_review, &widgets::ReviewPane::entrySelected, this, &MainWindow::showClassInTree);
    m_review->setSourceRoots(sourceRoots(), pythonExecutable());
    if (m_undoAction && m_redoAction)
        m_review->addActions({ m_undoAction, m_redoAction });
    if (m_reviewMenu) {
        for (QAction* a : { m_review->approveAction(), m_review->requestChangesAction(), m_review->rejectAction() })
            m_reviewMenu->addAction(a);
        m_reviewMenu->addSeparator();
        for (QAction* a :
            { m_review->nextPendingAction(), m_review->previousPendingAction(), m_review->focusNotesAction() })
            m_reviewMenu->addAction(a);
    }
    if (m_snapshot)
        m_review->setAnalysis(m_snapshot);
    return m_review;
}

void MainWindow::syncEntryViews()
{
    // The editor and the review pane follow the tree's selected module and its class's entry.
    const QModelIndex current = m_proxy->mapToSource(m_view->currentIndex());
    std::optional<model::NodeId> node;
    QString fullName;
    QString classPath;
    if (current.isValid() && m_snapshot) {
        node = static_cast<model::NodeId>(current.data(widgets::ModuleTreeModel::NodeIdRole).toUInt());
        fullName = current.data(widgets::ModuleTreeModel::FullNameRole).toString();
        classPath = current.data(widgets::ModuleTreeModel::ClassRole).toString();
    }
    const std::string key = classPath.toStdString();
    const db::Json* entry = classPath.isEmpty() ? nullptr : m_session->database().entry(key);
    const bool sameEntry =
        entry && formula::normalizeModuleKey(m_editor->entryKey().toStdString()) == formula::normalizeModuleKey(key);
    if (m_editor->isModified() && !sameEntry) {
        // Never drop unapplied edits behind the user's back: the editor stays on its entry.
        m_status->setText(tr("The formula editor keeps your unapplied edits of %1: apply or revert them to follow "
                             "the selection.")
                              .arg(m_editor->entryKey()));
    } else if (m_editorDock->isVisible()) {
        m_editor->setAnalysis(m_snapshot, node, fullName);
        if (entry) {
            const auto* layerDb = m_session->database().databaseOf(key);
            const auto status = layerDb ? layerDb->status(key) : std::nullopt;
            const auto layer = m_session->database().layerOf(key);
            m_editor->setEntry(QString::fromStdString(layerDb ? layerDb->fileKey(key).value_or(key) : key), *entry,
                status ? QString::fromLatin1(db::statusName(*status).data()) : tr("invalid"),
                layer ? layer->name() : QString());
        } else if (classPath.isEmpty()) {
            m_editor->clearEntry(tr("Select a module in the tree to see its formulas."));
        } else {
            m_editor->clearEntry(
                tr("No database entry for %1: its figures are the sum of the modules inside it.").arg(classPath));
        }
    }
    if (m_reviewDock->isVisible()) {
        reviewPane()->setAnalysis(m_snapshot);
        if (!classPath.isEmpty() && classPath != m_shownEntryKey
            && m_session->database().contains(classPath.toStdString()))
            m_review->selectEntry(classPath);
    }
    m_shownEntryKey = classPath;
}

void MainWindow::showClassInTree(const QString& key)
{
    // The review pane chose an entry: select the first module of that class in the model, if it has one.
    if (!m_snapshot)
        return;
    const std::string wanted = formula::normalizeModuleKey(key.toStdString());
    const auto& tree = m_snapshot->tree();
    for (model::NodeId id = 0; id < tree.storedNodes(); ++id) {
        if (formula::normalizeModuleKey(tree.node(id).classPath) != wanted)
            continue;
        if (const auto name = m_model->firstInstanceName(id)) {
            m_shownEntryKey = QString::fromStdString(tree.node(id).classPath);
            selectModule(QString::fromStdString(*name));
            return;
        }
    }
}

void MainWindow::setSourceFolders(const QStringList& folders, const QString& python)
{
    QSettings settings;
    settings.setValue(QStringLiteral("source/roots"), folders);
    settings.setValue(QStringLiteral("source/python"), python);
    if (m_review)
        m_review->setSourceRoots(sourceRoots(), pythonExecutable());
    m_agent->setSourceRoots(sourceRoots(), pythonExecutable());
}

QList<source::SourceRoot> MainWindow::sourceRoots() const
{
    QList<source::SourceRoot> roots;
    for (const QString& f : QSettings().value(QStringLiteral("source/roots")).toStringList())
        roots.append({ f, QString() });
    return roots;
}

QString MainWindow::pythonExecutable() const
{
    QSettings settings;
    return settings.contains(QStringLiteral("source/python"))
        ? settings.value(QStringLiteral("source/python")).toString()
        : QStandardPaths::findExecutable(QStringLiteral("python3"));
}

void MainWindow::draftMissingEntries()
{
    if (!m_snapshot)
        return;
    const auto missing = AgentController::missingClasses(*m_snapshot);
    if (missing.empty()) {
        m_status->setText(tr("Every module of %1 has a database entry.").arg(m_snapshot->model->name));
        return;
    }
    m_agent->draftModules(missing, m_snapshot);
}

void MainWindow::draftEntry(const QString& classPath)
{
    if (m_snapshot)
        m_agent->draftModules({ classPath.toStdString() }, m_snapshot);
}

bool MainWindow::draftRefusedModel()
{
    if (m_refusedSource.isEmpty())
        return false;
    m_agent->draftArchitecture(m_refusedSource, m_workspace);
    return true;
}

bool MainWindow::reloadArchitectures(const QString& why)
{
    auto registry = model::ArchitectureRegistry::loadBuiltin({ model::ArchitectureRegistry::defaultUserFolder() });
    if (const auto* e = std::get_if<model::ModelError>(&registry)) {
        showError(
            tr("%1, but the architecture definitions do not load: %2").arg(why, QString::fromStdString(e->describe())));
        return false;
    }
    auto workspace = std::make_shared<analysis::Workspace>(*m_workspace);
    workspace->registry = std::move(std::get<model::ArchitectureRegistry>(registry));
    m_workspace = workspace;
    m_runner->setWorkspace(m_workspace);
    return true;
}

void MainWindow::architectureLanded(const QString& file, const QString& source)
{
    // The new definition (pending review) joins the architectures; the model opens with it, and the definitions
    // pane shows it with its tree and the checkpoint comparison.
    if (!reloadArchitectures(tr("The definition landed in %1").arg(file)))
        return;
    m_errorBar->hide();
    m_draftModelButton->hide();
    m_definitions->setConfig(source);
    m_definitions->refresh();
    m_definitions->selectFile(file);
    m_reviewDock->show();
    m_definitionsDock->show();
    m_definitionsDock->raise();
    openModel(source);
}

void MainWindow::treeContextMenu(const QPoint& position)
{
    const QModelIndex index = m_proxy->mapToSource(m_view->indexAt(position));
    if (!index.isValid() || !m_snapshot)
        return;
    const QString classPath = index.data(widgets::ModuleTreeModel::ClassRole).toString();
    const bool hasEntry = !m_databasePending && m_session->database().contains(classPath.toStdString());
    QMenu menu(this);
    menu.addAction(tr("Edit Formulas"), this,
            [this] {
                m_editorDock->show();
                m_editorDock->raise();
                syncEntryViews();
            })
        ->setEnabled(hasEntry);
    menu.addAction(tr("Review Entry"), this,
            [this, classPath] {
                m_reviewDock->show();
                m_reviewDock->raise();
                reviewPane()->selectEntry(classPath);
            })
        ->setEnabled(hasEntry);
    menu.addSeparator();
    menu.addAction(tr("Draft Entry with the Agent…"), this, [this, classPath] { draftEntry(classPath); })
        ->setEnabled(!m_databasePending && !hasEntry && !m_agent->isBusy());
    menu.exec(m_view->viewport()->mapToGlobal(position));
}

void MainWindow::editSourceFolders()
{
    QSettings settings;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Source Folders"));
    auto* layout = new QVBoxLayout(&dialog);
    auto* intro = new QLabel(tr("Folders the review pane looks in for a module's Python source, in order: a "
                                "transformers checkout, an installed package folder (site-packages/transformers) "
                                "or a site-packages folder. Files are only read."),
        &dialog);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* list = new QListWidget(&dialog);
    list->addItems(settings.value(QStringLiteral("source/roots")).toStringList());
    layout->addWidget(list);
    auto* buttons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add Folder…"), &dialog);
    auto* remove = new QPushButton(tr("Remove"), &dialog);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    connect(add, &QPushButton::clicked, &dialog, [&dialog, list] {
        const QString folder = QFileDialog::getExistingDirectory(&dialog, tr("A folder of Python sources"));
        if (!folder.isEmpty())
            list->addItem(folder);
    });
    connect(remove, &QPushButton::clicked, &dialog, [list] { delete list->currentItem(); });
    auto* pythonLabel = new QLabel(tr("Python interpreter to ask where an installed package lies (empty: none). "
                                      "Only that is asked of it; nothing from a database entry is ever run."),
        &dialog);
    pythonLabel->setWordWrap(true);
    layout->addWidget(pythonLabel);
    auto* python = new QLineEdit(settings.contains(QStringLiteral("source/python"))
            ? settings.value(QStringLiteral("source/python")).toString()
            : QStandardPaths::findExecutable(QStringLiteral("python3")),
        &dialog);
    layout->addWidget(python);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(box, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(box);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QStringList folders;
    for (int i = 0; i < list->count(); ++i)
        folders << list->item(i)->text();
    setSourceFolders(folders, python->text().trimmed());
}

bool MainWindow::confirmUnsavedDatabase()
{
    if (!m_persistent || !m_session->dirty())
        return true;
    const auto answer = QMessageBox::question(this, tr("Unsaved database changes"),
        tr("The module database has edits or reviews that are not saved. Save them to %1?").arg(m_session->userPath()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel)
        return false;
    return answer == QMessageBox::Discard || saveDatabase();
}

MainWindow::~MainWindow() = default;

QWidget* MainWindow::createCentre()
{
    auto* centre = new QWidget(this);
    auto* layout = new QVBoxLayout(centre);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->setSpacing(4);

    m_errorBar = new QWidget(centre);
    m_errorBar->setObjectName(QStringLiteral("errorBar"));
    m_errorBar->setAutoFillBackground(true);
    QPalette errorPalette = m_errorBar->palette();
    errorPalette.setColor(QPalette::Window, QColor(0xfd, 0xe2, 0xe1));
    errorPalette.setColor(QPalette::WindowText, QColor(0x84, 0x20, 0x29));
    m_errorBar->setPalette(errorPalette);
    auto* errorLayout = new QHBoxLayout(m_errorBar);
    errorLayout->setContentsMargins(8, 4, 4, 4);
    auto* icon = new QLabel(m_errorBar);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(16, 16));
    m_errorLabel = new QLabel(m_errorBar);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* close = new QToolButton(m_errorBar);
    close->setAutoRaise(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(tr("Dismiss"));
    connect(close, &QToolButton::clicked, m_errorBar, &QWidget::hide);
    m_draftModelButton = new QToolButton(m_errorBar);
    m_draftModelButton->setText(tr("Draft a Definition with the Agent"));
    m_draftModelButton->setToolTip(tr("Ask the agent to draft this family's architecture definition (and the "
                                      "entries it needs) from its modeling source; it lands as pending for review."));
    m_draftModelButton->hide();
    connect(m_draftModelButton, &QToolButton::clicked, this, [this] { draftRefusedModel(); });
    errorLayout->addWidget(icon);
    errorLayout->addWidget(m_errorLabel, 1);
    errorLayout->addWidget(m_draftModelButton);
    errorLayout->addWidget(close);
    m_errorBar->hide();
    layout->addWidget(m_errorBar);

    m_summary = new QLabel(centre);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);

    auto* bar = new QHBoxLayout;
    m_filter = new QLineEdit(centre);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(tr("Filter by module name or class…"));
    m_filter->setClearButtonEnabled(true);
    m_warningsOnly = new QCheckBox(tr("Warnings only"), centre);
    m_warningsOnly->setToolTip(tr("Show only modules with warnings: no database entry, or a formula that failed."));
    m_selfButton = new QToolButton(centre);
    m_selfButton->setText(tr("Self"));
    m_selfButton->setCheckable(true);
    m_selfButton->setToolTip(tr("Self: each module's own work, without the modules inside it. Off: inclusive."));
    m_columnsButton = new QToolButton(centre);
    m_columnsButton->setText(tr("Columns"));
    m_columnsButton->setPopupMode(QToolButton::InstantPopup);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_warningsOnly);
    bar->addWidget(m_selfButton);
    bar->addWidget(m_columnsButton);
    layout->addLayout(bar);

    m_view = new QTreeView(centre);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(widgets::ModuleTreeModel::NameColumn, Qt::AscendingOrder);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setItemDelegateForColumn(widgets::ModuleTreeModel::ShareColumn, new widgets::CostDelegate(m_view));
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->header()->setDefaultSectionSize(80);
    // The less used columns start hidden; the Columns menu and the header's menu show them.
    m_view->setColumnHidden(widgets::ModuleTreeModel::IntermediatesColumn, true);
    m_view->setColumnHidden(widgets::ModuleTreeModel::WeightBytesColumn, true);
    m_view->setColumnHidden(widgets::ModuleTreeModel::WritesColumn, true);
    m_view->header()->setContextMenuPolicy(Qt::CustomContextMenu);
    layout->addWidget(m_view, 1);

    auto* columns = new QMenu(m_columnsButton);
    for (int c = widgets::ModuleTreeModel::ClassColumn; c < widgets::ModuleTreeModel::NumColumns; ++c) {
        QAction* a = columns->addAction(m_model->headerData(c, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(true);
        a->setData(c);
        connect(a, &QAction::toggled, this, [this, c](bool on) { m_view->setColumnHidden(c, !on); });
    }
    connect(columns, &QMenu::aboutToShow, this, [this, columns] {
        for (QAction* a : columns->actions())
            a->setChecked(!m_view->isColumnHidden(a->data().toInt()));
    });
    m_columnsButton->setMenu(columns);
    connect(m_view->header(), &QHeaderView::customContextMenuRequested, this,
        [columns, this](const QPoint& p) { columns->popup(m_view->header()->mapToGlobal(p)); });

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &widgets::ModuleTreeProxy::setFilterText);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (!text.trimmed().isEmpty())
            expandMatches();
    });
    connect(m_warningsOnly, &QCheckBox::toggled, this, [this](bool on) {
        m_proxy->setWarningsOnly(on);
        if (on)
            expandMatches();
    });
    connect(m_selfButton, &QToolButton::toggled, m_model, &widgets::ModuleTreeModel::setSelfCosts);
    return centre;
}

void MainWindow::createDocks()
{
    auto* settings = new QWidget(this);
    auto* layout = new QVBoxLayout(settings);
    auto* modelRow = new QHBoxLayout;
    m_modelBox = new QComboBox(settings);
    m_modelBox->setToolTip(tr("Models: the recent ones, then the built-in catalogue of published configs."));
    m_modelBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_modelBox->setMinimumContentsLength(18);
    auto* browse = new QToolButton(settings);
    browse->setText(tr("…"));
    browse->setToolTip(tr("Browse the built-in catalogue and the local Hugging Face cache"));
    connect(browse, &QToolButton::clicked, this, &MainWindow::browseModels);
    modelRow->addWidget(m_modelBox, 1);
    modelRow->addWidget(browse);
    auto* modelLabel = new QLabel(tr("&Model:"), settings);
    modelLabel->setBuddy(m_modelBox);
    layout->addWidget(modelLabel);
    layout->addLayout(modelRow);
    m_panel = new widgets::SettingsPanel(settings);
    m_panel->layout()->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_panel);
    layout->addStretch(1);
    connect(m_modelBox, &QComboBox::activated, this, [this](int index) {
        const QString source = m_modelBox->itemData(index).toString();
        if (!source.isEmpty())
            openModel(source);
    });

    m_settingsDock = new QDockWidget(tr("Settings"), this);
    m_settingsDock->setObjectName(QStringLiteral("settingsDock"));
    m_settingsDock->setWidget(settings);
    addDockWidget(Qt::LeftDockWidgetArea, m_settingsDock);

    m_roofline = new widgets::RooflinePlot(this);
    m_rooflineDock = new QDockWidget(tr("Roofline"), this);
    m_rooflineDock->setObjectName(QStringLiteral("rooflineDock"));
    m_rooflineDock->setWidget(m_roofline);

    m_breakdown = new widgets::BreakdownChart(this);
    m_breakdownDock = new QDockWidget(tr("Breakdown"), this);
    m_breakdownDock->setObjectName(QStringLiteral("breakdownDock"));
    m_breakdownDock->setWidget(m_breakdown);

    m_sweep = new widgets::SweepChart(this);
    m_sweepDock = new QDockWidget(tr("Sweep"), this);
    m_sweepDock->setObjectName(QStringLiteral("sweepDock"));
    m_sweepDock->setWidget(m_sweep);

    m_editor = new widgets::FormulaEditor(this);
    m_editorDock = new QDockWidget(tr("Formula Editor"), this);
    m_editorDock->setObjectName(QStringLiteral("editorDock"));
    m_editorDock->setWidget(m_editor);
    // The review pane is built the first time it shows (or is asked for): it costs the first paint 11 ms.
    m_reviewDock = new QDockWidget(tr("Review"), this);
    m_reviewDock->setObjectName(QStringLiteral("reviewDock"));
    connect(m_reviewDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            reviewPane();
    });
    m_definitions = new widgets::ArchitectureReview(this);
    m_definitions->setFolder(model::ArchitectureRegistry::defaultUserFolder());
    m_definitions->setReviewer(
        QSettings().value(QString::fromLatin1(widgets::ReviewPane::kReviewerSetting)).toString().trimmed());
    m_definitionsDock = new QDockWidget(tr("Architecture Definitions"), this);
    m_definitionsDock->setObjectName(QStringLiteral("definitionsDock"));
    m_definitionsDock->setWidget(m_definitions);
    m_editor->setModuleKeys(entryKeys(m_session->database()));

    // The settings run down the whole left side; the charts sit under the tree, side by side; the formula editor
    // and the review pane share the right side (hidden until asked for: View menu, or a double click on a row).
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    addDockWidget(Qt::RightDockWidgetArea, m_editorDock);
    addDockWidget(Qt::RightDockWidgetArea, m_reviewDock);
    addDockWidget(Qt::RightDockWidgetArea, m_definitionsDock);
    tabifyDockWidget(m_editorDock, m_reviewDock);
    tabifyDockWidget(m_reviewDock, m_definitionsDock);
    m_editorDock->hide();
    m_reviewDock->hide();
    m_definitionsDock->hide();
    m_agent = new AgentController(m_session, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_rooflineDock);
    splitDockWidget(m_rooflineDock, m_breakdownDock, Qt::Horizontal);
    tabifyDockWidget(m_breakdownDock, m_sweepDock);
    m_breakdownDock->raise();
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    if (m_docksSized)
        return;
    m_docksSized = true;
    // First start: settings narrow, the tree over the upper half, the two charts sharing the lower half. After
    // the first layout pass, when the docks have their places; a restored session keeps its own.
    if (!m_stateRestored)
        m_rightSized = m_editorDock->isVisible() || m_reviewDock->isVisible() || m_definitionsDock->isVisible();
    QTimer::singleShot(0, this, [this] {
        if (!m_stateRestored)
            layoutDocks();
        setAnimated(true);
    });
}

void MainWindow::layoutDocks()
{
    // Settings narrow on the left; the formula editor or the review pane, when shown, on the right (the review pane
    // needs more room); the two charts share what is left under the tree, over the lower half.
    int right = 0;
    QDockWidget* rightDock = nullptr;
    if (m_reviewDock->isVisible() && !m_reviewDock->isFloating()) {
        right = width() * 58 / 100;
        rightDock = m_reviewDock;
    } else if (m_definitionsDock->isVisible() && !m_definitionsDock->isFloating()) {
        right = width() * 45 / 100;
        rightDock = m_definitionsDock;
    } else if (m_editorDock->isVisible() && !m_editorDock->isFloating()) {
        right = width() * 45 / 100;
        rightDock = m_editorDock;
    }
    // The tree and the charts keep room to be read (about 720 pixels beside the settings).
    if (rightDock)
        right = std::max(360, std::min(right, width() - 240 - 720));
    resizeDocks({ m_settingsDock }, { 230 }, Qt::Horizontal);
    const int chartsWidth = std::max(400, width() - 240 - right);
    resizeDocks({ m_rooflineDock, m_breakdownDock }, { chartsWidth / 2, chartsWidth / 2 }, Qt::Horizontal);
    resizeDocks({ m_rooflineDock }, { std::max(300, height() * 9 / 20) }, Qt::Vertical);
    // Last, after that layout pass, so that the charts' share does not take the right side's room back.
    if (rightDock)
        QTimer::singleShot(0, this, [this, right, rightDock] {
            resizeDocks({ rightDock }, { right }, Qt::Horizontal);
            // The charts share what the right side leaves.
            const int charts = std::max(400, width() - 240 - right);
            resizeDocks({ m_rooflineDock, m_breakdownDock }, { charts / 2, charts / 2 }, Qt::Horizontal);
        });
}

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open config.json…"), this, &MainWindow::openFileDialog);
    open->setShortcut(QKeySequence::Open);
    file->addAction(tr("Open &Folder…"), this, &MainWindow::openFolderDialog);
    QAction* browse = file->addAction(tr("&Browse Models…"), this, &MainWindow::browseModels);
    browse->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    file->addAction(tr("&Export Chart…"), this, &MainWindow::exportChart);
    QMenu* exportMenu = file->addMenu(tr("E&xport"));
    exportMenu->setObjectName(QStringLiteral("exportMenu"));
    exportMenu->addAction(tr("&Roofline…"), this, [this] { widgets::exportChartWithDialog(this, m_roofline); });
    exportMenu->addAction(tr("&Breakdown…"), this, [this] { widgets::exportChartWithDialog(this, m_breakdown); });
    exportMenu->addAction(tr("&Sweep…"), this, [this] { widgets::exportChartWithDialog(this, m_sweep); });
    exportMenu->addSeparator();
    QAction* exportReportAction = exportMenu->addAction(tr("&Report…"), this, &MainWindow::exportReportDialog);
    exportReportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    m_selfAction = view->addAction(tr("&Self Costs"));
    m_selfAction->setCheckable(true);
    m_selfAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    connect(m_selfAction, &QAction::toggled, m_selfButton, &QToolButton::setChecked);
    connect(m_selfButton, &QToolButton::toggled, m_selfAction, &QAction::setChecked);
    QAction* find = view->addAction(tr("&Filter"), this, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });
    find->setShortcut(QKeySequence::Find);
    view->addAction(tr("&Expand All"), this, [this] {
        // Every row of a small model; a bounded number of a large one (DeepSeek-V3 has 75,397 modules).
        if (m_snapshot && m_snapshot->tree().moduleCount() <= 5000)
            m_view->expandAll();
        else
            expandMatches();
    });
    view->addAction(tr("&Collapse All"), this, [this] {
        m_view->collapseAll();
        m_view->expand(m_proxy->index(0, 0));
    });
    view->addSeparator();
    for (QDockWidget* dock :
        { m_settingsDock, m_rooflineDock, m_breakdownDock, m_sweepDock, m_editorDock, m_reviewDock, m_definitionsDock })
        view->addAction(dock->toggleViewAction());
    m_editorDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_reviewDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    createCompareDock(view);
    createGenerationDock(view);
    view->addSeparator();
    createLanguageMenu(view);

    QMenu* database = menuBar()->addMenu(tr("&Database"));
    QAction* undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QAction* redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    redo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    // Undo/redo of reviews and applied edits: from the tree and the review pane (the editor has its own text undo).
    m_view->addActions({ undo, redo });
    m_undoAction = undo;
    m_redoAction = redo;
    database->addAction(undo);
    database->addAction(redo);
    database->addSeparator();
    m_saveDatabaseAction = database->addAction(tr("&Save Database"), this, &MainWindow::saveDatabase);
    m_saveDatabaseAction->setShortcut(QKeySequence::Save);
    m_saveDatabaseAction->setEnabled(m_session->dirty());
    database->addAction(tr("Re&load Database"), this, [this] {
        if (reviewPane()->reloadFromDisk())
            m_undo->clear();
    });
    database->addSeparator();
    m_validatedOnlyAction = database->addAction(tr("Use &Validated Formulas Only"));
    m_validatedOnlyAction->setCheckable(true);
    m_validatedOnlyAction->setToolTip(tr("Leave out every entry nobody has validated yet (pending, needs changes): "
                                         "a module without a usable entry sums the modules inside it."));
    connect(m_validatedOnlyAction, &QAction::toggled, this, [this] { databaseChanged(); });
    database->addAction(tr("Source &Folders…"), this, &MainWindow::editSourceFolders);
    database->addSeparator();
    QAction* draftAll =
        database->addAction(tr("&Draft All Missing with the Agent"), this, &MainWindow::draftMissingEntries);
    draftAll->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    draftAll->setToolTip(tr("Ask the agent for an entry for every module class of the model the database lacks; "
                            "the drafts land as pending for review."));
    database->addAction(tr("Draft a &Definition for the Refused Model"), this, [this] {
        if (!draftRefusedModel())
            m_status->setText(tr("No model was refused for lack of an architecture definition."));
    });
    database->addAction(tr("&Cancel the Agent"), this, [this] { m_agent->cancel(); });
    database->addAction(tr("Show the Last &Prompt…"), this, [this] { m_agent->showLastPrompt(); });
    database->addAction(tr("&Agent Settings…"), this, [this] {
        AgentSettingsDialog dialog(this);
        dialog.exec();
    });

    m_databaseActions << database->menuAction();
    QMenu* review = menuBar()->addMenu(tr("&Review"));
    m_databaseActions << review->menuAction();
    // The review pane's own actions, once the pane is built (its first show, or this menu's).
    m_reviewMenu = review;
    connect(review, &QMenu::aboutToShow, this, [this] { reviewPane(); });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About LM-Predictor"), this, [this] {
        QMessageBox::about(this, tr("About LM-Predictor"),
            tr("<h3>LM-Predictor %1</h3><p>FLOPs, memory traffic and roofline time of PyTorch and Hugging Face "
               "models, from their config.json, before running anything.</p><p>Licensed under the GNU GPL, "
               "version 3 or later.</p>")
                .arg(QApplication::applicationVersion()));
    });
    updateRecentMenu();
}

void MainWindow::openModel(const QString& source)
{
    m_pendingSource = source;
    m_runner->open(source, m_panel->settings(), currentHardware());
}

void MainWindow::setAnalysisSettings(const analysis::Settings& settings, const std::string& hardwareId)
{
    m_panel->setSettings(settings);
    m_panel->setHardwareId(hardwareId);
    settingsChanged();
}

std::optional<hardware::Profile> MainWindow::currentHardware() const
{
    if (const auto* p = m_workspace->catalogue.find(m_panel->hardwareId()))
        return *p;
    return std::nullopt;
}

void MainWindow::settingsChanged()
{
    if (m_snapshot && !m_runner->isOpening())
        requestAnalysis();
}

void MainWindow::requestAnalysis()
{
    m_runner->analyze(m_snapshot->model, m_panel->settings(), currentHardware());
}

void MainWindow::showSnapshot(const widgets::SnapshotPtr& snapshot, bool newModel)
{
    m_snapshot = snapshot;
    m_syncingSelection = true;
    m_model->setSnapshot(snapshot);
    m_syncingSelection = false;
    if (newModel) {
        m_refusedSource.clear();
        m_draftModelButton->hide();
        // A good model ends an open error; a user database that did not load stays reported.
        if (m_workspace->warnings.isEmpty())
            m_errorBar->hide();
        else
            showError(m_workspace->warnings.join(QLatin1Char('\n')));
        const QString source = m_pendingSource.isEmpty() ? snapshot->model->name : m_pendingSource;
        m_pendingSource.clear();
        m_openSource = source;
        addRecent(source);
        setWindowTitle(tr("%1 — LM-Predictor").arg(snapshot->model->name));
        expandOverview();
        if (!m_columnsSized) {
            // Fit the columns to the first model; afterwards they are the user's.
            m_columnsSized = true;
            for (int c = 0; c < widgets::ModuleTreeModel::NumColumns; ++c)
                m_view->resizeColumnToContents(c);
            m_view->setColumnWidth(widgets::ModuleTreeModel::NameColumn,
                std::clamp(m_view->columnWidth(widgets::ModuleTreeModel::NameColumn) + 24, 180, 260));
            m_view->setColumnWidth(widgets::ModuleTreeModel::ClassColumn,
                std::min(m_view->columnWidth(widgets::ModuleTreeModel::ClassColumn), 180));
            m_view->setColumnWidth(widgets::ModuleTreeModel::ShareColumn,
                std::max(m_view->columnWidth(widgets::ModuleTreeModel::ShareColumn), 80));
        }
    }
    m_roofline->setSnapshot(snapshot);
    m_breakdown->setSnapshot(snapshot);
    m_sweep->setSnapshot(snapshot);
    currentRowChanged();
    updateSummary();
    // Settings or the library changed while the model was being read: analyze it with the current ones.
    const auto& library = m_runner->library() ? m_runner->library() : m_workspace->library;
    if (newModel
        && (snapshot->settings != m_panel->settings()
            || (snapshot->hardware ? snapshot->hardware->id : std::string()) != m_panel->hardwareId()
            || (library && snapshot->library != library)))
        requestAnalysis();
    if (m_readyOnWholeAnalysis && library && snapshot->library == library) {
        m_readyOnWholeAnalysis = false;
        setDatabaseReady(true);
        Q_EMIT databaseLoaded();
    }
    Q_EMIT analysisShown();
    // The first analysis is on screen: now the rest of the database.
    startDatabaseLoad();
}

QString MainWindow::errorText() const
{
    return m_errorBar->isVisible() || !m_errorBar->isHidden() ? m_errorLabel->text() : QString();
}

QString MainWindow::summaryText() const
{
    QTextDocument document;
    document.setHtml(m_summary->text());
    return document.toPlainText();
}

void MainWindow::expandOverview()
{
    // The first levels, down to the runs of identical blocks, which stay closed (32 layers are one row).
    std::function<void(const QModelIndex&, int)> expand = [&](const QModelIndex& parent, int depth) {
        for (int r = 0; r < m_proxy->rowCount(parent); ++r) {
            const QModelIndex index = m_proxy->index(r, 0, parent);
            if (index.data(widgets::ModuleTreeModel::InstancesRole).toLongLong() > 1 || !m_proxy->hasChildren(index))
                continue;
            m_view->expand(index);
            if (depth < 2)
                expand(index, depth + 1);
        }
    };
    expand({}, 0);
}

void MainWindow::expandMatches()
{
    // Show where the matches are, but open a bounded number of rows: "expand all" on 75,000 modules would
    // freeze the window.
    int budget = 400;
    std::function<void(const QModelIndex&)> expand = [&](const QModelIndex& parent) {
        for (int r = 0; r < m_proxy->rowCount(parent) && budget > 0; ++r) {
            const QModelIndex index = m_proxy->index(r, 0, parent);
            --budget;
            if (!m_proxy->hasChildren(index))
                continue;
            m_view->expand(index);
            expand(index);
        }
    };
    expand({});
}

void MainWindow::showError(const QString& message)
{
    m_errorLabel->setText(message);
    m_errorBar->show();
    m_status->setText(tr("Error: %1").arg(message.left(120)));
}

void MainWindow::updateSummary()
{
    if (!m_snapshot) {
        m_summary->clear();
        return;
    }
    const auto& s = *m_snapshot;
    // The same report every export writes: the summary says what it says.
    report::ReportOptions options;
    options.depth = 0; // the summary needs the totals only
    options.validatedOnly = validatedOnly();
    const report::Report r = widgets::reportOf(s, options);
    const auto& settings = r.settings;
    QString phase;
    switch (settings.phase) {
    case analysis::Phase::Prefill:
        phase = settings.past > 0
            ? tr("prefill of %1 tokens after %2 cached")
                  .arg(widgets::exactText(formula::Number::integer(settings.seq)),
                      widgets::exactText(formula::Number::integer(settings.past)))
            : tr("prefill of %1 tokens").arg(widgets::exactText(formula::Number::integer(settings.seq)));
        break;
    case analysis::Phase::Decode:
        phase = settings.seq == 1 ? tr("decode of 1 new token after %1 cached")
                                        .arg(widgets::exactText(formula::Number::integer(settings.past)))
                                  : tr("decode of %1 new tokens after %2 cached")
                                        .arg(widgets::exactText(formula::Number::integer(settings.seq)),
                                            widgets::exactText(formula::Number::integer(settings.past)));
        break;
    case analysis::Phase::Train:
        phase = tr("training step on %1 tokens").arg(widgets::exactText(formula::Number::integer(settings.seq)));
        break;
    }
    // An unknown figure (no entry, a failed evaluation) shows as "?", never as 0.
    auto flopText = [this](const std::optional<formula::Number>& value) {
        return value ? widgets::siText(value->toDouble(), tr("FLOP")) : QStringLiteral("? FLOP");
    };
    auto bytesText = [](const std::optional<formula::Number>& value) {
        return value ? widgets::siText(value->toDouble(), QStringLiteral("B")) : QStringLiteral("?");
    };
    QString text = tr("<b>%1</b> <span style='color:#666'>(%2)</span> — %3, batch %4")
                       .arg(QString::fromStdString(r.model).toHtmlEscaped(),
                           QString::fromStdString(r.architecture).toHtmlEscaped(), phase,
                           widgets::exactText(formula::Number::integer(settings.batch)));
    text += QStringLiteral("<br>");
    text += tr("<b>%1</b> (%2 in matmuls) · %3 of memory traffic · %4 parameters")
                .arg(flopText(r.total[Kind::Flops]), flopText(r.total[Kind::MatmulFlops]), bytesText(r.traffic),
                    widgets::siText(static_cast<double>(r.params)));
    if (r.hardware) {
        text += tr(" · <b>%1</b> expected (bound %2, %3) on %4")
                    .arg(widgets::secondsText(r.seconds), widgets::secondsText(r.roofline),
                        r.settings.execution == analysis::Execution::Fused ? tr("fused") : tr("eager"),
                        QString::fromStdString(r.hardware->name));
        if (r.bound != analysis::Bound::Unknown)
            text +=
                r.bound == analysis::Bound::Compute ? tr(" (compute-bound overall)") : tr(" (memory-bound overall)");
    }
    text += QStringLiteral("<br>");
    QString memory = tr("Memory: %1 weights").arg(widgets::siText(r.weightBytes.toDouble(), QStringLiteral("B")));
    if (!r.storedWeights.empty()) {
        // The common case in the window's language; a quantization's description is the engine's (English).
        const auto& stored = s.tree().storedWeights();
        const QString described = stored && stored->method.empty()
            ? tr("%1 weights").arg(QString::fromStdString(stored->dtype))
            : QString::fromStdString(r.storedWeights);
        memory += QStringLiteral(" <span style='color:#666'>(%1)</span>")
                      .arg(tr("as stored: %1").arg(described.toHtmlEscaped()));
    }
    if (settings.phase != analysis::Phase::Train && r.kvCacheBytes)
        memory += tr(" + %1 KV cache").arg(bytesText(r.kvCacheBytes));
    if (settings.phase != analysis::Phase::Train && r.stateBytes)
        memory += tr(" + %1 recurrent state").arg(bytesText(r.stateBytes));
    if (r.footprintBytes) {
        memory += tr(" → %1 in all").arg(bytesText(r.footprintBytes));
        if (r.fitsMemory)
            memory += *r.fitsMemory ? tr(", fits %1").arg(widgets::siText(r.hardware->memoryBytes, QStringLiteral("B")))
                                    : tr(", <span style='color:#b00'><b>does not fit</b></span> %1")
                                          .arg(widgets::siText(r.hardware->memoryBytes, QStringLiteral("B")));
    }
    if (!r.warnings.empty())
        memory += QStringLiteral(" · <span style='color:#b04000'>")
            + tr("%n module type(s) with warnings: totals leave their work out", nullptr,
                static_cast<int>(r.warnings.size()))
            + QStringLiteral("</span>");
    text += memory;
    // Which formulas the numbers rest on.
    QString formulas;
    if (!r.unreviewedEntries.empty()) {
        QStringList entries;
        for (const auto& e : r.unreviewedEntries)
            entries << QString::fromStdString(e);
        formulas = QStringLiteral("<span style='color:#9a6000'>")
            + tr("%1 modules use unreviewed formulas (%2)")
                  .arg(widgets::exactText(formula::Number::integer(r.unreviewedModules)),
                      entries.join(QStringLiteral(", ")).toHtmlEscaped())
            + QStringLiteral("</span>");
    } else {
        formulas = tr("Every formula used was validated");
    }
    if (r.validatedOnly)
        formulas += tr(" · validated entries only");
    // The architecture definition the tree rests on, when nobody has approved it yet (an agent's draft).
    if (!r.architectureNote.empty())
        formulas += QStringLiteral(" · <span style='color:#9a6000'>%1</span>")
                        .arg(QString::fromStdString(r.architectureNote).toHtmlEscaped());
    if (!r.excludedEntries.empty()) {
        QStringList entries;
        for (const auto& e : r.excludedEntries)
            entries << QString::fromStdString(e);
        formulas += tr(" · not used: %1").arg(entries.join(QStringLiteral(", ")).toHtmlEscaped());
    }
    if (m_session->dirty())
        formulas += tr(" · <i>database changes not saved</i>");
    if (r.imageTokens > 0)
        formulas += tr(" · %n image token(s) in each sequence", nullptr, static_cast<int>(r.imageTokens));
    for (const auto& note : r.notes)
        formulas += QStringLiteral(" · <span style='color:#9a6000'>%1</span>")
                        .arg(QString::fromStdString(note).toHtmlEscaped());
    text += QStringLiteral("<br>") + formulas;
    m_summary->setText(text);
    m_status->setText(tr("%1 modules, %2 distinct · analyzed with %3 template evaluations")
                          .arg(widgets::exactText(formula::Number::integer(s.tree().moduleCount())))
                          .arg(s.tree().storedNodes())
                          .arg(s.result.templateEvaluations));
}

void MainWindow::currentRowChanged()
{
    if (m_syncingSelection)
        return;
    const QModelIndex current = m_proxy->mapToSource(m_view->currentIndex());
    m_roofline->setSelectedNodes(current.isValid() ? m_model->nodesUnder(current) : std::vector<model::NodeId> {});
    syncEntryViews();
}

bool MainWindow::selectModule(const QString& fullName)
{
    const QModelIndex source = m_model->indexForName(fullName);
    if (!source.isValid())
        return false;
    QModelIndex index = m_proxy->mapFromSource(source);
    if (!index.isValid()) {
        // Filtered out: show everything again so the selection is visible.
        m_filter->clear();
        m_warningsOnly->setChecked(false);
        index = m_proxy->mapFromSource(source);
    }
    for (QModelIndex p = index.parent(); p.isValid(); p = p.parent())
        m_view->expand(p);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
    // Deep rows are indented: widen the name column rather than elide the selected name.
    const int before = m_view->columnWidth(widgets::ModuleTreeModel::NameColumn);
    m_view->resizeColumnToContents(widgets::ModuleTreeModel::NameColumn);
    m_view->setColumnWidth(widgets::ModuleTreeModel::NameColumn,
        std::clamp(m_view->columnWidth(widgets::ModuleTreeModel::NameColumn) + 8, before, std::max(before, 320)));
    return true;
}

void MainWindow::selectNode(model::NodeId node)
{
    if (const auto name = m_model->firstInstanceName(node))
        selectModule(QString::fromStdString(*name));
}

void MainWindow::addRecent(const QString& source)
{
    m_recent.removeAll(source);
    m_recent.prepend(source);
    while (m_recent.size() > kMaxRecent)
        m_recent.removeLast();
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    for (const QString& source : m_recent)
        m_recentMenu->addAction(source, this, [this, source] { openModel(source); });
    m_recentMenu->setEnabled(!m_recent.isEmpty());

    m_modelBox->clear();
    for (const QString& source : m_recent)
        m_modelBox->addItem(QFileInfo(source).isAbsolute()
                ? QFileInfo(source).fileName() == QStringLiteral("config.json") ? QFileInfo(source).dir().dirName()
                                                                                : QFileInfo(source).fileName()
                : source,
            source);
    if (!m_recent.isEmpty())
        m_modelBox->insertSeparator(m_modelBox->count());
    for (const QString& id : model::builtinModelIds()) {
        if (!m_recent.contains(id))
            m_modelBox->addItem(id, id);
    }
    m_modelBox->setCurrentIndex(m_recent.isEmpty() ? -1 : 0);
}

void MainWindow::openFileDialog()
{
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Open a model"), QString(), tr("Model configs and module dumps (*.json);;All files (*)"));
    if (!file.isEmpty())
        openModel(file);
}

void MainWindow::openFolderDialog()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open a model folder (with config.json)"));
    if (!folder.isEmpty())
        openModel(folder);
}

void MainWindow::browseModels()
{
    widgets::ModelBrowserDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted && !dialog.selectedSource().isEmpty())
        openModel(dialog.selectedSource());
}

QString MainWindow::exportReport(const QString& file) const
{
    report::ReportOptions options;
    options.validatedOnly = validatedOnly();
    return widgets::exportReport(m_snapshot, file, options);
}

void MainWindow::exportReportDialog()
{
    if (!m_snapshot) {
        showError(tr("Open a model first: there is no analysis to export."));
        return;
    }
    const QString file = QFileDialog::getSaveFileName(this, tr("Export the report"), QStringLiteral("report.html"),
        tr("HTML report, charts embedded (*.html);;PDF document (*.pdf);;Markdown (*.md);;CSV table (*.csv);;"
           "JSON (*.json);;Text table (*.txt)"));
    if (file.isEmpty())
        return;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const QString error = exportReport(file);
    QApplication::restoreOverrideCursor();
    if (!error.isEmpty())
        showError(error);
    else
        statusBar()->showMessage(tr("Report written to %1").arg(QDir::toNativeSeparators(file)), 5000);
}

void MainWindow::exportChart()
{
    // The roofline, as before the other charts could be exported (File > Export lists each chart).
    widgets::exportChartWithDialog(this, m_roofline);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls()) {
        for (const QUrl& url : event->mimeData()->urls()) {
            if (url.isLocalFile()) {
                event->acceptProposedAction();
                return;
            }
        }
    }
}

void MainWindow::dropEvent(QDropEvent* event)
{
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile()) {
            openModel(url.toLocalFile());
            event->acceptProposedAction();
            return;
        }
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!confirmUnsavedDatabase()) {
        event->ignore();
        return;
    }
    saveSession();
    QMainWindow::closeEvent(event);
}

void MainWindow::saveSession()
{
    if (!m_persistent)
        return;
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/tree"), m_view->header()->saveState());
    settings.setValue(QStringLiteral("recent"), m_recent);
    settings.setValue(QStringLiteral("self"), m_selfButton->isChecked());
    const analysis::Settings s = m_panel->settings();
    settings.beginGroup(QStringLiteral("analysis"));
    settings.setValue(QStringLiteral("phase"), latin1(analysis::phaseName(s.phase)));
    settings.setValue(QStringLiteral("batch"), static_cast<qlonglong>(s.batch));
    settings.setValue(QStringLiteral("seq"), static_cast<qlonglong>(s.seq));
    settings.setValue(QStringLiteral("past"), static_cast<qlonglong>(s.past));
    settings.setValue(QStringLiteral("weightDtype"),
        s.checkpointWeights ? QStringLiteral("stored") : latin1(analysis::dtypeName(s.weightDtype)));
    settings.setValue(QStringLiteral("images"), static_cast<qlonglong>(s.images));
    settings.setValue(QStringLiteral("imageWidth"), static_cast<qlonglong>(s.imageWidth));
    settings.setValue(QStringLiteral("imageHeight"), static_cast<qlonglong>(s.imageHeight));
    settings.setValue(QStringLiteral("actDtype"), latin1(analysis::dtypeName(s.actDtype)));
    settings.setValue(QStringLiteral("kvDtype"), latin1(analysis::dtypeName(s.kvDtype)));
    settings.setValue(QStringLiteral("eager"), s.eagerAttention);
    settings.setValue(QStringLiteral("execution"), QString::fromLatin1(analysis::executionName(s.execution).data()));
    settings.setValue(QStringLiteral("tf32"), s.tf32);
    settings.setValue(QStringLiteral("causalHalf"), s.causalHalf);
    settings.setValue(QStringLiteral("logitsLast"), s.logitsLastOnly);
    settings.setValue(QStringLiteral("hardware"), QString::fromStdString(m_panel->hardwareId()));
    settings.endGroup();
}

bool MainWindow::restoreSession()
{
    QSettings settings;
    const bool had = settings.contains(QStringLiteral("recent"));
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    m_stateRestored = restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_columnsSized = m_view->header()->restoreState(settings.value(QStringLiteral("window/tree")).toByteArray());
    m_recent = settings.value(QStringLiteral("recent")).toStringList();
    updateRecentMenu();
    m_selfButton->setChecked(settings.value(QStringLiteral("self"), false).toBool());
    analysis::Settings s;
    settings.beginGroup(QStringLiteral("analysis"));
    if (const auto p = analysis::phaseFromName(settings.value(QStringLiteral("phase")).toString().toStdString()))
        s.phase = *p;
    s.batch = std::max<qlonglong>(1, settings.value(QStringLiteral("batch"), 1).toLongLong());
    s.seq = std::max<qlonglong>(1, settings.value(QStringLiteral("seq"), 2048).toLongLong());
    s.past = std::max<qlonglong>(0, settings.value(QStringLiteral("past"), 0).toLongLong());
    for (auto [key, target] : { std::pair { "weightDtype", &s.weightDtype }, std::pair { "actDtype", &s.actDtype },
             std::pair { "kvDtype", &s.kvDtype } }) {
        if (const auto d = analysis::dtypeFromName(settings.value(QString::fromLatin1(key)).toString().toStdString()))
            *target = *d;
    }
    // An explicit weight dtype saved earlier turns "as stored" off.
    s.checkpointWeights =
        !analysis::dtypeFromName(settings.value(QStringLiteral("weightDtype")).toString().toStdString());
    s.images = std::clamp<qlonglong>(settings.value(QStringLiteral("images"), 0).toLongLong(), 0, 1024);
    s.imageWidth = std::clamp<qlonglong>(settings.value(QStringLiteral("imageWidth"), 1024).toLongLong(), 1, 100000);
    s.imageHeight = std::clamp<qlonglong>(settings.value(QStringLiteral("imageHeight"), 1024).toLongLong(), 1, 100000);
    s.eagerAttention = settings.value(QStringLiteral("eager"), false).toBool();
    s.execution = analysis::executionFromName(
        settings.value(QStringLiteral("execution"), QStringLiteral("eager")).toString().toStdString())
                      .value_or(analysis::Execution::Eager);
    s.tf32 = settings.value(QStringLiteral("tf32"), false).toBool();
    s.causalHalf = settings.value(QStringLiteral("causalHalf"), false).toBool();
    s.logitsLastOnly = settings.value(QStringLiteral("logitsLast"), false).toBool();
    const std::string hw =
        settings.value(QStringLiteral("hardware"), QString::fromLatin1(kDefaultHardware)).toString().toStdString();
    settings.endGroup();
    m_panel->setSettings(s);
    m_panel->setHardwareId(hw);
    return had;
}

void MainWindow::createLanguageMenu(QMenu* view)
{
    // The choice is kept in QSettings and read at start: the window's texts are built in its language.
    m_languageMenu = view->addMenu(tr("&Language"));
    auto* group = new QActionGroup(m_languageMenu);
    const QString current = QSettings().value(QString::fromLatin1(kLanguageSetting)).toString();
    const auto add = [&](const QString& code, const QString& name) {
        QAction* action = m_languageMenu->addAction(name);
        action->setCheckable(true);
        action->setData(code);
        action->setChecked(code == current || (code.isEmpty() && !localeForLanguage(current)));
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] {
            QSettings().setValue(QString::fromLatin1(kLanguageSetting), code);
            statusBar()->showMessage(tr("The language changes when LM-Predictor starts again."), 10000);
        });
    };
    add(QString(), tr("System Language"));
    m_languageMenu->addSeparator();
    for (const Language& language : languages())
        add(QString::fromLatin1(language.code), QString::fromUtf8(language.nativeName));
}

void MainWindow::createCompareDock(QMenu* view)
{
    // The dock is placed now; its view is built the first time it shows (or is asked for): most sessions never
    // compare, and the view costs the window's first paint a tenth of its time.
    m_compareDock = new QDockWidget(tr("Compare"), this);
    m_compareDock->setObjectName(QStringLiteral("compareDock"));
    addDockWidget(Qt::BottomDockWidgetArea, m_compareDock);
    tabifyDockWidget(m_sweepDock, m_compareDock);
    m_compareDock->hide();
    m_breakdownDock->raise();
    connect(m_compareDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            compareView();
    });

    QAction* compare = view->addAction(tr("Co&mpare With…"), this, &MainWindow::showCompare);
    m_databaseActions << compare;
    compare->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    compare->setToolTip(tr("Compare the analysis with another model or other settings"));
}

widgets::CompareView* MainWindow::compareView()
{
    if (m_compare)
        return m_compare;
    m_compare = new widgets::CompareView(m_workspace, this);
    m_compare->setEnabled(!m_databasePending);
    m_compareDock->setWidget(m_compare);
    // Side A is the window's analysis; side B uses its formula library and the same architectures.
    const auto follow = [this] {
        m_compare->setWorkspace(m_workspace);
        m_compare->setRecentModels(m_recent);
        m_compare->setCurrentAnalysis(m_snapshot, m_openSource);
    };
    connect(this, &MainWindow::analysisShown, m_compare, follow);
    if (m_snapshot)
        follow();
    // Swap: the window shows what was side B.
    connect(m_compare, &widgets::CompareView::sideARequested, this,
        [this](const QString& source, const analysis::Settings& settings, const QString& hardwareId) {
            const bool sameModel = source == m_openSource;
            setAnalysisSettings(settings, hardwareId.toStdString());
            if (!sameModel)
                openModel(source);
        });
    return m_compare;
}

void MainWindow::createGenerationDock(QMenu* view)
{
    m_generation = new widgets::GenerationView(this);
    m_generationDock = new QDockWidget(tr("Generation"), this);
    m_generationDock->setObjectName(QStringLiteral("generationDock"));
    m_generationDock->setWidget(m_generation);
    addDockWidget(Qt::BottomDockWidgetArea, m_generationDock);
    tabifyDockWidget(m_sweepDock, m_generationDock);
    m_generationDock->hide();
    m_breakdownDock->raise();
    QAction* generation = view->addAction(tr("&Generation"), this, &MainWindow::showGeneration);
    generation->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    generation->setToolTip(tr("Time to first token, time per output token and the KV cache over a generation"));
    // Only a visible panel computes: a generation is many analyses.
    connect(this, &MainWindow::analysisShown, m_generation, [this] {
        if (m_generationDock->isVisible())
            m_generation->setCurrentAnalysis(m_snapshot);
    });
    connect(m_generationDock, &QDockWidget::visibilityChanged, m_generation, [this](bool visible) {
        if (visible && m_snapshot)
            m_generation->setCurrentAnalysis(m_snapshot);
    });
}

void MainWindow::showGeneration()
{
    m_generationDock->show();
    m_generationDock->raise();
    if (m_snapshot)
        m_generation->setCurrentAnalysis(m_snapshot);
}

void MainWindow::showCompare()
{
    compareView();
    m_compareDock->show();
    m_compareDock->raise();
    m_compare->modelBox()->setFocus();
    // Two analyses side by side need room: the compare dock takes most of the charts' row and more of the height.
    // After the docks' first layout, which a window just shown has queued.
    QTimer::singleShot(0, this, [this] {
        if (m_compareDock->isFloating())
            return;
        resizeDocks({ m_compareDock }, { std::max(400, width() - 520) }, Qt::Horizontal);
        resizeDocks({ m_compareDock }, { std::max(360, height() * 3 / 5) }, Qt::Vertical);
    });
}

} // namespace lmp::app
