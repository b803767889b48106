// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysissnapshot.h"
#include "formula/error.h"
#include "formula/evaluator.h"
#include "formula/kind.h"
#include "model/moduletree.h"

#include <QString>
#include <QStringList>
#include <QWidget>

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

class QLabel;
class QListWidget;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;
class QsciScintilla;

namespace lmp::widgets {

// The formula editor: the templates of one module database entry (FLOPs, matmul FLOPs, reads, writes,
// intermediates, parameters and each FLOP breakdown item, one page each), with highlighting, completion, every
// syntax and compile error underlined in place, and the value as you type: each edit re-parses, re-compiles and
// re-evaluates the page on the selected tree node's parameters, exactly as the analysis binds them, and shows the
// value, the call tree and, for FLOPs, the breakdown against the total. Apply hands the edited entry to the window
// (which stores it as a new pending revision); Revert goes back to the entry as it was set.
class FormulaEditor : public QWidget
{
    Q_OBJECT

public:
    enum CallColumn { CallColumn = 0, KindColumn, ArgumentsColumn, ValueColumn, MemoColumn, CallColumnCount };
    enum BreakdownColumn { ItemColumn = 0, ItemValueColumn, BreakdownColumnCount };
    enum Role {
        // Call tree and breakdown items: the exact value in plain digits ("11542724608"; a real number as
        // Number::toString() writes it), "" when it has none.
        ExactValueRole = Qt::UserRole + 1,
        KeyRole, // call tree: the called module's key; the root: the edited template's "key field"
    };

    // What completion offers: the text it inserts, the list's line, and one line about it ("" if none).
    struct Completion
    {
        QString text; // "${in_features}", "{torch__nn__Linear}(", "ceil_div(", "bias="
        QString label; // the line in the list
        QString description;
    };

    explicit FormulaEditor(QWidget* parent = nullptr);
    ~FormulaEditor() override;

    // The analysis to evaluate on, and the selected tree node (nullopt: none). The node's parameters are bound only
    // when its class is the entry's; otherwise the templates see the analysis context alone. Keeps unapplied edits.
    void setAnalysis(SnapshotPtr snapshot, std::optional<model::NodeId> node, const QString& fullName);
    // The entry to edit (the winning database entry of a class): key in either form, the entry's JSON, its
    // validation status ("validated", "pending", "needs_changes", "rejected") and its layer ("built-in", "user").
    // The same key and JSON again (after a re-analysis) keeps unapplied edits; another entry drops them.
    void setEntry(const QString& key, const nlohmann::ordered_json& entry, const QString& status, const QString& layer);
    // No entry to edit: shows message, and "New entry…" when the selected node's class is known.
    void clearEntry(const QString& message);
    // Every key of the database, for completion after '{' (without it: the analysis library's keys).
    void setModuleKeys(const QStringList& keys);
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }

    bool hasEntry() const { return m_hasEntry; }
    QString entryKey() const { return m_key; }
    bool isModified() const;
    // Whether any page's template has a syntax or compile error (then Apply is disabled).
    bool hasErrors() const;
    // The entry as set, with the edited templates (and breakdown items) replaced.
    nlohmann::ordered_json editedEntry() const;

    // Pages: 0 FLOPs, 1 matmul FLOPs, 2 reads, 3 writes, 4 intermediates, 5 parameters, then the breakdown items.
    int pageCount() const { return static_cast<int>(m_pages.size()); }
    // The database field a page edits: "formula_template", "reads_template", "breakdown.gate_proj", ...
    QString pageField(int page) const;
    int currentPage() const;
    void setCurrentPage(int page);
    // By field; false when the entry has no such page.
    bool setCurrentPage(const QString& field);
    // The current page's editor (null without an entry), and any page's.
    QsciScintilla* editor() const;
    QsciScintilla* pageEditor(int page) const;
    // False while the page's template is missing (the figure is unknown) and not added.
    bool isPagePresent(int page) const;
    // Starts a missing template (empty): the page can then be edited and applied.
    void addTemplate(int page);

    // What the editor shows now, for tests and the window.
    QString headerText() const;
    QString valueText() const;
    QString bindingText() const;
    // The breakdown line: "Σ breakdown = 1,234 = formula_template ✓" or the difference ("" when not shown).
    QString breakdownText() const;
    QString messageText() const; // the "no entry" page's message
    // The current page's errors as listed under the editor: "1:3 unexpected '^'; did you mean '**' (power)?".
    QStringList errorMessages() const;
    // The error underlines the current page's editor draws, read back from Scintilla (UTF-8 byte ranges).
    std::vector<formula::SourceRange> errorRanges() const;
    QTreeWidget* callTree() const { return m_callTree; }
    QTreeWidget* breakdownTree() const { return m_breakdownTree; }
    QPushButton* applyButton() const { return m_applyButton; }
    QPushButton* revertButton() const { return m_revertButton; }

    // What completion offers with the caret after textBeforeCaret (the current page's text up to the caret):
    // after "${" the entry's parameters and the context variables, after "{" module keys, after a word the
    // functions and parameters whose names start with it (and, inside a module call's parentheses, the callee's
    // parameter names). completions() gives the inserted texts.
    std::vector<Completion> completionItems(const QString& textBeforeCaret) const;
    QStringList completions(const QString& textBeforeCaret) const;
    // Shows the completion list at the caret of the current page (Ctrl+Space).
    void complete();

public Q_SLOTS:
    void apply();
    void revert();

Q_SIGNALS:
    // Apply: the entry with its edited templates replaced; the window stores it as a new revision (pending).
    void applyRequested(const QString& key, const nlohmann::ordered_json& editedEntry);
    // "New entry…" on a node whose class has no entry: the class's module path ("torch.nn.Linear").
    void createRequested(const QString& modulePath);
    void modifiedChanged(bool modified);

private:
    struct Page;
    struct CompletionContext;

    void buildPages();
    Page* createPage();
    void loadPage(Page& page, const std::string& text, bool present);
    Page* pageOf(const QsciScintilla* editor) const;
    Page* current() const;
    void textEdited(QsciScintilla* editor);
    void compile(Page& page);
    void compileAll();
    void paintErrors(Page& page);
    void refresh();
    void showValue(const Page& page);
    void showBreakdown(const Page& page);
    void fillCallTree();
    void rebind();
    void updateBindingText();
    void updateHeader();
    void updateTab(int index);
    void updateButtons();
    void showDwellTip(QsciScintilla* editor, int position, int x, int y);
    void charAdded(QsciScintilla* editor, int ch);
    void showCompletions(QsciScintilla* editor, bool requested);
    void completionChosen(QsciScintilla* editor, const QString& label);
    CompletionContext completionContext(std::string_view before) const;
    std::vector<Completion> completionItems(const CompletionContext& context) const;
    QStringList moduleKeys() const;
    std::string where(const Page& page) const;
    QString modulePathForCreate() const;

    // The analysis.
    SnapshotPtr m_snapshot;
    std::optional<model::NodeId> m_node;
    QString m_fullName;
    std::unique_ptr<formula::Evaluator> m_evaluator; // on m_snapshot->library; its memo lives for one refresh
    std::vector<formula::NamedValue> m_bindings; // what the analysis binds on the node (empty without one)
    std::vector<std::string> m_bindingWarnings;
    bool m_nodeMatches = false; // the node's class is the entry's: its parameters are bound
    formula::Trace m_trace;
    std::vector<QTreeWidgetItem*> m_callItems; // the call tree's rows, by trace call (owned by m_callTree)
    std::vector<std::pair<std::uint32_t, std::string>> m_callShape; // their parents and keys, to reuse the rows

    // The entry.
    bool m_hasEntry = false;
    QString m_key;
    nlohmann::ordered_json m_entry;
    QString m_status;
    QString m_layer;
    std::vector<std::string> m_signature; // flop parameters, then the memory parameters not among them
    std::vector<std::unique_ptr<Page>> m_pages;
    QStringList m_moduleKeys;
    std::vector<Completion> m_shownCompletions;
    bool m_readOnly = false;
    bool m_loading = false; // setting texts: not an edit
    bool m_modified = false;

    QLabel* m_header;
    QStackedWidget* m_stack;
    QWidget* m_entryPage;
    QWidget* m_noEntryPage;
    QLabel* m_message;
    QPushButton* m_createButton;
    QSplitter* m_splitter;
    QTabWidget* m_tabs;
    QListWidget* m_errorList;
    QLabel* m_value;
    QLabel* m_binding;
    QLabel* m_breakdownLine;
    QTreeWidget* m_breakdownTree;
    QTreeWidget* m_callTree;
    QPushButton* m_applyButton;
    QPushButton* m_revertButton;
};

} // namespace lmp::widgets
