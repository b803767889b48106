// SPDX-License-Identifier: GPL-3.0-or-later
// What every lmp command shares: the parsed options and the session that opens the database, the model and the
// hardware profile. Each command is one file (analyzecommand.cpp, reportcommand.cpp, dbcommand.cpp, ...).
#pragma once

#include "analysis/analysis.h"
#include "analysis/breakdown.h"
#include "analysis/sweep.h"
#include "analysis/workspace.h"
#include "cli.h"
#include "db/dbcheck.h"
#include "db/history.h"
#include "db/layereddatabase.h"
#include "db/lazydatabase.h"
#include "formula/context.h"
#include "formula/evaluator.h"
#include "formula/library.h"
#include "hardware/hardware.h"
#include "model/architecture.h"
#include "model/modelconfig.h"
#include "model/modelloader.h"
#include "model/safetensors.h"
#include "report/comparison.h"
#include "report/jsonwriter.h"
#include "report/report.h"
#include "report/writers.h"
#include "reportoutput.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iomanip>
#include <map>
#include <optional>
#include <sstream>

namespace lmp::cli {

using formula::grouped;
using formula::Int;
using formula::Kind;
using formula::Number;

struct Options
{
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::string>> params;
    std::optional<QString> db;
    bool noBuiltin = false;
    bool noMemo = false;
    bool validatedOnly = false;
    std::string kind = "flops";
    std::string format = "text";
    std::optional<std::string> reviewer;
    std::optional<std::string> notes;
    bool help = false;
    bool version = false;
    int depth = -1;
    bool expand = false;
    std::map<std::string, std::string> analysis; // --batch, --seq, --past, --phase, ... as given
    std::map<std::string, std::string> sideA; // compare: --a-batch, --a-hardware, ... (without the prefix)
    std::map<std::string, std::string> sideB;
    std::map<std::string, std::string> chart; // plot: --size, --scale, --group, --from, --to, --points
    bool formatGiven = false; // --format was given (reports: else the -o suffix decides)
    std::optional<std::string> output; // -o FILE
    // agent
    std::vector<std::string> sourceRoots; // --source-root DIR, repeatable
    std::map<std::string, std::string> agent; // --provider, --command, --base-url, --model, --python, --timeout
    bool dryRun = false;
    bool noRepair = false;
};

struct UsageError
{
    std::string message;
};

// The command line, parsed; throws UsageError.
Options parseOptions(const std::vector<std::string>& args);

// An unknown figure (no entry, a failed evaluation) reads "?", never 0.
std::string groupedOrUnknown(const std::optional<Number>& value);
// 678.71 G, 1.23 T: for reading at a glance next to the exact figure ("" below 1000).
std::string si(const Number& n);
// 45.6 %, and two significant digits below 0.1 %: 0.0062 %.
std::string percentText(double percent);

class Session
{
public:
    Session(const Options& options, std::ostream& out, std::ostream& err)
        : m_options(options)
        , m_out(out)
        , m_err(err)
    { }

    // Opens the layered database; false (message printed) when it cannot be read. A --db file that does not exist
    // yet is an empty user layer: a command that writes creates it, the others read the built-in database alone.
    bool openDatabase(bool writes = false);
    // Says that the --db file does not exist yet, and what happens instead.
    void noteMissingDatabase(bool writes);

    // Builds the formula library: entries with schema errors and rejected entries are left out (db check names the
    // former; a call to the latter says it is rejected), and with --validated-only every entry not validated.
    void buildLibrary() { m_library = analysis::libraryFrom(*m_db, m_options.validatedOnly); }

    // The MODEL argument and the library its analysis needs: the database's entries that model uses, read alone
    // (the whole database with --no-builtin, or where the lazy library cannot word an error as the whole one does).
    // false (message printed) when either cannot be had. The same results and messages as openDatabase(),
    // buildLibrary() and loadModelArgument().
    bool openModelAndLibrary();
    // -p values become the evaluation context; each value is a number or a constant formula.
    bool setContext(formula::Evaluator& evaluator);

    std::optional<Number> parseValue(const std::string& name, const std::string& text);

    void printFormulaErrors(const std::vector<formula::FormulaError>& errors);

    int eval();

    int compute();

    // The --hardware profile, when one is named; false (message printed) when it cannot be had.
    bool loadHardware();

    // The MODEL argument as a module tree; false (message printed) when it cannot be read.
    bool loadModelArgument();

    int models();

    int inspect();

    void inspectJson(const model::LoadedModel& loadedModel, const std::optional<model::Checkpoint>& checkpoint,
        const std::optional<model::CheckpointComparison>& comparison);

    void inspectText(const model::LoadedModel& loadedModel);

    std::optional<analysis::Settings> analysisSettings();

    // Writes text to -o FILE (atomically) or to stdout; false (message printed) when the file cannot be written.
    bool writeOutput(const std::string& data);

    // The report of the MODEL argument under the command line's settings; nullopt (message printed) on bad input.
    std::optional<report::Report> analyzeToReport();

    // Names the modules whose figures the totals leave out.
    void warnIncomplete(const report::Report& r);

    int analyze();

    // Writes a report or comparison in the format -o's suffix (or --format) names: html, md, csv, json, pdf, text.
    // Charts come along in HTML and PDF where the build has the window's widgets.
    template <typename Subject>
    int writeReportFile(const Subject& subject, const std::function<std::vector<report::Chart>()>& drawCharts);

    int reportCommand();

    // One side of a comparison: its model and the analysis options with that side's --a-/--b- options over the
    // common ones.
    std::optional<std::pair<report::Report, ChartSource>> compareSide(
        const std::string& modelArgument, const std::map<std::string, std::string>& own, const char* side);

    int compareCommand();

    int sweep();
    int generate();

    int hardwareCommand();

    int db();

    int dbCheck();

    // A JSON value on one line, cut to about `limit` characters (at a character boundary) with "...".
    static std::string shortValue(const db::Json& value, std::size_t limit);

    static std::string layerName(db::Layer layer) { return layer == db::Layer::Builtin ? "built-in" : "user"; }

    int dbHistory(const std::string& key);

    // "3", "builtin:3", "user:3", "0" (before the first revision) or "current". A bare number is the winning
    // layer's revision when its entry records it, else the other layer's.
    std::optional<db::RevisionRef> parseRevision(const std::string& key, const std::string& text);

    int dbDiff(const std::string& key);

    // The word diff as git --word-diff=plain shows it: the lines that change, with 3 lines of context, each group
    // headed by "@@ -OLD_LINE +NEW_LINE @@".
    void printWordDiff(const std::vector<db::DiffHunk>& hunks);

    int dbList();

    int dbShow(const std::string& key);

    int dbReview(const std::string& key, db::Status status);

private:
    const Options& m_options;
    std::ostream& m_out;
    std::ostream& m_err;
    std::optional<db::LayeredDatabase> m_db;
    formula::Library m_library;
    std::optional<hardware::Catalogue> m_catalogue;
    const hardware::Profile* m_profile = nullptr;
    std::optional<model::LoadedModel> m_model;
    std::shared_ptr<const formula::Library> m_sharedLibrary; // compare: one library for both sides
};

} // namespace lmp::cli
