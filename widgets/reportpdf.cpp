// SPDX-License-Identifier: GPL-3.0-or-later
#include "reportpdf.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QUrl>

namespace lmp::widgets {

QString writePdf(const std::string& printHtml, const std::vector<report::Chart>& charts, const QString& file)
{
    QTextDocument document;
    document.setDefaultFont(QFont(QStringLiteral("DejaVu Sans"), 8));
    for (std::size_t i = 0; i < charts.size(); ++i) {
        QImage image;
        if (!charts[i].png.empty())
            image.loadFromData(
                reinterpret_cast<const uchar*>(charts[i].png.data()), static_cast<int>(charts[i].png.size()), "PNG");
        if (!image.isNull())
            document.addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("chart:%1").arg(i)), image);
    }
    document.setHtml(QString::fromStdString(printHtml));

    // Into memory first, then one atomic write: a failed export never leaves half a file.
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setPageLayout(QPageLayout(
            QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter));
        writer.setResolution(96);
        writer.setTitle(QFileInfo(file).completeBaseName());
        writer.setCreator(QStringLiteral("LM-Predictor"));
        document.setPageSize(QSizeF(writer.width(), writer.height()));
        document.print(&writer);
    }
    buffer.close();
    if (buffer.data().isEmpty())
        return QCoreApplication::translate("lmp::widgets", "%1: the PDF could not be rendered").arg(file);
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(buffer.data()) != buffer.data().size() || !out.commit())
        return QCoreApplication::translate("lmp::widgets", "cannot write %1: %2").arg(file, out.errorString());
    return {};
}

} // namespace lmp::widgets
