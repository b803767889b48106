// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "error.h"

#include <utility>
#include <variant>

namespace lmp::formula {

// A value or the error that prevented it (C++20 has no std::expected).
template <class T> class Result
{
public:
    Result(T value)
        : m_data(std::move(value))
    { }
    Result(FormulaError error)
        : m_data(std::move(error))
    { }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T& value() const& { return std::get<0>(m_data); }
    T&& value() && { return std::get<0>(std::move(m_data)); }
    const T& operator*() const& { return value(); }
    const FormulaError& error() const { return std::get<1>(m_data); }

private:
    std::variant<T, FormulaError> m_data;
};

} // namespace lmp::formula
