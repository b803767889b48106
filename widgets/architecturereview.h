// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/architecture.h"

#include <QString>
#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTreeWidget;

namespace lmp::widgets {

// Reviews the architecture definitions of the user's folder (those an agent drafted, and any other): the list with
// each definition's status; for the one selected, its JSON (read-only), the module tree it builds for a config (as
// `lmp inspect` prints it) and the comparison with that model's checkpoint; Approve, Request Changes and Reject with
// the reviewer's name and notes, written to the file (agent::reviewArchitecture: atomically, with a history
// revision). Built-in definitions are not listed: they ship validated.
class ArchitectureReview : public QWidget
{
    Q_OBJECT
public:
    explicit ArchitectureReview(QWidget* parent = nullptr);
    ~ArchitectureReview() override;

    // The folder listed (ArchitectureRegistry::defaultUserFolder() in the window); read again by refresh().
    void setFolder(const QString& folder);
    QString folder() const { return m_folder; }
    // The model the selected definition is built for: a config.json, a folder holding one, or a model id.
    void setConfig(const QString& source);
    QString configSource() const;
    void setReviewer(const QString& name);
    QString reviewer() const;
    void setNotes(const QString& notes);

    // Reads the folder again, keeping the selection where the file is still there.
    void refresh();
    // Selects a definition by its path; false when the list does not hold it.
    bool selectFile(const QString& file);
    QString currentFile() const;
    // The status of the selected definition (nullopt: none selected, or it does not read).
    std::optional<model::ArchitectureStatus> currentStatus() const;
    int definitionCount() const;

    // What the panes show (for the window's status line and for tests).
    QString definitionText() const;
    QString treeText() const;
    QString comparisonText() const;
    QString message() const;

    // What the buttons do: reviews the selected definition with the reviewer's name and the notes. False (with the
    // reason shown) when refused: nothing selected, no reviewer, a write that failed.
    bool review(model::ArchitectureStatus status);

Q_SIGNALS:
    // A definition's status was written: the window reloads its architecture definitions and re-analyzes.
    void definitionReviewed(const QString& file, lmp::model::ArchitectureStatus status);
    void currentFileChanged(const QString& file);

private:
    void showCurrent();
    void showSummary();
    void updateButtons();
    void chooseConfig();

    QString m_folder;
    QTreeWidget* m_list = nullptr;
    QTabWidget* m_tabs = nullptr;
    QPlainTextEdit* m_json = nullptr;
    QPlainTextEdit* m_tree = nullptr;
    QPlainTextEdit* m_comparison = nullptr;
    QLineEdit* m_config = nullptr;
    QLineEdit* m_reviewer = nullptr;
    QPlainTextEdit* m_notes = nullptr;
    QPushButton* m_approve = nullptr;
    QPushButton* m_requestChanges = nullptr;
    QPushButton* m_reject = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_message = nullptr;
    // The shared classes the trees are built with: the built-in registry, read on first use.
    const model::ArchitectureRegistry* builtin();
    std::optional<model::ArchitectureRegistry> m_builtin;
    QString m_builtinError;
};

} // namespace lmp::widgets
