// SPDX-License-Identifier: GPL-3.0-or-later
#include "comparison.h"

#include "jsonwriter.h"

#include <algorithm>
#include <map>

namespace lmp::report {

std::string_view metricName(Metric metric)
{
    switch (metric) {
    case Metric::Flops:
        return "flops";
    case Metric::MatmulFlops:
        return "matmul_flops";
    case Metric::Reads:
        return "reads";
    case Metric::Writes:
        return "writes";
    case Metric::Intermediates:
        return "intermediates";
    case Metric::Traffic:
        return "traffic";
    case Metric::Params:
        return "params";
    case Metric::Seconds:
        return "time_s";
    }
    return "flops";
}

std::string_view metricUnit(Metric metric)
{
    switch (metric) {
    case Metric::Flops:
    case Metric::MatmulFlops:
        return "FLOP";
    case Metric::Params:
        return "";
    case Metric::Seconds:
        return "s";
    default:
        return "B";
    }
}

Delta delta(const std::optional<Number>& a, const std::optional<Number>& b)
{
    Delta d;
    d.a = a;
    d.b = b;
    d.difference = analysis::subtractFigures(b, a);
    if (a && b && a->toDouble() != 0)
        d.ratio = b->toDouble() / a->toDouble();
    return d;
}

namespace {

std::optional<Number> figureMetric(const analysis::Figures& f, const std::optional<Number>& traffic, Int params,
    double seconds, bool hasDevice, Metric metric)
{
    switch (metric) {
    case Metric::Flops:
        return f[Kind::Flops];
    case Metric::MatmulFlops:
        return f[Kind::MatmulFlops];
    case Metric::Reads:
        return f[Kind::Reads];
    case Metric::Writes:
        return f[Kind::Writes];
    case Metric::Intermediates:
        return f[Kind::Intermediates];
    case Metric::Traffic:
        return traffic;
    case Metric::Params:
        return Number::integer(params);
    case Metric::Seconds:
        return hasDevice ? std::optional<Number>(Number::real(seconds)) : std::nullopt;
    }
    return std::nullopt;
}

std::string ratioText(const std::optional<double>& r)
{
    if (!r)
        return "-";
    return decimalText(*r, 4, false) + "x";
}

std::string metricText(const std::optional<Number>& n, Metric metric)
{
    if (!n)
        return "-";
    if (metric == Metric::Seconds)
        return secondsText(n->toDouble());
    return siText(n, std::string(metricUnit(metric)));
}

std::string differenceText(const std::optional<Number>& n, Metric metric)
{
    if (!n)
        return "-";
    const bool negative = n->toDouble() < 0;
    const Number magnitude =
        negative ? (n->isInteger() ? Number::integer(-n->toInteger()) : Number::real(-n->toDouble())) : *n;
    return (negative ? "-" : n->toDouble() > 0 ? "+" : "") + metricText(magnitude, metric);
}

struct Line
{
    std::string name;
    std::optional<Number> a;
    std::optional<Number> b;
    Metric unit;
};

// The totals side by side: the six figures, memory and time.
std::vector<std::pair<std::string, Delta>> totalLines(const Comparison& c, std::vector<Metric>* units)
{
    std::vector<std::pair<std::string, Delta>> lines;
    auto add = [&](const std::string& name, Delta d, Metric unit) {
        lines.emplace_back(name, std::move(d));
        units->push_back(unit);
    };
    add("FLOPs", c.total(Metric::Flops), Metric::Flops);
    add("matmul FLOPs", c.total(Metric::MatmulFlops), Metric::MatmulFlops);
    add("bytes read", c.total(Metric::Reads), Metric::Reads);
    add("bytes written", c.total(Metric::Writes), Metric::Writes);
    add("intermediates", c.total(Metric::Intermediates), Metric::Intermediates);
    add("memory traffic", c.total(Metric::Traffic), Metric::Traffic);
    add("parameters", c.total(Metric::Params), Metric::Params);
    add("weight bytes", delta(c.a.weightBytes, c.b.weightBytes), Metric::Reads);
    add("KV cache bytes", delta(c.a.kvCacheBytes, c.b.kvCacheBytes), Metric::Reads);
    if (c.a.stateBytes || c.b.stateBytes)
        add("recurrent state bytes", delta(c.a.stateBytes, c.b.stateBytes), Metric::Reads);
    add("memory footprint", delta(c.a.footprintBytes, c.b.footprintBytes), Metric::Reads);
    add("expected time", c.total(Metric::Seconds), Metric::Seconds);
    return lines;
}

const Metric kRowMetrics[] = { Metric::Flops, Metric::Traffic, Metric::Seconds };

// The conventions of both sides, each once (they differ where the settings do).
std::vector<std::string> conventionsOf(const Comparison& c)
{
    std::vector<std::string> all = c.a.conventions;
    for (const auto& conv : c.b.conventions)
        if (std::find(all.begin(), all.end(), conv) == all.end())
            all.push_back("B: " + conv);
    return all;
}

// Per module instance, FLOPs, traffic and time on both sides with B / A: the text and Markdown forms. A module
// only one side has says so (indentation in Markdown is dots: spaces do not survive its table cells).
std::string moduleTable(const Comparison& c, bool markdown)
{
    std::vector<std::string> header { "module", "class" };
    for (Metric m : kRowMetrics) {
        const std::string n = m == Metric::Seconds ? "time" : std::string(metricName(m));
        header.push_back(n + " A");
        header.push_back(n + " B");
        header.push_back("B/A");
    }
    std::vector<std::vector<std::string>> table;
    for (const auto& r : c.rows) {
        const std::string cls = r.a ? shortClass(c.a.rows[*r.a].classPath) : shortClass(c.b.rows[*r.b].classPath);
        std::vector<std::string> cells { std::string(static_cast<std::size_t>(r.depth) * 2, markdown ? '.' : ' ')
                + r.label
                + (!r.a        ? "  (B only)"
                        : !r.b ? "  (A only)"
                               : ""),
            cls };
        for (Metric m : kRowMetrics) {
            const Delta d = c.row(r, m);
            cells.push_back(metricText(d.a, m));
            cells.push_back(metricText(d.b, m));
            cells.push_back(ratioText(d.ratio));
        }
        table.push_back(std::move(cells));
    }
    return textTable(header, table, markdown, 2);
}

} // namespace

std::optional<Number> rowMetric(const Report& report, const Row& row, Metric metric)
{
    return figureMetric(row.figures, row.traffic, row.params, row.seconds, report.hardware.has_value(), metric);
}

std::optional<Number> totalMetric(const Report& report, Metric metric)
{
    return figureMetric(
        report.total, report.traffic, report.params, report.seconds, report.hardware.has_value(), metric);
}

Delta Comparison::total(Metric metric) const
{
    return delta(totalMetric(a, metric), totalMetric(b, metric));
}

Delta Comparison::row(const ComparedRow& r, Metric metric) const
{
    return delta(r.a ? rowMetric(a, a.rows[*r.a], metric) : std::nullopt,
        r.b ? rowMetric(b, b.rows[*r.b], metric) : std::nullopt);
}

std::pair<std::string, std::string> sideLabels(const Report& a, const Report& b)
{
    std::vector<std::string> la, lb;
    auto differ = [&](const std::string& x, const std::string& y) {
        if (x != y) {
            la.push_back(x);
            lb.push_back(y);
        }
    };
    differ(a.model, b.model);
    const auto& s = a.settings;
    const auto& t = b.settings;
    differ(std::string(analysis::phaseName(s.phase)), std::string(analysis::phaseName(t.phase)));
    differ("batch " + formula::toString(s.batch), "batch " + formula::toString(t.batch));
    differ(formula::toString(s.seq) + " new", formula::toString(t.seq) + " new");
    differ(formula::toString(s.past) + " cached", formula::toString(t.past) + " cached");
    differ("weights " + a.weightsText(), "weights " + b.weightsText());
    differ(std::string(analysis::dtypeName(s.actDtype)) + " activations",
        std::string(analysis::dtypeName(t.actDtype)) + " activations");
    differ(std::string(analysis::dtypeName(s.kvDtype)) + " KV cache",
        std::string(analysis::dtypeName(t.kvDtype)) + " KV cache");
    differ(s.eagerAttention ? "eager attention" : "fused attention",
        t.eagerAttention ? "eager attention" : "fused attention");
    differ(s.causalHalf ? "causal half" : "causal full", t.causalHalf ? "causal half" : "causal full");
    differ(s.logitsLastOnly ? "last logits" : "all logits", t.logitsLastOnly ? "last logits" : "all logits");
    differ(formula::toString(s.images) + " images", formula::toString(t.images) + " images");
    differ(a.hardware ? a.hardware->name : std::string("no device"),
        b.hardware ? b.hardware->name : std::string("no device"));
    auto join = [](const std::vector<std::string>& parts, const std::string& fallback) {
        if (parts.empty())
            return fallback;
        std::string out;
        for (std::size_t i = 0; i < parts.size(); ++i)
            out += (i ? ", " : "") + parts[i];
        return out;
    };
    return { join(la, a.model), join(lb, b.model + " (the same)") };
}

Comparison compare(Report a, Report b, std::string labelA, std::string labelB)
{
    Comparison c;
    const auto labels = sideLabels(a, b);
    c.labelA = labelA.empty() ? labels.first : std::move(labelA);
    c.labelB = labelB.empty() ? labels.second : std::move(labelB);
    c.a = std::move(a);
    c.b = std::move(b);
    std::map<std::string, std::size_t> inB;
    for (std::size_t i = 0; i < c.b.rows.size(); ++i)
        inB.emplace(c.b.rows[i].name, i);
    std::vector<bool> matched(c.b.rows.size(), false);
    // A's order, with B's extra modules after the last matched module before them.
    std::size_t nextB = 0;
    auto flushB = [&](std::size_t upTo) {
        for (; nextB < upTo; ++nextB) {
            if (matched[nextB])
                continue;
            matched[nextB] = true;
            const Row& r = c.b.rows[nextB];
            c.rows.push_back({ r.name, r.label, r.depth, std::nullopt, nextB });
        }
    };
    for (std::size_t i = 0; i < c.a.rows.size(); ++i) {
        const Row& r = c.a.rows[i];
        ComparedRow row { r.name, r.label, r.depth, i, std::nullopt };
        if (const auto it = inB.find(r.name); it != inB.end() && !matched[it->second]) {
            flushB(it->second);
            matched[it->second] = true;
            nextB = std::max(nextB, it->second + 1);
            row.b = it->second;
            const Row& rb = c.b.rows[it->second];
            if (rb.label != r.label)
                row.label = r.label + " | " + rb.label;
        }
        c.rows.push_back(std::move(row));
    }
    flushB(c.b.rows.size());
    return c;
}

std::string writeText(const Comparison& c)
{
    std::string out =
        "A: " + c.labelA + "\n   " + c.a.settingsLine() + "\nB: " + c.labelB + "\n   " + c.b.settingsLine() + "\n\n";
    std::vector<Metric> units;
    const auto lines = totalLines(c, &units);
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& [name, d] = lines[i];
        rows.push_back({ name, metricText(d.a, units[i]), metricText(d.b, units[i]),
            differenceText(d.difference, units[i]), ratioText(d.ratio) });
    }
    out += textTable({ "total", "A", "B", "B - A", "B / A" }, rows, false, 1);
    out += "\nformulas A: " + c.a.formulasLine() + "\nformulas B: " + c.b.formulasLine() + "\n\n";
    out += "Per module instance:\n" + moduleTable(c, false);
    return out;
}

std::string writeMarkdown(const Comparison& c)
{
    std::string out = "# Comparison\n\n- **A**: " + c.labelA + " — " + c.a.settingsLine() + "\n- **B**: " + c.labelB
        + " — " + c.b.settingsLine() + "\n\n## Totals\n\n";
    std::vector<Metric> units;
    const auto lines = totalLines(c, &units);
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& [name, d] = lines[i];
        rows.push_back({ name, d.a ? exactText(*d.a) : "-", d.b ? exactText(*d.b) : "-",
            d.difference ? exactText(*d.difference) : "-", ratioText(d.ratio) });
    }
    out += textTable({ "total", "A", "B", "B - A", "B / A" }, rows, true, 1);
    out += "\n## Modules (one instance each)\n\n";
    out += moduleTable(c, true);
    out += "\n## Formulas\n\n- A: " + c.a.formulasLine() + "\n- B: " + c.b.formulasLine() + "\n\n## Conventions\n\n";
    for (const auto& conv : conventionsOf(c))
        out += "- " + conv + "\n";
    return out;
}

std::string writeCsv(const Comparison& c)
{
    std::string out = "module,class_a,class_b,repeat_a,repeat_b";
    for (Metric m : kAllMetrics) {
        const std::string n(metricName(m));
        out += "," + n + "_a," + n + "_b," + n + "_difference," + n + "_ratio";
    }
    out += "\n";
    auto cell = [](const std::optional<Number>& n) { return n ? n->toString() : std::string(); };
    for (const auto& r : c.rows) {
        const Row* a = r.a ? &c.a.rows[*r.a] : nullptr;
        const Row* b = r.b ? &c.b.rows[*r.b] : nullptr;
        out += csvField(r.name) + "," + csvField(a ? a->classPath : "") + "," + csvField(b ? b->classPath : "") + ","
            + (a ? formula::toString(a->repeat) : "") + "," + (b ? formula::toString(b->repeat) : "");
        for (Metric m : kAllMetrics) {
            const Delta d = c.row(r, m);
            out += "," + cell(d.a) + "," + cell(d.b) + "," + cell(d.difference) + ","
                + (d.ratio ? Number::real(*d.ratio).toString() : std::string());
        }
        out += "\n";
    }
    return out;
}

namespace {

void jsonDelta(JsonWriter& w, const Delta& d)
{
    auto optional = [&](const std::optional<Number>& n) {
        if (n)
            w.value(*n);
        else
            w.null();
    };
    w.beginObject();
    w.key("a");
    optional(d.a);
    w.key("b");
    optional(d.b);
    w.key("difference");
    optional(d.difference);
    w.key("ratio");
    if (d.ratio)
        w.value(Number::real(*d.ratio));
    else
        w.null();
    w.endObject();
}

void jsonSide(JsonWriter& w, const std::string& label, const Report& r)
{
    w.beginObject();
    w.key("label").value(label);
    w.key("model").value(r.model);
    w.key("architecture").value(r.architecture);
    w.key("settings").beginObject();
    w.key("phase").value(std::string(analysis::phaseName(r.settings.phase)));
    for (const auto& v : r.settings.context())
        w.key(v.name).value(v.value);
    w.key("weights").value(r.weightsText());
    w.endObject();
    w.key("hardware");
    if (r.hardware)
        w.value(r.hardware->id);
    else
        w.null();
    w.key("formulas").value(r.formulasLine());
    w.key("complete").value(r.complete);
    w.endObject();
}

} // namespace

std::string writeJson(const Comparison& c)
{
    JsonWriter w;
    w.beginObject();
    w.key("a");
    jsonSide(w, c.labelA, c.a);
    w.key("b");
    jsonSide(w, c.labelB, c.b);
    w.key("total").beginObject();
    for (Metric m : kAllMetrics) {
        w.key(metricName(m));
        jsonDelta(w, c.total(m));
    }
    w.key("weight_bytes");
    jsonDelta(w, delta(c.a.weightBytes, c.b.weightBytes));
    w.key("kv_cache_bytes");
    jsonDelta(w, delta(c.a.kvCacheBytes, c.b.kvCacheBytes));
    w.key("state_bytes");
    jsonDelta(w, delta(c.a.stateBytes, c.b.stateBytes));
    w.key("footprint_bytes");
    jsonDelta(w, delta(c.a.footprintBytes, c.b.footprintBytes));
    w.endObject();
    w.key("nodes").beginArray();
    for (const auto& r : c.rows) {
        w.beginObject();
        w.key("name").value(r.name);
        w.key("class_a");
        if (r.a)
            w.value(c.a.rows[*r.a].classPath);
        else
            w.null();
        w.key("class_b");
        if (r.b)
            w.value(c.b.rows[*r.b].classPath);
        else
            w.null();
        if (r.a && c.a.rows[*r.a].repeat > 1)
            w.key("repeat_a").value(Number::integer(c.a.rows[*r.a].repeat));
        if (r.b && c.b.rows[*r.b].repeat > 1)
            w.key("repeat_b").value(Number::integer(c.b.rows[*r.b].repeat));
        for (Metric m : kAllMetrics) {
            w.key(metricName(m));
            jsonDelta(w, c.row(r, m));
        }
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return w.str();
}

namespace {

std::string numberCell(const std::optional<Number>& n, Metric m)
{
    if (!n)
        return "<td class=\"u\" data-v=\"\">-</td>";
    return "<td class=\"n\" data-v=\"" + n->toString() + "\" title=\"" + exactText(*n) + "\">"
        + htmlEscape(metricText(n, m)) + "</td>";
}

std::string ratioCell(const std::optional<double>& r)
{
    if (!r)
        return "<td class=\"u\" data-v=\"\">-</td>";
    const char* cls = *r > 1.0005 ? "more" : *r < 0.9995 ? "less" : "same";
    return "<td class=\"n " + std::string(cls) + "\" data-v=\"" + Number::real(*r).toString() + "\">"
        + htmlEscape(ratioText(r)) + "</td>";
}

std::string compareHtml(const Comparison& c, const std::vector<Chart>& charts, bool print)
{
    std::string out = htmlHead("Comparison: " + c.labelA + " / " + c.labelB, print);
    out.insert(out.find("</style>"), "td.more{color:#a03000}td.less{color:#276a27}\n");
    out += "<h1>Comparison</h1>\n<table class=\"summary\">\n<tr><td><b>A</b></td><td>" + htmlEscape(c.labelA)
        + "<br/><span class=\"small\">" + htmlEscape(c.a.settingsLine())
        + "</span></td></tr>\n<tr><td><b>B</b></td><td>" + htmlEscape(c.labelB) + "<br/><span class=\"small\">"
        + htmlEscape(c.b.settingsLine()) + "</span></td></tr>\n</table>\n";
    out += "<h2>Totals</h2>\n<table>\n<thead><tr><th>figure</th><th>A</th><th>B</th><th>B − A</th><th>B / A</th></tr>"
           "</thead>\n<tbody>\n";
    std::vector<Metric> units;
    const auto lines = totalLines(c, &units);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& [name, d] = lines[i];
        out += "<tr><td>" + htmlEscape(name) + "</td>" + numberCell(d.a, units[i]) + numberCell(d.b, units[i])
            + "<td class=\"n\">" + htmlEscape(differenceText(d.difference, units[i])) + "</td>" + ratioCell(d.ratio)
            + "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
    for (std::size_t i = 0; i < charts.size(); ++i)
        out += chartElement(charts[i], i, print);
    out += "<h2>Modules</h2>\n<p class=\"small\">Figures of one instance; B / A above 1 in red, below 1 in green. A "
           "module only one side has shows a dash on the other.</p>\n";
    // In print, fixed column widths and no index column: a page is narrow.
    out += print
        ? "<table width=\"100%\" class=\"modules\">\n<thead><tr><th width=\"19%\">module</th><th width=\"15%\">"
          "class</th>"
        : "<table class=\"sortable\">\n<thead><tr><th>#</th><th>module</th><th>class</th>";
    for (Metric m : kRowMetrics) {
        const std::string n = m == Metric::Seconds ? "time" : m == Metric::Flops ? "FLOPs" : "traffic";
        const std::string w = print ? " width=\"7%\"" : "";
        out += "<th" + w + ">" + n + " A</th><th" + w + ">" + n + " B</th><th" + w + ">B / A</th>";
    }
    out += "</tr></thead>\n<tbody>\n";
    std::size_t index = 0;
    for (const auto& r : c.rows) {
        const std::string cls = r.a ? c.a.rows[*r.a].classPath : c.b.rows[*r.b].classPath;
        std::string indent;
        if (print) {
            out += "<tr>";
            for (int d = 0; d < r.depth; ++d)
                indent += "&#160;&#160;";
        } else {
            out +=
                "<tr><td class=\"n\" data-v=\"" + std::to_string(index) + "\">" + std::to_string(index + 1) + "</td>";
        }
        ++index;
        out += "<td style=\"padding-left:" + std::to_string(8 + r.depth * 12) + "px\" title=\"" + htmlEscape(r.name)
            + "\">" + indent + htmlEscape(r.label)
            + (!r.a        ? " <i>(B only)</i>"
                    : !r.b ? " <i>(A only)</i>"
                           : "")
            + "</td><td title=\"" + htmlEscape(cls) + "\">" + htmlEscape(shortClass(cls)) + "</td>";
        for (Metric m : kRowMetrics) {
            const Delta d = c.row(r, m);
            out += numberCell(d.a, m) + numberCell(d.b, m) + ratioCell(d.ratio);
        }
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
    out += "<h2>Formulas</h2>\n<p>A: " + htmlEscape(c.a.formulasLine())
        + "</p>\n<p>B: " + htmlEscape(c.b.formulasLine()) + "</p>\n<h2>Conventions</h2>\n<ul>\n";
    for (const auto& conv : conventionsOf(c))
        out += "<li>" + htmlEscape(conv) + "</li>\n";
    out += "</ul>\n</body>\n</html>\n";
    return out;
}

} // namespace

std::string writeHtml(const Comparison& c, const std::vector<Chart>& charts)
{
    return compareHtml(c, charts, false);
}

std::string writePrintHtml(const Comparison& c, const std::vector<Chart>& charts)
{
    return compareHtml(c, charts, true);
}

} // namespace lmp::report
