// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Drafts an agent wrote: extracting one entry from an untrusted answer, checking it, and landing it in the user
// database as pending. Nothing in an answer is ever run; an answer that fails any check writes nothing. None of
// these functions changes the database; DatabaseSession::addDraft() lands a checked draft.

#include "analysis/analysis.h"
#include "db/databasesession.h"
#include "formula/error.h"
#include "model/modelloader.h"

#include <QDateTime>
#include <QString>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lmp::agent {

// Limits on an answer, checked before and while it is parsed, and again on the entry checkDraft() is given.
struct AnswerLimits
{
    std::size_t maxAnswerBytes = 1024 * 1024; // the whole reply
    std::size_t maxEntryBytes = 256 * 1024; // one entry as compact JSON
    std::size_t maxTemplateBytes = 16 * 1024; // every string of the entry (templates, thinking processes, names)
    int maxDepth = 32; // JSON nesting
    std::size_t maxBreakdownItems = 64;
    std::size_t maxParameters = 64; // of flop_analysis and of memory_analysis, each
};

// One entry taken out of an answer: bare ({"module_path": ..., "flop_analysis": ...}), keyed by its module path or
// key ({"transformers.x.Y": {...}}, or {"modules": {"transformers.x.Y": {...}}}), as the whole answer or in a fenced
// ```json (or plain ```) block; exactly one, for the key asked. reasons: why there is none (not JSON with line and
// column, two entries, another module than asked, over a limit, a key the JSON names twice, ...).
struct ExtractedEntry
{
    std::string key; // normalized (torch__nn__Linear): the key asked for
    db::Json entry;
    std::vector<std::string> reasons; // empty when an entry was extracted
    bool ok() const { return reasons.empty(); }
};
// Never throws, whatever the bytes.
ExtractedEntry extractEntry(std::string_view answer, std::string_view expectedKey, const AnswerLimits& limits = {});

// Why a draft is refused; every reason, each a sentence a person (and the agent, in a repair round) can act on.
struct Refusal
{
    // "answer" (extraction), "limit", "markup" (HTML in a text), "text" (control or direction characters),
    // "shadow", a db::Rule name ("template_syntax", ...), "evaluation" (a figure on a module or on sample values),
    // "children" (less than the module's children count).
    std::string rule;
    std::string message; // the whole sentence: where (field, line:column, module) and what
    // For a database check's problem: the field ("flop_analysis.breakdown"), its line and column in the entry
    // pretty-printed with 2 spaces, and for a template problem the formula error (its range in error->text).
    std::string field;
    int line = 0;
    int column = 0;
    std::optional<formula::FormulaError> formulaError;

    // "rule: message", then for a template problem the template's line with a caret under the error.
    std::string describe() const;
};

// The settings a draft is evaluated with on a model by default: a prefill of 128 tokens, and one decode step after
// 127 cached tokens, batch 1, bf16.
analysis::Settings defaultDraftPrefill();
analysis::Settings defaultDraftDecode();

// What the draft is checked on: the model's nodes of the class (a prefill and a decode step), or without a model
// (or without a node of that class in it) db check's sample values.
struct DraftContext
{
    std::shared_ptr<const model::LoadedModel> model; // may be null
    analysis::Settings prefill = defaultDraftPrefill();
    analysis::Settings decode = defaultDraftDecode();
};

// Drops what a draft claims about its own review (validation, history) and every top-level field the schema does
// not know (check_values and code_location are kept; inside flop_analysis, memory_analysis and code_location only
// the schema's fields), sets module_path from the key and a neutral pending validation (status pending, no
// validator, date or notes: the schema requires the object; addDraft() fills it). Fields in the schema's order.
// A value that is not an object is returned as it is (checkDraft() refuses it).
db::Json sanitizeDraft(std::string_view key, db::Json entry);

// Every reason to refuse a sanitized draft: limits; HTML tags (outside code spans) or control and direction
// characters in its texts; a key whose built-in entry (or user entry) is validated ("would shadow the validated
// built-in entry"); db::checkEntry() against the session's database (each problem with its rule, field,
// line:column and formula error); and evaluation: with a model, on every node of the class in a prefill and a
// decode step (every figure finite and non-negative, matmul <= FLOPs, the breakdown sums to the total, at least what
// the children's entries count), the candidate entry in the library as pending; without one, on db check's three
// sample sets (finite, non-negative, matmul <= FLOPs; an entry's check_values apply). Empty: the draft may land.
// Never changes the session.
std::vector<Refusal> checkDraft(std::string_view key, const db::Json& sanitizedEntry,
    const db::DatabaseSession& session, const DraftContext& context, const AnswerLimits& limits = {});

// The refusal checkDraft() gives before anything is asked of an agent: the key would shadow a validated entry.
std::optional<Refusal> shadowRefusal(std::string_view key, const db::LayeredDatabase& database);

// An answer from end to end: extractEntry(), sanitizeDraft(), checkDraft(). entry: the sanitized entry (null when
// none was extracted); refusals: extraction's reasons (rule "answer"), else checkDraft()'s.
struct ExaminedAnswer
{
    std::string key; // normalized
    db::Json entry;
    std::vector<Refusal> refusals;
    bool ok() const { return refusals.empty() && entry.is_object(); }
};
ExaminedAnswer examineAnswer(std::string_view answer, std::string_view key, const db::DatabaseSession& session,
    const DraftContext& context, const AnswerLimits& limits = {});

// Where a draft came from, recorded with it.
struct DraftOrigin
{
    QString agentId; // ProviderConfig::id(): "anthropic/claude-sonnet-4-5"
    QString promptVersion; // kModulePromptVersion
    QString promptHash; // Prompt::hash()

    // "agent:anthropic/claude-sonnet-4-5": the validator and author a landed draft records.
    QString validator() const;
    // "drafted by anthropic/claude-sonnet-4-5 from prompt lmp-module-prompt/1 sha256:...": the notes it records.
    QString notes() const;
};

} // namespace lmp::agent
