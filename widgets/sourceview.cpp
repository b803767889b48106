// SPDX-License-Identifier: GPL-3.0-or-later
#include "sourceview.h"

#include <QColor>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QVBoxLayout>

// QScintilla's headers use the words `signals` and `slots`, which QT_NO_KEYWORDS turns off for this project.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#include <Qsci/qscilexerpython.h>
#include <Qsci/qsciscintilla.h>
#undef slots
#undef signals

#include <algorithm>

namespace lmp::widgets {

SourceView::SourceView(QWidget* parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_editor(new QsciScintilla(this))
    , m_lexer(new QsciLexerPython(m_editor))
{
    // File paths and versions come from the disk: never read them as rich text.
    m_header->setTextFormat(Qt::PlainText);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_lexer->setDefaultFont(mono);
    m_lexer->setFont(mono); // every style
    m_editor->setUtf8(true);
    m_editor->setReadOnly(true);
    m_editor->setFont(mono); // messages, shown without the lexer
    m_editor->setMarginsFont(mono);
    m_editor->setMarginType(0, QsciScintilla::NumberMargin);
    m_editor->setMarginLineNumbers(0, true);
    m_editor->setMarginWidth(1, 0);
    m_editor->setCaretLineVisible(false);
    m_editor->setWrapMode(QsciScintilla::WrapNone);
    // Two line backgrounds; where both apply (the forward method) the marker defined later wins.
    m_classMarker = m_editor->markerDefine(QsciScintilla::Background);
    m_editor->setMarkerBackgroundColor(QColor(0xff, 0xf4, 0xcc), m_classMarker);
    m_forwardMarker = m_editor->markerDefine(QsciScintilla::Background);
    m_editor->setMarkerBackgroundColor(QColor(0xd4, 0xe6, 0xff), m_forwardMarker);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_header);
    layout->addWidget(m_editor, 1);
    clear(QString());
}

void SourceView::showLookup(const source::SourceLookup& lookup)
{
    if (!lookup.found) {
        clear(lookup.message);
        m_header->setText(lookup.className.isEmpty() ? tr("Source not found")
                                                     : tr("Source of class %1 not found").arg(lookup.className));
        m_header->setVisible(true);
        return;
    }

    setEditorText(lookup.text, true);
    markLines({ lookup.classStart, lookup.classEnd }, m_classMarker);
    markLines({ lookup.forwardStart, lookup.forwardEnd }, m_forwardMarker);
    const int top = std::max(0, lookup.classStart - 1);
    m_editor->setCursorPosition(top, 0);
    m_editor->setFirstVisibleLine(top);

    QStringList lines;
    lines << tr("class %1 in %2").arg(lookup.className, QFileInfo(lookup.file).fileName());
    lines << QDir::toNativeSeparators(lookup.file);
    QString where = tr("Lines %1–%2").arg(lookup.classStart).arg(lookup.classEnd);
    if (lookup.forwardStart > 0)
        where += tr(", forward %1–%2").arg(lookup.forwardStart).arg(lookup.forwardEnd);
    lines << where;
    if (!lookup.version.isEmpty())
        lines << tr("Version: %1").arg(lookup.version);
    if (lookup.drifted) {
        lines << tr("The recorded lines drifted: recorded %1–%2, found at %3–%4 in the installed version.")
                     .arg(lookup.recordedStart)
                     .arg(lookup.recordedEnd)
                     .arg(lookup.classStart)
                     .arg(lookup.classEnd);
    } else if (lookup.recordedStart > 0 && lookup.recordedStart != lookup.classStart) {
        lines << tr("The recorded lines %1–%2 lie inside the class.").arg(lookup.recordedStart).arg(lookup.recordedEnd);
    } else if (lookup.recordedStart > 0) {
        lines << tr("The class is where it was recorded.");
    } else {
        lines << tr("No lines are recorded for this file: the class was found by name.");
    }
    if (!lookup.commitNote.isEmpty())
        lines << lookup.commitNote;
    if (!lookup.message.isEmpty())
        lines << lookup.message;
    m_header->setText(lines.join(u'\n'));
    m_header->setVisible(true);
}

void SourceView::clear(const QString& message)
{
    setEditorText(message, false);
    m_header->clear();
    m_header->setVisible(false);
}

QString SourceView::headerText() const
{
    return m_header->text();
}

HighlightedLines SourceView::highlightedLines() const
{
    return { markedLines(m_classMarker), markedLines(m_forwardMarker) };
}

void SourceView::setEditorText(const QString& text, bool python)
{
    m_editor->markerDeleteAll();
    m_editor->setLexer(python ? m_lexer : nullptr);
    // A read-only Scintilla document refuses every change, setting its text included.
    m_editor->setReadOnly(false);
    m_editor->setText(text);
    m_editor->setReadOnly(true);
    m_editor->setMarginWidth(0, QString(QString::number(m_editor->lines()).size() + 1, u'9'));
    m_editor->setCursorPosition(0, 0);
    m_editor->setFirstVisibleLine(0);
}

void SourceView::markLines(LineRange lines, int marker)
{
    const int last = std::min(lines.last, m_editor->lines());
    for (int line = std::max(1, lines.first); lines.first > 0 && line <= last; ++line)
        m_editor->markerAdd(line - 1, marker);
}

LineRange SourceView::markedLines(int marker) const
{
    const unsigned mask = 1u << marker;
    const int first = m_editor->markerFindNext(0, mask);
    if (first < 0)
        return {};
    return { first + 1, m_editor->markerFindPrevious(m_editor->lines() - 1, mask) + 1 };
}

} // namespace lmp::widgets
