// SPDX-License-Identifier: GPL-3.0-or-later
#include "session.h"

namespace lmp::cli {

Options parseOptions(const std::vector<std::string>& args)
{
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto valueOf = [&](std::string_view name) -> std::string {
            // --name=value or --name value
            const std::string prefix = std::string(name) + "=";
            if (a.rfind(prefix, 0) == 0)
                return a.substr(prefix.size());
            if (i + 1 >= args.size())
                throw UsageError { "option " + std::string(name) + " needs a value" };
            return args[++i];
        };
        auto is = [&](std::string_view name) { return a == name || a.rfind(std::string(name) + "=", 0) == 0; };
        if (a == "-h" || a == "--help") {
            o.help = true;
        } else if (a == "--version") {
            o.version = true;
        } else if (a == "-p" || is("--param")) {
            o.params.emplace_back(valueOf(a == "-p" ? "-p" : "--param"), std::string());
        } else if (a.size() > 2 && a.rfind("-p", 0) == 0 && a[2] != '-') {
            o.params.emplace_back(a.substr(2), std::string());
        } else if (is("--db")) {
            o.db = QString::fromStdString(valueOf("--db"));
        } else if (a == "--no-builtin") {
            o.noBuiltin = true;
        } else if (a == "--no-memo") {
            o.noMemo = true;
        } else if (a == "--validated-only") {
            o.validatedOnly = true;
        } else if (a == "--expand") {
            o.expand = true;
        } else if (is("--depth")) {
            const std::string v = valueOf("--depth");
            char* end = nullptr;
            const long depth = std::strtol(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || depth < 0 || depth > 1000)
                throw UsageError { "--depth takes a number from 0 to 1000, not '" + v + "'" };
            o.depth = static_cast<int>(depth);
        } else if (is("--kind")) {
            o.kind = valueOf("--kind");
        } else if (is("--format")) {
            o.format = valueOf("--format");
            o.formatGiven = true;
        } else if ((a.rfind("--a-", 0) == 0 || a.rfind("--b-", 0) == 0) && a.size() > 4) {
            // compare: an analysis option for one side
            const std::string name =
                a.substr(4, a.find('=') == std::string::npos ? std::string::npos : a.find('=') - 4);
            static const char* const sideOptions[] = { "batch", "seq", "past", "phase", "weight-dtype", "act-dtype",
                "kv-dtype", "hardware", "attention", "causal", "logits", "images", "image-size", "execution", "tf32" };
            if (std::find_if(std::begin(sideOptions), std::end(sideOptions), [&](const char* n) { return name == n; })
                == std::end(sideOptions))
                throw UsageError { "unknown option '" + a + "'" };
            (a[2] == 'a' ? o.sideA : o.sideB)[name] = valueOf(a.substr(0, 4) + name);
        } else if (is("--batch") || is("--seq") || is("--past") || is("--phase") || is("--weight-dtype")
            || is("--act-dtype") || is("--kv-dtype") || is("--hardware") || is("--attention") || is("--causal")
            || is("--logits") || is("--images") || is("--image-size") || is("--execution") || is("--tf32")) {
            const std::string name =
                a.substr(2, a.find('=') == std::string::npos ? std::string::npos : a.find('=') - 2);
            o.analysis[name] = valueOf("--" + name);
        } else if (is("--size") || is("--scale") || is("--group") || is("--from") || is("--to") || is("--points")) {
            const std::string name =
                a.substr(2, a.find('=') == std::string::npos ? std::string::npos : a.find('=') - 2);
            o.chart[name] = valueOf("--" + name);
        } else if (is("--over") || is("--values") || is("--metric") || is("--prompt") || is("--tokens")) {
            const std::string name =
                a.substr(2, a.find('=') == std::string::npos ? std::string::npos : a.find('=') - 2);
            o.analysis[name] = valueOf("--" + name);
        } else if (is("--source-root")) {
            o.sourceRoots.push_back(valueOf("--source-root"));
        } else if (is("--provider") || is("--command") || is("--base-url") || is("--model") || is("--python")
            || is("--timeout") || is("--concurrency")) {
            const std::string name =
                a.substr(2, a.find('=') == std::string::npos ? std::string::npos : a.find('=') - 2);
            o.agent[name] = valueOf("--" + name);
        } else if (a == "--dry-run") {
            o.dryRun = true;
        } else if (a == "--no-repair") {
            o.noRepair = true;
        } else if (a == "-o" || is("--output")) {
            o.output = valueOf(a == "-o" ? "-o" : "--output");
        } else if (is("--reviewer")) {
            o.reviewer = valueOf("--reviewer");
        } else if (is("--notes")) {
            o.notes = valueOf("--notes");
        } else if (a == "--") {
            for (++i; i < args.size(); ++i)
                o.positional.push_back(args[i]);
        } else if (a.size() > 1 && a[0] == '-'
            && !(a.size() > 1 && (std::isdigit(static_cast<unsigned char>(a[1])) || a[1] == '.'))) {
            throw UsageError { "unknown option '" + a + "'" };
        } else {
            o.positional.push_back(a);
        }
    }
    // NAME=VALUE split, checked.
    for (auto& [spec, value] : o.params) {
        const auto eq = spec.find('=');
        if (eq == std::string::npos || eq == 0)
            throw UsageError { "-p expects NAME=VALUE, got '" + spec + "'" };
        value = spec.substr(eq + 1);
        spec = spec.substr(0, eq);
        const bool validName = std::all_of(spec.begin(), spec.end(), [](unsigned char c) {
            return std::isalnum(c) || c == '_';
        }) && !std::isdigit(static_cast<unsigned char>(spec[0]));
        if (!validName)
            throw UsageError { "invalid parameter name '" + spec + "' in -p" };
        if (value.empty())
            throw UsageError { "-p " + spec + "= has no value" };
    }
    if (o.format == "table")
        o.format = "text";
    if (o.format == "md")
        o.format = "markdown";
    if (o.format != "text" && o.format != "json" && o.format != "csv" && o.format != "markdown" && o.format != "html"
        && o.format != "pdf")
        throw UsageError { "--format must be text (table), json, csv, markdown, html or pdf, not '" + o.format + "'" };
    if (!formula::kindFromName(o.kind))
        throw UsageError { "--kind must be flops, matmul_flops, reads, writes, intermediates or params, not '" + o.kind
            + "'" };
    return o;
}

} // namespace lmp::cli
