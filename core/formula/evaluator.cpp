// SPDX-License-Identifier: GPL-3.0-or-later
#include "evaluator.h"

#include "program.h"

#include <algorithm>
#include <cmath>
#include <cstring>
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
        Int r;
        if (__builtin_mul_overflow(a.toInteger(), b.toInteger(), &r))
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
        if (x % y == 0) {
            out = Number::integer(x / y);
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
        Int q = x / y;
        if ((x % y != 0) && ((x < 0) != (y < 0)))
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
        Int r = x % y;
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

struct Slot
{
    Number value;
    bool bound = false;
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
    std::vector<Number> stack;
    std::vector<Slot> frames;
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
        if (stack.size() < needStack)
            stack.resize(needStack);
        if (frames.size() < needFrames)
            frames.resize(needFrames);
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
                Number& v = sp[-1];
                if (v.isInteger()) {
                    if (v.toInteger() == kIntMin)
                        return fail(ErrorKind::Overflow, p, pc, "overflow in negation");
                    v = Number::integer(-v.toInteger());
                } else {
                    v = Number::real(-v.toDouble());
                }
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
                Number& v = sp[-1];
                if (!v.isInteger()) {
                    Number result;
                    err = realToInt(in.op == Op::Ceil ? std::ceil(v.toDouble()) : std::floor(v.toDouble()), result);
                    if (err != ArithError::None)
                        return fail(ErrorKind::Overflow, p, pc,
                            "overflow: " + v.toString() + " has no integer in the exact range");
                    v = result;
                }
                break;
            }
            case Op::CeilDiv: {
                --sp;
                Number& a = sp[-1];
                const Number& b = sp[0];
                Number result;
                if (a.isInteger() && b.isInteger()) {
                    // ceil(a / b) = -((-a) // b)
                    Number negA;
                    if (a.toInteger() == kIntMin)
                        return fail(ErrorKind::Overflow, p, pc, "overflow in ceil_div");
                    negA = Number::integer(-a.toInteger());
                    err = floorDiv(negA, b, result);
                    if (err == ArithError::None)
                        result = Number::integer(-result.toInteger());
                } else {
                    err = div(a, b, result);
                    if (err == ArithError::None)
                        err = realToInt(std::ceil(result.toDouble()), result);
                }
                if (err != ArithError::None)
                    return failArith(err, p, pc, a, b, "ceil_div");
                a = result;
                break;
            }
            case Op::Log2: {
                Number& v = sp[-1];
                if (v.toDouble() <= 0)
                    return fail(ErrorKind::Domain, p, pc, "log2 of " + v.toString() + " is undefined (not positive)");
                v = Number::real(std::log2(v.toDouble()));
                break;
            }
            case Op::Sqrt: {
                Number& v = sp[-1];
                if (v.toDouble() < 0)
                    return fail(ErrorKind::Domain, p, pc, "sqrt of negative " + v.toString() + " is undefined");
                v = Number::real(std::sqrt(v.toDouble()));
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
    m_constants.emplace(key, reg);
    return reg;
}

std::uint32_t Residual::context(std::uint32_t symbol, const Number& value)
{
    if (const auto it = m_contexts.find(symbol); it != m_contexts.end())
        return it->second;
    const auto reg = static_cast<std::uint32_t>(m_regs.size());
    m_regs.push_back(value);
    m_code.push_back({ Op::Context, 0, reg, symbol, 0 });
    m_contexts.emplace(symbol, reg);
    return reg;
}

std::uint32_t Residual::emit(Op op, std::uint32_t a, std::uint32_t b, const Number& value)
{
    const auto key = std::make_tuple(op, a, b);
    if (const auto it = m_seen.find(key); it != m_seen.end())
        return it->second;
    const auto reg = static_cast<std::uint32_t>(m_regs.size());
    m_regs.push_back(value);
    m_code.push_back({ op, 0, reg, a, b });
    m_seen.emplace(key, reg);
    return reg;
}

std::uint32_t Residual::emitList(Op op, const std::vector<std::uint32_t>& operands, const Number& value)
{
    const auto reg = static_cast<std::uint32_t>(m_regs.size());
    m_regs.push_back(value);
    m_code.push_back(
        { op, static_cast<std::uint16_t>(operands.size()), reg, static_cast<std::uint32_t>(m_operands.size()), 0 });
    m_operands.insert(m_operands.end(), operands.begin(), operands.end());
    return reg;
}

void Residual::guard(std::uint32_t reg, bool truthy)
{
    if (!m_guarded.emplace(std::make_pair(reg, truthy), true).second)
        return;
    m_code.push_back({ truthy ? Op::GuardTrue : Op::GuardFalse, 0, 0, reg, 0 });
    ++m_guards;
}

bool Residual::run(std::span<const std::optional<Number>> context)
{
    Number* r = m_regs.data();
    for (const Instr& in : m_code) {
        Number& out = r[in.dst];
        ArithError err = ArithError::None;
        switch (in.op) {
        case Op::Context:
            if (in.a >= context.size() || !context[in.a])
                return false;
            out = *context[in.a];
            break;
        case Op::Neg: {
            const Number& v = r[in.a];
            if (v.isInteger()) {
                if (v.toInteger() == kIntMin)
                    return false;
                out = Number::integer(-v.toInteger());
            } else {
                out = Number::real(-v.toDouble());
            }
            break;
        }
        case Op::Add:
            err = add(r[in.a], r[in.b], out);
            break;
        case Op::Sub:
            err = sub(r[in.a], r[in.b], out);
            break;
        case Op::Mul:
            err = mul(r[in.a], r[in.b], out);
            break;
        case Op::Div:
            err = div(r[in.a], r[in.b], out);
            break;
        case Op::FloorDiv:
            err = floorDiv(r[in.a], r[in.b], out);
            break;
        case Op::Mod:
            err = mod(r[in.a], r[in.b], out);
            break;
        case Op::Pow:
            err = power(r[in.a], r[in.b], out);
            break;
        case Op::Lt:
            out = Number::integer(compare(r[in.a], r[in.b]) < 0);
            break;
        case Op::Le:
            out = Number::integer(compare(r[in.a], r[in.b]) <= 0);
            break;
        case Op::Gt:
            out = Number::integer(compare(r[in.a], r[in.b]) > 0);
            break;
        case Op::Ge:
            out = Number::integer(compare(r[in.a], r[in.b]) >= 0);
            break;
        case Op::Eq:
            out = Number::integer(compare(r[in.a], r[in.b]) == 0);
            break;
        case Op::Ne:
            out = Number::integer(compare(r[in.a], r[in.b]) != 0);
            break;
        case Op::Min:
        case Op::Max: {
            const std::uint32_t* operands = m_operands.data() + in.a;
            Number best = r[operands[0]];
            for (std::size_t i = 1; i < in.count; ++i) {
                const int c = compare(r[operands[i]], best);
                if (in.op == Op::Min ? c < 0 : c > 0)
                    best = r[operands[i]];
            }
            out = best;
            break;
        }
        case Op::Ceil:
        case Op::Floor: {
            const Number& v = r[in.a];
            if (v.isInteger())
                out = v;
            else
                err = realToInt(in.op == Op::Ceil ? std::ceil(v.toDouble()) : std::floor(v.toDouble()), out);
            break;
        }
        case Op::CeilDiv: {
            const Number& a = r[in.a];
            const Number& b = r[in.b];
            Number result;
            if (a.isInteger() && b.isInteger()) {
                if (a.toInteger() == kIntMin)
                    return false;
                err = floorDiv(Number::integer(-a.toInteger()), b, result);
                if (err == ArithError::None)
                    result = Number::integer(-result.toInteger());
            } else {
                err = div(a, b, result);
                if (err == ArithError::None)
                    err = realToInt(std::ceil(result.toDouble()), result);
            }
            out = result;
            break;
        }
        case Op::Log2:
            if (r[in.a].toDouble() <= 0)
                return false;
            out = Number::real(std::log2(r[in.a].toDouble()));
            break;
        case Op::Sqrt:
            if (r[in.a].toDouble() < 0)
                return false;
            out = Number::real(std::sqrt(r[in.a].toDouble()));
            break;
        case Op::GuardTrue:
            if (!r[in.a].isTruthy())
                return false;
            break;
        case Op::GuardFalse:
            if (r[in.a].isTruthy())
                return false;
            break;
        }
        if (err != ArithError::None)
            return false;
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

    std::uint32_t regOf(const Recorded& v) { return v.reg == Residual::kConstant ? out.constant(v.value) : v.reg; }

    bool binary(Residual::Op op, Recorded& a, const Recorded& b, ArithError (*f)(const Number&, const Number&, Number&))
    {
        Number result;
        if (f(a.value, b.value, result) != ArithError::None)
            return false;
        if (a.reg == Residual::kConstant && b.reg == Residual::kConstant)
            a = { result, Residual::kConstant };
        else
            a = { result, out.emit(op, regOf(a), regOf(b), result) };
        return true;
    }

    bool comparison(Residual::Op op, Recorded& a, const Recorded& b, bool result)
    {
        const Number n = Number::integer(result);
        if (a.reg == Residual::kConstant && b.reg == Residual::kConstant)
            a = { n, Residual::kConstant };
        else
            a = { n, out.emit(op, regOf(a), regOf(b), n) };
        return true;
    }

    bool contextValue(std::uint32_t symbol, Recorded& v)
    {
        if (symbol == kNoSymbol || !impl.context[symbol])
            return false;
        v = { *impl.context[symbol], out.context(symbol, *impl.context[symbol]) };
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
                const RecordedSlot& slot = frame[in.arg];
                if (slot.bound) {
                    stack.push_back(slot.value);
                } else {
                    Recorded v;
                    if (!symbols || !contextValue((*symbols)[in.arg], v))
                        return false;
                    stack.push_back(v);
                }
                break;
            }
            case Op::Context: {
                Recorded v;
                if (!contextValue(p.contextSymbols[in.arg], v))
                    return false;
                stack.push_back(v);
                break;
            }
            case Op::Neg: {
                Recorded& v = stack.back();
                Number n;
                if (v.value.isInteger()) {
                    if (v.value.toInteger() == kIntMin)
                        return false;
                    n = Number::integer(-v.value.toInteger());
                } else {
                    n = Number::real(-v.value.toDouble());
                }
                v = { n,
                    v.reg == Residual::kConstant ? Residual::kConstant : out.emit(Residual::Op::Neg, v.reg, 0, n) };
                break;
            }
#define LMP_RECORD_BINARY(OPCODE, FUNC)                                                                                \
    case Op::OPCODE: {                                                                                                 \
        const Recorded b = stack.back();                                                                               \
        stack.pop_back();                                                                                              \
        if (!binary(Residual::Op::OPCODE, stack.back(), b, FUNC))                                                      \
            return false;                                                                                              \
        break;                                                                                                         \
    }
                LMP_RECORD_BINARY(Add, add)
                LMP_RECORD_BINARY(Sub, sub)
                LMP_RECORD_BINARY(Mul, mul)
                LMP_RECORD_BINARY(Div, div)
                LMP_RECORD_BINARY(FloorDiv, floorDiv)
                LMP_RECORD_BINARY(Mod, mod)
                LMP_RECORD_BINARY(Pow, power)
#undef LMP_RECORD_BINARY
#define LMP_RECORD_COMPARE(OPCODE, TEST)                                                                               \
    case Op::OPCODE: {                                                                                                 \
        const Recorded b = stack.back();                                                                               \
        stack.pop_back();                                                                                              \
        const int c = compare(stack.back().value, b.value);                                                            \
        comparison(Residual::Op::OPCODE, stack.back(), b, TEST);                                                       \
        break;                                                                                                         \
    }
                LMP_RECORD_COMPARE(Lt, c < 0)
                LMP_RECORD_COMPARE(Le, c <= 0)
                LMP_RECORD_COMPARE(Gt, c > 0)
                LMP_RECORD_COMPARE(Ge, c >= 0)
                LMP_RECORD_COMPARE(Eq, c == 0)
                LMP_RECORD_COMPARE(Ne, c != 0)
#undef LMP_RECORD_COMPARE
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
                const std::size_t argc = site.slots.size();
                std::vector<Recorded> args(stack.end() - static_cast<std::ptrdiff_t>(argc), stack.end());
                stack.resize(stack.size() - argc);
                Recorded r;
                if (!call(site.callee, kind, args, site.slots, r))
                    return false;
                stack.push_back(r);
                break;
            }
            case Op::Min:
            case Op::Max: {
                const std::size_t n = in.count;
                const auto first = stack.end() - static_cast<std::ptrdiff_t>(n);
                Recorded best = first[0];
                bool constant = true;
                for (auto it = first; it != stack.end(); ++it) {
                    constant = constant && it->reg == Residual::kConstant;
                    if (it == first)
                        continue;
                    const int c = compare(it->value, best.value);
                    if (in.op == Op::Min ? c < 0 : c > 0)
                        best = *it;
                }
                if (!constant) {
                    std::vector<std::uint32_t> regs;
                    for (auto it = first; it != stack.end(); ++it)
                        regs.push_back(regOf(*it));
                    best = { best.value,
                        out.emitList(in.op == Op::Min ? Residual::Op::Min : Residual::Op::Max, regs, best.value) };
                }
                stack.erase(first, stack.end());
                stack.push_back(best);
                break;
            }
            case Op::Ceil:
            case Op::Floor: {
                Recorded& v = stack.back();
                if (v.value.isInteger() && v.reg == Residual::kConstant)
                    break;
                // A value from the context may be an integer here and a real in another context: the op stays.
                Number n = v.value;
                if (!n.isInteger()
                    && realToInt(in.op == Op::Ceil ? std::ceil(n.toDouble()) : std::floor(n.toDouble()), n)
                        != ArithError::None)
                    return false;
                v = { n,
                    v.reg == Residual::kConstant
                        ? Residual::kConstant
                        : out.emit(in.op == Op::Ceil ? Residual::Op::Ceil : Residual::Op::Floor, v.reg, 0, n) };
                break;
            }
            case Op::CeilDiv: {
                const Recorded b = stack.back();
                stack.pop_back();
                Recorded& a = stack.back();
                Number result;
                if (a.value.isInteger() && b.value.isInteger()) {
                    if (a.value.toInteger() == kIntMin
                        || floorDiv(Number::integer(-a.value.toInteger()), b.value, result) != ArithError::None)
                        return false;
                    result = Number::integer(-result.toInteger());
                } else if (div(a.value, b.value, result) != ArithError::None
                    || realToInt(std::ceil(result.toDouble()), result) != ArithError::None) {
                    return false;
                }
                if (a.reg == Residual::kConstant && b.reg == Residual::kConstant)
                    a = { result, Residual::kConstant };
                else
                    a = { result, out.emit(Residual::Op::CeilDiv, regOf(a), regOf(b), result) };
                break;
            }
            case Op::Log2:
            case Op::Sqrt: {
                Recorded& v = stack.back();
                const double x = v.value.toDouble();
                if (in.op == Op::Log2 ? x <= 0 : x < 0)
                    return false;
                const Number n = Number::real(in.op == Op::Log2 ? std::log2(x) : std::sqrt(x));
                v = { n,
                    v.reg == Residual::kConstant
                        ? Residual::kConstant
                        : out.emit(in.op == Op::Log2 ? Residual::Op::Log2 : Residual::Op::Sqrt, v.reg, 0, n) };
                break;
            }
            }
        }
        if (stack.empty())
            return false;
        result = stack.front();
        return true;
    }

    bool call(ModuleId id, Kind kind, const std::vector<Recorded>& args, const std::vector<std::uint16_t>& slots,
        Recorded& result)
    {
        if (const auto r = impl.redirects.find(id); r != impl.redirects.end())
            id = r->second;
        std::vector<RecordedSlot> frame(impl.library.m_modules[id].signature.size());
        for (std::size_t i = 0; i < args.size(); ++i)
            frame[slots[i]] = { args[i], true };
        return invoke(id, kind, frame, result);
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
