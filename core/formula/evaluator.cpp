// SPDX-License-Identifier: GPL-3.0-or-later
#include "evaluator.h"

#include "program.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <type_traits>
#include <unordered_map>

namespace lmp::formula {

namespace {

constexpr Int kIntMax = static_cast<Int>(~static_cast<unsigned __int128>(0) >> 1);
constexpr Int kIntMin = -kIntMax - 1;

enum class ArithError : std::uint8_t { None, Overflow, DivisionByZero, Domain };

// A real result must be finite: an infinite FLOP count is an overflow, NaN a domain error.
inline ArithError checkReal(double v, Number& out)
{
    if (std::isnan(v))
        return ArithError::Domain;
    if (std::isinf(v))
        return ArithError::Overflow;
    out = Number::real(v);
    return ArithError::None;
}

// The quotient and remainder of x / y (y != 0, not kIntMin / -1), in 64-bit arithmetic when both fit in it: the same
// values as in 128 bits, many times faster.
inline void divide(Int x, Int y, Int& q, Int& r)
{
    constexpr Int lo = std::numeric_limits<std::int64_t>::min();
    constexpr Int hi = std::numeric_limits<std::int64_t>::max();
    if (x >= lo && x <= hi && y >= lo && y <= hi && !(x == lo && y == -1)) {
        const auto a = static_cast<std::int64_t>(x);
        const auto b = static_cast<std::int64_t>(y);
        q = a / b;
        r = a % b;
        return;
    }
    q = x / y;
    r = x % y;
}

inline ArithError add(const Number& a, const Number& b, Number& out)
{
    if (a.isInteger() && b.isInteger()) {
        Int r;
        if (__builtin_add_overflow(a.toInteger(), b.toInteger(), &r))
            return ArithError::Overflow;
        out = Number::integer(r);
        return ArithError::None;
    }
    return checkReal(a.toDouble() + b.toDouble(), out);
}

inline ArithError sub(const Number& a, const Number& b, Number& out)
{
    if (a.isInteger() && b.isInteger()) {
        Int r;
        if (__builtin_sub_overflow(a.toInteger(), b.toInteger(), &r))
            return ArithError::Overflow;
        out = Number::integer(r);
        return ArithError::None;
    }
    return checkReal(a.toDouble() - b.toDouble(), out);
}

inline ArithError mul(const Number& a, const Number& b, Number& out)
{
    if (a.isInteger() && b.isInteger()) {
        // Within 64 bits when the operands and the product fit (the common case), else in 128.
        constexpr Int lo = std::numeric_limits<std::int64_t>::min();
        constexpr Int hi = std::numeric_limits<std::int64_t>::max();
        const Int x = a.toInteger();
        const Int y = b.toInteger();
        std::int64_t narrow;
        if (x >= lo && x <= hi && y >= lo && y <= hi
            && !__builtin_mul_overflow(static_cast<std::int64_t>(x), static_cast<std::int64_t>(y), &narrow)) {
            out = Number::integer(narrow);
            return ArithError::None;
        }
        Int r;
        if (__builtin_mul_overflow(x, y, &r))
            return ArithError::Overflow;
        out = Number::integer(r);
        return ArithError::None;
    }
    return checkReal(a.toDouble() * b.toDouble(), out);
}

inline ArithError div(const Number& a, const Number& b, Number& out)
{
    if (a.isInteger() && b.isInteger()) {
        const Int x = a.toInteger();
        const Int y = b.toInteger();
        if (y == 0)
            return ArithError::DivisionByZero;
        if (x == kIntMin && y == -1)
            return ArithError::Overflow;
        Int q, r;
        divide(x, y, q, r);
        if (r == 0) {
            out = Number::integer(q);
            return ArithError::None;
        }
        return checkReal(static_cast<double>(x) / static_cast<double>(y), out);
    }
    if (b.toDouble() == 0.0)
        return ArithError::DivisionByZero;
    return checkReal(a.toDouble() / b.toDouble(), out);
}

// Python semantics: floor division and a remainder with the divisor's sign.
inline ArithError floorDiv(const Number& a, const Number& b, Number& out)
{
    if (a.isInteger() && b.isInteger()) {
        const Int x = a.toInteger();
        const Int y = b.toInteger();
        if (y == 0)
            return ArithError::DivisionByZero;
        if (x == kIntMin && y == -1)
            return ArithError::Overflow;
        Int q, r;
        divide(x, y, q, r);
        if (r != 0 && ((x < 0) != (y < 0)))
            --q;
        out = Number::integer(q);
        return ArithError::None;
    }
    if (b.toDouble() == 0.0)
        return ArithError::DivisionByZero;
    return checkReal(std::floor(a.toDouble() / b.toDouble()), out);
}

inline ArithError mod(const Number& a, const Number& b, Number& out)
{
    if (a.isInteger() && b.isInteger()) {
        const Int x = a.toInteger();
        const Int y = b.toInteger();
        if (y == 0)
            return ArithError::DivisionByZero;
        if (y == -1) {
            out = Number::integer(0);
            return ArithError::None;
        }
        Int q, r;
        divide(x, y, q, r);
        if (r != 0 && ((r < 0) != (y < 0)))
            r += y;
        out = Number::integer(r);
        return ArithError::None;
    }
    const double y = b.toDouble();
    if (y == 0.0)
        return ArithError::DivisionByZero;
    double r = std::fmod(a.toDouble(), y);
    if (r != 0.0 && ((r < 0) != (y < 0)))
        r += y;
    return checkReal(r, out);
}

inline ArithError power(const Number& a, const Number& b, Number& out)
{
    if (a.isInteger() && b.isInteger()) {
        Int base = a.toInteger();
        Int exponent = b.toInteger();
        if (exponent < 0) {
            if (base == 0)
                return ArithError::DivisionByZero;
            return checkReal(std::pow(static_cast<double>(base), static_cast<double>(exponent)), out);
        }
        if (base == 0 || base == 1) {
            out = Number::integer(exponent == 0 ? 1 : base);
            return ArithError::None;
        }
        if (base == -1) {
            out = Number::integer(exponent % 2 == 0 ? 1 : -1);
            return ArithError::None;
        }
        if (exponent > 127)
            return ArithError::Overflow;
        Int result = 1;
        while (true) {
            if (exponent & 1) {
                if (__builtin_mul_overflow(result, base, &result))
                    return ArithError::Overflow;
            }
            exponent >>= 1;
            if (!exponent)
                break;
            if (__builtin_mul_overflow(base, base, &base))
                return ArithError::Overflow;
        }
        out = Number::integer(result);
        return ArithError::None;
    }
    const double x = a.toDouble();
    const double y = b.toDouble();
    if (x == 0.0 && y < 0)
        return ArithError::DivisionByZero;
    if (x < 0 && std::floor(y) != y)
        return ArithError::Domain;
    return checkReal(std::pow(x, y), out);
}

inline int compare(const Number& a, const Number& b)
{
    if (a.isInteger() && b.isInteger()) {
        const Int x = a.toInteger();
        const Int y = b.toInteger();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    const double x = a.toDouble();
    const double y = b.toDouble();
    return x < y ? -1 : (x > y ? 1 : 0);
}

// A real to an exact integer (ceil, floor); fails outside the integer range.
inline ArithError realToInt(double v, Number& out)
{
    if (!std::isfinite(v))
        return std::isnan(v) ? ArithError::Domain : ArithError::Overflow;
    if (v >= 1.7e38 || v <= -1.7e38)
        return ArithError::Overflow;
    out = Number::integer(static_cast<Int>(v));
    return ArithError::None;
}

inline ArithError negate(const Number& v, Number& out)
{
    if (!v.isInteger()) {
        out = Number::real(-v.toDouble());
        return ArithError::None;
    }
    if (v.toInteger() == kIntMin)
        return ArithError::Overflow;
    out = Number::integer(-v.toInteger());
    return ArithError::None;
}

// ceil(a / b): exact for integers (-((-a) // b)), the real quotient rounded up otherwise.
inline ArithError ceilDiv(const Number& a, const Number& b, Number& out)
{
    if (a.isInteger() && b.isInteger()) {
        if (a.toInteger() == kIntMin)
            return ArithError::Overflow;
        Number q;
        const ArithError err = floorDiv(Number::integer(-a.toInteger()), b, q);
        if (err == ArithError::None)
            out = Number::integer(-q.toInteger());
        return err;
    }
    Number q;
    const ArithError err = div(a, b, q);
    return err != ArithError::None ? err : realToInt(std::ceil(q.toDouble()), out);
}

// ceil or floor: an integer stays as it is.
inline ArithError roundToInt(bool up, const Number& v, Number& out)
{
    if (v.isInteger()) {
        out = v;
        return ArithError::None;
    }
    return realToInt(up ? std::ceil(v.toDouble()) : std::floor(v.toDouble()), out);
}

inline ArithError log2Of(const Number& v, Number& out)
{
    if (v.toDouble() <= 0)
        return ArithError::Domain;
    out = Number::real(std::log2(v.toDouble()));
    return ArithError::None;
}

inline ArithError sqrtOf(const Number& v, Number& out)
{
    if (v.toDouble() < 0)
        return ArithError::Domain;
    out = Number::real(std::sqrt(v.toDouble()));
    return ArithError::None;
}

// The operations that compute a value from operand values (everything but the loads, jumps and calls), as the
// interpreter computes them: the recorder folds constants with them and the residual program runs them.
inline ArithError applyUnary(Op op, const Number& x, Number& out)
{
    switch (op) {
    case Op::Neg:
        return negate(x, out);
    case Op::Ceil:
    case Op::Floor:
        return roundToInt(op == Op::Ceil, x, out);
    case Op::Log2:
        return log2Of(x, out);
    case Op::Sqrt:
        return sqrtOf(x, out);
    default:
        return ArithError::Domain;
    }
}

inline ArithError applyBinary(Op op, const Number& x, const Number& y, Number& out)
{
    switch (op) {
    case Op::Add:
        return add(x, y, out);
    case Op::Sub:
        return sub(x, y, out);
    case Op::Mul:
        return mul(x, y, out);
    case Op::Div:
        return div(x, y, out);
    case Op::FloorDiv:
        return floorDiv(x, y, out);
    case Op::Mod:
        return mod(x, y, out);
    case Op::Pow:
        return power(x, y, out);
    case Op::CeilDiv:
        return ceilDiv(x, y, out);
    case Op::Lt:
        out = Number::integer(compare(x, y) < 0);
        return ArithError::None;
    case Op::Le:
        out = Number::integer(compare(x, y) <= 0);
        return ArithError::None;
    case Op::Gt:
        out = Number::integer(compare(x, y) > 0);
        return ArithError::None;
    case Op::Ge:
        out = Number::integer(compare(x, y) >= 0);
        return ArithError::None;
    case Op::Eq:
        out = Number::integer(compare(x, y) == 0);
        return ArithError::None;
    case Op::Ne:
        out = Number::integer(compare(x, y) != 0);
        return ArithError::None;
    default:
        return ArithError::Domain;
    }
}

// Min and Max over n operands; the others by their arity.
ArithError applyOp(Op op, const Number* x, std::size_t n, Number& out)
{
    if (op == Op::Min || op == Op::Max) {
        std::size_t best = 0;
        for (std::size_t i = 1; i < n; ++i) {
            const int c = compare(x[i], x[best]);
            if (op == Op::Min ? c < 0 : c > 0)
                best = i;
        }
        out = x[best];
        return ArithError::None;
    }
    return n == 1 ? applyUnary(op, x[0], out) : applyBinary(op, x[0], x[1], out);
}

// How many operands an operation of applyOp() pops (Min and Max: in.count).
std::size_t operandCount(const Instr& in)
{
    switch (in.op) {
    case Op::Neg:
    case Op::Ceil:
    case Op::Floor:
    case Op::Log2:
    case Op::Sqrt:
        return 1;
    case Op::Min:
    case Op::Max:
        return in.count;
    default:
        return 2;
    }
}

struct Slot
{
    Number value;
    bool bound = false;
};

// Room for the operand stack and the frames of the deepest evaluation the limits allow: allocated, not filled, so
// that only the part an evaluation uses is ever touched (a vector would write all of it, a megabyte for a large
// library, at every evaluator's first evaluation). The interpreter writes each element before it reads it; the
// element types are implicit-lifetime types, so the allocation itself provides them.
template <typename T> class Buffer
{
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

public:
    Buffer() = default;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;
    ~Buffer() { std::free(m_data); }

    // At least n elements; only when no pointer into it is live, and the contents are not kept (a top-level
    // evaluation fills what it uses). Grows by a quarter more, so that free expressions' few extra operands do not
    // allocate again each time.
    void reserve(std::size_t n)
    {
        if (n <= m_size)
            return;
        const std::size_t size = n + n / 4;
        T* data = static_cast<T*>(std::malloc(size * sizeof(T)));
        if (!data)
            throw std::bad_alloc();
        std::free(m_data);
        m_data = data;
        m_size = size;
    }
    T* data() { return m_data; }
    std::size_t size() const { return m_size; }

private:
    T* m_data = nullptr;
    std::size_t m_size = 0;
};

std::size_t hashNumber(const Number& n)
{
    if (n.isInteger()) {
        const auto v = static_cast<unsigned __int128>(n.toInteger());
        const auto lo = static_cast<std::uint64_t>(v);
        const auto hi = static_cast<std::uint64_t>(v >> 64);
        return std::hash<std::uint64_t> {}(lo * 0x9E3779B97F4A7C15ULL ^ hi);
    }
    std::uint64_t bits;
    const double d = n.toDouble();
    std::memcpy(&bits, &d, sizeof bits);
    return std::hash<std::uint64_t> {}(bits ^ 0xA5A5A5A5A5A5A5A5ULL);
}

struct MemoKeyView
{
    std::size_t hash;
    ModuleId id;
    Kind kind;
    const Slot* slots;
    std::size_t count;
};

struct MemoKey
{
    std::size_t hash;
    ModuleId id;
    Kind kind;
    std::vector<Slot> slots;
};

bool sameSlots(const Slot* a, std::size_t an, const Slot* b, std::size_t bn)
{
    if (an != bn)
        return false;
    for (std::size_t i = 0; i < an; ++i) {
        if (a[i].bound != b[i].bound)
            return false;
        if (a[i].bound && !identical(a[i].value, b[i].value))
            return false;
    }
    return true;
}

struct MemoHash
{
    using is_transparent = void;
    std::size_t operator()(const MemoKey& k) const { return k.hash; }
    std::size_t operator()(const MemoKeyView& k) const { return k.hash; }
};

struct MemoEqual
{
    using is_transparent = void;
    bool operator()(const MemoKey& a, const MemoKey& b) const
    {
        return a.id == b.id && a.kind == b.kind
            && sameSlots(a.slots.data(), a.slots.size(), b.slots.data(), b.slots.size());
    }
    bool operator()(const MemoKeyView& a, const MemoKey& b) const
    {
        return a.id == b.id && a.kind == b.kind && sameSlots(a.slots, a.count, b.slots.data(), b.slots.size());
    }
    bool operator()(const MemoKey& a, const MemoKeyView& b) const { return (*this)(b, a); }
};

} // namespace

// Whose parameters a program's Param operands read: a module's, or an owned free program's.
struct Owner
{
    const std::string* key;
    const std::vector<std::string>* signature;
    const std::vector<std::uint32_t>* symbols;
};

struct Evaluator::Impl
{
    const Library& library;
    std::vector<std::optional<Number>> context; // by library symbol
    std::unordered_map<std::string, Number> extraContext; // names no template of the library uses
    Buffer<Number> stack;
    Buffer<Slot> frames;
    std::size_t frameTop = 0;
    std::vector<std::uint8_t> active; // (module, kind) currently on the call stack
    std::vector<std::uint64_t> evaluationCounts;
    std::vector<ModuleId> chain;
    std::unordered_map<MemoKey, Number, MemoHash, MemoEqual> memo;
    std::optional<FormulaError> error;
    bool memoEnabled = true;
    EvaluationStats* stats = nullptr;
    Program topLevel; // the "caller" of a top-level evaluation, for error locations
    std::uint64_t steps = 0; // instructions run by the current top-level evaluation
    Trace* trace = nullptr; // where the call tree goes, when asked for
    std::vector<std::uint32_t> traceStack; // indices in trace->calls of the calls being evaluated
    std::unordered_map<ModuleId, ModuleId> redirects; // a call to the key runs the value's templates

    explicit Impl(const Library& lib)
        : library(lib)
        , context(lib.symbolCount())
        , active(lib.moduleCount() * kKindCount, 0)
        , evaluationCounts(lib.moduleCount() * kKindCount, 0)
    { }

    // Sizes the operand stack and the frames for the deepest evaluation the library allows, plus a free
    // expression's own operands. Only called before a top-level evaluation, when no pointer into them is live.
    void ensureBuffers(std::size_t freeProgramStack = 0, std::size_t extraFrames = 0)
    {
        const std::size_t levels = library.limits().maxCallDepth + 1;
        const std::size_t needStack =
            freeProgramStack + levels * (library.m_maxProgramStack + library.limits().maxArguments) + 16;
        const std::size_t needFrames = extraFrames + levels * (library.m_maxSignature + 1);
        stack.reserve(needStack);
        frames.reserve(needFrames);
    }

    std::vector<std::string> chainKeys() const
    {
        std::vector<std::string> keys;
        keys.reserve(chain.size());
        for (ModuleId id : chain)
            keys.push_back(library.key(id));
        return keys;
    }

    bool fail(ErrorKind kind, const Program& program, std::size_t pc, std::string message)
    {
        FormulaError e;
        e.kind = kind;
        e.range = pc < program.ranges.size() ? program.ranges[pc] : SourceRange {};
        e.message = std::move(message);
        e.where = program.where;
        e.text = program.text;
        e.callChain = chainKeys();
        error = std::move(e);
        return false;
    }

    bool failArith(
        ArithError err, const Program& program, std::size_t pc, const Number& a, const Number& b, const char* op)
    {
        const std::string expression = a.toString() + " " + op + " " + b.toString();
        switch (err) {
        case ArithError::DivisionByZero:
            return fail(ErrorKind::DivisionByZero, program, pc, "division by zero (" + expression + ")");
        case ArithError::Overflow:
            return fail(ErrorKind::Overflow, program, pc,
                "overflow: " + expression + " is outside the exact integer range (about ±1.7e38)" + " or not finite");
        case ArithError::Domain:
            return fail(ErrorKind::Domain, program, pc, "undefined result: " + expression);
        case ArithError::None:
            break;
        }
        return true;
    }

    bool contextFallback(std::uint32_t symbol, const std::string& name, Number& out) const
    {
        if (symbol != kNoSymbol) {
            if (context[symbol]) {
                out = *context[symbol];
                return true;
            }
            return false;
        }
        const auto it = extraContext.find(name);
        if (it == extraContext.end())
            return false;
        out = it->second;
        return true;
    }

    std::uint32_t traceCall(std::optional<ModuleId> module, const std::string& key, Kind kind, const Program& caller,
        std::size_t pc, const std::vector<std::string>& signature, const Slot* frame)
    {
        TraceCall call;
        call.parent = traceStack.empty() ? TraceCall::kNoParent : traceStack.back();
        call.depth = call.parent == TraceCall::kNoParent ? 0 : trace->calls[call.parent].depth + 1;
        call.module = module;
        call.key = key;
        call.kind = kind;
        call.callerWhere = caller.where;
        if (pc < caller.ranges.size())
            call.callSite = caller.ranges[pc];
        for (std::size_t i = 0; frame && i < signature.size(); ++i) {
            if (frame[i].bound)
                call.arguments.push_back({ signature[i], frame[i].value });
        }
        const auto index = static_cast<std::uint32_t>(trace->calls.size());
        if (call.parent != TraceCall::kNoParent)
            trace->calls[call.parent].children.push_back(index);
        trace->calls.push_back(std::move(call));
        return index;
    }

    // Runs a module template or a free expression. frame is the owner's parameter slots (null for free ones).
    bool run(const Program& p, const Owner* owner, const Slot* frame, Kind kind, Number* base, Number& out)
    {
        if (base + p.maxStack > stack.data() + stack.size())
            return fail(ErrorKind::DepthLimit, p, 0, "evaluation stack exhausted");
        steps += p.code.size();
        if (steps > library.limits().maxSteps)
            return fail(ErrorKind::SizeLimit, p, 0,
                "the evaluation runs more than " + std::to_string(library.limits().maxSteps)
                    + " steps: the templates call each other with too many different arguments");
        Number* sp = base;
        const Instr* code = p.code.data();
        const std::size_t size = p.code.size();
        for (std::size_t pc = 0; pc < size; ++pc) {
            const Instr& in = code[pc];
            ArithError err = ArithError::None;
            switch (in.op) {
            case Op::Const:
                *sp++ = p.constants[in.arg];
                break;
            case Op::Param: {
                const Slot& slot = frame[in.arg];
                if (slot.bound) {
                    *sp++ = slot.value;
                } else {
                    const std::uint32_t symbol = (*owner->symbols)[in.arg];
                    if (!contextFallback(symbol, (*owner->signature)[in.arg], *sp))
                        return fail(ErrorKind::UnboundParameter, p, pc,
                            "unbound parameter '" + (*owner->signature)[in.arg]
                                + "': the call does not pass it and the context has no value for it");
                    ++sp;
                }
                break;
            }
            case Op::Context:
                if (!contextFallback(p.contextSymbols[in.arg], p.contextNames[in.arg], *sp))
                    return fail(ErrorKind::UnboundParameter, p, pc,
                        "unbound parameter '" + p.contextNames[in.arg] + "'"
                            + (owner ? ": it is not a parameter of '" + *owner->key
                                        + "' and the context has no value for it"
                                     : ": give it a value (-p " + p.contextNames[in.arg] + "=...)"));
                ++sp;
                break;
            case Op::Neg: {
                Number v;
                if (negate(sp[-1], v) != ArithError::None)
                    return fail(ErrorKind::Overflow, p, pc, "overflow in negation");
                sp[-1] = v;
                break;
            }
#define LMP_BINARY(OPCODE, FUNC, SYMBOL)                                                                               \
    case Op::OPCODE: {                                                                                                 \
        --sp;                                                                                                          \
        Number result;                                                                                                 \
        err = FUNC(sp[-1], sp[0], result);                                                                             \
        if (err != ArithError::None)                                                                                   \
            return failArith(err, p, pc, sp[-1], sp[0], SYMBOL);                                                       \
        sp[-1] = result;                                                                                               \
        break;                                                                                                         \
    }
                LMP_BINARY(Add, add, "+")
                LMP_BINARY(Sub, sub, "-")
                LMP_BINARY(Mul, mul, "*")
                LMP_BINARY(Div, div, "/")
                LMP_BINARY(FloorDiv, floorDiv, "//")
                LMP_BINARY(Mod, mod, "%")
                LMP_BINARY(Pow, power, "**")
#undef LMP_BINARY
            case Op::Lt:
                --sp;
                sp[-1] = Number::integer(compare(sp[-1], sp[0]) < 0);
                break;
            case Op::Le:
                --sp;
                sp[-1] = Number::integer(compare(sp[-1], sp[0]) <= 0);
                break;
            case Op::Gt:
                --sp;
                sp[-1] = Number::integer(compare(sp[-1], sp[0]) > 0);
                break;
            case Op::Ge:
                --sp;
                sp[-1] = Number::integer(compare(sp[-1], sp[0]) >= 0);
                break;
            case Op::Eq:
                --sp;
                sp[-1] = Number::integer(compare(sp[-1], sp[0]) == 0);
                break;
            case Op::Ne:
                --sp;
                sp[-1] = Number::integer(compare(sp[-1], sp[0]) != 0);
                break;
            case Op::JumpIfFalse:
                --sp;
                if (!sp->isTruthy())
                    pc = in.arg - 1;
                break;
            case Op::Jump:
                pc = in.arg - 1;
                break;
            case Op::Call: {
                const CallSite& site = p.calls[in.arg];
                const std::size_t argc = site.slots.size();
                sp -= argc;
                Number result;
                if (!call(site.callee, kind, sp, site.slots.data(), argc, p, pc, result))
                    return false;
                *sp++ = result;
                break;
            }
            case Op::Min:
            case Op::Max: {
                const std::size_t n = in.count;
                Number* first = sp - n;
                Number best = first[0];
                for (std::size_t i = 1; i < n; ++i) {
                    const int c = compare(first[i], best);
                    if (in.op == Op::Min ? c < 0 : c > 0)
                        best = first[i];
                }
                sp = first;
                *sp++ = best;
                break;
            }
            case Op::Ceil:
            case Op::Floor: {
                Number result;
                if (roundToInt(in.op == Op::Ceil, sp[-1], result) != ArithError::None)
                    return fail(ErrorKind::Overflow, p, pc,
                        "overflow: " + sp[-1].toString() + " has no integer in the exact range");
                sp[-1] = result;
                break;
            }
            case Op::CeilDiv: {
                --sp;
                Number& a = sp[-1];
                const Number& b = sp[0];
                if (a.isInteger() && b.isInteger() && a.toInteger() == kIntMin)
                    return fail(ErrorKind::Overflow, p, pc, "overflow in ceil_div");
                Number result;
                err = ceilDiv(a, b, result);
                if (err != ArithError::None)
                    return failArith(err, p, pc, a, b, "ceil_div");
                a = result;
                break;
            }
            case Op::Log2: {
                Number result;
                if (log2Of(sp[-1], result) != ArithError::None)
                    return fail(
                        ErrorKind::Domain, p, pc, "log2 of " + sp[-1].toString() + " is undefined (not positive)");
                sp[-1] = result;
                break;
            }
            case Op::Sqrt: {
                Number result;
                if (sqrtOf(sp[-1], result) != ArithError::None)
                    return fail(ErrorKind::Domain, p, pc, "sqrt of negative " + sp[-1].toString() + " is undefined");
                sp[-1] = result;
                break;
            }
            }
        }
        out = base[0];
        return true;
    }

    // Calls a module template with arguments already evaluated; args[i] binds the callee's slots[i].
    bool call(ModuleId id, Kind kind, const Number* args, const std::uint16_t* slots, std::size_t argc,
        const Program& caller, std::size_t pc, Number& out)
    {
        if (!redirects.empty()) {
            if (const auto r = redirects.find(id); r != redirects.end())
                id = r->second;
        }
        const auto& module = library.m_modules[id];
        const std::size_t n = module.signature.size();
        if (frameTop + n > frames.size())
            return fail(ErrorKind::DepthLimit, caller, pc, "evaluation frames exhausted");
        Slot* frame = frames.data() + frameTop;
        for (std::size_t i = 0; i < n; ++i)
            frame[i].bound = false;
        for (std::size_t i = 0; i < argc; ++i) {
            frame[slots[i]].value = args[i];
            frame[slots[i]].bound = true;
        }
        return invoke(id, kind, frame, caller, pc, args + argc, out);
    }

    // Runs module id's template of one kind on a bound frame. stackTop is where its operands may start.
    bool invoke(
        ModuleId id, Kind kind, Slot* frame, const Program& caller, std::size_t pc, const Number* stackTop, Number& out)
    {
        const auto& module = library.m_modules[id];
        const std::size_t n = module.signature.size();
        const auto k = static_cast<std::size_t>(kind);
        const Program* program = module.programs[k].get();
        if (!program) {
            if (!module.hasTemplate[k])
                return fail(ErrorKind::MissingTemplate, caller, pc,
                    "'" + module.key + "' has no " + std::string(kindTemplateField(kind)) + ": its "
                        + std::string(kindName(kind)) + " are unknown (an entry written before schema 2?)");
            return fail(ErrorKind::MissingTemplate, caller, pc,
                "the " + std::string(kindTemplateField(kind)) + " of '" + module.key + "' does not compile ("
                    + module.compileError[k] + "); run 'lmp db check'");
        }
        const std::size_t activeIndex = id * kKindCount + k;
        if (active[activeIndex]) {
            std::string cycle;
            auto start = std::find(chain.begin(), chain.end(), id);
            for (auto it = start; it != chain.end(); ++it)
                cycle += library.key(*it) + " -> ";
            cycle += module.key;
            return fail(ErrorKind::Cycle, caller, pc, "cycle: " + cycle);
        }
        if (chain.size() >= library.limits().maxCallDepth)
            return fail(ErrorKind::DepthLimit, caller, pc,
                "module calls nest deeper than " + std::to_string(library.limits().maxCallDepth) + " levels");

        std::size_t hash = 0;
        if (memoEnabled) {
            hash = std::hash<std::uint64_t> {}((static_cast<std::uint64_t>(id) << 8) | k);
            for (std::size_t i = 0; i < n; ++i)
                hash = hash * 1000003u ^ (frame[i].bound ? hashNumber(frame[i].value) : 0x5bd1e995u);
            const auto it = memo.find(MemoKeyView { hash, id, kind, frame, n });
            if (it != memo.end()) {
                ++stats->memoHits;
                out = it->second;
                if (trace) {
                    const std::uint32_t call = traceCall(id, module.key, kind, caller, pc, module.signature, frame);
                    trace->calls[call].memoHit = true;
                    trace->calls[call].value = out;
                }
                return true;
            }
        }

        std::uint32_t traced = 0;
        if (trace) {
            traced = traceCall(id, module.key, kind, caller, pc, module.signature, frame);
            traceStack.push_back(traced);
        }
        frameTop += n;
        active[activeIndex] = 1;
        chain.push_back(id);
        ++evaluationCounts[activeIndex];
        ++stats->templateEvaluations;
        Number* base = const_cast<Number*>(stackTop);
        const Owner owner { &module.key, &module.signature, &module.signatureSymbols };
        const bool ok = run(*program, &owner, frame, kind, base, out);
        chain.pop_back();
        active[activeIndex] = 0;
        frameTop -= n;
        if (trace) {
            traceStack.pop_back();
            if (ok)
                trace->calls[traced].value = out;
        }
        if (ok && memoEnabled)
            memo.emplace(MemoKey { hash, id, kind, std::vector<Slot>(frame, frame + n) }, out);
        return ok;
    }

    // The bottom frame of a top-level evaluation, bound by name; null (error set) for a name the module
    // does not declare.
    Slot* bindTopLevel(
        const std::string& key, const std::vector<std::string>& signature, std::span<const NamedValue> bindings)
    {
        Slot* frame = frames.data();
        for (std::size_t i = 0; i < signature.size(); ++i)
            frame[i].bound = false;
        for (const auto& b : bindings) {
            const auto it = std::find(signature.begin(), signature.end(), b.name);
            if (it == signature.end()) {
                Program p;
                p.where = "arguments";
                p.text = b.name + "=" + b.value.toString();
                p.ranges.push_back({ 0, static_cast<std::uint32_t>(p.text.size()) });
                fail(ErrorKind::UnknownParameter, p, 0,
                    signature.empty() ? "'" + key + "' takes no parameters; '" + b.name + "' cannot be bound"
                                      : "'" + key + "' has no parameter '" + b.name + "'");
                return nullptr;
            }
            frame[it - signature.begin()] = Slot { b.value, true };
        }
        return frame;
    }

    void reset(Trace* newTrace)
    {
        frameTop = 0;
        steps = 0;
        trace = newTrace;
        traceStack.clear();
        if (trace)
            trace->calls.clear();
        chain.clear();
        std::fill(active.begin(), active.end(), 0);
        error.reset();
    }
};

Evaluator::Evaluator(const Library& library)
    : d(std::make_unique<Impl>(library))
    , m_library(library)
{
    d->stats = &m_stats;
}

Evaluator::~Evaluator() = default;

void Evaluator::setContext(std::string_view name, Number value)
{
    if (const auto symbol = m_library.symbol(name))
        d->context[*symbol] = value;
    else
        d->extraContext[std::string(name)] = value;
    d->memo.clear();
}

void Evaluator::setContext(std::span<const NamedValue> values)
{
    for (const auto& v : values)
        setContext(v.name, v.value);
}

void Evaluator::unsetContext(std::string_view name)
{
    if (const auto symbol = m_library.symbol(name))
        d->context[*symbol].reset();
    else
        d->extraContext.erase(std::string(name));
    d->memo.clear();
}

void Evaluator::clearContext()
{
    std::fill(d->context.begin(), d->context.end(), std::nullopt);
    d->extraContext.clear();
    d->memo.clear();
}

std::optional<Number> Evaluator::contextValue(std::string_view name) const
{
    if (const auto symbol = m_library.symbol(name))
        return d->context[*symbol];
    const auto it = d->extraContext.find(std::string(name));
    if (it == d->extraContext.end())
        return std::nullopt;
    return it->second;
}

void Evaluator::setMemoization(bool enabled)
{
    m_memoEnabled = enabled;
    d->memoEnabled = enabled;
    if (!enabled)
        d->memo.clear();
}

void Evaluator::clearMemo()
{
    d->memo.clear();
}

bool Evaluator::setRedirect(ModuleId from, ModuleId to)
{
    if (from >= m_library.moduleCount() || to >= m_library.moduleCount()
        || m_library.signature(from) != m_library.signature(to))
        return false;
    if (from == to)
        d->redirects.erase(from);
    else
        d->redirects[from] = to;
    d->memo.clear();
    return true;
}

void Evaluator::clearRedirects()
{
    if (d->redirects.empty())
        return;
    d->redirects.clear();
    d->memo.clear();
}

Result<Number> Evaluator::evaluate(ModuleId id, Kind kind, std::span<const NamedValue> bindings, Trace* trace)
{
    if (id >= m_library.moduleCount()) {
        FormulaError e;
        e.kind = ErrorKind::UnknownModule;
        e.message = "no module with id " + std::to_string(id);
        return e;
    }
    d->ensureBuffers();
    d->reset(trace);
    const auto& module = m_library.m_modules[id];
    Slot* frame = d->bindTopLevel(module.key, module.signature, bindings);
    if (!frame)
        return std::move(*d->error);
    Number out;
    // The frame was filled in place at the bottom; invoke() claims it, memoizes and runs it.
    d->frameTop = 0;
    const bool ok = d->invoke(id, kind, frame, d->topLevel, 0, d->stack.data(), out);
    d->trace = nullptr;
    if (!ok)
        return std::move(*d->error);
    return out;
}

Result<Number> Evaluator::evaluateBreakdown(
    ModuleId id, std::size_t index, std::span<const NamedValue> bindings, Trace* trace)
{
    d->ensureBuffers();
    d->reset(trace);
    const auto& module = m_library.m_modules.at(id);
    const Program* program = module.breakdown.at(index).get();
    if (!program) {
        FormulaError e;
        e.kind = ErrorKind::MissingTemplate;
        e.where = module.key + " breakdown." + module.breakdownNames[index];
        e.message = "this breakdown item does not compile; run 'lmp db check'";
        d->trace = nullptr;
        return e;
    }
    Slot* frame = d->bindTopLevel(module.key, module.signature, bindings);
    if (!frame) {
        d->trace = nullptr;
        return std::move(*d->error);
    }
    if (trace)
        d->traceStack.push_back(d->traceCall(id, module.key, Kind::Flops, d->topLevel, 0, module.signature, frame));
    d->frameTop = module.signature.size();
    d->chain.push_back(id);
    Number out;
    const Owner owner { &module.key, &module.signature, &module.signatureSymbols };
    const bool ok = d->run(*program, &owner, frame, Kind::Flops, d->stack.data(), out);
    d->chain.clear();
    d->frameTop = 0;
    if (trace && ok)
        trace->calls.front().value = out;
    d->trace = nullptr;
    if (!ok)
        return std::move(*d->error);
    return out;
}

Result<Number> Evaluator::evaluate(
    const Program& program, Kind kind, std::span<const NamedValue> bindings, Trace* trace)
{
    if (program.libraryId != m_library.id()) {
        FormulaError e;
        e.kind = ErrorKind::WrongLibrary;
        e.where = program.where;
        e.text = program.text;
        e.range = { 0, static_cast<std::uint32_t>(std::max<std::size_t>(program.text.size(), 1)) };
        e.message = "the formula was compiled against another module library; compile it again against this one";
        return e;
    }
    d->ensureBuffers(program.maxStack, program.signature.size());
    d->reset(trace);
    const Slot* frame = nullptr;
    if (!program.signature.empty() || !bindings.empty()) {
        frame = d->bindTopLevel(program.where, program.signature, bindings);
        if (!frame) {
            d->trace = nullptr;
            return std::move(*d->error);
        }
        d->frameTop = program.signature.size();
    }
    if (trace)
        d->traceStack.push_back(
            d->traceCall(std::nullopt, program.where, kind, d->topLevel, 0, program.signature, frame));
    Number out;
    const Owner owner { &program.where, &program.signature, &program.signatureSymbols };
    const bool ok = d->run(program, frame ? &owner : nullptr, frame, kind, d->stack.data(), out);
    d->frameTop = 0;
    if (trace && ok)
        trace->calls.front().value = out;
    d->trace = nullptr;
    if (!ok)
        return std::move(*d->error);
    return out;
}

std::uint64_t Evaluator::evaluationCount(ModuleId id, Kind kind) const
{
    return d->evaluationCounts.at(id * kKindCount + static_cast<std::size_t>(kind));
}

void Evaluator::resetStats()
{
    m_stats = {};
    std::fill(d->evaluationCounts.begin(), d->evaluationCounts.end(), 0);
}

// ---- Recording: evaluations as residual programs over the context ----

namespace {

// A value during recording: its number in the current context, and the register that computes it from the context
// (Residual::kConstant: the same in every context).
struct Recorded
{
    Number value;
    std::uint32_t reg = Residual::kConstant;
};

struct RecordedSlot
{
    Recorded value;
    bool bound = false;
};

} // namespace

std::uint32_t Residual::constant(const Number& n)
{
    const auto key =
        std::make_tuple(n.isInteger(), n.isInteger() ? n.toInteger() : Int(0), n.isInteger() ? 0.0 : n.toDouble());
    if (const auto it = m_constants.find(key); it != m_constants.end())
        return it->second;
    const auto reg = static_cast<std::uint32_t>(m_regs.size());
    m_regs.push_back(n);
    m_isInt.push_back(n.isInteger());
    m_constants.emplace(key, reg);
    return reg;
}

std::uint32_t Residual::context(std::uint32_t symbol, const Number& value)
{
    if (const auto it = m_contexts.find(symbol); it != m_contexts.end())
        return it->second;
    const auto reg = static_cast<std::uint32_t>(m_regs.size());
    m_regs.push_back(value);
    m_isInt.push_back(value.isInteger());
    m_code.push_back({ Op::Context, 0, reg, symbol, 0 });
    m_contexts.emplace(symbol, reg);
    return reg;
}

std::uint32_t Residual::operation(Op op, const std::vector<std::uint32_t>& operands, const Number& value)
{
    auto [it, added] = m_seen.try_emplace({ op, operands }, static_cast<std::uint32_t>(m_regs.size()));
    if (!added)
        return it->second;
    m_regs.push_back(value);
    m_isInt.push_back(value.isInteger());
    Instr in { op, static_cast<std::uint16_t>(operands.size()), it->second, 0, 0 };
    if (op == Op::Min || op == Op::Max) {
        if (m_scratch.size() < operands.size())
            m_scratch.resize(operands.size());
        in.a = static_cast<std::uint32_t>(m_operands.size());
        m_operands.insert(m_operands.end(), operands.begin(), operands.end());
    } else {
        in.a = operands[0];
        in.b = operands.size() > 1 ? operands[1] : 0;
    }
    m_code.push_back(in);
    return it->second;
}

void Residual::guard(std::uint32_t reg, bool truthy)
{
    if (m_guarded.emplace(reg, truthy).second) {
        m_code.push_back({ Op::JumpIfFalse, 0, 0, reg, truthy ? 1u : 0u });
        ++m_guards;
    }
}

namespace {

// a op b on reals for +, -, * and / as applyBinary computes it; false where applyBinary decides (a division by zero, a
// result that is not finite).
inline bool realArith(Op op, double a, double b, double& v)
{
    if (op == Op::Add)
        v = a + b;
    else if (op == Op::Sub)
        v = a - b;
    else if (op == Op::Mul)
        v = a * b;
    else {
        if (b == 0.0)
            return false;
        v = a / b;
    }
    return std::isfinite(v);
}

// a / b on integers within 64 bits as applyBinary computes it: an exact quotient stays an integer, another is the real
// quotient; None where applyBinary decides (a division by zero, the one quotient past 64 bits).
enum class Quotient { Exact, Real, None };
inline Quotient divide64(std::int64_t a, std::int64_t b, std::int64_t& whole, double& real)
{
    if (b == 0 || (a == std::numeric_limits<std::int64_t>::min() && b == -1))
        return Quotient::None;
    if (a % b == 0) {
        whole = a / b;
        return Quotient::Exact;
    }
    real = static_cast<double>(a) / static_cast<double>(b);
    return std::isfinite(real) ? Quotient::Real : Quotient::None;
}

// Sums, differences, products and quotients (nearly every step of a shape formula) computed as applyBinary computes
// them, where that is quick: integers within 64 bits, finite reals. false: applyBinary decides (128 bits, errors).
inline bool quickArith(Op op, const Number& x, const Number& y, Number& out)
{
    if (x.isInteger() && y.isInteger()) {
        const Int xi = x.toInteger();
        const Int yi = y.toInteger();
        const auto a = static_cast<std::int64_t>(xi);
        const auto b = static_cast<std::int64_t>(yi);
        if (a != xi || b != yi)
            return false;
        if (op == Op::Add) {
            out = Number::integer(xi + yi); // no overflow in 128 bits
            return true;
        } else if (op == Op::Sub) {
            out = Number::integer(xi - yi);
            return true;
        } else if (op == Op::Mul) {
            std::int64_t product;
            if (__builtin_mul_overflow(a, b, &product))
                return false;
            out = Number::integer(product);
            return true;
        } else {
            std::int64_t whole;
            double real;
            const Quotient q = divide64(a, b, whole, real);
            if (q == Quotient::None)
                return false;
            out = q == Quotient::Exact ? Number::integer(whole) : Number::real(real);
            return true;
        }
    }
    double v;
    if (!realArith(op, x.toDouble(), y.toDouble(), v))
        return false;
    out = Number::real(v);
    return true;
}

} // namespace

bool Residual::run(std::span<const std::optional<Number>> context)
{
    if (m_preparedFor != m_code.size())
        prepareTyped();
    m_typed = m_typedUsable && runTyped(context);
    if (m_typed)
        return true;
    Number* r = m_regs.data();
    Number* operands = m_scratch.data();
    for (const Instr& in : m_code) {
        switch (in.op) {
        case Op::Context:
            if (in.a >= context.size() || !context[in.a])
                return false;
            r[in.dst] = *context[in.a];
            continue;
        case Op::JumpIfFalse:
            if (r[in.a].isTruthy() != (in.b != 0))
                return false;
            continue;
        case Op::Min:
        case Op::Max:
            for (std::size_t i = 0; i < in.count; ++i)
                operands[i] = r[m_operands[in.a + i]];
            applyOp(in.op, operands, in.count, r[in.dst]);
            continue;
        case Op::Add:
        case Op::Sub:
        case Op::Mul:
        case Op::Div:
            if (quickArith(in.op, r[in.a], r[in.b], r[in.dst]))
                continue;
            break;
        default:
            break;
        }
        const ArithError err =
            in.count == 2 ? applyBinary(in.op, r[in.a], r[in.b], r[in.dst]) : applyUnary(in.op, r[in.a], r[in.dst]);
        if (err != ArithError::None)
            return false;
    }
    return true;
}

void Residual::prepareTyped()
{
    m_preparedFor = m_code.size();
    m_typedCode.clear();
    m_slots.assign(m_regs.size(), Word { 0 });
    std::vector<std::uint8_t> written(m_regs.size(), 0);
    for (const Instr& in : m_code) {
        if (in.op != Op::JumpIfFalse)
            written[in.dst] = 1;
    }
    // Constants keep their recorded values: each must fit its word.
    m_typedUsable = true;
    for (std::size_t reg = 0; reg < m_regs.size(); ++reg) {
        if (written[reg])
            continue;
        if (!m_isInt[reg]) {
            m_slots[reg].d = m_regs[reg].toDouble();
            continue;
        }
        const Int v = m_regs[reg].toInteger();
        if (v != static_cast<std::int64_t>(v))
            m_typedUsable = false;
        m_slots[reg].i = static_cast<std::int64_t>(v);
    }
    for (const Instr& in : m_code) {
        TypedInstr t { Typed::Other, in.op, 0, in.dst, in.a, in.b };
        const bool intA = in.a < m_isInt.size() && m_isInt[in.a];
        const bool intB = in.b < m_isInt.size() && m_isInt[in.b];
        const bool intResult = m_isInt[in.dst];
        switch (in.op) {
        case Op::Context:
            t.op = intResult ? Typed::LoadInt : Typed::LoadReal;
            break;
        case Op::JumpIfFalse:
            t.op = intA ? Typed::GuardInt : Typed::GuardReal;
            break;
        case Op::Min:
        case Op::Max:
            t.b = in.count;
            break;
        case Op::Add:
        case Op::Sub:
        case Op::Mul:
        case Op::Div: {
            const int index = in.op == Op::Add ? 0 : in.op == Op::Sub ? 1 : in.op == Op::Mul ? 2 : 3;
            if (intA && intB) {
                static constexpr Typed ints[] = { Typed::AddInt, Typed::SubInt, Typed::MulInt, Typed::DivInt };
                t.op = in.op == Op::Div && !intResult ? Typed::DivIntToReal : ints[index];
            } else {
                static constexpr Typed reals[] = { Typed::AddReal, Typed::SubReal, Typed::MulReal, Typed::DivReal };
                t.op = reals[index];
                t.conv = static_cast<std::uint8_t>((intA ? 1 : 0) | (intB ? 2 : 0));
            }
            break;
        }
        default:
            if (in.count == 1)
                t.b = Residual::kConstant; // unary
            break;
        }
        m_typedCode.push_back(t);
    }
}

bool Residual::runTyped(std::span<const std::optional<Number>> context)
{
    Word* s = m_slots.data();
    const std::uint8_t* isInt = m_isInt.data();
    for (const TypedInstr& in : m_typedCode) {
        switch (in.op) {
        case Typed::LoadInt: {
            if (in.a >= context.size() || !context[in.a] || !context[in.a]->isInteger())
                return false;
            const Int v = context[in.a]->toInteger();
            if (v != static_cast<std::int64_t>(v))
                return false;
            s[in.dst].i = static_cast<std::int64_t>(v);
            continue;
        }
        case Typed::LoadReal:
            if (in.a >= context.size() || !context[in.a] || context[in.a]->isInteger())
                return false;
            s[in.dst].d = context[in.a]->toDouble();
            continue;
        case Typed::GuardInt:
            if ((s[in.a].i != 0) != (in.b != 0))
                return false;
            continue;
        case Typed::GuardReal:
            if ((s[in.a].d != 0.0) != (in.b != 0))
                return false;
            continue;
        case Typed::AddInt:
            if (__builtin_add_overflow(s[in.a].i, s[in.b].i, &s[in.dst].i))
                return false;
            continue;
        case Typed::SubInt:
            if (__builtin_sub_overflow(s[in.a].i, s[in.b].i, &s[in.dst].i))
                return false;
            continue;
        case Typed::MulInt:
            if (__builtin_mul_overflow(s[in.a].i, s[in.b].i, &s[in.dst].i))
                return false;
            continue;
        case Typed::DivInt:
        case Typed::DivIntToReal: {
            // The quotient must keep its recorded type (exact or not): else the Number program gives it.
            const Quotient q = divide64(s[in.a].i, s[in.b].i, s[in.dst].i, s[in.dst].d);
            if (q != (in.op == Typed::DivInt ? Quotient::Exact : Quotient::Real))
                return false;
            continue;
        }
        case Typed::AddReal:
        case Typed::SubReal:
        case Typed::MulReal:
        case Typed::DivReal: {
            const double a = in.conv & 1 ? static_cast<double>(s[in.a].i) : s[in.a].d;
            const double b = in.conv & 2 ? static_cast<double>(s[in.b].i) : s[in.b].d;
            if (!realArith(in.generic, a, b, s[in.dst].d))
                return false;
            continue;
        }
        case Typed::Other: {
            const auto number = [&](std::uint32_t reg) {
                return isInt[reg] ? Number::integer(s[reg].i) : Number::real(s[reg].d);
            };
            Number out;
            if (in.generic == Op::Min || in.generic == Op::Max) {
                Number* operands = m_scratch.data();
                for (std::size_t i = 0; i < in.b; ++i)
                    operands[i] = number(m_operands[in.a + i]);
                applyOp(in.generic, operands, in.b, out);
            } else {
                const ArithError err = in.b == Residual::kConstant
                    ? applyUnary(in.generic, number(in.a), out)
                    : applyBinary(in.generic, number(in.a), number(in.b), out);
                if (err != ArithError::None)
                    return false;
            }
            if (out.isInteger() != (isInt[in.dst] != 0))
                return false;
            if (out.isInteger()) {
                const Int v = out.toInteger();
                if (v != static_cast<std::int64_t>(v))
                    return false;
                s[in.dst].i = static_cast<std::int64_t>(v);
            } else {
                s[in.dst].d = out.toDouble();
            }
            continue;
        }
        }
    }
    return true;
}

// Evaluates as Impl::run does, without the memo, carrying each value's register. Any error or limit stops the
// recording (the caller evaluates instead, for the error and its message).
struct Evaluator::Recorder
{
    Impl& impl;
    Residual& out;
    std::uint64_t steps = 0;
    std::vector<ModuleId> chain;

    bool contextValue(std::uint32_t symbol, Recorded& v)
    {
        if (symbol == kNoSymbol || !impl.context[symbol])
            return false;
        v = { *impl.context[symbol], out.context(symbol, *impl.context[symbol]) };
        return true;
    }

    // An operation on the top operands: folded when they are all constants, else emitted (even where this context
    // gives an integer that the operation keeps as it is: another context may give a real).
    bool apply(const Instr& in, std::vector<Recorded>& stack)
    {
        const std::size_t n = operandCount(in);
        const auto first = stack.end() - static_cast<std::ptrdiff_t>(n);
        std::vector<Number> values;
        std::vector<std::uint32_t> regs;
        bool constant = true;
        for (auto it = first; it != stack.end(); ++it) {
            values.push_back(it->value);
            constant = constant && it->reg == Residual::kConstant;
        }
        Number result;
        if (applyOp(in.op, values.data(), n, result) != ArithError::None)
            return false;
        std::uint32_t reg = Residual::kConstant;
        if (!constant) {
            for (auto it = first; it != stack.end(); ++it)
                regs.push_back(it->reg == Residual::kConstant ? out.constant(it->value) : it->reg);
            reg = out.operation(in.op, regs, result);
        }
        stack.erase(first, stack.end());
        stack.push_back({ result, reg });
        return true;
    }

    bool run(const Program& p, const std::vector<std::uint32_t>* symbols, const RecordedSlot* frame, Kind kind,
        Recorded& result)
    {
        steps += p.code.size();
        if (steps > impl.library.limits().maxSteps)
            return false;
        std::vector<Recorded> stack;
        stack.reserve(p.maxStack + 1);
        for (std::size_t pc = 0; pc < p.code.size(); ++pc) {
            const Instr& in = p.code[pc];
            switch (in.op) {
            case Op::Const:
                stack.push_back({ p.constants[in.arg], Residual::kConstant });
                break;
            case Op::Param: {
                Recorded v;
                if (frame[in.arg].bound)
                    v = frame[in.arg].value;
                else if (!symbols || !contextValue((*symbols)[in.arg], v))
                    return false;
                stack.push_back(v);
                break;
            }
            case Op::Context: {
                Recorded v;
                if (!contextValue(p.contextSymbols[in.arg], v))
                    return false;
                stack.push_back(v);
                break;
            }
            case Op::JumpIfFalse: {
                const Recorded v = stack.back();
                stack.pop_back();
                const bool truthy = v.value.isTruthy();
                if (v.reg != Residual::kConstant)
                    out.guard(v.reg, truthy);
                if (!truthy)
                    pc = in.arg - 1;
                break;
            }
            case Op::Jump:
                pc = in.arg - 1;
                break;
            case Op::Call: {
                const CallSite& site = p.calls[in.arg];
                const auto first = stack.end() - static_cast<std::ptrdiff_t>(site.slots.size());
                ModuleId id = site.callee;
                if (const auto r = impl.redirects.find(id); r != impl.redirects.end())
                    id = r->second;
                std::vector<RecordedSlot> callee(impl.library.m_modules[id].signature.size());
                for (std::size_t i = 0; i < site.slots.size(); ++i)
                    callee[site.slots[i]] = { first[static_cast<std::ptrdiff_t>(i)], true };
                stack.erase(first, stack.end());
                Recorded r;
                if (!invoke(id, kind, callee, r))
                    return false;
                stack.push_back(r);
                break;
            }
            default:
                if (!apply(in, stack))
                    return false;
                break;
            }
        }
        if (stack.empty())
            return false;
        result = stack.front();
        return true;
    }

    bool invoke(ModuleId id, Kind kind, const std::vector<RecordedSlot>& frame, Recorded& result)
    {
        const auto& module = impl.library.m_modules[id];
        const Program* program = module.programs[static_cast<std::size_t>(kind)].get();
        if (!program || std::find(chain.begin(), chain.end(), id) != chain.end()
            || chain.size() >= impl.library.limits().maxCallDepth)
            return false;
        chain.push_back(id);
        const bool ok = run(*program, &module.signatureSymbols, frame.data(), kind, result);
        chain.pop_back();
        return ok;
    }
};

std::optional<std::pair<Number, std::uint32_t>> Evaluator::record(Residual& residual, ModuleId id, Kind kind,
    std::span<const NamedValue> bindings, std::span<const std::uint32_t> bindingRegs)
{
    if (id >= m_library.moduleCount() || bindings.size() != bindingRegs.size())
        return std::nullopt;
    const auto& module = m_library.m_modules[id];
    std::vector<RecordedSlot> frame(module.signature.size());
    for (std::size_t i = 0; i < bindings.size(); ++i) {
        const auto it = std::find(module.signature.begin(), module.signature.end(), bindings[i].name);
        if (it == module.signature.end())
            return std::nullopt;
        frame[static_cast<std::size_t>(it - module.signature.begin())] = { { bindings[i].value, bindingRegs[i] },
            true };
    }
    Recorder recorder { *d, residual };
    Recorded result;
    if (!recorder.invoke(id, kind, frame, result))
        return std::nullopt;
    return std::make_pair(result.value, result.reg);
}

std::optional<std::pair<Number, std::uint32_t>> Evaluator::record(Residual& residual, const Program& program)
{
    if (program.libraryId != m_library.id() || !program.signature.empty())
        return std::nullopt;
    Recorder recorder { *d, residual };
    Recorded result;
    if (!recorder.run(program, nullptr, nullptr, Kind::Flops, result))
        return std::nullopt;
    return std::make_pair(result.value, result.reg);
}

} // namespace lmp::formula
