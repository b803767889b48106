// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "source/sourcelocator.h"

#include <QWidget>

class QLabel;
class QsciLexerPython;
class QsciScintilla;

namespace lmp::widgets {

// Lines of the editor, 1-based and inclusive; {0, 0} when none.
struct LineRange
{
    int first = 0;
    int last = 0;

    bool operator==(const LineRange&) const = default;
};

// The lines a SourceView marks.
struct HighlightedLines
{
    LineRange classLines;
    LineRange forwardLines;

    bool operator==(const HighlightedLines&) const = default;
};

// The Python source of a module class, beside the database entry under review: a header saying which file, which
// lines, which version (and whether the recorded lines drifted from where the class is now), and a read-only
// editor with Python highlighting and line numbers, the class's lines marked, its forward method marked in
// another colour, scrolled to the class. When the source was not found, the editor shows why.
class SourceView : public QWidget
{
    Q_OBJECT

public:
    explicit SourceView(QWidget* parent = nullptr);

    void showLookup(const source::SourceLookup& lookup);
    // No source: the editor shows message, the header nothing.
    void clear(const QString& message);

    QsciScintilla* editor() const { return m_editor; }
    QString headerText() const;
    // What the editor's markers cover now.
    HighlightedLines highlightedLines() const;

private:
    void setEditorText(const QString& text, bool python);
    void markLines(LineRange lines, int marker);
    LineRange markedLines(int marker) const;

    QLabel* m_header;
    QsciScintilla* m_editor;
    QsciLexerPython* m_lexer;
    int m_classMarker = -1;
    int m_forwardMarker = -1;
};

} // namespace lmp::widgets
