// SPDX-License-Identifier: GPL-3.0-or-later
#include "writers.h"

#include "jsonwriter.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace lmp::report {

namespace {

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string intensityText(const std::optional<double>& v)
{
    if (!v)
        return "-";
    return decimalText(*v, 3, false);
}

std::string realText(double v)
{
    return Number::real(v).toString();
}

std::string cellOrEmpty(const std::optional<Number>& n)
{
    return n ? n->toString() : std::string();
}

// The memory line: weights + cache + state + largest activation = footprint.
std::string memoryLine(const Report& r)
{
    std::string out = siText(r.weightBytes, "B") + " weights + ";
    if (r.settings.phase == analysis::Phase::Train)
        out += "gradients, Adam moments and the activations kept for backward";
    else
        out += (r.kvCacheBytes ? siText(r.kvCacheBytes, "B") : std::string("- (no kv_cache_bytes for this family)"))
            + " KV cache + " + (r.stateBytes ? siText(r.stateBytes, "B") + " recurrent state + " : "")
            + "largest activation";
    out += " = " + siText(r.footprintBytes, "B");
    if (r.hardware && r.fitsMemory) {
        out += (*r.fitsMemory ? " (fits " : " (does NOT fit ") + r.hardware->name + "'s "
            + decimalText(r.hardware->memoryBytes / double(1 << 30), 4, false) + " GiB)";
    }
    return out;
}

std::string totalLine(const Report& r)
{
    std::string out = "total: " + groupedText(r.total[Kind::Flops]) + " FLOPs ("
        + groupedText(r.total[Kind::MatmulFlops]) + " in matmuls), " + siText(r.total[Kind::Reads], "B") + " read, "
        + siText(r.total[Kind::Writes], "B") + " written, " + exactText(Number::integer(r.params)) + " parameters ("
        + siText(r.weightBytes, "B") + " of weights)";
    if (r.hardware)
        out += ", " + secondsText(r.seconds) + " expected ("
            + (r.launchSeconds >= r.seconds && r.launchSeconds > 0 ? "launch-bound: " : "") + "roofline bound "
            + secondsText(r.roofline) + ", " + std::string(analysis::executionName(r.settings.execution))
            + " execution) on " + r.hardware->name;
    return out;
}

std::vector<std::string> headerLines(const Report& r)
{
    std::vector<std::string> lines;
    lines.push_back(r.settingsLine());
    lines.push_back(totalLine(r));
    lines.push_back("memory: " + memoryLine(r));
    lines.push_back("formulas: " + r.formulasLine());
    if (!r.architectureNote.empty())
        lines.push_back("architecture: " + r.architectureNote);
    if (r.imageTokens > 0)
        lines.push_back("images: " + formula::toString(r.settings.images) + " of "
            + formula::toString(r.settings.imageWidth) + "x" + formula::toString(r.settings.imageHeight)
            + " per sequence, " + exactText(Number::integer(r.imageTokens)) + " tokens in the sequence");
    for (const auto& note : r.notes)
        lines.push_back("note: " + note);
    if (!r.complete || !r.warnings.empty())
        lines.push_back("warning: " + std::to_string(r.warnings.size()) + " module type"
            + (r.warnings.size() == 1 ? "" : "s")
            + " could not be evaluated completely; the totals leave that work out");
    return lines;
}

const std::vector<std::string> kRowHeader { "module", "class", "flops", "matmul_flops", "reads", "writes",
    "intermediates", "params", "intensity", "bound", "time", "roofline", "share" };

std::vector<std::vector<std::string>> rowCells(const Report& r)
{
    std::vector<std::vector<std::string>> table;
    for (const Row& row : r.rows) {
        const auto& f = row.figures;
        std::string label = std::string(static_cast<std::size_t>(row.depth) * 2, ' ') + row.label
            + (row.repeat > 1 ? "  x" + formula::toString(row.repeat) : "");
        if (!row.warnings.empty())
            label += " !";
        table.push_back({ label, shortClass(row.classPath), siText(f[Kind::Flops]), siText(f[Kind::MatmulFlops]),
            siText(f[Kind::Reads]), siText(f[Kind::Writes]), siText(f[Kind::Intermediates]),
            siText(Number::integer(row.params)), intensityText(row.intensity), boundName(row.bound),
            r.hardware ? secondsText(row.seconds) : "-", r.hardware ? secondsText(row.roofline) : "-",
            row.flopShare ? percentText(*row.flopShare) : "-" });
    }
    return table;
}

} // namespace

std::optional<Format> formatFromName(std::string_view name)
{
    const std::string n = lower(name);
    if (n == "text" || n == "table" || n == "txt")
        return Format::Text;
    if (n == "markdown" || n == "md")
        return Format::Markdown;
    if (n == "csv")
        return Format::Csv;
    if (n == "json")
        return Format::Json;
    if (n == "html" || n == "htm")
        return Format::Html;
    if (n == "pdf")
        return Format::Pdf;
    return std::nullopt;
}

std::optional<Format> formatFromFileName(std::string_view fileName)
{
    const auto dot = fileName.rfind('.');
    const auto slash = fileName.find_last_of("/\\");
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
        return std::nullopt;
    return formatFromName(fileName.substr(dot + 1));
}

std::string_view formatName(Format format)
{
    switch (format) {
    case Format::Text:
        return "text";
    case Format::Markdown:
        return "markdown";
    case Format::Csv:
        return "csv";
    case Format::Json:
        return "json";
    case Format::Html:
        return "html";
    case Format::Pdf:
        return "pdf";
    }
    return "text";
}

std::string csvField(std::string_view v)
{
    if (v.find_first_of(",\"\n\r") == std::string_view::npos)
        return std::string(v);
    std::string q = "\"";
    for (char c : v)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string htmlEscape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string base64(std::string_view bytes)
{
    static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16)
            | (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += table[(v >> 6) & 63];
        out += table[v & 63];
    }
    if (i < bytes.size()) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size())
            v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += i + 1 < bytes.size() ? table[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string textTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
    bool markdown, std::size_t leftColumns, const std::vector<std::size_t>& leftAlso)
{
    std::ostringstream out;
    std::vector<std::size_t> widths(header.size());
    for (std::size_t i = 0; i < header.size(); ++i) {
        widths[i] = header[i].size();
        for (const auto& r : rows)
            widths[i] = std::max(widths[i], i < r.size() ? r[i].size() : 0);
    }
    auto line = [&](const std::vector<std::string>& cells) {
        if (markdown)
            out << "| ";
        for (std::size_t i = 0; i < header.size(); ++i) {
            const std::string cell = i < cells.size() ? cells[i] : std::string();
            const bool left = i < leftColumns || std::find(leftAlso.begin(), leftAlso.end(), i) != leftAlso.end();
            const std::string pad(widths[i] - std::min(widths[i], cell.size()), ' ');
            const std::string shown = markdown ? [&] {
                std::string e;
                for (char c : cell)
                    e += c == '|' ? std::string("\\|") : std::string(1, c);
                return e;
            }()
                                               : cell;
            out << (left ? shown + pad : pad + shown);
            if (markdown)
                out << " |" << (i + 1 < header.size() ? " " : "");
            else if (i + 1 < header.size())
                out << "  ";
        }
        out << "\n";
    };
    line(header);
    if (markdown) {
        out << "|";
        for (std::size_t i = 0; i < header.size(); ++i) {
            const bool left = i < leftColumns || std::find(leftAlso.begin(), leftAlso.end(), i) != leftAlso.end();
            out << (left ? std::string(widths[i] + 2, '-') : std::string(widths[i] + 1, '-') + ":") << "|";
        }
        out << "\n";
    }
    for (const auto& r : rows)
        line(r);
    return out.str();
}

std::string writeText(const Report& r)
{
    std::string out = r.model + "  (" + r.architecture + ")\n";
    for (const auto& l : headerLines(r))
        out += l + "\n";
    out += "\n";
    out += textTable(kRowHeader, rowCells(r), false, 2, { 9 });
    return out;
}

std::string writeMarkdown(const Report& r)
{
    std::string out = "# " + r.model + " (" + r.architecture + ")\n\n";
    for (const auto& l : headerLines(r))
        out += "- " + l + "\n";
    if (r.hardware) {
        out += "\n## Device: " + r.hardware->name + "\n\n";
        out += "- memory " + siText(r.hardware->memoryBytes, "B") + ", bandwidth "
            + siText(r.hardware->bandwidth, "B/s") + "\n";
        for (const auto& [dtype, peak] : r.hardware->matrixFlops)
            out += "- matrix " + dtype + ": " + siText(peak, "FLOP/s") + "\n";
        for (const auto& [dtype, peak] : r.hardware->vectorFlops)
            out += "- vector " + dtype + ": " + siText(peak, "FLOP/s") + "\n";
        for (const auto& s : r.hardware->sources)
            out += "- source: " + s.figure + " = " + s.value + " (" + s.source + (s.url.empty() ? "" : ", " + s.url)
                + ")\n";
    }
    out += "\n## Modules\n\n";
    out += textTable(kRowHeader, rowCells(r), true, 2, { 9 });
    out += "\n## Formulas\n\n";
    std::vector<std::vector<std::string>> entries;
    for (const auto& e : r.entries)
        entries.push_back(
            { e.modulePath, e.status, e.reviewer.empty() ? "-" : e.reviewer, e.reviewDate.empty() ? "-" : e.reviewDate,
                e.layer.empty() ? "-" : e.layer, formula::toString(e.instances) });
    out += textTable({ "entry", "status", "reviewer", "reviewed", "layer", "instances" }, entries, true, 5);
    out += "\n## Conventions\n\n";
    for (const auto& c : r.conventions)
        out += "- " + c + "\n";
    if (!r.warnings.empty()) {
        out += "\n## Warnings\n\n";
        for (const auto& w : r.warnings)
            out += "- " + w + "\n";
    }
    if (!r.generator.empty())
        out += "\n_Written by " + r.generator + "._\n";
    return out;
}

std::string writeCsv(const Report& r)
{
    std::string out = "module,class,flops,matmul_flops,reads,writes,intermediates,params,intensity,bound,time_s,"
                      "roofline_s,share,repeat,depth,label\n";
    for (const Row& row : r.rows) {
        const auto& f = row.figures;
        const std::vector<std::string> cells { row.name, row.classPath, cellOrEmpty(f[Kind::Flops]),
            cellOrEmpty(f[Kind::MatmulFlops]), cellOrEmpty(f[Kind::Reads]), cellOrEmpty(f[Kind::Writes]),
            cellOrEmpty(f[Kind::Intermediates]), formula::toString(row.params),
            row.intensity ? realText(*row.intensity) : std::string(),
            row.bound == analysis::Bound::Unknown ? std::string() : boundName(row.bound),
            r.hardware ? realText(row.seconds) : std::string(), r.hardware ? realText(row.roofline) : std::string(),
            row.flopShare ? realText(*row.flopShare) : std::string(), formula::toString(row.repeat),
            std::to_string(row.depth), row.label };
        for (std::size_t i = 0; i < cells.size(); ++i)
            out += (i ? "," : "") + csvField(cells[i]);
        out += "\n";
    }
    return out;
}

std::string writeJson(const Report& r)
{
    JsonWriter w;
    auto optional = [&](const std::optional<Number>& n) {
        if (n)
            w.value(*n);
        else
            w.null();
    };
    auto figures = [&](const analysis::Figures& f, Int params, double seconds, double roofline) {
        w.key("params").value(Number::integer(params));
        for (Kind k : formula::kAllKinds) {
            if (k == Kind::Params)
                continue;
            w.key(formula::kindName(k));
            optional(f[k]);
        }
        if (r.hardware) {
            w.key("time_s").value(Number::real(seconds));
            w.key("roofline_s").value(Number::real(roofline));
        }
    };
    w.beginObject();
    w.key("model").value(r.model);
    w.key("architecture").value(r.architecture);
    w.key("architecture_status");
    if (r.architectureStatus.empty())
        w.null();
    else
        w.value(r.architectureStatus);
    if (!r.generator.empty())
        w.key("generator").value(r.generator);
    w.key("settings").beginObject();
    w.key("phase").value(std::string(analysis::phaseName(r.settings.phase)));
    for (const auto& c : r.settings.context())
        w.key(c.name).value(c.value);
    w.key("weights").value(r.weightsText());
    w.key("execution").value(std::string(analysis::executionName(r.settings.execution)));
    w.key("tf32").value(r.settings.tf32);
    w.endObject();
    w.key("hardware");
    if (r.hardware)
        w.value(r.hardware->id);
    else
        w.null();
    if (r.hardware) {
        const auto& h = *r.hardware;
        w.key("hardware_profile").beginObject();
        w.key("id").value(h.id).key("name").value(h.name);
        w.key("memory_bytes").value(Number::real(h.memoryBytes));
        w.key("memory_bandwidth").value(Number::real(h.bandwidth));
        for (const auto& [name, table] :
            { std::pair { "matrix_flops", &h.matrixFlops }, { "vector_flops", &h.vectorFlops } }) {
            w.key(name).beginObject();
            for (const auto& [dtype, peak] : *table)
                w.key(dtype).value(Number::real(peak));
            w.endObject();
        }
        const auto& perf = h.performance;
        w.key("performance").beginObject();
        w.key("basis").value(std::string(perf.fitted ? "fitted" : "default"));
        w.key("gemm_efficiency").value(Number::real(perf.gemmEfficiency));
        w.key("gemm_bandwidth_efficiency").value(Number::real(perf.gemmBandwidthEfficiency));
        w.key("gemm_floor_s").value(Number::real(perf.gemmFloor));
        w.key("memory_efficiency").value(Number::real(perf.memoryEfficiency));
        w.key("row_bandwidth").value(Number::real(perf.rowBandwidth));
        w.key("kernel_floor_s").value(Number::real(perf.kernelFloor));
        w.key("launch_s").value(Number::real(perf.launch));
        w.key("graph_launch_s").value(Number::real(perf.graphLaunch));
        w.key("fit").value(perf.fit);
        w.key("defaulted").beginArray();
        for (const auto& d : perf.defaulted)
            w.value(d);
        w.endArray();
        w.endObject();
        w.key("sources").beginArray();
        for (const auto& s : h.sources)
            w.beginObject()
                .key("figure")
                .value(s.figure)
                .key("value")
                .value(s.value)
                .key("source")
                .value(s.source)
                .key("url")
                .value(s.url)
                .endObject();
        w.endArray();
        w.endObject();
    }
    w.key("total").beginObject();
    figures(r.total, r.params, r.seconds, r.roofline);
    w.key("traffic_bytes");
    optional(r.traffic);
    w.key("weight_bytes").value(r.weightBytes);
    if (r.hardware) {
        w.key("kernels").value(Number::real(r.kernels));
        w.key("launch_s").value(Number::real(r.launchSeconds));
    }
    w.key("stored_weights");
    if (r.storedWeights.empty())
        w.null();
    else
        w.value(r.storedWeights);
    w.key("kv_cache_bytes");
    optional(r.kvCacheBytes);
    w.key("state_bytes");
    optional(r.stateBytes);
    w.key("image_tokens").value(Number::integer(r.imageTokens));
    w.key("footprint_bytes");
    optional(r.footprintBytes);
    if (r.fitsMemory)
        w.key("fits_memory").value(*r.fitsMemory);
    w.key("bound").value(boundName(r.bound));
    w.key("modules").value(Number::integer(r.modules));
    w.key("complete").value(r.complete);
    w.endObject();
    w.key("notes").beginArray();
    for (const auto& note : r.notes)
        w.value(note);
    w.endArray();
    w.key("conventions").beginArray();
    for (const auto& c : r.conventions)
        w.value(c);
    w.endArray();
    w.key("warnings").beginArray();
    for (const auto& warning : r.warnings)
        w.value(warning);
    w.endArray();
    w.key("formulas").beginObject();
    w.key("validated_only").value(r.validatedOnly);
    w.key("unreviewed_modules").value(Number::integer(r.unreviewedModules));
    w.key("unreviewed_entries").beginArray();
    for (const auto& e : r.unreviewedEntries)
        w.value(e);
    w.endArray();
    w.key("not_used").beginArray();
    for (const auto& e : r.excludedEntries)
        w.value(e);
    w.endArray();
    w.key("entries").beginArray();
    for (const auto& e : r.entries) {
        w.beginObject().key("key").value(e.key).key("status").value(e.status).key("reviewer");
        if (e.reviewer.empty())
            w.null();
        else
            w.value(e.reviewer);
        w.key("reviewed");
        if (e.reviewDate.empty())
            w.null();
        else
            w.value(e.reviewDate);
        w.key("layer").value(e.layer).key("instances").value(Number::integer(e.instances)).endObject();
    }
    w.endArray();
    w.endObject();
    w.key("nodes").beginArray();
    for (const Row& row : r.rows) {
        w.beginObject();
        w.key("name").value(row.name);
        w.key("class").value(row.classPath);
        if (row.repeat > 1)
            w.key("repeat").value(Number::integer(row.repeat));
        figures(row.figures, row.params, row.seconds, row.roofline);
        if (!row.unreviewed.empty()) {
            w.key("unreviewed").beginArray();
            for (const auto& u : row.unreviewed)
                w.value(u);
            w.endArray();
        }
        if (!row.warnings.empty()) {
            w.key("warnings").beginArray();
            for (const auto& warning : row.warnings)
                w.value(warning);
            w.endArray();
        }
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return w.str();
}

std::string htmlHead(const std::string& title, bool print)
{
    std::string out = "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta "
                      "charset=\"utf-8\"/>\n<title>"
        + htmlEscape(title)
        + "</title>\n<style>\n"
          "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;color:#1d1d1d;margin:"
        + std::string(print ? "0" : "2em auto;max-width:1200px;padding:0 1em")
        + ";font-size:" + (print ? "9pt" : "14px")
        + "}\n"
          "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ccc}\n"
          "table{border-collapse:collapse;margin:.5em 0}th,td{padding:2px 8px;border-bottom:1px solid #e4e4e4;"
          "vertical-align:top}\n"
          "th{background:#f2f2f2;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums"
        + std::string(print ? "" : ";white-space:nowrap")
        + "}\n"
          "table.modules{font-size:"
        + (print ? "7pt" : "inherit")
        + "}\n"
          "td.u{color:#999;text-align:right}.warn{color:#a04000}.pending{color:#9a6000}.ok{color:#276a27}\n"
          ".summary td:first-child{color:#555;padding-right:1.5em}.small{color:#666;font-size:.9em}\n"
          "figure{margin:1em 0}figcaption{color:#555;font-size:.9em}img.chart{max-width:100%;height:auto}\n"
          "th.sortable{cursor:pointer}th.sortable:after{content:' \\2195';color:#aaa}\n"
          "</style>\n";
    if (!print)
        out += "<script>//<![CDATA[\n"
               "function lmpSort(th){var table=th.closest('table'),body=table.tBodies[0],i=th.cellIndex,"
               "asc=th.dataset.dir!=='asc';th.dataset.dir=asc?'asc':'desc';"
               "var rows=Array.prototype.slice.call(body.rows);rows.sort(function(a,b){"
               "var x=a.cells[i].dataset.v,y=b.cells[i].dataset.v;"
               "if(x===undefined)x=a.cells[i].textContent;if(y===undefined)y=b.cells[i].textContent;"
               "var p=parseFloat(x),q=parseFloat(y);var c;if(x===''&&y==='')c=0;else if(x==='')c=1;"
               "else if(y==='')c=-1;else if(!isNaN(p)&&!isNaN(q)&&isFinite(x)&&isFinite(y))c=asc?p-q:q-p;"
               "else c=asc?x.localeCompare(y):y.localeCompare(x);return c;});"
               "rows.forEach(function(r){body.appendChild(r);});}\n"
               "document.addEventListener('DOMContentLoaded',function(){"
               "document.querySelectorAll('table.sortable th').forEach(function(th){th.classList.add('sortable');"
               "th.addEventListener('click',function(){lmpSort(th);});});});\n"
               "//]]></script>\n";
    out += "</head>\n<body>\n";
    return out;
}

// An embedded chart with its caption: inline SVG (or a PNG data URI) on screen; in print, <img src="chart:N">.
std::string chartElement(const Chart& c, std::size_t index, bool print)
{
    const std::string caption =
        "<b>" + htmlEscape(c.title) + "</b>" + (c.caption.empty() ? "" : " — " + htmlEscape(c.caption));
    if (print)
        return "<p align=\"center\"><img alt=\"" + htmlEscape(c.title) + "\" src=\"chart:" + std::to_string(index)
            + "\" width=\"860\"/></p>\n<p class=\"small\" align=\"center\">" + caption + "</p>\n";
    const std::string picture = !c.svg.empty() ? c.svg + "\n"
                                               : "<img class=\"chart\" alt=\"" + htmlEscape(c.title)
            + "\" src=\"data:image/png;base64," + base64(c.png) + "\"/>\n";
    return "<figure>\n" + picture + "<figcaption>" + caption + "</figcaption>\n</figure>\n";
}

namespace {

// A numeric cell: the short form shown, the exact value in the tooltip and as the sort key; unknown: a dash.
std::string numberCell(const std::optional<Number>& n, const std::string& unit = {})
{
    if (!n)
        return "<td class=\"u\" data-v=\"\" title=\"unknown\">-</td>";
    const std::string exact = n->toString();
    return "<td class=\"n\" data-v=\"" + exact + "\" title=\"" + exactText(*n) + (unit.empty() ? "" : " " + unit)
        + "\">" + htmlEscape(siText(n, unit)) + "</td>";
}

std::string realCell(const std::optional<double>& v, const std::string& shown)
{
    if (!v)
        return "<td class=\"u\" data-v=\"\">-</td>";
    return "<td class=\"n\" data-v=\"" + realText(*v) + "\">" + htmlEscape(shown) + "</td>";
}

std::string html(const Report& r, const std::vector<Chart>& charts, bool print)
{
    std::string out = htmlHead(r.model + " — LM-Predictor report", print);
    out += "<h1>" + htmlEscape(r.model) + "</h1>\n<p class=\"small\">" + htmlEscape(r.architecture)
        + (r.generator.empty() ? "" : " · report by " + htmlEscape(r.generator)) + "</p>\n";

    // Summary
    out += "<h2>Summary</h2>\n<table class=\"summary\">\n";
    auto line = [&](const std::string& name, const std::string& value) {
        out += "<tr><td>" + htmlEscape(name) + "</td><td>" + value + "</td></tr>\n";
    };
    auto exactWithSi = [](const std::optional<Number>& n, const std::string& unit) {
        return n ? htmlEscape(exactText(*n)) + " " + unit + " <span class=\"small\">(" + htmlEscape(siText(n, unit))
                + ")</span>"
                 : std::string("<span class=\"u\">- (unknown)</span>");
    };
    line("Step", htmlEscape(r.settingsLine()));
    line("FLOPs", exactWithSi(r.total[Kind::Flops], "FLOP"));
    line("Matmul FLOPs", exactWithSi(r.total[Kind::MatmulFlops], "FLOP"));
    line("Bytes read", exactWithSi(r.total[Kind::Reads], "B"));
    line("Bytes written", exactWithSi(r.total[Kind::Writes], "B"));
    line("Intermediates", exactWithSi(r.total[Kind::Intermediates], "B"));
    line("Memory traffic", exactWithSi(r.traffic, "B"));
    line("Parameters", exactWithSi(Number::integer(r.params), ""));
    line("Memory", htmlEscape(memoryLine(r)));
    if (r.hardware) {
        line("Expected time",
            htmlEscape(secondsText(r.seconds)) + " on " + htmlEscape(r.hardware->name) + " ("
                + std::string(analysis::executionName(r.settings.execution)) + " execution)");
        line("Roofline bound",
            htmlEscape(secondsText(r.roofline))
                + (r.bound == analysis::Bound::Unknown ? "" : " (" + boundName(r.bound) + "-bound overall)"));
    }
    line("Modules",
        htmlEscape(exactText(Number::integer(r.modules))) + " instances, "
            + htmlEscape(exactText(Number::integer(r.distinctModules))) + " distinct");
    line("Formulas",
        std::string(r.unreviewedEntries.empty() ? "<span class=\"ok\">" : "<span class=\"pending\">")
            + htmlEscape(r.formulasLine()) + "</span>");
    if (!r.architectureNote.empty())
        line("Architecture", "<span class=\"pending\">" + htmlEscape(r.architectureNote) + "</span>");
    if (r.imageTokens > 0)
        line("Images", htmlEscape(exactText(Number::integer(r.imageTokens))) + " tokens in each sequence");
    for (const auto& note : r.notes)
        line("Note", "<span class=\"pending\">" + htmlEscape(note) + "</span>");
    if (!r.complete || !r.warnings.empty())
        line("Warning",
            "<span class=\"warn\">" + std::to_string(r.warnings.size())
                + " module type(s) could not be evaluated completely; the totals leave that work out</span>");
    out += "</table>\n";

    // Charts
    if (!charts.empty()) {
        out += "<h2>Charts</h2>\n";
        for (std::size_t i = 0; i < charts.size(); ++i)
            out += chartElement(charts[i], i, print);
    }

    // Device
    if (r.hardware) {
        const auto& h = *r.hardware;
        out += "<h2>Device: " + htmlEscape(h.name) + "</h2>\n<table>\n";
        out += "<tr><th>figure</th><th>value</th></tr>\n";
        out += "<tr><td>memory</td><td class=\"n\">" + htmlEscape(siText(h.memoryBytes, "B")) + "</td></tr>\n";
        out +=
            "<tr><td>memory bandwidth</td><td class=\"n\">" + htmlEscape(siText(h.bandwidth, "B/s")) + "</td></tr>\n";
        for (const auto& [dtype, peak] : h.matrixFlops)
            out += "<tr><td>matrix " + htmlEscape(dtype) + "</td><td class=\"n\">" + htmlEscape(siText(peak, "FLOP/s"))
                + "</td></tr>\n";
        for (const auto& [dtype, peak] : h.vectorFlops)
            out += "<tr><td>vector " + htmlEscape(dtype) + "</td><td class=\"n\">" + htmlEscape(siText(peak, "FLOP/s"))
                + "</td></tr>\n";
        out += "</table>\n";
        if (!h.sources.empty()) {
            out += "<p class=\"small\">Sources:</p>\n<ul class=\"small\">\n";
            for (const auto& s : h.sources)
                out += "<li>" + htmlEscape(s.figure) + ": " + htmlEscape(s.value) + " — " + htmlEscape(s.source)
                    + (s.url.empty() ? "" : " (" + htmlEscape(s.url) + ")") + "</li>\n";
            out += "</ul>\n";
        }
        if (!h.notes.empty())
            out += "<p class=\"small\">" + htmlEscape(h.notes) + "</p>\n";
    }

    // Modules
    out += "<h2>Modules</h2>\n<p class=\"small\">One line per module instance in named_modules() order; identical "
           "numbered blocks are one line (×N), with the figures of one instance."
        + std::string(print ? "" : " Click a column to sort.") + "</p>\n";
    if (print) // a page is narrow: fixed column widths, no index or formulas column (a * marks unreviewed formulas)
        out += "<table width=\"100%\" class=\"modules\">\n<thead><tr><th width=\"18%\">module</th><th width=\"15%\">"
               "class</th><th width=\"3%\">×</th><th width=\"7%\">FLOPs</th><th width=\"7%\">matmul FLOPs</th>"
               "<th width=\"7%\">reads</th><th width=\"7%\">writes</th><th width=\"7%\">intermediates</th>"
               "<th width=\"6%\">params</th><th width=\"5%\">FLOP/B</th><th width=\"6%\">bound</th>"
            + std::string(r.hardware ? "<th width=\"6%\">time</th><th width=\"6%\">bound time</th>" : "")
            + "<th width=\"7%\">share</th></tr></thead>\n<tbody>\n";
    else
        out += "<table class=\"sortable modules\">\n<thead><tr><th>#</th><th>module</th><th>class</th><th>×</th>"
               "<th>FLOPs</th><th>matmul FLOPs</th><th>reads</th><th>writes</th><th>intermediates</th><th>params</th>"
               "<th>FLOP/B</th><th>bound</th>"
            + std::string(r.hardware ? "<th>time</th><th>roofline</th>" : "")
            + "<th>share</th><th>formulas</th></tr></thead>\n<tbody>\n";
    std::size_t index = 0;
    for (const Row& row : r.rows) {
        const auto& f = row.figures;
        if (print) {
            std::string indent;
            for (int d = 0; d < row.depth; ++d)
                indent += "&#160;&#160;";
            out += "<tr><td>" + indent + htmlEscape(row.label) + (row.restsOnUnreviewed ? " *" : "")
                + (row.warnings.empty() ? "" : " <span class=\"warn\">!</span>") + "</td>";
        } else {
            out +=
                "<tr><td class=\"n\" data-v=\"" + std::to_string(index) + "\">" + std::to_string(index + 1) + "</td>";
            out += "<td data-v=\"" + htmlEscape(row.name)
                + "\" style=\"padding-left:" + std::to_string(8 + row.depth * 12) + "px\" title=\""
                + htmlEscape(row.name.empty() ? std::string("(model)") : row.name) + "\">" + htmlEscape(row.label)
                + (row.warnings.empty() ? "" : " <span class=\"warn\">!</span>") + "</td>";
        }
        ++index;
        out += "<td title=\"" + htmlEscape(row.classPath) + "\">" + htmlEscape(shortClass(row.classPath)) + "</td>";
        out += "<td class=\"n\" data-v=\"" + formula::toString(row.repeat) + "\">" + formula::toString(row.repeat)
            + "</td>";
        out += numberCell(f[Kind::Flops], "FLOP") + numberCell(f[Kind::MatmulFlops], "FLOP")
            + numberCell(f[Kind::Reads], "B") + numberCell(f[Kind::Writes], "B")
            + numberCell(f[Kind::Intermediates], "B") + numberCell(Number::integer(row.params));
        out += realCell(row.intensity, intensityText(row.intensity));
        out += "<td>" + boundName(row.bound) + "</td>";
        if (r.hardware)
            out += realCell(row.seconds, secondsText(row.seconds)) + realCell(row.roofline, secondsText(row.roofline));
        out += realCell(row.flopShare, row.flopShare ? percentText(*row.flopShare) : "-");
        if (print) {
            out += "</tr>\n";
            continue;
        }
        std::string formulas;
        if (!row.hasEntry)
            formulas = row.complete ? "sum of its modules" : "<span class=\"warn\">no entry</span>";
        else if (row.unreviewed.empty())
            formulas = "<span class=\"ok\">validated</span>";
        else {
            formulas = "<span class=\"pending\">unreviewed: ";
            for (std::size_t i = 0; i < row.unreviewed.size(); ++i)
                formulas += (i ? ", " : "") + htmlEscape(shortClass(row.unreviewed[i]));
            formulas += "</span>";
        }
        for (const auto& w : row.warnings)
            formulas += "<br/><span class=\"warn\">" + htmlEscape(w) + "</span>";
        out += "<td>" + formulas + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
    if (print && std::any_of(r.rows.begin(), r.rows.end(), [](const Row& row) { return row.restsOnUnreviewed; }))
        out += "<p class=\"small\">* rests on formulas nobody has reviewed yet (see Formulas).</p>\n";

    // Classes
    if (!r.classes.empty()) {
        out += "<h2>Where the work goes, by class</h2>\n<table class=\"sortable\">\n<thead><tr><th>class</th>"
               "<th>instances</th><th>FLOPs</th><th>matmul FLOPs</th><th>traffic</th>"
            + std::string(r.hardware ? "<th>time</th>" : "") + "</tr></thead>\n<tbody>\n";
        for (const auto& c : r.classes) {
            out += "<tr><td title=\"" + htmlEscape(c.classPath) + "\">" + htmlEscape(shortClass(c.classPath)) + "</td>"
                + numberCell(Number::integer(c.instances)) + numberCell(c.self[Kind::Flops], "FLOP")
                + numberCell(c.self[Kind::MatmulFlops], "FLOP") + numberCell(analysis::trafficBytes(c.self), "B");
            if (r.hardware)
                out += realCell(c.seconds, secondsText(c.seconds));
            out += "</tr>\n";
        }
        out += "</tbody>\n</table>\n";
    }

    // Formulas
    out += "<h2>Formulas</h2>\n<p class=\"small\">The module database entries every figure rests on: each class's "
           "own entry and the entries its templates call. "
        + htmlEscape(r.formulasLine()) + ".</p>\n";
    out += "<table class=\"sortable\">\n<thead><tr><th>entry</th><th>status</th><th>reviewer</th><th>reviewed</th>"
           "<th>layer</th><th>instances</th></tr></thead>\n<tbody>\n";
    for (const auto& e : r.entries) {
        out += "<tr><td>" + htmlEscape(e.modulePath) + "</td><td class=\""
            + (e.status == "validated" ? "ok" : "pending") + "\">" + htmlEscape(e.status) + "</td><td>"
            + htmlEscape(e.reviewer.empty() ? "-" : e.reviewer) + "</td><td>"
            + htmlEscape(e.reviewDate.empty() ? "-" : e.reviewDate) + "</td><td>" + htmlEscape(e.layer) + "</td>"
            + numberCell(Number::integer(e.instances)) + "</tr>\n";
    }
    out += "</tbody>\n</table>\n";

    // Conventions
    out += "<h2>Conventions</h2>\n<ul>\n";
    for (const auto& c : r.conventions)
        out += "<li>" + htmlEscape(c) + "</li>\n";
    out += "</ul>\n";
    if (!r.warnings.empty()) {
        out += "<h2>Warnings</h2>\n<ul class=\"warn\">\n";
        for (const auto& w : r.warnings)
            out += "<li>" + htmlEscape(w) + "</li>\n";
        out += "</ul>\n";
    }
    out += "</body>\n</html>\n";
    return out;
}

} // namespace

std::string writeHtml(const Report& r, const std::vector<Chart>& charts)
{
    return html(r, charts, false);
}

std::string writePrintHtml(const Report& r, const std::vector<Chart>& charts)
{
    return html(r, charts, true);
}

} // namespace lmp::report
