// SPDX-License-Identifier: GPL-3.0-or-later
#include "session.h"

namespace lmp::cli {

// Digits in groups of three: 678,711,263,232.

// An unknown figure (no entry, a failed evaluation) reads "?", never 0.
std::string groupedOrUnknown(const std::optional<Number>& value)
{
    return value ? grouped(*value) : std::string("?");
}

// 678.71 G, 1.23 T: for reading at a glance next to the exact figure ("" below 1000). The report's formatting.
std::string si(const Number& n)
{
    return std::fabs(n.toDouble()) < 1000.0 ? std::string() : report::siText(n.toDouble());
}

// 45.6 %, and two significant digits below 0.1 %: 0.0062 %.
std::string percentText(double percent)
{
    return report::percentText(percent / 100.0);
}

bool Session::openDatabase(bool writes)
{
    QString userPath = m_options.db.value_or(db::LayeredDatabase::defaultUserPath());
    if (m_options.noBuiltin && !m_options.db) {
        m_err << "lmp: --no-builtin needs --db FILE\n";
        return false;
    }
    std::variant<db::LayeredDatabase, db::DbError> opened = m_options.noBuiltin
        ? db::LayeredDatabase::open(db::ModuleDatabase(), userPath)
        : db::LayeredDatabase::withBuiltin(userPath);
    if (const auto* e = std::get_if<db::DbError>(&opened)) {
        m_err << "lmp: " << e->describe() << "\n";
        return false;
    }
    noteMissingDatabase(writes);
    m_db.emplace(std::move(std::get<db::LayeredDatabase>(opened)));
    return true;
}

void Session::noteMissingDatabase(bool writes)
{
    if (m_options.db && !QFileInfo::exists(*m_options.db) && !QFileInfo(*m_options.db).isSymLink()) {
        m_err << "lmp: " << m_options.db->toStdString() << " does not exist yet; "
              << (writes                       ? "it will be created"
                         : m_options.noBuiltin ? "the database is empty"
                                               : "using the built-in database alone")
              << "\n";
    }
}

bool Session::openModelAndLibrary()
{
    if (m_options.noBuiltin) {
        if (!openDatabase())
            return false;
        buildLibrary();
        return loadModelArgument();
    }
    const QString userPath = m_options.db.value_or(db::LayeredDatabase::defaultUserPath());
    auto opened = db::LazyDatabase::withBuiltin(userPath);
    if (const auto* e = std::get_if<db::DbError>(&opened)) {
        m_err << "lmp: " << e->describe() << "\n";
        return false;
    }
    noteMissingDatabase(false);
    if (!loadModelArgument())
        return false;
    const auto& lazy = std::get<db::LazyDatabase>(opened);
    if (auto library = analysis::libraryFor(lazy, m_model->tree, m_options.validatedOnly)) {
        m_library = std::move(*library);
        return true;
    }
    if (lazy.eager()) {
        m_db.emplace(*lazy.eager());
    } else {
        auto whole = db::LayeredDatabase::withBuiltin(userPath);
        if (const auto* e = std::get_if<db::DbError>(&whole)) {
            m_err << "lmp: " << e->describe() << "\n";
            return false;
        }
        m_db.emplace(std::move(std::get<db::LayeredDatabase>(whole)));
    }
    buildLibrary();
    return true;
}

bool Session::setContext(formula::Evaluator& evaluator)
{
    for (const auto& [name, text] : m_options.params) {
        const auto value = parseValue(name, text);
        if (!value)
            return false;
        evaluator.setContext(name, *value);
    }
    return true;
}

std::optional<Number> Session::parseValue(const std::string& name, const std::string& text)
{
    if (const auto n = Number::parse(text))
        return n;
    const formula::Library empty;
    const auto compiled = empty.compile(text, "-p " + name);
    if (!compiled.ok()) {
        m_err << "lmp: -p " << name << "=" << text << ": " << compiled.errors.front().message << "\n";
        return std::nullopt;
    }
    formula::Evaluator evaluator(empty);
    const auto r = evaluator.evaluate(*compiled.program);
    if (!r.ok()) {
        m_err << "lmp: -p " << name << "=" << text << ": " << r.error().message << "\n";
        return std::nullopt;
    }
    return r.value();
}

void Session::printFormulaErrors(const std::vector<formula::FormulaError>& errors)
{
    for (const auto& e : errors)
        m_err << "lmp: " << e.describeWithSource() << "\n";
}

bool Session::loadHardware()
{
    const auto it = m_options.analysis.find("hardware");
    if (it == m_options.analysis.end())
        return true;
    auto loaded = hardware::Catalogue::loadBuiltin({ hardware::Catalogue::defaultUserFolder() });
    if (const auto* e = std::get_if<hardware::ProfileError>(&loaded)) {
        m_err << "lmp: " << e->describe() << "\n";
        return false;
    }
    m_catalogue.emplace(std::move(std::get<hardware::Catalogue>(loaded)));
    m_profile = m_catalogue->find(it->second);
    if (!m_profile)
        m_err << "lmp: no hardware profile '" << it->second << "' (lmp hardware list)\n";
    return m_profile != nullptr;
}

bool Session::loadModelArgument()
{
    auto registry = model::ArchitectureRegistry::loadBuiltin({ model::ArchitectureRegistry::defaultUserFolder() });
    if (const auto* e = std::get_if<model::ModelError>(&registry)) {
        m_err << "lmp: " << e->describe() << "\n";
        return false;
    }
    auto loaded = model::loadModel(
        QString::fromStdString(m_options.positional[1]), std::get<model::ArchitectureRegistry>(registry));
    if (const auto* e = std::get_if<model::ModelError>(&loaded)) {
        m_err << "lmp: " << e->describe() << "\n";
        return false;
    }
    m_model.emplace(std::move(std::get<model::LoadedModel>(loaded)));
    return true;
}

std::optional<analysis::Settings> Session::analysisSettings()
{
    auto parsed = analysis::settingsFromOptions(m_options.analysis);
    if (const auto* error = std::get_if<std::string>(&parsed)) {
        m_err << "lmp: " << *error << "\n";
        return std::nullopt;
    }
    return std::get<analysis::Settings>(parsed);
}

bool Session::writeOutput(const std::string& data)
{
    if (!m_options.output) {
        m_out << data;
        return true;
    }
    QSaveFile f(QString::fromStdString(*m_options.output));
    if (!f.open(QIODevice::WriteOnly)
        || f.write(data.data(), static_cast<qint64>(data.size())) != static_cast<qint64>(data.size()) || !f.commit()) {
        m_err << "lmp: cannot write " << *m_options.output << ": " << f.errorString().toStdString() << "\n";
        return false;
    }
    return true;
}

std::optional<report::Report> Session::analyzeToReport()
{
    const auto settings = analysisSettings();
    if (!settings)
        return std::nullopt;
    if (!loadHardware())
        return std::nullopt;
    if (!openModelAndLibrary())
        return std::nullopt;
    const analysis::AnalysisResult result = analysis::analyze(m_model->tree, m_library, *settings, m_profile);
    if (m_profile && !m_profile->hasCompute())
        m_err << "lmp: warning: " << m_profile->name << " has no published compute peak: times count memory "
              << "traffic only\n";
    report::ReportOptions options;
    options.depth = m_options.depth;
    options.expand = m_options.expand;
    options.validatedOnly = m_options.validatedOnly;
    options.generator = "LM-Predictor " + QCoreApplication::applicationVersion().toStdString();
    return report::makeReport(*m_model, m_library, *settings, m_profile, result, options);
}

void Session::warnIncomplete(const report::Report& r)
{
    if (r.complete && r.warnings.empty())
        return;
    m_err << "lmp: warning: " << r.warnings.size() << " module" << (r.warnings.size() == 1 ? "" : "s")
          << " could not be evaluated completely; the totals leave that work out:\n";
    for (std::size_t i = 0; i < r.warnings.size() && i < 8; ++i)
        m_err << "  " << r.warnings[i] << "\n";
}

} // namespace lmp::cli
