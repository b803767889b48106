// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysissnapshot.h"
#include "chartexport.h"

#include <QPoint>
#include <QPointF>
#include <QWidget>

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

class QCustomPlot;
class QCPGraph;
class QCPItemText;
class QCPLayoutGrid;
class QCPTextElement;
class QMouseEvent;

namespace lmp::widgets {

// The roofline of the snapshot's device (log-log: FLOP/s against FLOPs per byte) with one point per stored
// node that does work of its own. Identical layers are one stored node, so a model of thousands of module
// instances shows a few dozen points; the hover text gives the instance count.
class RooflinePlot : public QWidget, public ExportableChart
{
    Q_OBJECT
public:
    explicit RooflinePlot(QWidget* parent = nullptr);
    ~RooflinePlot() override;

    void setSnapshot(SnapshotPtr snapshot);
    const SnapshotPtr& snapshot() const { return m_snapshot; }

    // Rings the points of these nodes (the tree's selection); nodes without a point are ignored. Emits nothing.
    void setSelectedNodes(const std::vector<model::NodeId>& nodes);
    const std::vector<model::NodeId>& selectedNodes() const { return m_selected; }

    std::size_t pointCount() const { return m_points.size(); }
    // Whether the roofs are drawn: a device with compute peaks and a bandwidth.
    bool hasRoofs() const { return m_hasRoofs; }
    // The note shown instead of the roofs ("" while they are drawn).
    QString message() const { return m_messageText; }
    // The pixel position of a node's point in plot() coordinates; false when the node has no point.
    bool pointPosition(model::NodeId node, QPointF* pixel) const;
    // The node whose point is nearest to a pixel of plot(), within radius pixels.
    std::optional<model::NodeId> nodeAt(const QPointF& pixel, double radius = 8) const;
    // The tooltip of a node's point ("" when it has none).
    QString hoverText(model::NodeId node) const;

    QCustomPlot* plot() const { return m_plot; }
    // The headline ("Roofline: NVIDIA H100 SXM5 80 GB"), its line of details and the ridge's label.
    QCPTextElement* titleElement() const;
    QCPTextElement* detailsElement() const;
    QCPItemText* ridgeLabel() const { return m_ridgeLabel; }
    // Whether the last drawing showed the ridge's label (it is left out where it fits nowhere inside the axis rect).
    bool ridgeLabelShown() const;
    // Whether the legend sits right of the plot or under it (in as many columns as fit): whichever leaves the axis
    // rect more room. Left out where neither leaves a readable plot.
    bool legendOnRight() const { return m_legendOnRight; }
    bool legendShown() const { return m_legendShown; }
    // Arranges the legend for a size of the plot (called on every resize, and by the exports for theirs).
    void layoutFor(const QSize& size);

    // PNG, SVG or PDF by the file's suffix.
    bool exportTo(const QString& file, int width, int height, QString* error = nullptr);
    bool exportTo(const QString& file, const ExportOptions& options, QString* error = nullptr) override;
    QImage toImage(const QSize& size, double scale = 1.0) override;
    QByteArray toSvg(const QSize& size) override;
    QString chartTitle() const override;
    QString chartFileName() const override;
    QSize shownSize() const override;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

Q_SIGNALS:
    void nodeClicked(lmp::model::NodeId node);

private:
    struct Point
    {
        model::NodeId node = 0;
        double intensity = 0; // FLOP/B
        double attained = 0; // FLOP/s
        double seconds = 0; // one instance
        bool computeBound = false;
        std::size_t group = 0; // index into m_groupGraphs
    };

    void rebuild();
    void buildRoofs(const hardware::Profile& profile, double xLow, double xHigh);
    void showMessage(const QString& text);
    void updateSelection();
    void mousePressed(QMouseEvent* event);
    void mouseReleased(QMouseEvent* event);
    void mouseMoved(QMouseEvent* event);
    void resetRanges();

    SnapshotPtr m_snapshot;
    QCustomPlot* m_plot = nullptr;
    QCPTextElement* m_title = nullptr;
    QCPTextElement* m_details = nullptr; // the line under the title
    QCPLayoutGrid* m_body = nullptr; // the axis rect and the legend box
    QCPLayoutGrid* m_legendBox = nullptr; // the legend and its spacers, right of or under the axis rect
    bool m_legendOnRight = true;
    bool m_legendShown = true;
    QCPItemText* m_ridgeLabel = nullptr;
    QCPGraph* m_selectionGraph = nullptr;
    std::vector<QCPGraph*> m_groupGraphs;
    std::vector<Point> m_points;
    std::unordered_map<model::NodeId, std::size_t> m_pointOf; // node -> index into m_points
    std::vector<std::string> m_firstName; // by NodeId: the full name of the node's first instance
    std::vector<model::NodeId> m_selected;
    QString m_messageText;
    bool m_hasRoofs = false;
    double m_xLow = 0.1, m_xHigh = 1e4, m_yLow = 1e9, m_yHigh = 1e16;
    QPoint m_pressPos;
};

} // namespace lmp::widgets
