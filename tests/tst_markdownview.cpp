// SPDX-License-Identifier: GPL-3.0-or-later
// The thinking-process view: raw HTML stays text, nothing is loaded, link targets are visible and links are only
// reported, never followed; long text falls back to plain text.

#include "markdownview.h"

#include <QAbstractTextDocumentLayout>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFragment>

using lmp::widgets::MarkdownView;

namespace {

struct Fragments
{
    int images = 0;
    QStringList anchors; // "text -> href (tooltip)"
};

Fragments fragments(const QTextDocument* doc)
{
    Fragments out;
    for (QTextBlock block = doc->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            if (format.isImageFormat())
                ++out.images;
            if (format.isAnchor())
                out.anchors << it.fragment().text() + QStringLiteral(" -> ") + format.anchorHref()
                        + QStringLiteral(" (") + format.toolTip() + u')';
        }
    }
    return out;
}

// The position of the first occurrence of text in the document.
int positionOf(const QTextDocument* doc, const QString& text)
{
    return int(doc->toPlainText().indexOf(text));
}

} // namespace

class TestMarkdownView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void rawHtmlIsText_data();
    void rawHtmlIsText();
    void linkTargets_data();
    void linkTargets();
    void noResources_data();
    void noResources();
    void imagesBecomeText();
    void imagesNeverLaidOut();
    void clickReportsWithoutFollowing();
    void longTextIsPlain();

private:
    QTemporaryDir m_dir;
    QString m_png; // a 64x64 picture on the disk
};

void TestMarkdownView::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_png = m_dir.filePath(QStringLiteral("cat.png"));
    QImage image(64, 64, QImage::Format_RGB32);
    image.fill(Qt::red);
    QVERIFY(image.save(m_png));
}

void TestMarkdownView::rawHtmlIsText_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("literal");

    QTest::addRow("script block") << "<script>alert(1)</script>\n"
                                  << "<script>alert(1)</script>";
    QTest::addRow("inline script") << "Text <script>alert(1)</script> more"
                                   << "<script>alert(1)</script>";
    QTest::addRow("remote image") << "see <img src=http://example.com/x.png> here"
                                  << "<img src=http://example.com/x.png>";
    QTest::addRow("javascript link") << "<a href=\"javascript:alert(1)\">click</a>"
                                     << "<a href=\"javascript:alert(1)\">click</a>";
    QTest::addRow("styled block") << "<div style=\"color:red\">\n\nx\n\n</div>"
                                  << "<div style=\"color:red\">";
    QTest::addRow("iframe") << "<iframe src=\"https://example.com\"></iframe>"
                            << "<iframe src=\"https://example.com\"></iframe>";
    QTest::addRow("comment") << "a <!-- hidden --> b"
                             << "<!-- hidden -->";
}

void TestMarkdownView::rawHtmlIsText()
{
    QFETCH(QString, markdown);
    QFETCH(QString, literal);
    MarkdownView view;
    view.setMarkdownText(markdown);
    QVERIFY2(view.toPlainText().contains(literal), qPrintable(view.toPlainText()));
    const Fragments f = fragments(view.document());
    QCOMPARE(f.images, 0);
    QVERIFY2(f.anchors.isEmpty(), qPrintable(f.anchors.join(u'\n')));
    // What the document would export holds the tags as escaped text only.
    const QString html = view.document()->toHtml();
    for (const char* tag : { "<script", "<img", "<a ", "<iframe", "<div style=\"color:red" })
        QVERIFY2(!html.contains(QLatin1StringView(tag)), tag);
    QVERIFY(!view.isTruncated());
    QCOMPARE(view.markdownText(), markdown);
}

void TestMarkdownView::linkTargets_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("shown"); // in toPlainText
    QTest::addColumn<QString>("href");

    QTest::addRow("link") << "See [docs](https://example.com/x)."
                          << "See docs <https://example.com/x>."
                          << "https://example.com/x";
    QTest::addRow("autolink shown once") << "<https://example.com/auto>"
                                         << "https://example.com/auto"
                                         << "https://example.com/auto";
    QTest::addRow("bare URL") << "see https://example.com/bare now"
                              << "see https://example.com/bare now"
                              << "https://example.com/bare";
    QTest::addRow("formatted link text") << "[**bold** docs](https://example.com/b)"
                                         << "bold docs <https://example.com/b>"
                                         << "https://example.com/b";
    QTest::addRow("in a heading") << "# [Title](https://example.com/h)"
                                  << "Title <https://example.com/h>"
                                  << "https://example.com/h";
    QTest::addRow("javascript") << "[click](javascript:alert(1))"
                                << "click <javascript:alert(1)>"
                                << "javascript:alert(1)";
    QTest::addRow("look-alike host") << QString::fromUtf8("[bank](https://ex\xD0\xB0mple.com/)")
                                     << "bank <https://xn--exmple-4nf.com/>"
                                     << QString::fromUtf8("https://ex\xD0\xB0mple.com/");
    QTest::addRow("direction override") << QString::fromUtf8("[file](https://example.com/\xE2\x80\xAEgnp.exe)")
                                        << "file <https://example.com/%E2%80%AEgnp.exe>"
                                        << QString::fromUtf8("https://example.com/\xE2\x80\xAEgnp.exe");
    const QString longUrl = QStringLiteral("https://example.com/") + QString(300, u'a');
    QTest::addRow("long target shortened")
        << "[long](" + longUrl + ")"
        << "long <" + longUrl.left(MarkdownView::kMaxShownUrlChars - 1) + QChar(0x2026) + ">" << longUrl;
}

void TestMarkdownView::linkTargets()
{
    QFETCH(QString, markdown);
    QFETCH(QString, shown);
    QFETCH(QString, href);
    MarkdownView view;
    view.setMarkdownText(markdown);
    const QString text = view.toPlainText();
    QVERIFY2(text.contains(shown), qPrintable(text));
    QCOMPARE(text.count(shown), 1);
    const Fragments f = fragments(view.document());
    QVERIFY(!f.anchors.isEmpty());
    for (const QString& anchor : f.anchors)
        QVERIFY2(
            anchor.endsWith(QStringLiteral(" -> ") + href + QStringLiteral(" (") + href + u')'), qPrintable(anchor));
}

void TestMarkdownView::noResources_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addRow("http") << QUrl(QStringLiteral("http://example.com/a.png"));
    QTest::addRow("https") << QUrl(QStringLiteral("https://example.com/a.css"));
    QTest::addRow("file") << QUrl::fromLocalFile(m_png);
    QTest::addRow("relative file") << QUrl(QStringLiteral("cat.png"));
    QTest::addRow("data") << QUrl(QStringLiteral(
        "data:image/"
        "png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="));
    QTest::addRow("qrc") << QUrl(QStringLiteral("qrc:/qt-project.org/styles/commonstyle/images/file-16.png"));
}

void TestMarkdownView::noResources()
{
    QFETCH(QUrl, url);
    MarkdownView view;
    view.document()->setBaseUrl(QUrl::fromLocalFile(m_dir.path() + u'/'));
    for (int type : { int(QTextDocument::ImageResource), int(QTextDocument::StyleSheetResource),
             int(QTextDocument::HtmlResource), int(QTextDocument::MarkdownResource) }) {
        QVERIFY(view.loadResource(type, url).isNull());
        // The path a rendered document takes: resource() asks its own loadResource(), then a resource provider.
        QVERIFY(view.document()->resource(type, url).isNull());
    }
}

void TestMarkdownView::imagesBecomeText()
{
    MarkdownView view;
    // Qt's reader drops an image without alt text, and a link whose only content is an image (the link is lost,
    // which is safe); an image inside a link's text becomes part of the link.
    view.setMarkdownText(QStringLiteral("![a cat](%1) and ![](http://example.com/x.png) and ![local](cat.png)\n\n"
                                        "[![logo](https://example.com/l.png)](https://example.com/home)\n\n"
                                        "[see ![icon](https://example.com/i.png) here](https://example.com/in)")
                             .arg(QUrl::fromLocalFile(m_png).toString()));
    const Fragments f = fragments(view.document());
    QCOMPARE(f.images, 0);
    const QStringList lines = view.toPlainText().split(u'\n');
    QCOMPARE(lines,
        (QStringList { "[image: a cat] and  and [image: local]", "[image: logo]",
            "see [image: icon] here <https://example.com/in>" }));
    view.resize(400, 300);
    QVERIFY(!view.grab().isNull()); // lays out and paints what is left
}

void TestMarkdownView::imagesNeverLaidOut()
{
    // An image that reaches the document anyway takes no room: the picture on the disk is not read for its size.
    MarkdownView view;
    view.setMarkdownText(QStringLiteral("x"));
    const qreal plainHeight = view.document()->size().height();
    QTextCursor cursor(view.document());
    cursor.movePosition(QTextCursor::End);
    QTextImageFormat image;
    image.setName(m_png);
    cursor.insertImage(image);
    QCOMPARE(fragments(view.document()).images, 1);
    QCOMPARE(view.document()->size().height(), plainHeight);
    // The control: a stock document reads the picture and grows by its height.
    QTextDocument stock;
    QTextCursor stockCursor(&stock);
    stockCursor.insertText(QStringLiteral("x"));
    const qreal stockHeight = stock.size().height();
    stockCursor.insertImage(image);
    QVERIFY(stock.size().height() >= stockHeight + 32);
}

void TestMarkdownView::clickReportsWithoutFollowing()
{
    MarkdownView view;
    view.setMarkdownText(QStringLiteral("Read [the docs](https://example.com/x) first.\n\n[run](file:///bin/sh)"));
    view.resize(500, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QString before = view.toPlainText();
    QSignalSpy spy(&view, &MarkdownView::linkActivated);

    for (const auto& [text, url] : { std::pair { QStringLiteral("the docs"), QStringLiteral("https://example.com/x") },
             std::pair { QStringLiteral("run"), QStringLiteral("file:///bin/sh") } }) {
        QTextCursor cursor(view.document());
        cursor.setPosition(positionOf(view.document(), text) + 1);
        const QPoint point = view.cursorRect(cursor).center();
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, point);
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(spy.takeFirst().at(0).toUrl(), QUrl(url));
        QCOMPARE(view.source(), QUrl());
        QCOMPARE(view.toPlainText(), before);
    }
    // Even asked directly, the view does not load a source.
    static_cast<QTextBrowser&>(view).setSource(QUrl::fromLocalFile(m_png));
    QCOMPARE(view.source(), QUrl());
    QCOMPARE(view.toPlainText(), before);
    QVERIFY(!view.openLinks());
    QVERIFY(!view.openExternalLinks());
}

void TestMarkdownView::longTextIsPlain()
{
    MarkdownView view;
    const QString heading = QStringLiteral("# Title [x](https://example.com)\n");
    QString text = heading;
    while (text.size() < 250 * 1024)
        text += QString(79, u'a') + u'\n';
    text.truncate(250 * 1024);
    view.setMarkdownText(text);
    QVERIFY(view.isTruncated());
    const QString shown = view.toPlainText();
    QVERIFY(shown.startsWith(QStringLiteral("# Title [x](https://example.com)\naaa")));
    QVERIFY2(shown.endsWith(QStringLiteral("[The text is 250 KB: its first 200 KB are shown, as plain text.]")),
        qPrintable(shown.right(100)));
    QCOMPARE(shown.size(), MarkdownView::kMaxMarkdownChars + 2 + 64);
    QVERIFY(fragments(view.document()).anchors.isEmpty());

    view.setMarkdownText(QStringLiteral("# Short"));
    QVERIFY(!view.isTruncated());
    QCOMPARE(view.toPlainText(), QStringLiteral("Short"));
}

QTEST_MAIN(TestMarkdownView)
#include "tst_markdownview.moc"
