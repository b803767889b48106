// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The history of an entry across both layers, the entry as it was at any revision (replaying the recorded changes
// backwards from the entry as it is), and word-level diffs between revisions.

#include "layereddatabase.h"
#include "moduledatabase.h"
#include "worddiff.h"

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lmp::db {

// One revision, with the layer whose entry records it.
struct LayerRevision
{
    Layer layer = Layer::Builtin;
    Revision revision;
};

// A point in an entry's history: a revision of one layer's entry, 0 for the entry before its first recorded
// revision, kCurrentRevision for the layer's entry as it is now.
inline constexpr int kCurrentRevision = -1;
struct RevisionRef
{
    Layer layer = Layer::User;
    int revision = kCurrentRevision;
};

// Every revision of a key: the built-in layer's, then the user layer's. A user entry copied from the built-in one
// carries the built-in revisions along; those are listed once, as built-in. Empty for an unknown key.
std::vector<LayerRevision> mergedHistory(const LayeredDatabase& database, std::string_view key);

// The entry as it was right after `revision` (0: before the first recorded revision), from `current` by undoing
// the recorded changes of every later revision, newest first; its history keeps the revisions up to `revision`
// (none: no "history" field). A change's old value null puts null back in the nullable fields (validator, date,
// notes, matmul_template, params_template) and removes the field elsewhere. nullopt: the entry did not exist yet
// (before its "create" revision). Errors (as a message): no such revision, a malformed history.
std::variant<std::optional<Json>, std::string> replayToRevision(const Json& current, int revision);

// The entry of one layer at a revision (kCurrentRevision: as it is now). Errors: no entry in that layer, no such
// revision.
std::variant<std::optional<Json>, DbError> entryAtRevision(
    const LayeredDatabase& database, std::string_view key, const RevisionRef& at);

// The text the diffs compare: the entry pretty-printed with 2 spaces, without its history; "" for no entry.
std::string revisionText(const std::optional<Json>& entry);

// The word-level diff from one revision of an entry to another.
std::variant<std::vector<DiffHunk>, DbError> diffRevisions(
    const LayeredDatabase& database, std::string_view key, const RevisionRef& from, const RevisionRef& to);

} // namespace lmp::db
