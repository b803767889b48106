// SPDX-License-Identifier: GPL-3.0-or-later
#include "worddiff.h"

#include <algorithm>
#include <cstdint>

namespace lmp::db {

namespace {

enum class CharClass { Word, Space, Other };

CharClass classOf(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80)
        return CharClass::Word;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return CharClass::Space;
    return CharClass::Other;
}

using Tokens = std::vector<std::string_view>;

void append(std::vector<DiffHunk>& out, DiffOp op, std::string_view text)
{
    if (text.empty())
        return;
    if (!out.empty() && out.back().op == op) {
        out.back().text += text;
        return;
    }
    // Keep "removed, then added" inside a run of changes.
    if (op == DiffOp::Removed && !out.empty() && out.back().op == DiffOp::Added) {
        if (out.size() >= 2 && out[out.size() - 2].op == DiffOp::Removed) {
            out[out.size() - 2].text += text;
        } else {
            out.insert(out.end() - 1, DiffHunk { DiffOp::Removed, std::string(text) });
        }
        return;
    }
    out.push_back({ op, std::string(text) });
}

// Myers' O(ND) greedy algorithm over a[a0, a1) and b[b0, b1), keeping each round's frontier to trace the path
// back. The script goes to `ops` as (op, token index) in order. False when the edit is longer than maxEdit.
bool myers(const Tokens& a, std::size_t a0, std::size_t a1, const Tokens& b, std::size_t b0, std::size_t b1,
    std::size_t maxEdit, std::vector<std::pair<DiffOp, std::size_t>>& ops)
{
    using Index = std::int64_t;
    const Index n = static_cast<Index>(a1 - a0);
    const Index m = static_cast<Index>(b1 - b0);
    const Index max = std::min<Index>(n + m, static_cast<Index>(maxEdit));
    const Index offset = max + 1;
    std::vector<Index> v(static_cast<std::size_t>(2 * max + 3), 0);
    auto at = [&](Index k) -> Index& { return v[static_cast<std::size_t>(k + offset)]; };
    // trace[d]: the frontier round d started from, for k in [-(d - 1), d - 1] (the only diagonals it reached).
    std::vector<std::vector<Index>> trace;
    Index found = -1;
    for (Index d = 0; d <= max && found < 0; ++d) {
        trace.emplace_back(v.begin() + (offset - (d > 0 ? d - 1 : 0)), v.begin() + (offset + (d > 0 ? d : 1)));
        for (Index k = -d; k <= d; k += 2) {
            Index x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
            Index y = x - k;
            while (x < n && y < m && a[a0 + static_cast<std::size_t>(x)] == b[b0 + static_cast<std::size_t>(y)]) {
                ++x;
                ++y;
            }
            at(k) = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
    }
    if (found < 0)
        return false;
    // Walk back from (n, m) through the saved frontiers.
    std::vector<std::pair<DiffOp, std::size_t>> reversed;
    Index x = n;
    Index y = m;
    for (Index d = found; d >= 0; --d) {
        Index prevX = 0;
        Index prevY = -1; // round 0 starts from the corner (0, 0) on diagonal 0
        Index k = x - y;
        if (d > 0) {
            const auto& frontier = trace[static_cast<std::size_t>(d)];
            auto prev = [&](Index kk) { return frontier[static_cast<std::size_t>(kk + d - 1)]; };
            const Index prevK = (k == -d || (k != d && prev(k - 1) < prev(k + 1))) ? k + 1 : k - 1;
            prevX = prev(prevK);
            prevY = prevX - prevK;
        }
        while (x > prevX && y > prevY) {
            --x;
            --y;
            reversed.emplace_back(DiffOp::Equal, a0 + static_cast<std::size_t>(x));
        }
        if (d > 0) {
            if (x == prevX) // came down: b[prevY] inserted
                reversed.emplace_back(DiffOp::Added, b0 + static_cast<std::size_t>(prevY));
            else // came right: a[prevX] deleted
                reversed.emplace_back(DiffOp::Removed, a0 + static_cast<std::size_t>(prevX));
        }
        x = prevX;
        y = prevY;
    }
    ops.insert(ops.end(), reversed.rbegin(), reversed.rend());
    return true;
}

} // namespace

std::vector<std::string_view> tokenizeWords(std::string_view text)
{
    std::vector<std::string_view> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        const CharClass c = classOf(static_cast<unsigned char>(text[i]));
        std::size_t j = i + 1;
        if (c != CharClass::Other) {
            while (j < text.size() && classOf(static_cast<unsigned char>(text[j])) == c)
                ++j;
        }
        tokens.push_back(text.substr(i, j - i));
        i = j;
    }
    return tokens;
}

std::vector<DiffHunk> wordDiff(std::string_view before, std::string_view after, std::size_t maxEdit)
{
    const Tokens a = tokenizeWords(before);
    const Tokens b = tokenizeWords(after);
    std::size_t prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
        ++prefix;
    std::size_t suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix
        && a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;

    std::vector<DiffHunk> out;
    for (std::size_t i = 0; i < prefix; ++i)
        append(out, DiffOp::Equal, a[i]);
    std::vector<std::pair<DiffOp, std::size_t>> ops;
    if (myers(a, prefix, a.size() - suffix, b, prefix, b.size() - suffix, maxEdit, ops)) {
        for (const auto& [op, index] : ops)
            append(out, op, op == DiffOp::Added ? b[index] : a[index]);
    } else {
        for (std::size_t i = prefix; i < a.size() - suffix; ++i)
            append(out, DiffOp::Removed, a[i]);
        for (std::size_t i = prefix; i < b.size() - suffix; ++i)
            append(out, DiffOp::Added, b[i]);
    }
    for (std::size_t i = a.size() - suffix; i < a.size(); ++i)
        append(out, DiffOp::Equal, a[i]);
    return out;
}

std::string formatWordDiff(const std::vector<DiffHunk>& hunks)
{
    std::string out;
    for (const DiffHunk& h : hunks) {
        switch (h.op) {
        case DiffOp::Equal:
            out += h.text;
            break;
        case DiffOp::Removed:
            out += "[-" + h.text + "-]";
            break;
        case DiffOp::Added:
            out += "{+" + h.text + "+}";
            break;
        }
    }
    return out;
}

bool hasChanges(const std::vector<DiffHunk>& hunks)
{
    return std::any_of(hunks.begin(), hunks.end(), [](const DiffHunk& h) { return h.op != DiffOp::Equal; });
}

} // namespace lmp::db
