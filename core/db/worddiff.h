// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A word-level diff of two texts, for showing what a revision of an entry changed: the texts are cut into words,
// punctuation and runs of whitespace, and the shortest edit between the two token lists is found (Myers).

#include <string>
#include <string_view>
#include <vector>

namespace lmp::db {

// Tokens: a run of letters, digits, '_' and non-ASCII characters (a UTF-8 sequence is never split); a run of
// whitespace; any other character alone ("{", "\"", "$", "*"). Concatenated, they are the text.
std::vector<std::string_view> tokenizeWords(std::string_view text);

enum class DiffOp { Equal, Removed, Added };

struct DiffHunk
{
    DiffOp op = DiffOp::Equal;
    std::string text;
    friend bool operator==(const DiffHunk&, const DiffHunk&) = default;
};

// The hunks that turn `before` into `after`: the Equal and Removed hunks concatenated are `before`, the Equal and
// Added hunks `after`. Neighbouring hunks of one kind are merged; where both are, Removed comes before Added.
// Texts whose edit is longer than maxEdit tokens give one Removed and one Added hunk (after the common prefix and
// suffix) rather than a slow diff.
std::vector<DiffHunk> wordDiff(std::string_view before, std::string_view after, std::size_t maxEdit = 2000);

// Like `git diff --word-diff=plain`: equal text as it is, removed text as [-text-], added text as {+text+}.
std::string formatWordDiff(const std::vector<DiffHunk>& hunks);

// Whether the texts differ at all: any hunk that is not Equal.
bool hasChanges(const std::vector<DiffHunk>& hunks);

} // namespace lmp::db
