// SPDX-License-Identifier: GPL-3.0-or-later
#include "number.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace lmp::formula {

namespace {
constexpr Int kIntMax = static_cast<Int>(~static_cast<unsigned __int128>(0) >> 1);
}

std::string grouped(const Number& value)
{
    if (!value.isInteger())
        return value.toString();
    std::string digits = value.toString();
    const bool negative = !digits.empty() && digits[0] == '-';
    if (negative)
        digits.erase(0, 1);
    std::string out;
    const std::size_t first = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
    out += digits.substr(0, first);
    for (std::size_t i = first; i < digits.size(); i += 3)
        out += "," + digits.substr(i, 3);
    return negative ? "-" + out : out;
}

std::string toString(Int value)
{
    if (value == 0)
        return "0";
    const bool negative = value < 0;
    // Work on the magnitude as unsigned so that the most negative value works too.
    unsigned __int128 magnitude = negative ? static_cast<unsigned __int128>(0) - static_cast<unsigned __int128>(value)
                                           : static_cast<unsigned __int128>(value);
    char buffer[48];
    char* end = buffer + sizeof(buffer);
    char* p = end;
    while (magnitude != 0) {
        *--p = static_cast<char>('0' + static_cast<int>(magnitude % 10));
        magnitude /= 10;
    }
    if (negative)
        *--p = '-';
    return std::string(p, end);
}

std::optional<Int> parseInt(std::string_view digits)
{
    if (digits.empty())
        return std::nullopt;
    Int value = 0;
    bool any = false;
    for (char c : digits) {
        if (c == '_')
            continue;
        if (c < '0' || c > '9')
            return std::nullopt;
        const int digit = c - '0';
        if (value > (kIntMax - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
        any = true;
    }
    if (!any)
        return std::nullopt;
    return value;
}

bool Number::isWhole() const
{
    return m_isInt || (std::isfinite(realValue()) && std::floor(realValue()) == realValue());
}

std::string Number::toString() const
{
    if (m_isInt)
        return formula::toString(integerValue());
    const double real = realValue();
    if (std::isnan(real))
        return "nan";
    if (std::isinf(real))
        return real > 0 ? "inf" : "-inf";
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof(buffer), real);
    std::string text(buffer, result.ptr);
    // A real always reads as a real: 2.0, not 2.
    if (text.find_first_of(".eEn") == std::string::npos)
        text += ".0";
    return text;
}

std::optional<Number> Number::parse(std::string_view text)
{
    if (!text.empty() && text.front() == '-') {
        const auto magnitude = parse(text.substr(1));
        if (!magnitude || (text.size() > 1 && text[1] == '-'))
            return std::nullopt;
        return magnitude->isInteger() ? Number::integer(-magnitude->toInteger()) : Number::real(-magnitude->toDouble());
    }
    if (text.empty())
        return std::nullopt;
    const bool isReal = text.find_first_of(".eE") != std::string_view::npos;
    if (!isReal) {
        if (const auto value = parseInt(text))
            return Number::integer(*value);
        return std::nullopt;
    }
    std::string cleaned;
    cleaned.reserve(text.size());
    for (char c : text) {
        if (c != '_')
            cleaned += c;
    }
    double value = 0;
    const auto result = std::from_chars(cleaned.data(), cleaned.data() + cleaned.size(), value);
    if (result.ec != std::errc() || result.ptr != cleaned.data() + cleaned.size() || !std::isfinite(value))
        return std::nullopt;
    return Number::real(value);
}

} // namespace lmp::formula
