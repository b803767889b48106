// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lmp::report {

// The forms a report is written in. PDF is rendered from the HTML form by the window's libraries (widgets/).
enum class Format { Text, Markdown, Csv, Json, Html, Pdf };
std::optional<Format> formatFromName(std::string_view name); // text|table, markdown|md, csv, json, html, pdf
// By a file name's suffix: .txt, .md, .csv, .json, .html/.htm, .pdf.
std::optional<Format> formatFromFileName(std::string_view fileName);
std::string_view formatName(Format format);

// A chart to embed in an HTML report: an SVG document, or a PNG given as its bytes.
struct Chart
{
    std::string title;
    std::string caption;
    std::string svg; // an <svg> document
    std::string png; // PNG bytes (used when svg is empty)
};

// Unknown figures: a dash in text and Markdown, an empty cell in CSV, null in JSON, a dash in HTML (marked).
// Integers are written exactly, past 2^64 too.
std::string writeText(const Report& report);
std::string writeMarkdown(const Report& report);
std::string writeCsv(const Report& report);
std::string writeJson(const Report& report);
// One self-contained file: styles and the sorting script inline, charts embedded, no network.
std::string writeHtml(const Report& report, const std::vector<Chart>& charts = {});
// The HTML a PDF is printed from: the same content without scripts; chart N is <img src="chart:N">, which the PDF
// renderer supplies from the chart's PNG.
std::string writePrintHtml(const Report& report, const std::vector<Chart>& charts = {});

// An embedded chart with its caption: inline SVG (or a PNG data URI) on screen; in print, <img src="chart:N"> for
// the PDF renderer to supply (chart N's PNG).
std::string chartElement(const Chart& chart, std::size_t index, bool print);

// Helpers shared with the comparison writers.
std::string csvField(std::string_view text);
std::string htmlEscape(std::string_view text);
std::string base64(std::string_view bytes);
// The <style> and sorting <script> of the HTML forms.
std::string htmlHead(const std::string& title, bool print);
// A text table with right-aligned numeric columns (all but the first `leftColumns` and those in leftAlso).
std::string textTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
    bool markdown, std::size_t leftColumns = 2, const std::vector<std::size_t>& leftAlso = {});

} // namespace lmp::report
