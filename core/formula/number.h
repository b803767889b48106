// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lmp::formula {

// Exact integer type of the formula language: 128 bits, about ±1.7e38.
using Int = __int128;

// A formula value: an exact integer or a real number (IEEE double).
// Integer arithmetic is exact; an operation that would leave the integer range is an error, never a wrap.
class Number
{
public:
    constexpr Number() = default;
    static constexpr Number integer(Int value)
    {
        Number n;
        n.m_int = value;
        return n;
    }
    static constexpr Number real(double value)
    {
        Number n;
        n.m_real = value;
        n.m_isInt = false;
        return n;
    }

    constexpr bool isInteger() const { return m_isInt; }
    constexpr Int toInteger() const { return m_isInt ? m_int : static_cast<Int>(m_real); }
    constexpr double toDouble() const { return m_isInt ? static_cast<double>(m_int) : m_real; }
    // True for integers and for reals that hold a whole number.
    bool isWhole() const;
    bool isTruthy() const { return m_isInt ? m_int != 0 : m_real != 0.0; }

    // Exact decimal for integers; shortest text that reads back to the same double for reals.
    std::string toString() const;

    // Parses a number literal of the formula language, with an optional leading '-': digits (with optional '_'
    // separators), a decimal point, or scientific notation. Integers stay exact; a literal outside the
    // integer range is rejected.
    static std::optional<Number> parse(std::string_view text);

    // Same type and value (an integer 2 and a real 2.0 differ).
    friend constexpr bool identical(const Number& a, const Number& b)
    {
        return a.m_isInt == b.m_isInt && (a.m_isInt ? a.m_int == b.m_int : a.m_real == b.m_real);
    }

private:
    Int m_int = 0;
    double m_real = 0.0;
    bool m_isInt = true;
};

std::string toString(Int value);
// An integer with thousands separators ("1,100,048,384"); a real as toString() writes it.
std::string grouped(const Number& value);
std::optional<Int> parseInt(std::string_view digits);

} // namespace lmp::formula
