// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lmp::formula {

// Exact integer type of the formula language: 128 bits, about ±1.7e38.
using Int = __int128;

// A formula value: an exact integer or a real number (IEEE double).
// Integer arithmetic is exact; an operation that would leave the integer range is an error, never a wrap.
// 24 bytes, 8-byte aligned: the integer is kept as two 64-bit halves (an __int128 member would align the whole value
// to 16 bytes and make it 32), a real as its bits in the low half.
class Number
{
public:
    constexpr Number() = default;
    static constexpr Number integer(Int value)
    {
        Number n;
        n.m_lo = static_cast<std::uint64_t>(value);
        n.m_hi = static_cast<std::int64_t>(value >> 64);
        return n;
    }
    static constexpr Number real(double value)
    {
        Number n;
        n.m_lo = std::bit_cast<std::uint64_t>(value);
        n.m_isInt = false;
        return n;
    }

    constexpr bool isInteger() const { return m_isInt; }
    constexpr Int toInteger() const { return m_isInt ? integerValue() : static_cast<Int>(realValue()); }
    constexpr double toDouble() const
    {
        if (!m_isInt)
            return realValue();
        // Within 64 bits the conversion is one instruction, and rounds the same integer the same way.
        const auto low = static_cast<std::int64_t>(m_lo);
        return fitsInt64() ? static_cast<double>(low) : static_cast<double>(integerValue());
    }
    // True for integers and for reals that hold a whole number.
    bool isWhole() const;
    bool isTruthy() const { return m_isInt ? (m_lo | static_cast<std::uint64_t>(m_hi)) != 0 : realValue() != 0.0; }

    // Exact decimal for integers; shortest text that reads back to the same double for reals.
    std::string toString() const;

    // Parses a number literal of the formula language, with an optional leading '-': digits (with optional '_'
    // separators), a decimal point, or scientific notation. Integers stay exact; a literal outside the
    // integer range is rejected.
    static std::optional<Number> parse(std::string_view text);

    // Same type and value (an integer 2 and a real 2.0 differ).
    friend constexpr bool identical(const Number& a, const Number& b)
    {
        return a.m_isInt == b.m_isInt
            && (a.m_isInt ? a.m_lo == b.m_lo && a.m_hi == b.m_hi : a.realValue() == b.realValue());
    }

private:
    constexpr Int integerValue() const
    {
        return static_cast<Int>((static_cast<unsigned __int128>(static_cast<std::uint64_t>(m_hi)) << 64) | m_lo);
    }
    constexpr double realValue() const { return std::bit_cast<double>(m_lo); }
    constexpr bool fitsInt64() const { return m_hi == (static_cast<std::int64_t>(m_lo) < 0 ? -1 : 0); }

    std::uint64_t m_lo = 0; // an integer's low 64 bits, or a real's bits
    std::int64_t m_hi = 0; // an integer's high 64 bits (0 for a real)
    bool m_isInt = true;
};
static_assert(sizeof(Number) == 24);

std::string toString(Int value);
// An integer with thousands separators ("1,100,048,384"); a real as toString() writes it.
std::string grouped(const Number& value);
std::optional<Int> parseInt(std::string_view digits);

} // namespace lmp::formula
