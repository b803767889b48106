// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chartexport.h"

#include <QDialog>

class QComboBox;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace lmp::widgets {

// Asks where and how to export a chart: the file, its format (PNG, SVG, PDF; kept in step with the file's suffix),
// the size and, for PNG, the scale (2 for slides: twice the pixels, the same picture).
class ChartExportDialog : public QDialog
{
    Q_OBJECT
public:
    ChartExportDialog(
        const QString& chartTitle, const QString& file, const ExportOptions& options, QWidget* parent = nullptr);

    QString file() const;
    ExportOptions options() const;

    // What the last accepted dialog of this program chose (its size, scale and format; 1200 x 800 PNG at first).
    static ExportOptions lastOptions();
    static QString lastFolder();

    void accept() override;

private:
    void browse();
    void formatChosen();
    void fileEdited();
    void updatePixels();

    QLineEdit* m_file = nullptr;
    QComboBox* m_format = nullptr;
    QSpinBox* m_width = nullptr;
    QSpinBox* m_height = nullptr;
    QDoubleSpinBox* m_scale = nullptr;
    QLabel* m_pixels = nullptr;
};

// The dialog for a chart, then the export; a failure is shown in a message box. true when a file was written.
bool exportChartWithDialog(QWidget* parent, ExportableChart* chart);
// The chart as it is shown, at twice its pixels, on the clipboard.
void copyChartImage(ExportableChart* chart);
// "Export chart…" and "Copy image" in the plot's context menu.
void installChartMenu(QCustomPlot* plot, ExportableChart* chart);

} // namespace lmp::widgets
