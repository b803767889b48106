// SPDX-License-Identifier: GPL-3.0-or-later
#include "chartexportdialog.h"

#include "chartutil.h"
#include "format.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace lmp::widgets {

namespace {

// What the last accepted dialog chose, for the next one (this run of the program only).
ExportOptions& remembered()
{
    static ExportOptions options;
    return options;
}

QString& rememberedFolder()
{
    static QString folder;
    return folder;
}

QString withSuffix(const QString& file, ChartFormat format)
{
    if (file.isEmpty())
        return file;
    const QFileInfo info(file);
    const QString suffix = chartFormatSuffix(format);
    if (info.suffix().toLower() == suffix)
        return file;
    const QString base = chartFormatForFile(file) ? file.left(file.size() - info.suffix().size() - 1) : file;
    return base + QLatin1Char('.') + suffix;
}

} // namespace

ChartExportDialog::ChartExportDialog(
    const QString& chartTitle, const QString& file, const ExportOptions& options, QWidget* parent)
    : QDialog(parent)
    , m_file(new QLineEdit(this))
    , m_format(new QComboBox(this))
    , m_width(new QSpinBox(this))
    , m_height(new QSpinBox(this))
    , m_scale(new QDoubleSpinBox(this))
    , m_pixels(new QLabel(this))
{
    setWindowTitle(tr("Export %1").arg(chartTitle));
    m_format->addItem(tr("PNG image"), static_cast<int>(ChartFormat::Png));
    m_format->addItem(tr("SVG drawing"), static_cast<int>(ChartFormat::Svg));
    m_format->addItem(tr("PDF document"), static_cast<int>(ChartFormat::Pdf));
    for (QSpinBox* box : { m_width, m_height }) {
        box->setRange(kMinExportSide, kMaxExportSide);
        box->setSuffix(tr(" px"));
        box->setGroupSeparatorShown(true);
    }
    m_width->setToolTip(tr("The chart is laid out at this size (pixels of 1/96 inch; a PDF's page is this size)"));
    m_height->setToolTip(m_width->toolTip());
    m_scale->setRange(0.5, kMaxExportScale);
    m_scale->setDecimals(1);
    m_scale->setSingleStep(0.5);
    m_scale->setPrefix(tr("× "));
    m_scale->setToolTip(tr("PNG only: the same picture with this many times the pixels (2 for slides)"));
    m_pixels->setForegroundRole(QPalette::PlaceholderText);

    auto* browseButton = new QPushButton(tr("Browse…"), this);
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browseButton);
    auto* sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_width);
    sizeRow->addWidget(new QLabel(tr("×"), this));
    sizeRow->addWidget(m_height);
    sizeRow->addStretch(1);
    auto* form = new QFormLayout;
    auto* fileLabel = new QLabel(tr("&File:"), this);
    fileLabel->setBuddy(m_file);
    form->addRow(fileLabel, fileRow);
    form->addRow(tr("F&ormat:"), m_format);
    auto* sizeLabel = new QLabel(tr("&Size:"), this);
    sizeLabel->setBuddy(m_width);
    form->addRow(sizeLabel, sizeRow);
    form->addRow(tr("S&cale:"), m_scale);
    form->addRow(QString(), m_pixels);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    m_width->setValue(options.width);
    m_height->setValue(options.height);
    m_scale->setValue(options.scale);
    m_format->setCurrentIndex(m_format->findData(static_cast<int>(options.format)));
    m_file->setText(withSuffix(file, options.format));
    fileEdited();
    updatePixels();

    connect(browseButton, &QPushButton::clicked, this, &ChartExportDialog::browse);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ChartExportDialog::formatChosen);
    connect(m_file, &QLineEdit::textEdited, this, &ChartExportDialog::fileEdited);
    connect(buttons, &QDialogButtonBox::accepted, this, &ChartExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ChartExportDialog::reject);
    for (QSpinBox* box : { m_width, m_height })
        connect(box, &QSpinBox::valueChanged, this, &ChartExportDialog::updatePixels);
    connect(m_scale, &QDoubleSpinBox::valueChanged, this, &ChartExportDialog::updatePixels);
    resize(std::max(sizeHint().width(), 460), sizeHint().height());
}

QString ChartExportDialog::file() const
{
    return m_file->text().trimmed();
}

ExportOptions ChartExportDialog::options() const
{
    ExportOptions options;
    options.format = static_cast<ChartFormat>(m_format->currentData().toInt());
    options.width = m_width->value();
    options.height = m_height->value();
    options.scale = options.format == ChartFormat::Png ? m_scale->value() : 1.0;
    return options;
}

ExportOptions ChartExportDialog::lastOptions()
{
    return remembered();
}

QString ChartExportDialog::lastFolder()
{
    return rememberedFolder().isEmpty() ? QDir::homePath() : rememberedFolder();
}

void ChartExportDialog::accept()
{
    if (file().isEmpty()) {
        QMessageBox::warning(this, windowTitle(), tr("Choose a file to export the chart to."));
        return;
    }
    m_file->setText(withSuffix(file(), options().format));
    remembered() = options();
    rememberedFolder() = QFileInfo(file()).absolutePath();
    QDialog::accept();
}

void ChartExportDialog::browse()
{
    QString selected;
    const QString chosen = QFileDialog::getSaveFileName(
        this, windowTitle(), file().isEmpty() ? lastFolder() : file(), exportFileFilter(), &selected);
    if (chosen.isEmpty())
        return;
    m_file->setText(chosen);
    fileEdited();
}

void ChartExportDialog::formatChosen()
{
    const auto format = static_cast<ChartFormat>(m_format->currentData().toInt());
    m_file->setText(withSuffix(file(), format));
    updatePixels();
}

void ChartExportDialog::fileEdited()
{
    if (const auto format = chartFormatForFile(file())) {
        const QSignalBlocker blocker(m_format);
        m_format->setCurrentIndex(m_format->findData(static_cast<int>(*format)));
    }
    updatePixels();
}

void ChartExportDialog::updatePixels()
{
    const ExportOptions o = options();
    m_scale->setEnabled(o.format == ChartFormat::Png);
    const QSize out = o.outputSize();
    switch (o.format) {
    case ChartFormat::Png:
        m_pixels->setText(tr("%1 × %2 pixels").arg(out.width()).arg(out.height()));
        break;
    case ChartFormat::Svg:
        m_pixels->setText(tr("Vector drawing of %1 × %2 units").arg(out.width()).arg(out.height()));
        break;
    case ChartFormat::Pdf:
        m_pixels->setText(
            tr("One page of %1 × %2 mm")
                .arg(localNumber(out.width() * 25.4 / 96, 'f', 0), localNumber(out.height() * 25.4 / 96, 'f', 0)));
        break;
    }
}

bool exportChartWithDialog(QWidget* parent, ExportableChart* chart)
{
    const ExportOptions last = ChartExportDialog::lastOptions();
    const QString suggested = QDir(ChartExportDialog::lastFolder())
                                  .filePath(chart->chartFileName() + QLatin1Char('.') + chartFormatSuffix(last.format));
    ChartExportDialog dialog(chart->chartTitle(), suggested, last, parent);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    QString error;
    if (!chart->exportTo(dialog.file(), dialog.options(), &error)) {
        QMessageBox::warning(parent, dialog.windowTitle(), error);
        return false;
    }
    return true;
}

void copyChartImage(ExportableChart* chart)
{
    const QImage image = chart->toImage(chart->shownSize(), 2.0);
    if (!image.isNull())
        QApplication::clipboard()->setImage(image);
}

void installChartMenu(QCustomPlot* plot, ExportableChart* chart)
{
    plot->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(plot, &QWidget::customContextMenuRequested, plot, [plot, chart](const QPoint& pos) {
        QMenu menu(plot);
        menu.addAction(QObject::tr("Export chart…"), plot, [plot, chart] { exportChartWithDialog(plot, chart); });
        menu.addAction(QObject::tr("Copy image"), plot, [chart] { copyChartImage(chart); });
        menu.exec(plot->mapToGlobal(pos));
    });
}

} // namespace lmp::widgets
