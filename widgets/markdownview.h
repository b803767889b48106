// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextBrowser>
#include <QUrl>

namespace lmp::widgets {

// A read-only view of untrusted Markdown: the thinking process an LLM agent wrote for a database entry.
//
// The text is rendered as GitHub-flavoured Markdown without HTML: raw HTML (<script>, <img ...>) shows as the text
// it is. Nothing is ever loaded: no image, no style sheet, neither from the network nor from the disk; an image
// shows as "[image: alt text]". Links are shown but never followed: each one's target is written after it, in a
// muted colour (and in its tooltip), so that the text cannot disguise where a link goes; a click only emits
// linkActivated(). Text over kMaxMarkdownChars is shown as plain text, cut, with a note.
class MarkdownView : public QTextBrowser
{
    Q_OBJECT

public:
    // Longer input is shown as plain text, cut here.
    static constexpr qsizetype kMaxMarkdownChars = 200 * 1024;
    // A link target longer than this is shortened in the text (the tooltip has all of it).
    static constexpr qsizetype kMaxShownUrlChars = 200;

    explicit MarkdownView(QWidget* parent = nullptr);

    // Shows text, replacing what was shown.
    void setMarkdownText(const QString& text);
    // The text last given (not what is shown).
    const QString& markdownText() const { return m_text; }
    // The text was too long and is shown as plain text, cut.
    bool isTruncated() const { return m_truncated; }

    // Every resource is refused (an empty QVariant), whatever its URL.
    QVariant loadResource(int type, const QUrl& name) override;

Q_SIGNALS:
    // A link was clicked or activated with the keyboard. It is not followed; the owner decides (the review pane
    // copies it).
    void linkActivated(const QUrl& url);

protected:
    // Never changes the source: the view shows only what setMarkdownText() gives it.
    void doSetSource(const QUrl& name, QTextDocument::ResourceType type) override;

private:
    // Inherited ways to set content that would bypass the rules above: not for this view.
    using QTextBrowser::setHtml;
    using QTextBrowser::setMarkdown;
    using QTextBrowser::setSource;
    using QTextBrowser::setText;

    void replaceImages();
    void showLinkTargets();

    QString m_text;
    bool m_truncated = false;
};

} // namespace lmp::widgets
