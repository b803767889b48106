// SPDX-License-Identifier: GPL-3.0-or-later
#include "formulaeditor.h"

#include "analysis/analysis.h"
#include "format.h"
#include "formula/context.h"
#include "formula/library.h"
#include "formula/syntax.h"
#include "formula/token.h"
#include "formulalexer.h"
#include "formulaqsci.h"

#include <QColor>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTabBar>
#include <QTabWidget>
#include <QTextDocumentFragment>
#include <QToolTip>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace lmp::widgets {

using formula::Kind;
using formula::Number;
using Json = nlohmann::ordered_json;

namespace {

constexpr int kErrorIndicator = 8; // INDIC_CONTAINER: syntax and compile errors
constexpr int kRuntimeIndicator = 9; // where the evaluation failed
constexpr int kErrorBoxIndicator = 10; // a light box under each error's bytes, so that a one-character error shows
constexpr int kCompletionList = 1; // the user list's id
constexpr int kMaxTraceItems = 5000; // a call tree longer than this is cut (memo hits keep real ones far shorter)

const QColor kErrorColor(0xcf, 0x22, 0x2e);
const QColor kRuntimeColor(0xbc, 0x4c, 0x00);

long send(const QsciScintilla* editor, unsigned int message, unsigned long wParam = 0, long lParam = 0)
{
    return editor->SendScintilla(message, wParam, lParam);
}

// The document's bytes, without a copy (valid until the next change).
std::string_view documentText(const QsciScintilla* editor)
{
    const long length = send(editor, QsciScintillaBase::SCI_GETLENGTH);
    if (length <= 0)
        return {};
    const auto* data =
        static_cast<const char*>(editor->SendScintillaPtrResult(QsciScintillaBase::SCI_GETCHARACTERPOINTER));
    return data ? std::string_view(data, static_cast<std::size_t>(length)) : std::string_view();
}

// The bytes an error's underline covers: its range, kept inside the text (an error at the end of the text, such as
// a missing operand, underlines the last character).
formula::SourceRange drawnRange(formula::SourceRange range, std::uint32_t length)
{
    if (length == 0)
        return {};
    std::uint32_t begin = std::min(range.begin, length);
    std::uint32_t end = std::min(std::max(range.end, begin), length);
    if (end == begin) {
        if (begin == length)
            --begin;
        end = begin + 1;
    }
    return { begin, end };
}

const Json* member(const Json& object, const char* key)
{
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

std::vector<std::string> stringList(const Json* array)
{
    std::vector<std::string> out;
    if (array && array->is_array()) {
        for (const auto& v : *array) {
            if (v.is_string())
                out.push_back(v.get<std::string>());
        }
    }
    return out;
}

const char* sectionOf(Kind kind)
{
    return kind == Kind::Flops || kind == Kind::MatmulFlops ? "flop_analysis" : "memory_analysis";
}

QString qs(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// "transformers__models__llama__modeling_llama__LlamaMLP" -> "LlamaMLP"; "torch.nn.Linear" -> "Linear".
QString shortName(const std::string& key)
{
    const auto underscores = key.rfind("__");
    const auto dot = key.rfind('.');
    std::size_t start = 0;
    if (underscores != std::string::npos)
        start = underscores + 2;
    if (dot != std::string::npos && dot + 1 > start)
        start = dot + 1;
    return qs(std::string_view(key).substr(start));
}

QString plainValue(const Number& value)
{
    return QString::fromStdString(value.toString());
}

bool isIdentifierChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool isKeyChar(char c)
{
    return isIdentifierChar(c) || c == '.';
}

// a + b, exact while both are integers; nullopt on an integer overflow.
std::optional<Number> add(const Number& a, const Number& b)
{
    if (a.isInteger() && b.isInteger()) {
        formula::Int out = 0;
        if (__builtin_add_overflow(a.toInteger(), b.toInteger(), &out))
            return std::nullopt;
        return Number::integer(out);
    }
    return Number::real(a.toDouble() + b.toDouble());
}

bool sameValue(const Number& a, const Number& b)
{
    if (a.isInteger() && b.isInteger())
        return a.toInteger() == b.toInteger();
    const double x = a.toDouble(), y = b.toDouble();
    return std::fabs(x - y) <= 1e-9 * std::max(std::fabs(x), std::fabs(y));
}

} // namespace

// One template of the entry: its editor and what the last compile of its text gave.
struct FormulaEditor::Page
{
    QString field; // "formula_template", "breakdown.gate_proj"
    Kind kind = Kind::Flops;
    std::optional<std::string> breakdownItem; // a breakdown page's item name
    std::string original; // the entry's text ("" when it has none)
    bool originallyPresent = true;
    bool present = true; // the entry has it, or it was added
    QWidget* widget = nullptr;
    QWidget* missingBar = nullptr;
    QLabel* missingLabel = nullptr;
    QPushButton* addButton = nullptr;
    QsciScintilla* editor = nullptr;
    FormulaLexer* lexer = nullptr;
    std::vector<formula::FormulaError> errors; // syntax and compile errors of the editor's text
    std::shared_ptr<const formula::Program> program; // null when it has errors or there is no library

    bool modified() const
    {
        if (present != originallyPresent)
            return true;
        return present && documentText(editor) != original;
    }
};

// Where the caret is, for completion: what kind of name it is in, which bytes the name being typed covers (they are
// replaced) and what has been typed of it.
struct FormulaEditor::CompletionContext
{
    enum Kind { None, Parameter, Module, Word } kind = None;
    std::size_t replaceFrom = 0; // byte offset in the text before the caret
    std::string typed; // the name typed so far (without "${" or "{")
    std::string callee; // Word inside a module call's parentheses: the callee's key as written
};

FormulaEditor::FormulaEditor(QWidget* parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_entryPage(new QWidget(m_stack))
    , m_noEntryPage(new QWidget(m_stack))
    , m_message(new QLabel(m_noEntryPage))
    , m_createButton(new QPushButton(tr("New entry…"), m_noEntryPage))
    , m_splitter(new QSplitter(Qt::Vertical, m_entryPage))
    , m_tabs(new QTabWidget(m_splitter))
    , m_errorList(new QListWidget(m_entryPage))
    , m_value(new QLabel(m_entryPage))
    , m_binding(new QLabel(m_entryPage))
    , m_breakdownLine(new QLabel(m_entryPage))
    , m_breakdownTree(new QTreeWidget(m_entryPage))
    , m_callTree(new QTreeWidget(m_splitter))
    , m_applyButton(new QPushButton(tr("Apply"), m_entryPage))
    , m_revertButton(new QPushButton(tr("Revert"), m_entryPage))
{
    m_header->setObjectName(QStringLiteral("formulaHeader"));
    m_header->setTextFormat(Qt::RichText); // every piece from outside is escaped
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setContentsMargins(2, 2, 2, 2);

    // The "no entry" page.
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignCenter);
    m_createButton->setToolTip(tr("Start a database entry for this module's class"));
    auto* noEntryLayout = new QVBoxLayout(m_noEntryPage);
    noEntryLayout->addStretch(1);
    noEntryLayout->addWidget(m_message);
    noEntryLayout->addWidget(m_createButton, 0, Qt::AlignCenter);
    noEntryLayout->addStretch(2);
    connect(m_createButton, &QPushButton::clicked, this, [this] {
        const QString path = modulePathForCreate();
        if (!path.isEmpty())
            Q_EMIT createRequested(path);
    });

    // The entry page: the templates, their errors, the value, the breakdown, the call tree, Apply and Revert.
    m_tabs->setDocumentMode(true);
    m_tabs->setUsesScrollButtons(true);
    m_tabs->setElideMode(Qt::ElideNone);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { refresh(); });

    m_errorList->setObjectName(QStringLiteral("formulaErrors"));
    m_errorList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_errorList->setWordWrap(true);
    m_errorList->setToolTip(tr("Click an error to put the cursor on it"));
    QPalette errorPalette = m_errorList->palette();
    errorPalette.setColor(QPalette::Text, QColor(0x82, 0x07, 0x1e));
    m_errorList->setPalette(errorPalette);
    m_errorList->hide();
    connect(m_errorList, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        Page* page = current();
        if (!page || !item)
            return;
        send(page->editor, QsciScintillaBase::SCI_GOTOPOS, item->data(Qt::UserRole).toULongLong());
        page->editor->setFocus();
    });

    QFont valueFont = m_value->font();
    valueFont.setPointSizeF(valueFont.pointSizeF() * 1.25);
    valueFont.setBold(true);
    m_value->setObjectName(QStringLiteral("formulaValue"));
    m_value->setFont(valueFont);
    m_value->setTextFormat(Qt::PlainText);
    m_value->setWordWrap(true);
    // Not selectable: a selectable label lays its text out as a document, on every keystroke here (the call tree's
    // root row holds the same value).
    m_binding->setTextFormat(Qt::PlainText);
    m_binding->setWordWrap(true);
    m_binding->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette dim = m_binding->palette();
    dim.setColor(QPalette::WindowText, QColor(0x4b, 0x53, 0x5c));
    m_binding->setPalette(dim);
    m_breakdownLine->setTextFormat(Qt::PlainText);
    m_breakdownLine->setWordWrap(true);

    m_breakdownTree->setObjectName(QStringLiteral("formulaBreakdown"));
    m_breakdownTree->setColumnCount(BreakdownColumnCount);
    m_breakdownTree->setHeaderLabels({ tr("Breakdown item"), tr("FLOPs") });
    m_breakdownTree->setRootIsDecorated(false);
    m_breakdownTree->setUniformRowHeights(true);
    m_breakdownTree->header()->setSectionResizeMode(ItemColumn, QHeaderView::ResizeToContents);
    m_breakdownTree->header()->setStretchLastSection(true);
    connect(m_breakdownTree, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        if (item && !item->data(ItemColumn, Qt::UserRole).toString().isEmpty())
            setCurrentPage(item->data(ItemColumn, Qt::UserRole).toString());
    });

    m_callTree->setObjectName(QStringLiteral("formulaCalls"));
    m_callTree->setColumnCount(CallColumnCount);
    m_callTree->setHeaderLabels({ tr("Call"), tr("Kind"), tr("Arguments"), tr("Value"), tr("Memo") });
    m_callTree->headerItem()->setToolTip(MemoColumn,
        tr("\"memo\": an identical call earlier in this evaluation answered it; its calls are not repeated"));
    m_callTree->setUniformRowHeights(true);
    m_callTree->setAlternatingRowColors(true);
    // The arguments take the width that is left: the other columns keep theirs.
    m_callTree->header()->setStretchLastSection(false);
    m_callTree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_callTree->header()->setSectionResizeMode(ArgumentsColumn, QHeaderView::Stretch);
    m_callTree->setColumnWidth(CallColumn, 170);
    m_callTree->setColumnWidth(KindColumn, 50);
    m_callTree->setColumnWidth(ValueColumn, 190);
    m_callTree->setColumnWidth(MemoColumn, 50);

    auto* results = new QWidget(m_splitter);
    auto* resultsLayout = new QVBoxLayout(results);
    resultsLayout->setContentsMargins(2, 2, 2, 0);
    resultsLayout->setSpacing(3);
    m_value->setParent(results);
    m_binding->setParent(results);
    m_breakdownLine->setParent(results);
    m_breakdownTree->setParent(results);
    resultsLayout->addWidget(m_value);
    resultsLayout->addWidget(m_binding);
    resultsLayout->addWidget(m_breakdownLine);
    resultsLayout->addWidget(m_breakdownTree);
    resultsLayout->addStretch(1);

    // The templates with their errors under them (as many lines as there are errors, up to four).
    auto* templates = new QWidget(m_splitter);
    auto* templatesLayout = new QVBoxLayout(templates);
    templatesLayout->setContentsMargins(0, 0, 0, 0);
    templatesLayout->setSpacing(2);
    m_tabs->setParent(templates);
    m_errorList->setParent(templates);
    templatesLayout->addWidget(m_tabs, 1);
    templatesLayout->addWidget(m_errorList);

    m_splitter->addWidget(templates);
    m_splitter->addWidget(results);
    m_splitter->addWidget(m_callTree);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 0);
    m_splitter->setStretchFactor(2, 2);
    m_splitter->setSizes({ 340, 160, 320 }); // in proportion, until the splitter has its height

    m_applyButton->setToolTip(tr("Store the edited templates as a new revision of the entry (pending review)"));
    m_revertButton->setToolTip(tr("Drop the edits that were not applied"));
    connect(m_applyButton, &QPushButton::clicked, this, &FormulaEditor::apply);
    connect(m_revertButton, &QPushButton::clicked, this, &FormulaEditor::revert);
    auto* hint = new QLabel(tr("Ctrl+Space completes"), m_entryPage);
    hint->setPalette(dim);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(hint);
    buttons->addStretch(1);
    buttons->addWidget(m_revertButton);
    buttons->addWidget(m_applyButton);

    auto* entryLayout = new QVBoxLayout(m_entryPage);
    entryLayout->setContentsMargins(0, 0, 0, 0);
    entryLayout->addWidget(m_splitter, 1);
    entryLayout->addLayout(buttons);

    m_stack->addWidget(m_entryPage);
    m_stack->addWidget(m_noEntryPage);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(m_header);
    layout->addWidget(m_stack, 1);

    clearEntry(tr("Select a module to see and edit its formulas."));
}

FormulaEditor::~FormulaEditor() = default;

// --- Input -------------------------------------------------------------------------------------------------------

void FormulaEditor::setAnalysis(SnapshotPtr snapshot, std::optional<model::NodeId> node, const QString& fullName)
{
    const bool libraryChanged = !m_snapshot || !snapshot || m_snapshot->library != snapshot->library;
    m_evaluator.reset(); // it refers to the old snapshot's library
    m_snapshot = std::move(snapshot);
    if (m_snapshot && node && *node >= m_snapshot->tree().storedNodes())
        node.reset();
    m_node = node;
    m_fullName = fullName;
    if (m_snapshot && m_snapshot->library) {
        m_evaluator = std::make_unique<formula::Evaluator>(*m_snapshot->library);
        const auto context = m_snapshot->settings.context();
        m_evaluator->setContext(context);
    }
    rebind();
    updateBindingText();
    if (libraryChanged)
        compileAll();
    updateHeader();
    refresh();
}

void FormulaEditor::setEntry(
    const QString& key, const nlohmann::ordered_json& entry, const QString& status, const QString& layer)
{
    m_status = status;
    m_layer = layer;
    if (m_hasEntry && key == m_key && entry == m_entry) {
        // The same entry again (a re-analysis): keep what was typed.
        updateHeader();
        updateButtons();
        return;
    }
    m_hasEntry = true;
    m_key = key;
    m_entry = entry;
    const auto* flop = member(m_entry, "flop_analysis");
    const auto* memory = member(m_entry, "memory_analysis");
    m_signature = flop ? stringList(member(*flop, "parameters")) : std::vector<std::string>();
    for (const auto& name : memory ? stringList(member(*memory, "parameters")) : std::vector<std::string>()) {
        if (std::find(m_signature.begin(), m_signature.end(), name) == m_signature.end())
            m_signature.push_back(name);
    }
    buildPages();
    rebind();
    updateBindingText();
    m_stack->setCurrentWidget(m_entryPage);
    updateHeader();
    refresh();
    updateButtons();
}

void FormulaEditor::clearEntry(const QString& message)
{
    m_hasEntry = false;
    m_key.clear();
    m_entry = Json();
    m_status.clear();
    m_layer.clear();
    m_signature.clear();
    m_message->setText(message);
    m_createButton->setVisible(!m_readOnly && !modulePathForCreate().isEmpty());
    m_stack->setCurrentWidget(m_noEntryPage);
    m_loading = true;
    for (auto& page : m_pages) {
        m_tabs->removeTab(m_tabs->indexOf(page->widget));
        page->widget->deleteLater();
    }
    m_loading = false;
    m_pages.clear();
    m_trace.clear();
    m_callTree->clear();
    m_callItems.clear();
    m_callShape.clear();
    updateHeader();
    updateButtons();
}

void FormulaEditor::setModuleKeys(const QStringList& keys)
{
    m_moduleKeys = keys;
}

void FormulaEditor::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    for (const auto& page : m_pages) {
        page->editor->setReadOnly(readOnly);
        page->addButton->setEnabled(!readOnly);
    }
    m_createButton->setVisible(!m_hasEntry && !readOnly && !modulePathForCreate().isEmpty());
    updateButtons();
}

// --- Pages -------------------------------------------------------------------------------------------------------

FormulaEditor::Page* FormulaEditor::createPage()
{
    auto page = std::make_unique<Page>();
    page->widget = new QWidget(m_tabs);
    auto* layout = new QVBoxLayout(page->widget);
    layout->setContentsMargins(0, 2, 0, 0);
    layout->setSpacing(2);

    page->missingBar = new QWidget(page->widget);
    auto* barLayout = new QHBoxLayout(page->missingBar);
    barLayout->setContentsMargins(4, 4, 4, 4);
    page->missingLabel = new QLabel(page->missingBar);
    page->missingLabel->setWordWrap(true);
    page->missingLabel->setTextFormat(Qt::PlainText);
    page->addButton = new QPushButton(tr("Add template"), page->missingBar);
    page->addButton->setEnabled(!m_readOnly);
    barLayout->addWidget(page->missingLabel, 1);
    barLayout->addWidget(page->addButton);
    Page* raw = page.get();
    connect(page->addButton, &QPushButton::clicked, this, [this, raw] {
        for (int i = 0; i < pageCount(); ++i) {
            if (m_pages[i].get() == raw)
                addTemplate(i);
        }
    });

    auto* editor = new QsciScintilla(page->widget);
    page->editor = editor;
    page->lexer = new FormulaLexer(editor);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    editor->setUtf8(true);
    editor->setFont(mono);
    editor->setLexer(page->lexer);
    editor->setWrapMode(QsciScintilla::WrapWord);
    editor->setWrapIndentMode(QsciScintilla::WrapIndentIndented);
    send(editor, QsciScintillaBase::SCI_SETHSCROLLBAR, 0);
    editor->setMarginWidth(0, 0);
    editor->setMarginWidth(1, 0);
    editor->setMarginWidth(2, 0);
    editor->setCaretLineVisible(false);
    editor->setBraceMatching(QsciScintilla::SloppyBraceMatch);
    editor->setAutoCompletionSource(QsciScintilla::AcsNone);
    editor->setAutoCompletionThreshold(-1);
    editor->setTabWidth(4);
    editor->setIndentationsUseTabs(false);
    editor->setReadOnly(m_readOnly);
    editor->indicatorDefine(QsciScintilla::SquiggleIndicator, kErrorIndicator);
    editor->setIndicatorForegroundColor(kErrorColor, kErrorIndicator);
    editor->indicatorDefine(QsciScintilla::FullBoxIndicator, kErrorBoxIndicator);
    editor->setIndicatorForegroundColor(kErrorColor, kErrorBoxIndicator);
    send(editor, QsciScintillaBase::SCI_INDICSETALPHA, kErrorBoxIndicator, 40);
    send(editor, QsciScintillaBase::SCI_INDICSETUNDER, kErrorBoxIndicator, 1);
    editor->indicatorDefine(QsciScintilla::SquiggleIndicator, kRuntimeIndicator);
    editor->setIndicatorForegroundColor(kRuntimeColor, kRuntimeIndicator);
    send(editor, QsciScintillaBase::SCI_SETMOUSEDWELLTIME, 400);
    // Completion lists: our own order, kept open while typing (each key filters it again), ten lines high.
    send(editor, QsciScintillaBase::SCI_AUTOCSETORDER, QsciScintillaBase::SC_ORDER_CUSTOM);
    send(editor, QsciScintillaBase::SCI_AUTOCSETAUTOHIDE, 0);
    send(editor, QsciScintillaBase::SCI_AUTOCSETMAXHEIGHT, 10);
    send(editor, QsciScintillaBase::SCI_AUTOCSETMAXWIDTH, 0);
    // Ctrl+Space is ours (QScintilla binds it to completion from the document's words).
    const int ctrlSpace = static_cast<int>(Qt::Key_Space) | static_cast<int>(Qt::ControlModifier);
    if (QsciCommand* command = editor->standardCommands()->boundTo(ctrlSpace))
        command->setKey(0);
    auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Space), editor);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, [this, editor] { showCompletions(editor, true); });

    connect(editor, &QsciScintilla::textChanged, this, [this, editor] { textEdited(editor); });
    connect(editor, &QsciScintillaBase::SCN_DWELLSTART, this,
        [this, editor](int position, int x, int y) { showDwellTip(editor, position, x, y); });
    connect(editor, &QsciScintillaBase::SCN_DWELLEND, this, [] { QToolTip::hideText(); });
    connect(editor, &QsciScintillaBase::SCN_CHARADDED, this, [this, editor](int ch) { charAdded(editor, ch); });
    connect(editor, &QsciScintilla::userListActivated, this, [this, editor](int id, const QString& label) {
        if (id == kCompletionList)
            completionChosen(editor, label);
    });

    layout->addWidget(page->missingBar);
    layout->addWidget(editor, 1);
    m_pages.push_back(std::move(page));
    return raw;
}

void FormulaEditor::loadPage(Page& page, const std::string& text, bool present)
{
    page.original = text;
    page.originallyPresent = present;
    page.present = present;
    m_loading = true;
    page.editor->SendScintilla(QsciScintillaBase::SCI_SETTEXT, text.c_str());
    send(page.editor, QsciScintillaBase::SCI_EMPTYUNDOBUFFER);
    send(page.editor, QsciScintillaBase::SCI_SETSAVEPOINT);
    m_loading = false;
    page.missingLabel->setText(
        tr("This entry has no %1: the figure is unknown (not 0). Add a template to give it.").arg(page.field));
    page.missingBar->setVisible(!present);
    page.editor->setVisible(present);
    compile(page);
}

void FormulaEditor::buildPages()
{
    // The pages of the entry, reusing the editors of the last one (an entry has 6 to about 12).
    const auto* flop = member(m_entry, "flop_analysis");
    std::vector<std::pair<std::string, std::string>> breakdown;
    if (const auto* items = flop ? member(*flop, "breakdown") : nullptr; items && items->is_object()) {
        for (const auto& [name, value] : items->items()) {
            if (value.is_string())
                breakdown.emplace_back(name, value.get<std::string>());
        }
    }
    const std::size_t count = formula::kKindCount + breakdown.size();
    m_loading = true;
    while (m_pages.size() > count) {
        m_tabs->removeTab(m_tabs->indexOf(m_pages.back()->widget));
        m_pages.back()->widget->deleteLater();
        m_pages.pop_back();
    }
    m_loading = false;
    while (m_pages.size() < count)
        createPage();

    const QString titles[formula::kKindCount] = { tr("FLOPs"), tr("Matmul"), tr("Reads"), tr("Writes"),
        tr("Intermediates"), tr("Params") };
    for (std::size_t i = 0; i < count; ++i) {
        Page& page = *m_pages[i];
        QString title;
        std::string text;
        bool present = true;
        if (i < formula::kKindCount) {
            page.kind = formula::kAllKinds[i];
            page.breakdownItem.reset();
            page.field = qs(formula::kindTemplateField(page.kind));
            title = titles[i];
            const auto* section = member(m_entry, sectionOf(page.kind));
            const auto* value = section ? member(*section, page.field.toLatin1().constData()) : nullptr;
            present = value && value->is_string();
            text = present ? value->get<std::string>() : std::string();
        } else {
            const auto& [name, value] = breakdown[i - formula::kKindCount];
            page.kind = Kind::Flops;
            page.breakdownItem = name;
            page.field = QStringLiteral("breakdown.") + qs(name);
            title = QStringLiteral("Σ ") + qs(name);
            text = value;
        }
        loadPage(page, text, present);
        const int index = m_tabs->indexOf(page.widget);
        m_loading = true; // inserting the first tab makes it current
        if (index < 0)
            m_tabs->insertTab(static_cast<int>(i), page.widget, title);
        else
            m_tabs->setTabText(index, title);
        m_loading = false;
        m_tabs->setTabToolTip(static_cast<int>(i),
            page.breakdownItem ? tr("flop_analysis.breakdown.%1: one item of the FLOPs").arg(qs(*page.breakdownItem))
                               : QStringLiteral("%1.%2").arg(QLatin1String(sectionOf(page.kind)), page.field));
        updateTab(static_cast<int>(i));
    }
    m_loading = true;
    m_tabs->setCurrentIndex(0);
    m_loading = false;
    m_modified = false;
}

FormulaEditor::Page* FormulaEditor::pageOf(const QsciScintilla* editor) const
{
    for (const auto& page : m_pages) {
        if (page->editor == editor)
            return page.get();
    }
    return nullptr;
}

FormulaEditor::Page* FormulaEditor::current() const
{
    if (!m_hasEntry)
        return nullptr;
    const int index = m_tabs->currentIndex();
    return index >= 0 && index < pageCount() ? m_pages[index].get() : nullptr;
}

QString FormulaEditor::pageField(int page) const
{
    return page >= 0 && page < pageCount() ? m_pages[page]->field : QString();
}

int FormulaEditor::currentPage() const
{
    return m_hasEntry ? m_tabs->currentIndex() : -1;
}

void FormulaEditor::setCurrentPage(int page)
{
    if (page >= 0 && page < pageCount())
        m_tabs->setCurrentIndex(page);
}

bool FormulaEditor::setCurrentPage(const QString& field)
{
    for (int i = 0; i < pageCount(); ++i) {
        if (m_pages[i]->field == field) {
            setCurrentPage(i);
            return true;
        }
    }
    return false;
}

QsciScintilla* FormulaEditor::editor() const
{
    const Page* page = current();
    return page ? page->editor : nullptr;
}

QsciScintilla* FormulaEditor::pageEditor(int page) const
{
    return page >= 0 && page < pageCount() ? m_pages[page]->editor : nullptr;
}

bool FormulaEditor::isPagePresent(int page) const
{
    return page >= 0 && page < pageCount() && m_pages[page]->present;
}

void FormulaEditor::addTemplate(int index)
{
    if (m_readOnly || index < 0 || index >= pageCount() || m_pages[index]->present)
        return;
    Page& page = *m_pages[index];
    page.present = true;
    page.missingBar->setVisible(false);
    page.editor->setVisible(true);
    compile(page);
    setCurrentPage(index);
    updateTab(index);
    refresh();
    updateButtons();
    page.editor->setFocus();
}

// --- Edits -------------------------------------------------------------------------------------------------------

void FormulaEditor::textEdited(QsciScintilla* editor)
{
    if (m_loading)
        return;
    Page* page = pageOf(editor);
    if (!page)
        return;
    compile(*page);
    const int index = m_tabs->indexOf(page->widget);
    updateTab(index);
    // The value of the current page; and of the FLOPs page while a breakdown item changes (its sum is shown there).
    if (page == current())
        refresh();
    updateButtons();
}

std::string FormulaEditor::where(const Page& page) const
{
    return m_key.toStdString() + ' ' + page.field.toStdString();
}

void FormulaEditor::compile(Page& page)
{
    // Parsed once: the tree gives the syntax errors, and the compiler reads it for the rest (unknown modules and
    // functions, arity, names of arguments), with this entry's signature as its own templates have it.
    const formula::Library* library = m_snapshot ? m_snapshot->library.get() : nullptr;
    const formula::SyntaxTree tree =
        formula::parse(documentText(page.editor), where(page), library ? library->limits() : formula::Limits());
    if (library) {
        formula::Library::Compiled compiled = library->compile(tree, &m_signature);
        page.errors = std::move(compiled.errors);
        page.program = std::move(compiled.program);
    } else {
        page.errors = tree.errors;
        page.program.reset();
    }
    paintErrors(page);
}

void FormulaEditor::compileAll()
{
    for (const auto& page : m_pages)
        compile(*page);
    for (int i = 0; i < pageCount(); ++i)
        updateTab(i);
    updateButtons();
}

void FormulaEditor::paintErrors(Page& page)
{
    QsciScintilla* editor = page.editor;
    const auto length = static_cast<std::uint32_t>(send(editor, QsciScintillaBase::SCI_GETLENGTH));
    send(editor, QsciScintillaBase::SCI_SETINDICATORCURRENT, kErrorBoxIndicator);
    send(editor, QsciScintillaBase::SCI_INDICATORCLEARRANGE, 0, static_cast<long>(length));
    for (const auto& error : page.errors) {
        const formula::SourceRange r = drawnRange(error.range, length);
        if (r.end > r.begin)
            send(editor, QsciScintillaBase::SCI_INDICATORFILLRANGE, r.begin, static_cast<long>(r.end - r.begin));
    }
    send(editor, QsciScintillaBase::SCI_SETINDICATORCURRENT, kErrorIndicator);
    send(editor, QsciScintillaBase::SCI_INDICATORCLEARRANGE, 0, static_cast<long>(length));
    // Values 1 and 2 in turn, so that two errors side by side stay two underlines (and two ranges read back).
    int value = 1;
    for (const auto& error : page.errors) {
        const formula::SourceRange r = drawnRange(error.range, length);
        if (r.end <= r.begin)
            continue;
        send(editor, QsciScintillaBase::SCI_SETINDICATORVALUE, static_cast<unsigned long>(value));
        send(editor, QsciScintillaBase::SCI_INDICATORFILLRANGE, r.begin, static_cast<long>(r.end - r.begin));
        value = 3 - value;
    }
}

// --- Evaluation --------------------------------------------------------------------------------------------------

void FormulaEditor::rebind()
{
    m_bindings.clear();
    m_bindingWarnings.clear();
    m_nodeMatches = false;
    if (!m_hasEntry || !m_snapshot || !m_snapshot->library || !m_node)
        return;
    const model::Node& node = m_snapshot->tree().node(*m_node);
    if (formula::normalizeModuleKey(node.classPath) != formula::normalizeModuleKey(m_key.toStdString()))
        return; // another class's node: its parameters are not this entry's
    m_nodeMatches = true;
    m_bindings =
        analysis::nodeBindings(node, m_signature, *m_snapshot->library, m_snapshot->settings, &m_bindingWarnings);
}

void FormulaEditor::updateBindingText()
{
    // What the values are evaluated on: the node's parameters as the analysis binds them, and what is left unbound.
    QStringList bound;
    for (const auto& b : m_bindings)
        bound << QStringLiteral("%1 = %2").arg(qs(b.name), exactText(b.value));
    QStringList unbound;
    for (const auto& name : m_signature) {
        const bool isBound =
            std::any_of(m_bindings.begin(), m_bindings.end(), [&](const auto& b) { return b.name == name; });
        if (!isBound && (!m_evaluator || !m_evaluator->contextValue(name)))
            unbound << QStringLiteral("${%1}").arg(qs(name));
    }
    QString binding;
    if (!m_snapshot)
        binding = tr("No analysis to evaluate on.");
    else if (m_nodeMatches)
        binding = tr("On %1: %2; other names from the analysis context.")
                      .arg(m_fullName.isEmpty() ? tr("the selected module") : m_fullName,
                          bound.isEmpty() ? tr("nothing bound") : bound.join(QStringLiteral(", ")));
    else if (m_node && m_hasEntry)
        binding = tr("The selected module is a %1, not of this entry's class: evaluated on the analysis context alone.")
                      .arg(qs(m_snapshot->tree().node(*m_node).classPath));
    else
        binding = tr("No module of this class is selected: evaluated on the analysis context alone.");
    if (!unbound.isEmpty())
        binding += QLatin1Char(' ') + tr("Unbound: %1.").arg(unbound.join(QStringLiteral(", ")));
    for (const auto& w : m_bindingWarnings)
        binding += QLatin1Char(' ') + qs(w) + QLatin1Char('.');
    if (m_snapshot) {
        QStringList context;
        for (const auto& v : m_snapshot->settings.context())
            context << QStringLiteral("%1 = %2").arg(qs(v.name), exactText(v.value));
        m_binding->setToolTip(tr("Analysis context: %1").arg(context.join(QStringLiteral(", "))));
    }
    m_binding->setText(binding);
}

void FormulaEditor::refresh()
{
    if (m_loading)
        return;
    Page* page = current();
    m_trace.clear();
    if (!page) {
        m_callTree->clear();
        m_callItems.clear();
        m_callShape.clear();
        return;
    }
    // One evaluation per refresh: nothing is remembered from the last edit.
    if (m_evaluator)
        m_evaluator->clearMemo();
    showValue(*page);
    fillCallTree();
    showBreakdown(*page);

    // The errors of this page, under the editor.
    m_errorList->clear();
    for (const auto& error : page->errors) {
        auto* item = new QListWidgetItem(
            QStringLiteral("%1:%2  %3").arg(error.line()).arg(error.column()).arg(qs(error.message)), m_errorList);
        item->setData(Qt::UserRole, static_cast<qulonglong>(error.range.begin));
    }
    const int rows = std::min(m_errorList->count(), 4);
    if (rows > 0) {
        const int row = std::max(m_errorList->sizeHintForRow(0), m_errorList->fontMetrics().height());
        m_errorList->setFixedHeight(rows * row + 2 * m_errorList->frameWidth() + 2);
    }
    m_errorList->setVisible(rows > 0 && page->present);
}

void FormulaEditor::showValue(const Page& page)
{
    QsciScintilla* editor = page.editor;
    send(editor, QsciScintillaBase::SCI_SETINDICATORCURRENT, kRuntimeIndicator);
    send(editor, QsciScintillaBase::SCI_INDICATORCLEARRANGE, 0, send(editor, QsciScintillaBase::SCI_GETLENGTH));

    QPalette palette = m_value->palette();
    palette.setColor(QPalette::WindowText, QColor(0x1f, 0x23, 0x28));
    auto setValue = [&](const QString& text, const QColor& color) {
        palette.setColor(QPalette::WindowText, color);
        m_value->setPalette(palette);
        m_value->setText(text);
    };
    const QColor ok(0x1f, 0x23, 0x28), muted(0x4b, 0x53, 0x5c), bad(0xb3, 0x1d, 0x28);

    if (!page.present) {
        setValue(tr("unknown: the entry has no %1").arg(page.field), muted);
        return;
    }
    if (!page.errors.empty()) {
        setValue(page.errors.size() == 1 ? tr("no value: the template has an error")
                                         : tr("no value: the template has %1 errors").arg(page.errors.size()),
            bad);
        return;
    }
    if (!m_evaluator || !page.program) {
        setValue(tr("no value: no analysis to evaluate on"), muted);
        return;
    }
    const formula::Result<Number> result = m_evaluator->evaluate(*page.program, page.kind, m_bindings, &m_trace);
    if (!result.ok()) {
        const formula::FormulaError& error = result.error();
        setValue(tr("error: %1").arg(qs(error.describe())), bad);
        // Underline where it failed: the error itself when it is in this template, else the call that led to it.
        std::optional<formula::SourceRange> range;
        if (error.where == where(page))
            range = error.range;
        else if (!m_trace.calls.empty()) {
            for (const std::uint32_t child : m_trace.calls.front().children) {
                if (!m_trace.calls[child].value) {
                    range = m_trace.calls[child].callSite;
                    break;
                }
            }
        }
        if (range) {
            const auto length = static_cast<std::uint32_t>(send(editor, QsciScintillaBase::SCI_GETLENGTH));
            const formula::SourceRange r = drawnRange(*range, length);
            send(editor, QsciScintillaBase::SCI_SETINDICATORCURRENT, kRuntimeIndicator);
            send(editor, QsciScintillaBase::SCI_INDICATORFILLRANGE, r.begin, static_cast<long>(r.end - r.begin));
        }
        return;
    }
    const Number& value = *result;
    const bool flops = page.kind == Kind::Flops || page.kind == Kind::MatmulFlops;
    const bool bytes = page.kind == Kind::Reads || page.kind == Kind::Writes || page.kind == Kind::Intermediates;
    const QString unit = flops ? tr("FLOP") : bytes ? tr("B") : QString();
    QString text = QStringLiteral("= ") + exactText(value);
    if (!unit.isEmpty())
        text += QLatin1Char(' ') + unit;
    if (std::fabs(value.toDouble()) >= 1000)
        text += QStringLiteral("  (") + siText(value.toDouble(), unit) + QLatin1Char(')');
    if (!value.isInteger())
        text += QLatin1Char(' ') + tr("(a real number)");
    setValue(text, ok);
}

void FormulaEditor::fillCallTree()
{
    // The calls of this evaluation. When they are the same calls as last time (same keys under the same parents, as
    // after most keystrokes), the rows are kept and only texts that changed are set: the view repaints those rows
    // alone, and what the user expanded stays expanded.
    const std::size_t count = std::min<std::size_t>(m_trace.calls.size(), kMaxTraceItems);
    bool same = count == m_callItems.size() && count == m_callShape.size();
    for (std::size_t i = 0; same && i < count; ++i)
        same = m_callShape[i].first == m_trace.calls[i].parent && m_callShape[i].second == m_trace.calls[i].key;
    if (!same) {
        m_callTree->clear();
        m_callItems.assign(count, nullptr);
        m_callShape.clear();
        for (std::size_t i = 0; i < count; ++i) {
            const formula::TraceCall& call = m_trace.calls[i];
            m_callShape.emplace_back(call.parent, call.key);
            QTreeWidgetItem* parent =
                call.parent == formula::TraceCall::kNoParent || call.parent >= i ? nullptr : m_callItems[call.parent];
            auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_callTree);
            m_callItems[i] = item;
            item->setText(CallColumn, i == 0 ? tr("this template") : shortName(call.key));
            item->setToolTip(CallColumn, qs(call.key));
            item->setData(CallColumn, KeyRole, qs(call.key));
            item->setText(KindColumn, qs(formula::kindName(call.kind)));
            item->setTextAlignment(ValueColumn, Qt::AlignRight | Qt::AlignVCenter);
        }
    }
    for (std::size_t i = 0; i < count; ++i) {
        const formula::TraceCall& call = m_trace.calls[i];
        QTreeWidgetItem* item = m_callItems[i];
        QString arguments;
        for (const auto& a : call.arguments) {
            if (!arguments.isEmpty())
                arguments += QStringLiteral(", ");
            arguments += qs(a.name) + QLatin1Char('=') + exactText(a.value);
        }
        item->setToolTip(ArgumentsColumn, arguments);
        // The cell shows what fits; very long lists are cut here, where it is cheap (the tooltip has them all).
        if (arguments.size() > 160)
            arguments = arguments.left(159) + QChar(0x2026);
        item->setText(ArgumentsColumn, arguments);
        if (call.value) {
            QString text = exactText(*call.value);
            if (std::fabs(call.value->toDouble()) >= 1000)
                text += QStringLiteral(" (") + siText(call.value->toDouble()) + QLatin1Char(')');
            item->setText(ValueColumn, text);
            item->setData(ValueColumn, ExactValueRole, plainValue(*call.value));
            item->setData(ValueColumn, Qt::ForegroundRole, QVariant());
        } else {
            item->setText(ValueColumn, tr("failed"));
            item->setForeground(ValueColumn, QColor(0xb3, 0x1d, 0x28));
            item->setData(ValueColumn, ExactValueRole, QString());
        }
        item->setText(MemoColumn, call.memoHit ? tr("memo") : QString());
        item->setToolTip(
            MemoColumn, call.memoHit ? tr("answered by an identical call earlier in this evaluation") : QString());
    }
    if (!same) {
        if (QTreeWidgetItem* root = m_callTree->topLevelItem(0)) {
            root->setExpanded(true);
            for (int i = 0; i < root->childCount(); ++i)
                root->child(i)->setExpanded(root->childCount() <= 12);
        }
    }
}

void FormulaEditor::showBreakdown(const Page& page)
{
    // On the FLOPs page and on the breakdown items' pages: each item's value and their sum against the total.
    std::vector<const Page*> items;
    const Page* total = nullptr;
    for (const auto& p : m_pages) {
        if (p->breakdownItem)
            items.push_back(p.get());
        else if (p->kind == Kind::Flops)
            total = p.get();
    }
    const bool shown = !items.empty() && (page.breakdownItem || &page == total);
    m_breakdownLine->setVisible(shown);
    m_breakdownTree->setVisible(shown);
    if (!shown) {
        m_breakdownTree->clear();
        m_breakdownLine->clear();
        return;
    }
    // The same rows as last time keep their items (only changed texts repaint).
    if (m_breakdownTree->topLevelItemCount() != static_cast<int>(items.size()))
        m_breakdownTree->clear();
    auto evaluate = [&](const Page& p) -> std::optional<Number> {
        if (!p.present || !p.errors.empty() || !p.program || !m_evaluator)
            return std::nullopt;
        auto r = m_evaluator->evaluate(*p.program, Kind::Flops, m_bindings);
        return r.ok() ? std::optional<Number>(*r) : std::nullopt;
    };
    std::optional<Number> sum = Number::integer(0);
    QStringList failed;
    int index = 0;
    for (const Page* item : items) {
        const std::optional<Number> value = evaluate(*item);
        QTreeWidgetItem* row = m_breakdownTree->topLevelItem(index++);
        if (!row)
            row = new QTreeWidgetItem(m_breakdownTree);
        row->setText(ItemColumn, qs(*item->breakdownItem));
        row->setData(ItemColumn, Qt::UserRole, item->field);
        row->setText(ItemValueColumn, value ? exactText(*value) : tr("no value"));
        row->setData(ItemValueColumn, ExactValueRole, value ? plainValue(*value) : QString());
        row->setTextAlignment(ItemValueColumn, Qt::AlignRight | Qt::AlignVCenter);
        QFont font = m_breakdownTree->font();
        font.setBold(item == &page);
        row->setFont(ItemColumn, font);
        row->setFont(ItemValueColumn, font);
        if (!value)
            failed << qs(*item->breakdownItem);
        else if (sum)
            sum = add(*sum, *value);
    }
    const std::optional<Number> whole = total ? evaluate(*total) : std::nullopt;
    QPalette palette = m_breakdownLine->palette();
    QColor color(0x1a, 0x7f, 0x37);
    QString line;
    if (!failed.isEmpty()) {
        line = tr("Σ breakdown: no value for %1").arg(failed.join(QStringLiteral(", ")));
        color = QColor(0xb3, 0x1d, 0x28);
    } else if (!sum) {
        line = tr("Σ breakdown: the sum overflows");
        color = QColor(0xb3, 0x1d, 0x28);
    } else if (!whole) {
        line = tr("Σ breakdown = %1; formula_template has no value").arg(exactText(*sum));
        color = QColor(0xb3, 0x1d, 0x28);
    } else if (sameValue(*sum, *whole)) {
        line = tr("Σ breakdown = %1 = formula_template ✓").arg(exactText(*sum));
    } else {
        const double difference = sum->toDouble() - whole->toDouble();
        QString diff;
        if (sum->isInteger() && whole->isInteger())
            diff = exactText(Number::integer(sum->toInteger() - whole->toInteger()));
        else
            diff = localNumber(difference, 'g', 6);
        line =
            tr("Σ breakdown = %1 ≠ formula_template %2 (difference %3)").arg(exactText(*sum), exactText(*whole), diff);
        color = QColor(0xb3, 0x1d, 0x28);
    }
    palette.setColor(QPalette::WindowText, color);
    m_breakdownLine->setPalette(palette);
    m_breakdownLine->setText(line);
    const int rows = static_cast<int>(items.size());
    // As high as its rows (a breakdown has a handful of items), up to eight of them.
    const int rowHeight = std::max(m_breakdownTree->sizeHintForRow(0), m_breakdownTree->fontMetrics().height());
    m_breakdownTree->setFixedHeight(m_breakdownTree->header()->sizeHint().height() + rowHeight * std::min(rows, 8)
        + 2 * m_breakdownTree->frameWidth() + 2);
}

// --- Header and buttons ------------------------------------------------------------------------------------------

void FormulaEditor::updateHeader()
{
    QStringList lines;
    QString module;
    if (m_snapshot && m_node) {
        const model::Node& node = m_snapshot->tree().node(*m_node);
        const QString name = m_fullName.isEmpty() ? tr("(the model)") : m_fullName;
        module = QStringLiteral("<b>%1</b> — %2").arg(name.toHtmlEscaped(), qs(node.classPath).toHtmlEscaped());
    } else {
        module = tr("No module selected");
    }
    lines << module;
    if (m_hasEntry) {
        QString status;
        const QString escaped = m_status.toHtmlEscaped();
        if (m_status == QLatin1String("validated"))
            status = QStringLiteral("<span style=\"color:#1a7f37\">✓ %1</span>").arg(tr("validated"));
        else if (m_status == QLatin1String("pending"))
            status = QStringLiteral("<span style=\"color:#ffffff; background-color:#bc4c00\">&nbsp;%1&nbsp;</span>")
                         .arg(tr("pending: not reviewed"));
        else if (m_status == QLatin1String("needs_changes"))
            status = QStringLiteral("<span style=\"color:#ffffff; background-color:#bc4c00\">&nbsp;%1&nbsp;</span>")
                         .arg(tr("needs changes: not reviewed"));
        else if (m_status == QLatin1String("rejected"))
            status = QStringLiteral("<span style=\"color:#ffffff; background-color:#cf222e\">&nbsp;%1&nbsp;</span>")
                         .arg(tr("rejected: the analysis does not use it"));
        else
            status = escaped;
        QString entry = tr("Entry %1 · %2").arg(QStringLiteral("<tt>%1</tt>").arg(m_key.toHtmlEscaped()), status);
        if (!m_layer.isEmpty())
            entry += QStringLiteral(" · ") + m_layer.toHtmlEscaped();
        lines << entry;
    }
    m_header->setText(lines.join(QStringLiteral("<br>")));
}

void FormulaEditor::updateTab(int index)
{
    if (index < 0 || index >= pageCount())
        return;
    const Page& page = *m_pages[index];
    const bool errors = page.present && !page.errors.empty();
    m_tabs->tabBar()->setTabTextColor(index, errors ? kErrorColor : QColor());
    m_tabs->setTabIcon(index, errors ? style()->standardIcon(QStyle::SP_MessageBoxWarning) : QIcon());
    QString title = m_tabs->tabText(index);
    if (title.endsWith(QLatin1Char('*')))
        title.chop(1);
    if (!page.present)
        m_tabs->tabBar()->setTabTextColor(index, QColor(0x6e, 0x77, 0x81));
    m_tabs->setTabText(index, page.modified() ? title + QLatin1Char('*') : title);
}

void FormulaEditor::updateButtons()
{
    const bool modified = isModified();
    const bool errors = hasErrors();
    m_applyButton->setEnabled(m_hasEntry && !m_readOnly && modified && !errors);
    m_applyButton->setToolTip(errors
            ? tr("Fix the errors first: a template with errors cannot be applied")
            : tr("Store the edited templates as a new revision of the entry (pending review)"));
    m_revertButton->setEnabled(m_hasEntry && !m_readOnly && modified);
    m_applyButton->setVisible(!m_readOnly);
    m_revertButton->setVisible(!m_readOnly);
    if (modified != m_modified) {
        m_modified = modified;
        Q_EMIT modifiedChanged(modified);
    }
}

bool FormulaEditor::isModified() const
{
    return m_hasEntry && std::any_of(m_pages.begin(), m_pages.end(), [](const auto& p) { return p->modified(); });
}

bool FormulaEditor::hasErrors() const
{
    return m_hasEntry
        && std::any_of(m_pages.begin(), m_pages.end(), [](const auto& p) { return p->present && !p->errors.empty(); });
}

Json FormulaEditor::editedEntry() const
{
    Json out = m_entry;
    for (const auto& page : m_pages) {
        if (!page->modified() || !page->present)
            continue;
        const std::string text(documentText(page->editor));
        if (page->breakdownItem)
            out["flop_analysis"]["breakdown"][*page->breakdownItem] = text;
        else
            out[sectionOf(page->kind)][page->field.toStdString()] = text;
    }
    return out;
}

void FormulaEditor::apply()
{
    if (!m_hasEntry || m_readOnly || !isModified() || hasErrors())
        return;
    Q_EMIT applyRequested(m_key, editedEntry());
}

void FormulaEditor::revert()
{
    if (!m_hasEntry)
        return;
    for (auto& page : m_pages) {
        if (page->modified())
            loadPage(*page, page->original, page->originallyPresent);
    }
    for (int i = 0; i < pageCount(); ++i)
        updateTab(i);
    refresh();
    updateButtons();
}

// --- What is shown -----------------------------------------------------------------------------------------------

QString FormulaEditor::headerText() const
{
    QString html = m_header->text();
    html.replace(QStringLiteral("<br>"), QStringLiteral("\n"));
    return QTextDocumentFragment::fromHtml(html).toPlainText().replace(QChar::Nbsp, QLatin1Char(' '));
}

QString FormulaEditor::valueText() const
{
    return m_hasEntry ? m_value->text() : QString();
}

QString FormulaEditor::bindingText() const
{
    return m_hasEntry ? m_binding->text() : QString();
}

QString FormulaEditor::breakdownText() const
{
    return m_hasEntry && !m_breakdownLine->isHidden() ? m_breakdownLine->text() : QString();
}

QString FormulaEditor::messageText() const
{
    return m_hasEntry ? QString() : m_message->text();
}

QStringList FormulaEditor::errorMessages() const
{
    QStringList out;
    if (current()) {
        for (int i = 0; i < m_errorList->count(); ++i)
            out << m_errorList->item(i)->text();
    }
    return out;
}

std::vector<formula::SourceRange> FormulaEditor::errorRanges() const
{
    std::vector<formula::SourceRange> out;
    const Page* page = current();
    if (!page)
        return out;
    const QsciScintilla* editor = page->editor;
    const long length = send(editor, QsciScintillaBase::SCI_GETLENGTH);
    long position = 0;
    while (position < length) {
        const long value = send(editor, QsciScintillaBase::SCI_INDICATORVALUEAT, kErrorIndicator, position);
        const long end = send(editor, QsciScintillaBase::SCI_INDICATOREND, kErrorIndicator, position);
        if (end <= position)
            break; // no indicator at all, or nothing after this run
        if (value != 0)
            out.push_back({ static_cast<std::uint32_t>(position), static_cast<std::uint32_t>(end) });
        position = end;
    }
    return out;
}

void FormulaEditor::showDwellTip(QsciScintilla* editor, int position, int x, int y)
{
    const Page* page = pageOf(editor);
    if (!page || position < 0)
        return;
    const auto length = static_cast<std::uint32_t>(send(editor, QsciScintillaBase::SCI_GETLENGTH));
    QStringList messages;
    for (const auto& error : page->errors) {
        const formula::SourceRange r = drawnRange(error.range, length);
        if (static_cast<std::uint32_t>(position) >= r.begin && static_cast<std::uint32_t>(position) < r.end)
            messages << qs(error.message);
    }
    if (send(editor, QsciScintillaBase::SCI_INDICATORVALUEAT, kRuntimeIndicator, position) != 0)
        messages << m_value->text();
    if (!messages.isEmpty())
        QToolTip::showText(editor->viewport()->mapToGlobal(QPoint(x, y)), messages.join(QLatin1Char('\n')), editor);
}

// --- Completion --------------------------------------------------------------------------------------------------

QStringList FormulaEditor::moduleKeys() const
{
    if (!m_moduleKeys.isEmpty())
        return m_moduleKeys;
    QStringList keys;
    if (m_snapshot && m_snapshot->library) {
        const formula::Library& library = *m_snapshot->library;
        for (formula::ModuleId id = 0; id < library.moduleCount(); ++id)
            keys << qs(library.key(id));
    }
    return keys;
}

FormulaEditor::CompletionContext FormulaEditor::completionContext(std::string_view before) const
{
    CompletionContext context;
    std::size_t word = before.size();
    while (word > 0 && isIdentifierChar(before[word - 1]))
        --word;
    if (word >= 2 && before.substr(word - 2, 2) == "${") {
        context.kind = CompletionContext::Parameter;
        context.replaceFrom = word - 2;
        context.typed = std::string(before.substr(word));
        return context;
    }
    if (word == before.size() && word >= 1 && before[word - 1] == '$') {
        context.kind = CompletionContext::Parameter;
        context.replaceFrom = word - 1;
        return context;
    }
    std::size_t key = before.size();
    while (key > 0 && isKeyChar(before[key - 1]))
        --key;
    if (key >= 1 && before[key - 1] == '{' && (key < 2 || before[key - 2] != '$')) {
        context.kind = CompletionContext::Module;
        context.replaceFrom = key - 1;
        context.typed = std::string(before.substr(key));
        return context;
    }
    if (word > 0 && before[word - 1] == '}')
        return context; // right after a parameter or a module key
    context.kind = CompletionContext::Word;
    context.replaceFrom = word;
    context.typed = std::string(before.substr(word));
    // Inside a module call's parentheses, its parameters can be named: find the innermost open '(' from the tokens.
    const std::vector<formula::Token> tokens = formula::tokenize(before.substr(0, word));
    std::vector<std::string> open; // per open '(': the callee's key, or "" for other parentheses
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i].kind == formula::TokenKind::LeftParen) {
            const bool call = i > 0 && tokens[i - 1].kind == formula::TokenKind::ModuleKey;
            open.push_back(call ? std::string(tokens[i - 1].innerText(before)) : std::string());
        } else if (tokens[i].kind == formula::TokenKind::RightParen && !open.empty()) {
            open.pop_back();
        }
    }
    if (!open.empty())
        context.callee = open.back();
    return context;
}

std::vector<FormulaEditor::Completion> FormulaEditor::completionItems(const CompletionContext& context) const
{
    std::vector<Completion> first; // names that start with what was typed
    std::vector<Completion> then; // names that contain it
    const QString typed = qs(context.typed);
    auto offer = [&](const QString& name, Completion item) {
        if (typed.isEmpty() || name.startsWith(typed, Qt::CaseInsensitive))
            first.push_back(std::move(item));
        else if (context.kind == CompletionContext::Module && name.contains(typed, Qt::CaseInsensitive))
            then.push_back(std::move(item));
    };
    auto boundValue = [&](const std::string& name) -> QString {
        for (const auto& b : m_bindings) {
            if (b.name == name)
                return exactText(b.value);
        }
        if (m_evaluator) {
            if (const auto v = m_evaluator->contextValue(name))
                return exactText(*v);
        }
        return {};
    };
    auto parameters = [&](bool wordContext) {
        for (const auto& name : m_signature) {
            const QString n = qs(name);
            const QString value = boundValue(name);
            const QString description =
                value.isEmpty() ? tr("parameter of this entry") : tr("parameter of this entry, = %1 here").arg(value);
            const QString text = QStringLiteral("${%1}").arg(n);
            offer(n, { text, QStringLiteral("%1  %2").arg(text, description), description });
        }
        for (const auto& variable : formula::contextVariables()) {
            const std::string name(variable.name);
            if (std::find(m_signature.begin(), m_signature.end(), name) != m_signature.end())
                continue;
            const QString n = qs(name);
            const QString text = QStringLiteral("${%1}").arg(n);
            QString description = qs(variable.description);
            const QString value = boundValue(name);
            if (!value.isEmpty())
                description += QStringLiteral(" (= %1)").arg(value);
            if (!wordContext || !typed.isEmpty())
                offer(n, { text, QStringLiteral("%1  %2").arg(text, description), description });
        }
    };

    switch (context.kind) {
    case CompletionContext::None:
        break;
    case CompletionContext::Parameter:
        parameters(false);
        break;
    case CompletionContext::Module: {
        // A dotted path typed matches the key's "__" form.
        const QString wanted = QString(typed).replace(QLatin1Char('.'), QStringLiteral("__"));
        for (const QString& key : moduleKeys()) {
            const QString text = QLatin1Char('{') + key + QStringLiteral("}(");
            const QString name = shortName(key.toStdString());
            Completion item { text, key, qs(formula::modulePathFromKey(key.toStdString())) };
            if (wanted.isEmpty() || key.startsWith(wanted, Qt::CaseInsensitive)
                || name.startsWith(wanted, Qt::CaseInsensitive))
                first.push_back(std::move(item));
            else if (key.contains(wanted, Qt::CaseInsensitive))
                then.push_back(std::move(item));
        }
        break;
    }
    case CompletionContext::Word: {
        // Inside {key}( ... ): the callee's parameter names, to name an argument.
        if (!context.callee.empty() && m_snapshot && m_snapshot->library) {
            if (const auto id = m_snapshot->library->find(context.callee)) {
                for (const auto& name : m_snapshot->library->signature(*id)) {
                    const QString n = qs(name);
                    const QString text = n + QLatin1Char('=');
                    const QString description = tr("parameter of %1").arg(shortName(context.callee));
                    offer(n, { text, QStringLiteral("%1  %2").arg(text, description), description });
                }
            }
        }
        for (const auto& function : formula::functions()) {
            const QString n = qs(function.name);
            offer(n,
                { n + QLatin1Char('('), QStringLiteral("%1  %2").arg(qs(function.signature), qs(function.description)),
                    qs(function.description) });
        }
        if (!typed.isEmpty())
            parameters(true);
        break;
    }
    }
    first.insert(first.end(), std::make_move_iterator(then.begin()), std::make_move_iterator(then.end()));
    return first;
}

std::vector<FormulaEditor::Completion> FormulaEditor::completionItems(const QString& textBeforeCaret) const
{
    const QByteArray bytes = textBeforeCaret.toUtf8();
    return completionItems(
        completionContext(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size()))));
}

QStringList FormulaEditor::completions(const QString& textBeforeCaret) const
{
    QStringList out;
    for (const auto& item : completionItems(textBeforeCaret))
        out << item.text;
    return out;
}

void FormulaEditor::complete()
{
    if (QsciScintilla* ed = editor())
        showCompletions(ed, true);
}

void FormulaEditor::charAdded(QsciScintilla* editor, int ch)
{
    if (m_readOnly)
        return;
    const bool active = send(editor, QsciScintillaBase::SCI_AUTOCACTIVE) != 0;
    const bool trigger = ch == '{' || ch == '$';
    if (active || trigger)
        showCompletions(editor, false);
}

void FormulaEditor::showCompletions(QsciScintilla* editor, bool requested)
{
    const long caret = send(editor, QsciScintillaBase::SCI_GETCURRENTPOS);
    const std::string_view text = documentText(editor);
    const CompletionContext context =
        completionContext(text.substr(0, std::min<std::size_t>(text.size(), static_cast<std::size_t>(caret))));
    const bool automatic = context.kind == CompletionContext::Parameter || context.kind == CompletionContext::Module
        || (context.kind == CompletionContext::Word && !context.typed.empty());
    std::vector<Completion> items = requested || automatic ? completionItems(context) : std::vector<Completion>();
    // A word typed in full leaves nothing to complete.
    if (!requested && items.size() == 1 && context.kind == CompletionContext::Word
        && items.front().text.startsWith(qs(context.typed) + QLatin1Char('=')))
        items.clear();
    if (items.empty()) {
        if (send(editor, QsciScintillaBase::SCI_AUTOCACTIVE))
            send(editor, QsciScintillaBase::SCI_AUTOCCANCEL);
        m_shownCompletions.clear();
        return;
    }
    m_shownCompletions = std::move(items);
    QStringList labels;
    for (const auto& item : m_shownCompletions)
        labels << item.label;
    labels.removeDuplicates();
    send(editor, QsciScintillaBase::SCI_AUTOCSETORDER, QsciScintillaBase::SC_ORDER_CUSTOM);
    editor->showUserList(kCompletionList, labels);
}

void FormulaEditor::completionChosen(QsciScintilla* editor, const QString& label)
{
    const auto it = std::find_if(
        m_shownCompletions.begin(), m_shownCompletions.end(), [&](const Completion& c) { return c.label == label; });
    if (it == m_shownCompletions.end())
        return;
    const QByteArray insert = it->text.toUtf8();
    const long caret = send(editor, QsciScintillaBase::SCI_GETCURRENTPOS);
    const std::string_view text = documentText(editor);
    const CompletionContext context =
        completionContext(text.substr(0, std::min<std::size_t>(text.size(), static_cast<std::size_t>(caret))));
    const long from = context.kind == CompletionContext::None ? caret : static_cast<long>(context.replaceFrom);
    m_shownCompletions.clear();
    send(editor, QsciScintillaBase::SCI_SETSEL, static_cast<unsigned long>(from), caret);
    editor->SendScintilla(QsciScintillaBase::SCI_REPLACESEL, insert.constData());
}

QString FormulaEditor::modulePathForCreate() const
{
    if (!m_snapshot || !m_node)
        return {};
    return qs(m_snapshot->tree().node(*m_node).classPath);
}

} // namespace lmp::widgets
