// SPDX-License-Identifier: GPL-3.0-or-later
#include "session.h"

namespace lmp::cli {

int Session::db()
{
    static const char* kSubcommands = "check, list, show, history, diff, validate, reject, request-changes";
    if (m_options.positional.size() < 2) {
        m_err << "lmp: db needs a subcommand: " << kSubcommands << "\n";
        return BadInput;
    }
    const std::string& sub = m_options.positional[1];
    const bool review = sub == "validate" || sub == "reject" || sub == "request-changes";
    if (sub != "check" && sub != "list" && sub != "show" && sub != "history" && sub != "diff" && !review) {
        m_err << "lmp: unknown db subcommand '" << sub << "'; the subcommands are " << kSubcommands << "\n";
        return BadInput;
    }
    const std::size_t count = m_options.positional.size();
    if (sub == "diff") {
        if (count != 3 && count != 5) {
            m_err << "lmp: db diff takes one MODULE and optionally two revisions: MODULE [REV_A REV_B]\n";
            return BadInput;
        }
    } else {
        const std::size_t expected = (sub == "check" || sub == "list") ? 2 : 3;
        if (count != expected) {
            m_err << "lmp: db " << sub << (expected == 3 ? " takes one MODULE\n" : " takes no arguments\n");
            return BadInput;
        }
    }
    if (sub == "check")
        return dbCheck();
    if (!openDatabase(review))
        return BadInput;
    if (sub == "list")
        return dbList();
    const std::string key = formula::normalizeModuleKey(m_options.positional[2]);
    if (!m_db->contains(key)) {
        m_err << "lmp: no entry '" << m_options.positional[2] << "' in the database\n";
        return BadInput;
    }
    if (sub == "show")
        return dbShow(key);
    if (sub == "history")
        return dbHistory(key);
    if (sub == "diff")
        return dbDiff(key);
    const db::Status status = sub == "validate" ? db::Status::Validated
        : sub == "reject"                       ? db::Status::Rejected
                                                : db::Status::NeedsChanges;
    return dbReview(key, status);
}

int Session::dbCheck()
{
    // The built-in entries are checked as analyses read them (each from its place in the built-in text), under the
    // user layer: what the check passes is what an analysis uses. The output is the whole database's check, byte for
    // byte.
    std::vector<db::Problem> problems;
    std::size_t entries = 0;
    if (m_options.noBuiltin) {
        if (!openDatabase())
            return BadInput;
        problems = db::checkDatabase(*m_db);
        entries = m_db->keys().size();
    } else {
        auto opened = db::LazyDatabase::withBuiltin(m_options.db.value_or(db::LayeredDatabase::defaultUserPath()));
        if (const auto* e = std::get_if<db::DbError>(&opened)) {
            m_err << "lmp: " << e->describe() << "\n";
            return BadInput;
        }
        noteMissingDatabase(false);
        const auto& lazy = std::get<db::LazyDatabase>(opened);
        problems = db::checkDatabase(lazy);
        entries = lazy.keys().size();
    }
    if (m_options.format == "json") {
        report::JsonWriter w;
        w.beginObject().key("entries").value(static_cast<std::int64_t>(entries));
        w.key("problems").beginArray();
        for (const auto& p : problems) {
            w.beginObject().key("key").value(p.key).key("field").value(p.field).key("message").value(p.message);
            w.key("rule").value(std::string(db::ruleName(p.rule))).key("pointer").value(p.pointer);
            w.key("file").value(p.file.toStdString()).key("line").value(p.line).key("column").value(p.column);
            if (p.formulaError) {
                const auto& e = *p.formulaError;
                w.key("formula_error").beginObject().key("kind").value(std::string(formula::errorKindName(e.kind)));
                w.key("where").value(e.where).key("begin").value(static_cast<std::int64_t>(e.range.begin));
                w.key("end").value(static_cast<std::int64_t>(e.range.end)).endObject();
            }
            w.endObject();
        }
        w.endArray().endObject();
        m_out << w.str();
    } else {
        for (const auto& p : problems) {
            m_out << p.file.toStdString();
            if (p.line > 0) {
                m_out << ":" << p.line;
                if (p.column > 0)
                    m_out << ":" << p.column;
            }
            m_out << ": " << (p.key.empty() ? std::string("(file)") : p.key);
            if (!p.field.empty())
                m_out << ": " << p.field;
            m_out << ": " << p.message << "\n";
            // The template's line with a caret and tildes under the error's range.
            const std::string withSource = p.describeWithSource();
            if (const auto source = withSource.find('\n', p.describe().size()); source != std::string::npos)
                m_out << withSource.substr(source + 1) << "\n";
        }
        m_out << entries << " entries checked, " << problems.size() << " problem" << (problems.size() == 1 ? "" : "s")
              << "\n";
    }
    return problems.empty() ? Success : ProblemsFound;
}

std::string Session::shortValue(const db::Json& value, std::size_t limit)
{
    std::string text = value.dump(-1, ' ', false, db::Json::error_handler_t::replace);
    if (text.size() <= limit)
        return text;
    std::size_t cut = limit - 3;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return text.substr(0, cut) + "...";
}

int Session::dbHistory(const std::string& key)
{
    const auto history = db::mergedHistory(*m_db, key);
    if (m_options.format == "json") {
        db::Json out = db::Json::object();
        out["key"] = key;
        out["module_path"] = formula::modulePathFromKey(key);
        db::Json revisions = db::Json::array();
        for (const auto& [layer, r] : history) {
            db::Json changes = db::Json::array();
            for (const auto& c : r.changes)
                changes.push_back({ { "pointer", c.pointer }, { "old", c.oldValue }, { "new", c.newValue } });
            revisions.push_back(
                { { "revision", r.revision }, { "layer", layerName(layer) }, { "date", r.date }, { "author", r.author },
                    { "action", r.action }, { "notes", r.notes }, { "changes", std::move(changes) } });
        }
        out["revisions"] = std::move(revisions);
        m_out << out.dump(2, ' ', false, db::Json::error_handler_t::replace) << "\n";
        return Success;
    }
    m_out << "# " << formula::modulePathFromKey(key) << ": " << history.size() << " revision"
          << (history.size() == 1 ? "" : "s") << "\n";
    if (history.empty())
        m_out << "(no revisions recorded)\n";
    for (const auto& [layer, r] : history) {
        m_out << "\nrevision " << r.revision << "  " << layerName(layer) << "  " << r.date << "  "
              << (r.author.empty() ? std::string("(no author)") : r.author) << "  " << r.action << "\n";
        if (!r.notes.empty())
            m_out << "  notes: " << r.notes << "\n";
        for (const auto& c : r.changes) {
            m_out << "  " << (c.pointer.empty() ? std::string("(the entry)") : c.pointer) << ": "
                  << shortValue(c.oldValue, 60) << " \u2192 " << shortValue(c.newValue, 60) << "\n";
        }
    }
    return Success;
}

std::optional<db::RevisionRef> Session::parseRevision(const std::string& key, const std::string& text)
{
    const db::Layer winning = m_db->layerOf(key)->layer;
    if (text == "current")
        return db::RevisionRef { winning, db::kCurrentRevision };
    std::string number = text;
    std::optional<db::Layer> layer;
    if (text.rfind("builtin:", 0) == 0 || text.rfind("built-in:", 0) == 0) {
        layer = db::Layer::Builtin;
        number = text.substr(text.find(':') + 1);
    } else if (text.rfind("user:", 0) == 0) {
        layer = db::Layer::User;
        number = text.substr(5);
    }
    const bool digits = !number.empty() && number.size() < 10
        && std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits) {
        m_err << "lmp: '" << text << "' is not a revision: N, builtin:N, user:N or current\n";
        return std::nullopt;
    }
    const int n = std::stoi(number);
    auto records = [&](db::Layer l) {
        const db::ModuleDatabase* d = l == db::Layer::Builtin ? &m_db->builtin() : m_db->user();
        if (!d || !d->contains(key))
            return false;
        const auto h = d->history(key);
        return n == 0 || std::any_of(h.begin(), h.end(), [&](const db::Revision& r) { return r.revision == n; });
    };
    if (layer)
        return db::RevisionRef { *layer, n };
    const db::Layer other = winning == db::Layer::User ? db::Layer::Builtin : db::Layer::User;
    return db::RevisionRef { records(winning) || !records(other) ? winning : other, n };
}

int Session::dbDiff(const std::string& key)
{
    const db::Layer winning = m_db->layerOf(key)->layer;
    db::RevisionRef from { winning, 0 };
    db::RevisionRef to { winning, db::kCurrentRevision };
    if (m_options.positional.size() == 5) {
        const auto a = parseRevision(key, m_options.positional[3]);
        const auto b = parseRevision(key, m_options.positional[4]);
        if (!a || !b)
            return BadInput;
        from = *a;
        to = *b;
    } else {
        const auto history = m_db->databaseOf(key)->history(key);
        if (history.empty()) {
            m_out << "diff " << formula::modulePathFromKey(key) << "\n(no revisions recorded: nothing to compare)\n";
            return Success;
        }
        from.revision = history.size() >= 2 ? history[history.size() - 2].revision : 0;
    }
    const auto hunks = db::diffRevisions(*m_db, key, from, to);
    if (const auto* e = std::get_if<db::DbError>(&hunks)) {
        m_err << "lmp: " << e->describe() << "\n";
        return BadInput;
    }
    const auto history = db::mergedHistory(*m_db, key);
    auto describe = [&](const db::RevisionRef& r) {
        if (r.revision == db::kCurrentRevision)
            return "current entry (" + layerName(r.layer) + ")";
        if (r.revision == 0)
            return "before revision 1 (" + layerName(r.layer) + ")";
        std::string out = "revision " + std::to_string(r.revision) + " (" + layerName(r.layer);
        for (const auto& [layer, rev] : history) {
            if (rev.revision == r.revision) {
                out += ", " + rev.date + ", " + (rev.author.empty() ? std::string("no author") : rev.author) + ", "
                    + rev.action;
                break;
            }
        }
        return out + ")";
    };
    const auto& list = std::get<std::vector<db::DiffHunk>>(hunks);
    m_out << "diff " << formula::modulePathFromKey(key) << "\n";
    m_out << "--- " << describe(from) << "\n";
    m_out << "+++ " << describe(to) << "\n";
    if (!db::hasChanges(list)) {
        m_out << "(no changes)\n";
        return Success;
    }
    printWordDiff(list);
    return Success;
}

void Session::printWordDiff(const std::vector<db::DiffHunk>& hunks)
{
    struct Line
    {
        std::string text;
        bool changed = false;
        int oldLine = 1;
        int newLine = 1;
    };
    std::vector<Line> lines(1);
    int oldLine = 1;
    int newLine = 1;
    auto put = [&](std::string_view text, db::DiffOp op) {
        for (char c : text) {
            if (op != db::DiffOp::Equal)
                lines.back().changed = true;
            if (c != '\n') {
                lines.back().text += c;
                continue;
            }
            if (op != db::DiffOp::Added)
                ++oldLine;
            if (op != db::DiffOp::Removed)
                ++newLine;
            lines.push_back({ {}, false, oldLine, newLine });
        }
    };
    for (const db::DiffHunk& h : hunks) {
        put(h.op == db::DiffOp::Removed ? "[-" : h.op == db::DiffOp::Added ? "{+" : "", h.op);
        put(h.text, h.op);
        put(h.op == db::DiffOp::Removed ? "-]" : h.op == db::DiffOp::Added ? "+}" : "", h.op);
    }
    if (lines.back().text.empty() && !lines.back().changed)
        lines.pop_back();
    constexpr std::size_t kContext = 3;
    std::vector<bool> shown(lines.size(), false);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!lines[i].changed)
            continue;
        const std::size_t first = i >= kContext ? i - kContext : 0;
        const std::size_t last = std::min(lines.size() - 1, i + kContext);
        for (std::size_t j = first; j <= last; ++j)
            shown[j] = true;
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!shown[i])
            continue;
        if (i == 0 || !shown[i - 1])
            m_out << "@@ -" << lines[i].oldLine << " +" << lines[i].newLine << " @@\n";
        m_out << lines[i].text << "\n";
    }
}

int Session::dbList()
{
    const auto keys = m_db->keys();
    if (m_options.format == "json") {
        report::JsonWriter w;
        w.beginArray();
        for (const auto& key : keys) {
            const auto* database = m_db->databaseOf(key);
            const auto status = database ? database->status(key) : std::nullopt;
            w.beginObject().key("key").value(key).key("module_path").value(formula::modulePathFromKey(key));
            w.key("status");
            if (status)
                w.value(std::string(db::statusName(*status)));
            else
                w.null();
            w.key("layer").value(m_db->layerOf(key)->name().toStdString()).endObject();
        }
        w.endArray();
        m_out << w.str();
        return Success;
    }
    std::size_t width = 10;
    for (const auto& key : keys)
        width = std::max(width, formula::modulePathFromKey(key).size());
    m_out << std::left << std::setw(static_cast<int>(width) + 2) << "MODULE" << std::setw(15) << "STATUS"
          << "LAYER\n";
    for (const auto& key : keys) {
        const auto* database = m_db->databaseOf(key);
        const auto status = database ? database->status(key) : std::nullopt;
        m_out << std::left << std::setw(static_cast<int>(width) + 2) << formula::modulePathFromKey(key) << std::setw(15)
              << (status ? std::string(db::statusName(*status)) : std::string("(invalid)"))
              << m_db->layerOf(key)->name().toStdString() << "\n";
    }
    return Success;
}

int Session::dbShow(const std::string& key)
{
    const db::Json* entry = m_db->entry(key);
    if (m_options.format == "json") {
        m_out << entry->dump(2) << "\n";
        return Success;
    }
    m_out << "# " << formula::modulePathFromKey(key) << "  (" << m_db->layerOf(key)->name().toStdString() << ")\n";
    m_out << entry->dump(2) << "\n";
    return Success;
}

int Session::dbReview(const std::string& key, db::Status status)
{
    if (!m_options.reviewer || m_options.reviewer->empty()) {
        m_err << "lmp: a review needs --reviewer NAME\n";
        return BadInput;
    }
    if (m_options.noBuiltin == false && !m_options.db)
        m_err << "lmp: writing the review to " << m_db->userPath().toStdString() << "\n";
    if (const auto e = m_db->setValidation(key, status, QString::fromStdString(*m_options.reviewer),
            QString::fromStdString(m_options.notes.value_or(std::string())), QDateTime::currentDateTimeUtc())) {
        m_err << "lmp: " << e->describe() << "\n";
        return BadInput;
    }
    if (const auto e = m_db->saveUser()) {
        m_err << "lmp: " << e->describe() << "\n";
        return BadInput;
    }
    m_out << formula::modulePathFromKey(key) << ": " << db::statusName(status) << " by " << *m_options.reviewer << "\n";
    return Success;
}

} // namespace lmp::cli
