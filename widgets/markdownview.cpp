// SPDX-License-Identifier: GPL-3.0-or-later
#include "markdownview.h"

#include <QAbstractTextDocumentLayout>
#include <QLocale>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFragment>
#include <QTextObjectInterface>

#include <algorithm>
#include <vector>

namespace lmp::widgets {

namespace {

// A document that loads nothing. QTextDocument::resource() asks loadResource() first, then a resource provider;
// the stock loadResource() would read local files and data: URLs itself when the view declines.
class SafeDocument : public QTextDocument
{
public:
    explicit SafeDocument(QObject* parent)
        : QTextDocument(parent)
    {
        setUndoRedoEnabled(false);
        setResourceProvider([](const QUrl&) { return QVariant(); });
    }

protected:
    QVariant loadResource(int, const QUrl&) override { return {}; }
};

// Lays image objects out as nothing. The stock handler, when a resource is empty, loads the image's name from
// the disk itself (QImage::load); images are replaced by text right after parsing, but layout may run before.
class NoImageHandler : public QObject, public QTextObjectInterface
{
    Q_OBJECT
    Q_INTERFACES(QTextObjectInterface)

public:
    using QObject::QObject;
    QSizeF intrinsicSize(QTextDocument*, int, const QTextFormat&) override { return { 0, 0 }; }
    void drawObject(QPainter*, const QRectF&, QTextDocument*, int, const QTextFormat&) override { }
};

// A link target as the text shows it: percent-encoded and with the host in ASCII (Punycode), so that neither
// look-alike letters nor direction overrides can disguise it; shortened when very long.
QString shownUrl(const QString& href)
{
    const QUrl url(href);
    QString shown = url.isValid()
        ? url.toString(QUrl::FullyEncoded)
        : QString::fromLatin1(href.toUtf8().toPercentEncoding(QByteArrayLiteral(":/?#[]@!$&'()*+,;=%")));
    if (shown.size() > MarkdownView::kMaxShownUrlChars)
        shown = shown.left(MarkdownView::kMaxShownUrlChars - 1) + QChar(0x2026);
    return shown;
}

} // namespace

MarkdownView::MarkdownView(QWidget* parent)
    : QTextBrowser(parent)
{
    auto* doc = new SafeDocument(this);
    doc->documentLayout()->registerHandler(QTextFormat::ImageObject, new NoImageHandler(doc));
    setDocument(doc);
    setReadOnly(true);
    setOpenLinks(false);
    setOpenExternalLinks(false);
    connect(this, &QTextBrowser::anchorClicked, this, &MarkdownView::linkActivated);
}

void MarkdownView::setMarkdownText(const QString& text)
{
    m_text = text;
    m_truncated = text.size() > kMaxMarkdownChars;
    QTextDocument* doc = document();
    if (m_truncated) {
        qsizetype cut = kMaxMarkdownChars;
        if (text.at(cut - 1).isHighSurrogate())
            --cut;
        const QLocale locale;
        doc->setPlainText(text.left(cut) + QStringLiteral("\n\n")
            + tr("[The text is %1 KB: its first %2 KB are shown, as plain text.]")
                  .arg(locale.toString((text.size() + 1023) / 1024), locale.toString(kMaxMarkdownChars / 1024)));
        return;
    }
    doc->setMarkdown(
        text, QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub) | QTextDocument::MarkdownNoHTML);
    replaceImages();
    showLinkTargets();
}

QVariant MarkdownView::loadResource(int, const QUrl&)
{
    return {};
}

void MarkdownView::doSetSource(const QUrl&, QTextDocument::ResourceType)
{ }

void MarkdownView::replaceImages()
{
    struct Image
    {
        int position;
        QTextCharFormat format;
    };
    std::vector<Image> images;
    QTextDocument* doc = document();
    for (QTextBlock block = doc->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (!fragment.charFormat().isImageFormat())
                continue;
            // A fragment holds a run of characters of one format: several images of the same picture are several
            // object replacement characters.
            for (int i = 0; i < fragment.length(); ++i)
                images.push_back({ fragment.position() + i, fragment.charFormat() });
        }
    }
    // From the end, so that the positions still to replace stay where they are.
    QTextCursor cursor(doc);
    for (auto it = images.rbegin(); it != images.rend(); ++it) {
        const QString alt = it->format.property(QTextFormat::ImageAltText).toString().simplified();
        QTextCharFormat format;
        format.setFontItalic(true);
        format.setForeground(palette().color(QPalette::PlaceholderText));
        // Qt's Markdown reader leaves the link off an image inside one ("[a ![i](x.png) b](url)"): the text that
        // replaces it joins the link when the characters on both sides belong to the same one.
        cursor.setPosition(it->position);
        const QTextCharFormat before = cursor.charFormat();
        cursor.setPosition(std::min(it->position + 2, doc->characterCount() - 1));
        const QTextCharFormat after = cursor.charFormat();
        QString href = it->format.isAnchor() ? it->format.anchorHref() : QString();
        if (href.isEmpty() && it->position > 0 && before.isAnchor() && after.isAnchor()
            && before.anchorHref() == after.anchorHref())
            href = before.anchorHref();
        if (!href.isEmpty()) {
            format.setAnchor(true);
            format.setAnchorHref(href);
        }
        cursor.setPosition(it->position);
        cursor.setPosition(it->position + 1, QTextCursor::KeepAnchor);
        cursor.insertText(alt.isEmpty() ? tr("[image]") : tr("[image: %1]").arg(alt), format);
    }
}

void MarkdownView::showLinkTargets()
{
    struct Link
    {
        int start = 0;
        int end = 0; // one past the last character
        QString href;
        QString text;
        QTextCharFormat format; // of the last character
    };
    std::vector<Link> links;
    QTextDocument* doc = document();
    for (QTextBlock block = doc->begin(); block.isValid(); block = block.next()) {
        bool open = false; // the previous fragment of this block is part of links.back()
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            const QTextCharFormat format = fragment.charFormat();
            if (!format.isAnchor() || format.anchorHref().isEmpty()) {
                open = false;
                continue;
            }
            // A link whose text changes format midway ("[**bold** text](...)") is several fragments.
            if (open && links.back().end == fragment.position() && links.back().href == format.anchorHref()) {
                links.back().end += fragment.length();
                links.back().text += fragment.text();
                links.back().format = format;
            } else {
                links.push_back({ fragment.position(), fragment.position() + fragment.length(), format.anchorHref(),
                    fragment.text(), format });
                open = true;
            }
        }
    }

    const QColor muted = palette().color(QPalette::PlaceholderText);
    QTextCursor cursor(doc);
    for (auto it = links.rbegin(); it != links.rend(); ++it) {
        QTextCharFormat tip;
        tip.setToolTip(it->href);
        cursor.setPosition(it->start);
        cursor.setPosition(it->end, QTextCursor::KeepAnchor);
        cursor.mergeCharFormat(tip);
        // An autolink already shows its target.
        const QString text = it->text.trimmed();
        if (text == it->href || QStringLiteral("mailto:") + text == it->href)
            continue;
        QTextCharFormat format = it->format;
        for (int property : { QTextFormat::IsAnchor, QTextFormat::AnchorHref, QTextFormat::AnchorName })
            format.clearProperty(property);
        format.setFontUnderline(false);
        format.setForeground(muted);
        format.setToolTip(it->href);
        cursor.setPosition(it->end);
        cursor.insertText(QStringLiteral(" <") + shownUrl(it->href) + u'>', format);
    }
}

} // namespace lmp::widgets

#include "markdownview.moc"
