# SPDX-License-Identifier: GPL-3.0-or-later
"""The formula language of LM-Predictor, evaluated safely in pure Python.

A template is data: it is tokenized, parsed and compiled to a small stack-machine program here, never handed to
Python's own parser. The rules are the C++ engine's (core/formula): the same tokens, precedence, error recovery,
exact 128-bit integers, IEEE double reals, functions, module calls and error messages, so that both give the same
numbers and the same errors.

Values are Python ints (exact, within -2**127 .. 2**127 - 1) and floats.
"""

import math
import sys

__all__ = [
    "INT_MAX",
    "INT_MIN",
    "KINDS",
    "KIND_FIELDS",
    "CONTEXT_VARIABLES",
    "FUNCTIONS",
    "FormulaError",
    "ModuleSpec",
    "Library",
    "Evaluator",
    "normalize_module_key",
    "module_path_from_key",
    "is_valid_module_key",
    "number_to_string",
    "parse_number",
    "default_context",
]

if sys.getrecursionlimit() < 5000:
    # Templates may nest 200 levels (parser) and module calls 64 levels deep (evaluator).
    sys.setrecursionlimit(5000)

INT_MAX = (1 << 127) - 1
INT_MIN = -(1 << 127)

MAX_TEMPLATE_BYTES = 64 * 1024
MAX_INSTRUCTIONS = 20000
MAX_NESTING = 200
MAX_CALL_DEPTH = 64
MAX_ARGUMENTS = 64
MAX_STEPS = 100000000
MAX_ERRORS = 100

# The figures an entry has a template for, in the engine's order, with the database field of each.
KINDS = ("flops", "matmul_flops", "reads", "writes", "intermediates", "params")
KIND_FIELDS = (
    "formula_template",
    "matmul_template",
    "reads_template",
    "writes_template",
    "intermediates_template",
    "params_template",
)

# The names every template may use without declaring them (core/formula/context.cpp).
CONTEXT_VARIABLES = (
    ("B", "batch size: sequences in the step"),
    ("S", "new tokens per sequence in this step (a decode step: 1)"),
    ("P", "tokens already cached per sequence (prefill: 0)"),
    ("S_kv", "key/value length attention sees: P + S"),
    ("T", "tokens in the step: B * S"),
    ("N", "rows a token-wise module sees: B * S (the seed's name for T)"),
    ("w_bytes", "bytes per weight element (bf16: 2, int4: 0.5)"),
    ("a_bytes", "bytes per activation element"),
    ("kv_bytes", "bytes per KV-cache element"),
    ("dtype_bytes", "bytes per element of the seed's templates: a_bytes"),
    ("attn_eager", "1 when attention is eager (the score matrix is materialized), 0 for SDPA/flash"),
    ("causal_half", "1 to count causal attention as fused kernels run it (masked half skipped)"),
    ("logits_tokens", "positions the LM head runs on: T, or B with last-position logits"),
    ("pos_batch", "batch of the position ids rotary embeddings see (1: shared by the batch)"),
    ("images", "input images per sequence (multimodal models; 0: text only)"),
    ("image_height", "height in pixels of each input image"),
    ("image_width", "width in pixels of each input image"),
)
_CONTEXT_NAMES = frozenset(name for name, _ in CONTEXT_VARIABLES)

# The function whitelist: (name, min arguments, max arguments or -1 for any).
FUNCTIONS = (
    ("if", 3, 3),
    ("min", 1, -1),
    ("max", 1, -1),
    ("ceil", 1, 1),
    ("floor", 1, 1),
    ("ceil_div", 2, 2),
    ("log2", 1, 1),
    ("sqrt", 1, 1),
)
_FUNCTION_INFO = dict((f[0], f) for f in FUNCTIONS)


def is_context_variable(name):
    return name in _CONTEXT_NAMES


# ---------------------------------------------------------------------------------------------------------------
# Text. The engine counts positions in UTF-8 bytes; here a template is held as its UTF-8 bytes decoded as Latin-1,
# one character per byte, so that indices are byte offsets. _u() turns such a slice back into text.


def _b(text):
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


def _u(btext):
    return btext.encode("latin-1").decode("utf-8", "replace")


def _line_and_column(btext, offset):
    offset = min(offset, len(btext))
    line = 1
    column = 1
    for i in range(offset):
        c = ord(btext[i])
        if c == 10:
            line += 1
            column = 1
        elif (c & 0xC0) != 0x80:
            column += 1
    return line, column


# ---------------------------------------------------------------------------------------------------------------
# Errors

ERROR_KIND_NAMES = {
    "syntax": "syntax error",
    "unknown_module": "unknown module",
    "unknown_function": "unknown function",
    "arity": "wrong number of arguments",
    "unknown_parameter": "unknown parameter",
    "unbound_parameter": "unbound parameter",
    "division_by_zero": "division by zero",
    "overflow": "overflow",
    "domain": "domain error",
    "cycle": "cycle",
    "depth_limit": "depth limit",
    "size_limit": "size limit",
    "missing_template": "missing template",
}


class FormulaError(Exception):
    """An error of a template or an evaluation, as the C++ engine reports it.

    kind: "syntax", "unknown_module", "arity", "unbound_parameter", "division_by_zero", "overflow", ...
    range: (begin, end) in UTF-8 bytes of text; message; where: which template ("torch__nn__Linear reads_template");
    text: the template; call_chain: module keys from the outermost call to the failing template.
    """

    def __init__(self, kind, message, where="", text="", range_=(0, 0), call_chain=()):
        Exception.__init__(self, message)
        self.kind = kind
        self.message = message
        self.where = where
        self.text = text
        self.range = range_
        self.call_chain = list(call_chain)

    def line_and_column(self):
        return _line_and_column(_b(self.text), self.range[0])

    def describe(self):
        out = " -> ".join(self.call_chain)
        if out:
            out += ": "
        out += self.message
        if not self.where and not self.text:
            return out
        line, column = self.line_and_column()
        return out + " (" + (self.where or "formula") + " " + str(line) + ":" + str(column) + ")"

    def describe_with_source(self):
        out = self.describe()
        if not self.text:
            return out
        text = _b(self.text)
        begin = min(self.range[0], len(text))
        line_start = text.rfind("\n", 0, begin) if begin > 0 else -1
        line_start = 0 if line_start < 0 else line_start + 1
        line_end = text.find("\n", begin)
        if line_end < 0:
            line_end = len(text)
        out += "\n  " + _u(text[line_start:line_end]) + "\n  "
        column = _line_and_column(text[line_start:], begin - line_start)[1]
        out += " " * (column - 1)
        end = max(begin + 1, min(self.range[1], line_end + 1))
        width = _line_and_column(text[begin:], end - begin)[1] - 1
        out += "^"
        if width > 1:
            out += "~" * (width - 1)
        return out

    def __str__(self):
        return self.describe()


def _make_error(kind, range_, message, where, text):
    begin, end = range_
    if end <= begin:
        end = begin + 1
    return FormulaError(kind, message, where, text, (begin, end))


# ---------------------------------------------------------------------------------------------------------------
# Numbers


def _in_range(value):
    return INT_MIN <= value <= INT_MAX


def number_to_string(value):
    """Exact decimal for integers; for reals the shortest text that reads back to the same double, as C++'s
    std::to_chars writes it (fixed or scientific, whichever is shorter), always with a '.' or an exponent."""
    if type(value) is int:
        return str(value)
    if value != value:
        return "nan"
    if value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    text = _shortest(value)
    if not any(c in text for c in ".eEn"):
        text += ".0"
    return text


def _shortest(value):
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    value = abs(value)
    if value == 0.0:
        return sign + "0"
    text = repr(value)
    exponent = 0
    if "e" in text:
        text, exp = text.split("e")
        exponent = int(exp)
    if "." in text:
        whole, fraction = text.split(".")
    else:
        whole, fraction = text, ""
    digits = whole + fraction
    point = len(whole) + exponent  # the value is 0.digits * 10**point
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0") or "0"
    if point <= 0:
        fixed = "0." + "0" * (-point) + digits
    elif point >= len(digits):
        # A whole number: std::to_chars writes its exact digits (as many as the shortest digits padded with zeros).
        fixed = str(int(value))
    else:
        fixed = digits[:point] + "." + digits[point:]
    e = point - 1
    scientific = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    scientific += "e" + ("-" if e < 0 else "+") + ("%02d" % abs(e))
    return sign + (fixed if len(fixed) <= len(scientific) else scientific)


def _to_float(value):
    return float(value)


def parse_number(text):
    """A number literal of the formula language (digits, '_' separators, '.', an exponent, a leading '-'); None when
    it is not one or an integer is outside the exact range."""
    if text.startswith("-"):
        if text.startswith("--"):
            return None
        magnitude = parse_number(text[1:])
        if magnitude is None:
            return None
        return -magnitude
    if not text:
        return None
    if not any(c in text for c in ".eE"):
        if any(c not in "0123456789_" for c in text):
            return None
        digits = text.replace("_", "")
        if not digits:
            return None
        value = int(digits)
        return value if value <= INT_MAX else None
    cleaned = text.replace("_", "")
    if any(c not in "0123456789.eE+-" for c in cleaned):
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    if value in (float("inf"), float("-inf")) or value != value:
        return None
    if value == 0.0 and any(c in "123456789" for c in cleaned.split("e")[0].split("E")[0]):
        return None  # underflow: std::from_chars reports it out of range
    return value


# ---------------------------------------------------------------------------------------------------------------
# Module keys


def normalize_module_key(key):
    """'torch.nn.Linear' -> 'torch__nn__Linear'; a key already in that form is kept."""
    return key.replace(".", "__")


def module_path_from_key(key):
    """'torch__nn__Linear' -> 'torch.nn.Linear'."""
    out = []
    i = 0
    while i < len(key):
        if key[i] == "_" and i + 1 < len(key) and key[i + 1] == "_":
            out.append(".")
            i += 2
        else:
            out.append(key[i])
            i += 1
    return "".join(out)


def _is_ident_start(c):
    return ("a" <= c <= "z") or ("A" <= c <= "Z") or c == "_"


def _is_ident_char(c):
    return _is_ident_start(c) or ("0" <= c <= "9")


def _is_digit(c):
    return "0" <= c <= "9"


def _is_identifier(text):
    if not text or not _is_ident_start(text[0]):
        return False
    for c in text:
        if not _is_ident_char(c):
            return False
    return True


def is_valid_module_key(key):
    if not key or len(_b(key)) > 512:
        return False
    for part in key.split("."):
        if not _is_identifier(part):
            return False
    return True


# ---------------------------------------------------------------------------------------------------------------
# Tokens

T_NUMBER = "number"
T_PARAMETER = "parameter"
T_MODULE_KEY = "module_key"
T_IDENTIFIER = "identifier"
T_PLUS = "+"
T_MINUS = "-"
T_STAR = "*"
T_STARSTAR = "**"
T_SLASH = "/"
T_SLASHSLASH = "//"
T_PERCENT = "%"
T_LESS = "<"
T_LESS_EQUAL = "<="
T_GREATER = ">"
T_GREATER_EQUAL = ">="
T_EQUAL_EQUAL = "=="
T_NOT_EQUAL = "!="
T_ASSIGN = "="
T_LEFT_PAREN = "("
T_RIGHT_PAREN = ")"
T_COMMA = ","
T_ERROR = "error"
T_END = "end"

P_UNEXPECTED_CHARACTER = "unexpected_character"
P_CARET = "caret"
P_LOGICAL_OPERATOR = "logical_operator"
P_STRAY_CLOSE_BRACE = "stray_close_brace"
P_DOLLAR_WITHOUT_BRACE = "dollar_without_brace"
P_EMPTY_PARAMETER_NAME = "empty_parameter_name"
P_UNCLOSED_PARAMETER = "unclosed_parameter"
P_EMPTY_MODULE_KEY = "empty_module_key"
P_UNCLOSED_MODULE_KEY = "unclosed_module_key"
P_INVALID_MODULE_KEY = "invalid_module_key"
P_NUMBER_GLUED_TO_NAME = "number_glued_to_name"
P_BAD_DIGIT_SEPARATOR = "bad_digit_separator"


class Token(object):
    __slots__ = ("kind", "problem", "range", "inner")

    def __init__(self, kind, problem, range_, inner):
        self.kind = kind
        self.problem = problem
        self.range = range_
        self.inner = inner


def _slice(source, r):
    if r[0] >= len(source) or r[1] <= r[0]:
        return ""
    return source[r[0]:r[1]]


def _is_key_char(c):
    return _is_ident_char(c) or c == "."


class _Lexer(object):
    def __init__(self, text):
        self.text = text
        self.pos = 0

    def run(self):
        tokens = []
        text = self.text
        while True:
            while self.pos < len(text) and text[self.pos] in " \t\n\r":
                self.pos += 1
            if self.pos >= len(text):
                tokens.append(Token(T_END, None, (self.pos, self.pos), (self.pos, self.pos)))
                return tokens
            tokens.append(self.next())

    def peek(self, ahead):
        i = self.pos + ahead
        return self.text[i] if i < len(self.text) else "\0"

    def simple(self, kind, length):
        begin = self.pos
        self.pos += length
        return Token(kind, None, (begin, self.pos), (begin, self.pos))

    def error(self, problem, begin, underline_begin, underline_end):
        underline_end = max(underline_end, underline_begin + 1)
        return Token(T_ERROR, problem, (begin, max(self.pos, begin + 1)), (underline_begin, underline_end))

    def next(self):
        text = self.text
        begin = self.pos
        c = text[self.pos]
        if _is_digit(c) or (c == "." and _is_digit(self.peek(1))):
            return self.number()
        if _is_ident_start(c):
            while self.pos < len(text) and _is_ident_char(text[self.pos]):
                self.pos += 1
            return Token(T_IDENTIFIER, None, (begin, self.pos), (begin, self.pos))
        if c == "$":
            return self.parameter()
        if c == "{":
            return self.module_key()
        if c == "+":
            return self.simple(T_PLUS, 1)
        if c == "-":
            return self.simple(T_MINUS, 1)
        if c == "*":
            return self.simple(T_STARSTAR, 2) if self.peek(1) == "*" else self.simple(T_STAR, 1)
        if c == "/":
            return self.simple(T_SLASHSLASH, 2) if self.peek(1) == "/" else self.simple(T_SLASH, 1)
        if c == "%":
            return self.simple(T_PERCENT, 1)
        if c == "<":
            return self.simple(T_LESS_EQUAL, 2) if self.peek(1) == "=" else self.simple(T_LESS, 1)
        if c == ">":
            return self.simple(T_GREATER_EQUAL, 2) if self.peek(1) == "=" else self.simple(T_GREATER, 1)
        if c == "=":
            return self.simple(T_EQUAL_EQUAL, 2) if self.peek(1) == "=" else self.simple(T_ASSIGN, 1)
        if c == "!":
            if self.peek(1) == "=":
                return self.simple(T_NOT_EQUAL, 2)
            self.pos += 1
            return self.error(P_LOGICAL_OPERATOR, begin, begin, self.pos)
        if c == "(":
            return self.simple(T_LEFT_PAREN, 1)
        if c == ")":
            return self.simple(T_RIGHT_PAREN, 1)
        if c == ",":
            return self.simple(T_COMMA, 1)
        if c == "^":
            self.pos += 1
            return self.error(P_CARET, begin, begin, self.pos)
        if c == "&" or c == "|":
            self.pos += 2 if self.peek(1) == c else 1
            return self.error(P_LOGICAL_OPERATOR, begin, begin, self.pos)
        if c == "}":
            self.pos += 1
            return self.error(P_STRAY_CLOSE_BRACE, begin, begin, self.pos)
        # One whole UTF-8 sequence (lead byte and its continuation bytes), or one byte.
        byte = ord(c)
        length = 1
        if byte >= 0xC0:
            while self.pos + length < len(text) and (ord(text[self.pos + length]) & 0xC0) == 0x80 and length < 4:
                length += 1
        self.pos += length
        return self.error(P_UNEXPECTED_CHARACTER, begin, begin, self.pos)

    def digits(self):
        text = self.text
        while self.pos < len(text) and (_is_digit(text[self.pos]) or text[self.pos] == "_"):
            self.pos += 1

    def number(self):
        text = self.text
        begin = self.pos
        self.digits()
        if self.peek(0) == ".":
            self.pos += 1
            self.digits()
        if self.peek(0) in ("e", "E"):
            save = self.pos
            self.pos += 1
            if self.peek(0) in ("+", "-"):
                self.pos += 1
            if _is_digit(self.peek(0)):
                self.digits()
            else:
                self.pos = save
        if self.pos < len(text) and _is_ident_start(text[self.pos]):
            while self.pos < len(text) and _is_ident_char(text[self.pos]):
                self.pos += 1
            return self.error(P_NUMBER_GLUED_TO_NAME, begin, begin, self.pos)
        literal = text[begin:self.pos]
        if literal.endswith("_") or "__" in literal or "_." in literal or "._" in literal:
            return self.error(P_BAD_DIGIT_SEPARATOR, begin, begin, self.pos)
        return Token(T_NUMBER, None, (begin, self.pos), (begin, self.pos))

    def parameter(self):
        text = self.text
        begin = self.pos
        if self.peek(1) != "{":
            self.pos += 1
            return self.error(P_DOLLAR_WITHOUT_BRACE, begin, begin, self.pos)
        self.pos += 2
        name_begin = self.pos
        while self.pos < len(text) and text[self.pos] == " ":
            self.pos += 1
        name_start = self.pos
        if self.pos < len(text) and _is_ident_start(text[self.pos]):
            while self.pos < len(text) and _is_ident_char(text[self.pos]):
                self.pos += 1
        name_end = self.pos
        while self.pos < len(text) and text[self.pos] == " ":
            self.pos += 1
        if name_start == name_end:
            underline_end = max(name_begin, self.pos + 1)
            self.skip_to("}")
            return self.error(P_EMPTY_PARAMETER_NAME, begin, begin, min(underline_end, len(text) + 1))
        if self.peek(0) != "}":
            self.pos = name_end
            return self.error(P_UNCLOSED_PARAMETER, begin, begin, name_end)
        self.pos += 1
        return Token(T_PARAMETER, None, (begin, self.pos), (name_start, name_end))

    def module_key(self):
        text = self.text
        begin = self.pos
        self.pos += 1
        key_start = self.pos
        while self.pos < len(text) and _is_key_char(text[self.pos]):
            self.pos += 1
        key_end = self.pos
        if self.peek(0) != "}":
            if key_start == key_end:
                underline_end = self.pos + 1
                self.skip_to("}")
                return self.error(P_EMPTY_MODULE_KEY, begin, begin, underline_end)
            self.skip_to("}")
            return self.error(P_UNCLOSED_MODULE_KEY, begin, begin, key_end)
        self.pos += 1
        if key_start == key_end:
            return self.error(P_EMPTY_MODULE_KEY, begin, begin, self.pos)
        if not is_valid_module_key(text[key_start:key_end]):
            return self.error(P_INVALID_MODULE_KEY, begin, begin, self.pos)
        return Token(T_MODULE_KEY, None, (begin, self.pos), (key_start, key_end))

    def skip_to(self, c):
        text = self.text
        while self.pos < len(text) and text[self.pos] != c and text[self.pos] != "\n":
            self.pos += 1
        if self.pos < len(text) and text[self.pos] == c:
            self.pos += 1


def _quote_character(text, at):
    c = ord(text[at])
    if c < 0x20 or c == 0x7F or 0x80 <= c < 0xC0:
        return "byte 0x%02x" % c
    length = 1
    if c >= 0xF0:
        length = 4
    elif c >= 0xE0:
        length = 3
    elif c >= 0xC0:
        length = 2
    return "'" + _u(text[at:at + min(length, len(text) - at)]) + "'"


def _lex_problem_message(text, token):
    raw = _slice(text, token.range)
    p = token.problem
    if p == P_UNEXPECTED_CHARACTER:
        return "unexpected character " + ("at the end" if not raw else _quote_character(text, token.range[0]))
    if p == P_CARET:
        return "unexpected '^'; did you mean '**' (power)?"
    if p == P_LOGICAL_OPERATOR:
        if raw == "!":
            return "unexpected '!': there are no logical operators; use '!=' to compare, or if()"
        return "unexpected '" + _u(raw) + "': there are no logical operators; use if(), min() or max()"
    if p == P_STRAY_CLOSE_BRACE:
        return "unexpected '}' without a matching '{'"
    if p == P_DOLLAR_WITHOUT_BRACE:
        return "expected '{' after '$': parameters are written ${name}"
    if p == P_EMPTY_PARAMETER_NAME:
        return "expected a parameter name after '${'"
    if p == P_UNCLOSED_PARAMETER:
        name = raw[2:] if len(raw) >= 2 else ""
        name = name.lstrip(" ")
        return "missing '}' to close '${" + _u(name) + "'"
    if p == P_EMPTY_MODULE_KEY:
        if raw == "{}":
            return "expected a module key in '{}': module calls are written {torch__nn__Linear}(...)"
        return "expected a module key after '{': module calls are written {torch__nn__Linear}(...)"
    if p == P_UNCLOSED_MODULE_KEY:
        end = 1
        while end < len(raw) and _is_key_char(raw[end]):
            end += 1
        return "missing '}' to close '" + _u(raw[:end]) + "'"
    if p == P_INVALID_MODULE_KEY:
        return "invalid module key '" + _u(raw[1:-1] if len(raw) >= 2 else raw) + "'"
    if p == P_NUMBER_GLUED_TO_NAME:
        return "invalid number '" + _u(raw) + "'; write a product with '*' and parameters as ${name}"
    if p == P_BAD_DIGIT_SEPARATOR:
        return "invalid number '" + _u(raw) + "': '_' may only separate digits"
    return "invalid text"


def _describe_token(text, token):
    k = token.kind
    if k == T_NUMBER:
        return "a number '" + _u(_slice(text, token.range)) + "'"
    if k == T_PARAMETER:
        return "a parameter '" + _u(_slice(text, token.inner)) + "'"
    if k == T_MODULE_KEY:
        return "a module call '" + _u(_slice(text, token.inner)) + "'"
    if k == T_IDENTIFIER:
        return "a name '" + _u(_slice(text, token.range)) + "'"
    if k == T_END:
        return "the end of the formula"
    return "'" + _u(_slice(text, token.range)) + "'"


# ---------------------------------------------------------------------------------------------------------------
# Syntax tree and parser (recovers from errors and reports every one, like the C++ parser)

N_NUMBER = "number"
N_PARAMETER = "parameter"
N_NEGATE = "negate"
N_PLUS = "plus"
N_BINARY = "binary"
N_GROUP = "group"
N_FUNCTION_CALL = "function_call"
N_MODULE_CALL = "module_call"
N_ARGUMENT = "argument"
N_ERROR = "error"

PREC_NONE = 0
PREC_COMPARE = 1
PREC_ADD = 2
PREC_MULTIPLY = 3
PREC_UNARY = 4
PREC_POWER = 5

_BINARY_INFO = {
    T_LESS: ("<", PREC_COMPARE),
    T_LESS_EQUAL: ("<=", PREC_COMPARE),
    T_GREATER: (">", PREC_COMPARE),
    T_GREATER_EQUAL: (">=", PREC_COMPARE),
    T_EQUAL_EQUAL: ("==", PREC_COMPARE),
    T_NOT_EQUAL: ("!=", PREC_COMPARE),
    T_PLUS: ("+", PREC_ADD),
    T_MINUS: ("-", PREC_ADD),
    T_STAR: ("*", PREC_MULTIPLY),
    T_SLASH: ("/", PREC_MULTIPLY),
    T_SLASHSLASH: ("//", PREC_MULTIPLY),
    T_PERCENT: ("%", PREC_MULTIPLY),
    T_STARSTAR: ("**", PREC_POWER),
}

_STARTS_VALUE = frozenset(
    [T_NUMBER, T_PARAMETER, T_MODULE_KEY, T_IDENTIFIER, T_MINUS, T_PLUS, T_LEFT_PAREN, T_ERROR]
)


class Node(object):
    __slots__ = ("kind", "op", "range", "name_range", "name", "value", "children")

    def __init__(self, kind, range_, children=None):
        self.kind = kind
        self.op = "+"
        self.range = range_
        self.name_range = (0, 0)
        self.name = ""
        self.value = 0
        self.children = children or []


class SyntaxTree(object):
    def __init__(self, text, btext, where):
        self.text = text  # the template as given
        self.btext = btext  # its UTF-8 bytes as Latin-1 characters
        self.where = where
        self.tokens = []
        self.nodes = []
        self.root = None
        self.errors = []

    def ok(self):
        return not self.errors and self.root is not None


class _Abort(Exception):
    pass


class _Parser(object):
    def __init__(self, tree):
        self.tree = tree
        self.text = tree.btext
        self.tokens = tree.tokens
        self.pos = 0
        self.nesting = 0
        self.last_error_at = -1

    def run(self):
        tree = self.tree
        try:
            for t in self.tokens:
                if t.kind == T_ERROR:
                    self.error("syntax", t.inner, _lex_problem_message(self.text, t))
            if self.current().kind == T_END:
                self.error("syntax", (0, 0), "the formula is empty")
                return
            root = self.expression(PREC_NONE)
            while self.current().kind != T_END:
                t = self.current()
                if t.kind == T_RIGHT_PAREN:
                    self.error("syntax", t.range, "unmatched ')'")
                    self.advance()
                    root = self.infix(root, PREC_NONE, False)
                    continue
                if t.kind == T_COMMA:
                    self.error("syntax", t.range, "unexpected ',' outside an argument list")
                    self.advance()
                    continue
                if t.kind != T_ERROR:
                    message = "unexpected " + _describe_token(self.text, t) + " after a complete expression"
                    if t.kind in _STARTS_VALUE:
                        message += "; is an operator missing?"
                    self.error("syntax", t.range, message)
                if t.kind not in _STARTS_VALUE:
                    self.advance()
                    continue
                rest = self.expression(PREC_NONE)
                root = self.add(N_ERROR, (self.node(root).range[0], self.node(rest).range[1]), [root, rest])
            tree.root = root
        except _Abort:
            tree.root = None

    def current(self):
        return self.tokens[self.pos]

    def peek(self, ahead=1):
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def advance(self):
        t = self.tokens[self.pos]
        if self.pos + 1 < len(self.tokens):
            self.pos += 1
        return t

    def error(self, kind, range_, message):
        begin, end = range_
        if end <= begin:
            end = begin + 1
        if self.last_error_at == begin:
            return
        self.last_error_at = begin
        tree = self.tree
        tree.errors.append(_make_error(kind, (begin, end), message, tree.where, tree.text))
        if len(tree.errors) >= MAX_ERRORS:
            tree.errors.append(
                _make_error(
                    "size_limit",
                    (begin, end),
                    "more than " + str(MAX_ERRORS) + " errors; the rest is not checked",
                    tree.where,
                    tree.text,
                )
            )
            raise _Abort()

    def fatal(self, kind, range_, message):
        self.error(kind, range_, message)
        raise _Abort()

    def add(self, kind, range_, children=None):
        self.tree.nodes.append(Node(kind, range_, children))
        return len(self.tree.nodes) - 1

    def node(self, index):
        return self.tree.nodes[index]

    def synchronize(self, stop_at_comma=True):
        depth = 0
        while self.current().kind != T_END:
            k = self.current().kind
            if depth == 0 and ((stop_at_comma and k == T_COMMA) or k == T_RIGHT_PAREN):
                return
            if k == T_LEFT_PAREN:
                depth += 1
            elif k == T_RIGHT_PAREN:
                depth -= 1
            self.advance()

    def expression(self, min_precedence):
        self.nesting += 1
        try:
            if self.nesting > MAX_NESTING:
                self.fatal(
                    "depth_limit",
                    self.current().range,
                    "the formula nests deeper than " + str(MAX_NESTING) + " levels",
                )
            return self.infix(self.prefix(), min_precedence, False)
        finally:
            self.nesting -= 1

    def infix(self, left, min_precedence, left_is_comparison):
        while True:
            t = self.current()
            if t.kind == T_ERROR:
                if PREC_MULTIPLY <= min_precedence:
                    break
                self.advance()
                if self.current().kind not in _STARTS_VALUE:
                    left = self.add(N_ERROR, (self.node(left).range[0], t.range[1]), [left])
                    continue
                right = self.expression(PREC_MULTIPLY)
                left = self.add(N_ERROR, (self.node(left).range[0], self.node(right).range[1]), [left, right])
                left_is_comparison = False
                continue
            info = _BINARY_INFO.get(t.kind)
            valid = True
            if info is None and t.kind == T_ASSIGN:
                if PREC_COMPARE <= min_precedence:
                    break
                self.error(
                    "syntax",
                    t.range,
                    "unexpected '='; did you mean '==' (comparison)? Named arguments are written "
                    "{module}(name=value)",
                )
                info = ("==", PREC_COMPARE)
                valid = False
            if info is None or info[1] <= min_precedence:
                break
            if info[1] == PREC_COMPARE and left_is_comparison and valid:
                self.error("syntax", t.range, "comparisons cannot be chained; use if() to combine them")
                valid = False
            self.advance()
            right = self.expression(PREC_UNARY if info[1] == PREC_POWER else info[1])
            whole = (self.node(left).range[0], self.node(right).range[1])
            if valid:
                left = self.add(N_BINARY, whole, [left, right])
                self.node(left).op = info[0]
            else:
                left = self.add(N_ERROR, whole, [left, right])
            left_is_comparison = info[1] == PREC_COMPARE
        return left

    def prefix(self):
        t = self.current()
        k = t.kind
        if k == T_NUMBER:
            self.advance()
            literal = _slice(self.text, t.range)
            value = parse_number(literal)
            if value is None:
                integer = not any(c in literal for c in ".eE")
                if integer:
                    self.error(
                        "overflow",
                        t.range,
                        "the integer " + literal + " is outside the exact range (about \u00b11.7e38)",
                    )
                else:
                    self.error("syntax", t.range, "invalid number '" + literal + "'")
                return self.add(N_ERROR, t.range)
            n = self.add(N_NUMBER, t.range)
            self.node(n).value = value
            return n
        if k == T_PARAMETER:
            self.advance()
            n = self.add(N_PARAMETER, t.range)
            self.node(n).name = _u(_slice(self.text, t.inner))
            self.node(n).name_range = t.inner
            return n
        if k == T_MODULE_KEY:
            return self.module_call()
        if k == T_IDENTIFIER:
            return self.function_call()
        if k == T_MINUS or k == T_PLUS:
            self.advance()
            operand = self.expression(PREC_UNARY)
            return self.add(
                N_NEGATE if k == T_MINUS else N_PLUS, (t.range[0], self.node(operand).range[1]), [operand]
            )
        if k == T_LEFT_PAREN:
            self.advance()
            if self.current().kind == T_RIGHT_PAREN:
                close = self.advance()
                self.error("syntax", (t.range[0], close.range[1]), "empty parentheses")
                return self.add(N_ERROR, (t.range[0], close.range[1]))
            inner = self.expression(PREC_NONE)
            if self.current().kind == T_RIGHT_PAREN:
                close = self.advance()
                return self.add(N_GROUP, (t.range[0], close.range[1]), [inner])
            self.error(
                "syntax",
                self.current().range,
                "expected ')', found "
                + _describe_token(self.text, self.current())
                + " (to close the '(' at column "
                + str(_line_and_column(self.text, t.range[0])[1])
                + ")",
            )
            self.synchronize(False)
            end = self.current().range[0]
            if self.current().kind == T_RIGHT_PAREN:
                end = self.advance().range[1]
            return self.add(N_ERROR, (t.range[0], max(end, self.node(inner).range[1])), [inner])
        if k == T_ERROR:
            self.advance()
            return self.add(N_ERROR, t.range)
        if k == T_END:
            self.error("syntax", t.range, "the formula ends where a value was expected")
            return self.add(N_ERROR, t.range)
        if k == T_RIGHT_PAREN or k == T_COMMA:
            self.error("syntax", t.range, "expected a value, found " + _describe_token(self.text, t))
            return self.add(N_ERROR, (t.range[0], t.range[0]))
        self.error("syntax", t.range, "expected a value, found " + _describe_token(self.text, t))
        self.advance()
        if self.current().kind not in _STARTS_VALUE:
            return self.add(N_ERROR, t.range)
        operand = self.expression(PREC_UNARY)
        return self.add(N_ERROR, (t.range[0], self.node(operand).range[1]), [operand])

    def module_call(self):
        key = self.advance()
        if self.current().kind != T_LEFT_PAREN:
            self.error(
                "syntax",
                (key.range[0], self.current().range[1]),
                "expected '(' after '{"
                + _u(_slice(self.text, key.inner))
                + "}': a module call needs an argument list, even an empty one",
            )
            return self.add(N_ERROR, key.range)
        open_ = self.advance()
        arguments = []
        saw_named = False
        reported_count = False
        if self.current().kind != T_RIGHT_PAREN:
            while True:
                start = self.current()
                named = start.kind == T_IDENTIFIER and self.peek().kind == T_ASSIGN
                name_range = start.range
                name = ""
                if named:
                    saw_named = True
                    name = _u(_slice(self.text, start.range))
                    self.advance()
                    self.advance()
                elif saw_named:
                    self.error("syntax", start.range, "a positional argument cannot follow a named one")
                value = self.expression(PREC_NONE)
                argument = self.add(
                    N_ARGUMENT,
                    (name_range[0] if named else self.node(value).range[0], self.node(value).range[1]),
                    [value],
                )
                self.node(argument).name = name
                self.node(argument).name_range = name_range if named else start.range
                arguments.append(argument)
                if len(arguments) > MAX_ARGUMENTS and not reported_count:
                    self.error("size_limit", self.node(value).range, "more than " + str(MAX_ARGUMENTS) + " arguments")
                    reported_count = True
                if self.current().kind == T_COMMA:
                    self.advance()
                    continue
                if self.current().kind == T_RIGHT_PAREN or not self.recover_in_list(open_):
                    break
        return self.finish_call(N_MODULE_CALL, key, open_, arguments)

    def recover_in_list(self, open_):
        self.error(
            "syntax",
            self.current().range,
            "expected ',' or ')', found "
            + _describe_token(self.text, self.current())
            + " (to close the '(' at column "
            + str(_line_and_column(self.text, open_.range[0])[1])
            + ")",
        )
        self.synchronize()
        if self.current().kind == T_COMMA:
            self.advance()
            return True
        return False

    def finish_call(self, kind, name, open_, arguments):
        if self.current().kind == T_RIGHT_PAREN:
            end = self.advance().range[1]
        else:
            end = max(open_.range[1], open_.range[1] if not arguments else self.node(arguments[-1]).range[1])
        call = self.add(kind, (name.range[0], end), arguments)
        n = self.node(call)
        n.name = _u(_slice(self.text, name.inner if kind == N_MODULE_CALL else name.range))
        n.name_range = name.range
        return call

    def function_call(self):
        name = self.advance()
        text = _slice(self.text, name.range)
        if self.current().kind != T_LEFT_PAREN:
            if text in ("and", "or", "not"):
                self.error("syntax", name.range, "'" + text + "' is not an operator here; use if(), min() or max()")
            else:
                self.error(
                    "syntax", name.range, "unknown name '" + text + "'; parameters are written ${" + text + "}"
                )
            return self.add(N_ERROR, name.range)
        open_ = self.advance()
        arguments = []
        if self.current().kind != T_RIGHT_PAREN:
            while True:
                arguments.append(self.expression(PREC_NONE))
                if len(arguments) == MAX_ARGUMENTS + 1:
                    self.error(
                        "size_limit",
                        self.node(arguments[-1]).range,
                        "more than " + str(MAX_ARGUMENTS) + " arguments",
                    )
                if self.current().kind == T_COMMA:
                    self.advance()
                    continue
                if self.current().kind == T_RIGHT_PAREN or not self.recover_in_list(open_):
                    break
        return self.finish_call(N_FUNCTION_CALL, name, open_, arguments)


def parse(text, where="formula"):
    """The syntax tree of a template; its errors (lexical and syntax) in text order."""
    btext = _b(text)
    tree = SyntaxTree(text, btext, where)
    if len(btext) > MAX_TEMPLATE_BYTES:
        tree.errors.append(
            FormulaError(
                "size_limit",
                "the template is " + str(len(btext)) + " bytes long; the limit is " + str(MAX_TEMPLATE_BYTES),
                where,
                "",
                (0, 1),
            )
        )
        tree.tokens = [Token(T_END, None, (0, 0), (0, 0))]
        return tree
    tree.tokens = _Lexer(btext).run()
    _Parser(tree).run()
    tree.errors.sort(key=lambda e: e.range[0])
    return tree


# ---------------------------------------------------------------------------------------------------------------
# Compiler: a syntax tree to a flat stack-machine program, instruction for instruction as the C++ compiler emits it.

OP_CONST = 0
OP_PARAM = 1
OP_CONTEXT = 2
OP_NEG = 3
OP_ADD = 4
OP_SUB = 5
OP_MUL = 6
OP_DIV = 7
OP_FLOOR_DIV = 8
OP_MOD = 9
OP_POW = 10
OP_LT = 11
OP_LE = 12
OP_GT = 13
OP_GE = 14
OP_EQ = 15
OP_NE = 16
OP_JUMP_IF_FALSE = 17
OP_JUMP = 18
OP_CALL = 19
OP_MIN = 20
OP_MAX = 21
OP_CEIL = 22
OP_FLOOR = 23
OP_CEIL_DIV = 24
OP_LOG2 = 25
OP_SQRT = 26

_BINARY_OPS = {
    "+": OP_ADD,
    "-": OP_SUB,
    "*": OP_MUL,
    "/": OP_DIV,
    "//": OP_FLOOR_DIV,
    "%": OP_MOD,
    "**": OP_POW,
    "<": OP_LT,
    "<=": OP_LE,
    ">": OP_GT,
    ">=": OP_GE,
    "==": OP_EQ,
    "!=": OP_NE,
}

_FUNCTION_OPS = {
    "min": OP_MIN,
    "max": OP_MAX,
    "ceil": OP_CEIL,
    "floor": OP_FLOOR,
    "ceil_div": OP_CEIL_DIV,
    "log2": OP_LOG2,
    "sqrt": OP_SQRT,
}


class Program(object):
    """A compiled template. code: [op, arg, count]; ranges: one per instruction."""

    def __init__(self, text, where):
        self.text = text
        self.where = where
        self.signature = []  # a free program compiled as owned by an entry: its parameters
        self.code = []
        self.ranges = []
        self.constants = []
        self.calls = []  # (callee id, [slot of each argument])
        self.context_names = []


class Compiled(object):
    def __init__(self):
        self.program = None
        self.errors = []
        self.called_keys = []
        self.parameter_names = []

    def ok(self):
        return self.program is not None


class _TreeCompiler(object):
    def __init__(self, library, tree, signature):
        self.library = library
        self.tree = tree
        self.signature = signature
        self.program = Program(tree.text, tree.where)
        self.too_large = False
        self.errors = []
        self.called_keys = []
        self.parameter_names = []

    def run(self):
        out = Compiled()
        if self.tree.root is not None:
            self.expression(self.tree.root)
        errors = list(self.tree.errors) + self.errors
        errors.sort(key=lambda e: e.range[0])
        out.errors = errors
        out.called_keys = self.called_keys
        out.parameter_names = self.parameter_names
        if not errors and self.tree.root is not None:
            out.program = self.program
        return out

    def node(self, i):
        return self.tree.nodes[i]

    def error(self, kind, range_, message):
        self.errors.append(_make_error(kind, range_, message, self.tree.where, self.tree.text))

    def emit(self, op, range_, arg=0, count=0):
        if self.too_large:
            return
        if len(self.program.code) >= MAX_INSTRUCTIONS:
            self.too_large = True
            self.error(
                "size_limit", range_, "the template compiles to more than " + str(MAX_INSTRUCTIONS) + " instructions"
            )
            return
        self.program.code.append([op, arg, count])
        self.program.ranges.append(range_)

    def expression(self, index):
        spine = []
        at = index
        while True:
            n = self.node(at)
            if n.kind == N_BINARY or (n.kind == N_ERROR and n.children):
                spine.append(at)
                at = n.children[0]
            else:
                break
        self.operand(at)
        for i in reversed(spine):
            n = self.node(i)
            for c in n.children[1:]:
                self.expression(c)
            if n.kind == N_BINARY:
                self.emit(_BINARY_OPS[n.op], n.range)

    def operand(self, index):
        n = self.node(index)
        k = n.kind
        if k == N_NUMBER:
            self.program.constants.append(n.value)
            self.emit(OP_CONST, n.range, len(self.program.constants) - 1)
        elif k == N_PARAMETER:
            self.parameter(n)
        elif k == N_NEGATE:
            self.expression(n.children[0])
            self.emit(OP_NEG, n.range)
        elif k == N_PLUS or k == N_GROUP:
            self.expression(n.children[0])
        elif k == N_FUNCTION_CALL:
            self.function_call(n)
        elif k == N_MODULE_CALL:
            self.module_call(n)
        elif k == N_ARGUMENT or k == N_ERROR:
            for c in n.children:
                self.expression(c)
        elif k == N_BINARY:
            self.expression(index)

    def parameter(self, n):
        if n.name not in self.parameter_names:
            self.parameter_names.append(n.name)
        if self.signature is not None and n.name in self.signature:
            self.emit(OP_PARAM, n.range, self.signature.index(n.name))
            return
        names = self.program.context_names
        if n.name not in names:
            names.append(n.name)
        self.emit(OP_CONTEXT, n.range, names.index(n.name))

    def function_call(self, n):
        argc = len(n.children)
        if n.name == "if":
            if argc != 3:
                self.error("arity", n.range, "if() takes 3 arguments (condition, then, else), got " + str(argc))
                for c in n.children:
                    self.expression(c)
                return
            code = self.program.code
            self.expression(n.children[0])
            jump_if_false = len(code)
            self.emit(OP_JUMP_IF_FALSE, self.node(n.children[0]).range)
            self.expression(n.children[1])
            jump = len(code)
            self.emit(OP_JUMP, self.node(n.children[1]).range)
            if not self.too_large:
                code[jump_if_false][1] = len(code)
            self.expression(n.children[2])
            if not self.too_large:
                code[jump][1] = len(code)
            return
        info = _FUNCTION_INFO.get(n.name)
        op = _FUNCTION_OPS.get(n.name)
        if info is None or op is None:
            known = ", ".join(f[0] for f in FUNCTIONS)
            self.error("unknown_function", n.name_range, "unknown function '" + n.name + "'; the functions are " + known)
        for c in n.children:
            self.expression(c)
        if info is not None and op is not None:
            lo, hi = info[1], info[2]
            if argc < lo or (hi >= 0 and argc > hi):
                expected = "at least " + str(lo) if hi < 0 else str(lo)
                self.error(
                    "arity",
                    n.range,
                    n.name
                    + "() takes "
                    + expected
                    + " argument"
                    + ("" if lo == 1 and hi == 1 else "s")
                    + ", got "
                    + str(argc),
                )
            else:
                self.emit(op, n.range, 0, argc)

    def suggest_module(self, key):
        def last_part(k):
            pos = k.rfind("__")
            return k if pos < 0 else k[pos + 2:]

        def lower(s):
            return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)

        wanted_last = lower(last_part(key))
        for m in self.library.modules:
            if lower(m.key) == lower(key) or lower(last_part(m.key)) == wanted_last:
                return m.key
        return ""

    @staticmethod
    def join_signature(signature):
        if not signature:
            return "no parameters"
        return ", ".join(signature)

    def module_call(self, n):
        key = normalize_module_key(n.name)
        if key not in self.called_keys:
            self.called_keys.append(key)
        callee = self.library.find(key)
        module = self.library.modules[callee] if callee is not None else None
        if callee is None:
            reason = self.library.exclusion_reason(key)
            if reason:
                message = "module '" + key + "' is not used: " + ("its entry is " if reason == "rejected" else "") + reason
            else:
                message = "unknown module '" + key + "'"
                suggestion = self.suggest_module(key)
                if suggestion:
                    message += "; did you mean '" + suggestion + "'?"
                else:
                    message += ": no entry in the database"
            self.error("unknown_module", n.name_range, message)
        slots = []
        bound = [False] * (len(module.signature) if module else 0)
        positional = 0
        for a in n.children:
            argument = self.node(a)
            if argument.kind != N_ARGUMENT or not argument.children:
                self.expression(a)
                slots.append(0)
                continue
            value = argument.children[0]
            slot = None
            if module is not None:
                signature = module.signature
                if argument.name:
                    if argument.name not in signature:
                        self.error(
                            "unknown_parameter",
                            argument.name_range,
                            "'"
                            + module.key
                            + "' has no parameter '"
                            + argument.name
                            + "'; it takes "
                            + self.join_signature(signature),
                        )
                    else:
                        slot = signature.index(argument.name)
                elif positional >= len(signature):
                    self.error(
                        "arity",
                        argument.name_range,
                        "too many arguments: '"
                        + module.key
                        + "' takes "
                        + str(len(signature))
                        + " ("
                        + self.join_signature(signature)
                        + ")",
                    )
                else:
                    slot = positional
            if not argument.name:
                positional += 1
            self.expression(value)
            if slot is not None:
                if bound[slot]:
                    self.error(
                        "arity",
                        self.node(value).range if not argument.name else argument.range,
                        "parameter '" + module.signature[slot] + "' of '" + module.key + "' is bound twice",
                    )
                bound[slot] = True
                slots.append(slot)
            else:
                slots.append(0)
        self.program.calls.append((callee if callee is not None else 0, slots))
        self.emit(OP_CALL, n.range, len(self.program.calls) - 1)


# ---------------------------------------------------------------------------------------------------------------
# Library


class ModuleSpec(object):
    """What the library needs of a database entry: key, parameters, templates (kind -> text), breakdown, status."""

    def __init__(self, key, flop_parameters=(), memory_parameters=(), templates=None, breakdown=(), status="validated"):
        self.key = key
        self.flop_parameters = list(flop_parameters)
        self.memory_parameters = list(memory_parameters)
        self.templates = dict(templates or {})
        self.breakdown = list(breakdown)
        self.status = status


class _Module(object):
    def __init__(self, key):
        self.key = key
        self.signature = []
        self.programs = [None] * len(KINDS)
        self.has_template = [False] * len(KINDS)
        self.called_keys = [[] for _ in KINDS]
        self.parameter_names = [[] for _ in KINDS]
        self.compile_error = [""] * len(KINDS)
        self.breakdown_names = []
        self.breakdown = []
        self.breakdown_called_keys = []
        self.status = "validated"
        self.unreviewed = []


def _kind_index(kind):
    if isinstance(kind, int) and not isinstance(kind, bool) and 0 <= kind < len(KINDS):
        return kind
    if kind in KINDS:
        return KINDS.index(kind)
    if kind in KIND_FIELDS:
        return KIND_FIELDS.index(kind)
    if kind == "matmul":
        return 1
    raise ValueError("unknown kind '%s'; the kinds are %s" % (kind, ", ".join(KINDS)))


class Library(object):
    """The compiled templates of a set of modules, their signatures and the calls between them."""

    def __init__(self, specs, excluded=()):
        self.modules = []
        self.index = {}
        self.excluded = [(normalize_module_key(k), reason) for k, reason in excluded]
        self.diagnostics = []  # (module key, field, FormulaError)
        accepted = []
        for spec in specs:
            m = _Module(normalize_module_key(spec.key))
            if m.key in self.index:
                e = FormulaError("syntax", "module '" + m.key + "' is defined twice; the first definition is used")
                self.diagnostics.append((m.key, "module_path", e))
                continue
            m.signature = list(spec.flop_parameters)
            for name in spec.memory_parameters:
                if name not in m.signature:
                    m.signature.append(name)
            for k, kind in enumerate(KINDS):
                m.has_template[k] = spec.templates.get(kind) is not None
            m.status = spec.status or "validated"
            self.index[m.key] = len(self.modules)
            self.modules.append(m)
            accepted.append(spec)
        for spec, m in zip(accepted, self.modules):
            for k, kind in enumerate(KINDS):
                text = spec.templates.get(kind)
                if text is None:
                    continue
                field = KIND_FIELDS[k]
                out = self._compile_tree(parse(text, m.key + " " + field), m.signature)
                if out.errors:
                    m.compile_error[k] = out.errors[0].message
                for e in out.errors:
                    self.diagnostics.append((m.key, field, e))
                m.programs[k] = out.program
                m.called_keys[k] = out.called_keys
                m.parameter_names[k] = out.parameter_names
            for name, text in spec.breakdown:
                field = "breakdown." + name
                out = self._compile_tree(parse(text, m.key + " " + field), m.signature)
                for e in out.errors:
                    self.diagnostics.append((m.key, field, e))
                m.breakdown_names.append(name)
                m.breakdown.append(out.program)
                for key in out.called_keys:
                    if key not in m.breakdown_called_keys:
                        m.breakdown_called_keys.append(key)
        # What each module's figures rest on that nobody reviewed: itself and everything its templates call.
        callees = []
        for m in self.modules:
            ids = []
            for keys in m.called_keys + [m.breakdown_called_keys]:
                for key in keys:
                    if key in self.index:
                        ids.append(self.index[key])
            callees.append(ids)
        for root, m in enumerate(self.modules):
            seen = set([root])
            stack = [root]
            unreviewed = []
            while stack:
                i = stack.pop()
                if self.modules[i].status != "validated":
                    unreviewed.append(i)
                for c in callees[i]:
                    if c not in seen:
                        seen.add(c)
                        stack.append(c)
            m.unreviewed = sorted(unreviewed)

    def _compile_tree(self, tree, signature):
        return _TreeCompiler(self, tree, signature).run()

    def find(self, key):
        return self.index.get(normalize_module_key(key))

    def exclusion_reason(self, key):
        key = normalize_module_key(key)
        for k, reason in self.excluded:
            if k == key:
                return reason
        return ""

    def compile_formula(self, text, where="formula", signature=None):
        """A free expression; with a signature, its ${names} of the signature are parameters bound by name."""
        out = self._compile_tree(parse(text, where), signature)
        if out.program is not None and signature is not None:
            out.program.signature = list(signature)
        return out


# ---------------------------------------------------------------------------------------------------------------
# Arithmetic: the C++ engine's rules. Each returns (error, value); error is None, "overflow", "division_by_zero"
# or "domain".


def _check_real(v):
    if v != v:
        return "domain", None
    if v in (float("inf"), float("-inf")):
        return "overflow", None
    return None, v


def _int_result(v):
    if INT_MIN <= v <= INT_MAX:
        return None, v
    return "overflow", None


def _add(a, b):
    if type(a) is int and type(b) is int:
        return _int_result(a + b)
    return _check_real(float(a) + float(b))


def _sub(a, b):
    if type(a) is int and type(b) is int:
        return _int_result(a - b)
    return _check_real(float(a) - float(b))


def _mul(a, b):
    if type(a) is int and type(b) is int:
        return _int_result(a * b)
    return _check_real(float(a) * float(b))


def _div(a, b):
    if type(a) is int and type(b) is int:
        if b == 0:
            return "division_by_zero", None
        if a == INT_MIN and b == -1:
            return "overflow", None
        if a % b == 0:
            return None, _trunc_div(a, b)
        return _check_real(float(a) / float(b))
    if float(b) == 0.0:
        return "division_by_zero", None
    return _check_real(float(a) / float(b))


def _trunc_div(x, y):
    q = abs(x) // abs(y)
    return q if (x < 0) == (y < 0) else -q


def _floor_div(a, b):
    if type(a) is int and type(b) is int:
        if b == 0:
            return "division_by_zero", None
        if a == INT_MIN and b == -1:
            return "overflow", None
        return None, a // b
    if float(b) == 0.0:
        return "division_by_zero", None
    q = float(a) / float(b)
    if q != q or q in (float("inf"), float("-inf")):
        return _check_real(q)
    return _check_real(float(math.floor(q)))


def _mod(a, b):
    if type(a) is int and type(b) is int:
        if b == 0:
            return "division_by_zero", None
        if b == -1:
            return None, 0
        return None, a % b
    y = float(b)
    if y == 0.0:
        return "division_by_zero", None
    try:
        r = math.fmod(float(a), y)
    except ValueError:
        return "domain", None
    if r != 0.0 and ((r < 0) != (y < 0)):
        r += y
    return _check_real(r)


def _real_pow(x, y):
    try:
        return _check_real(math.pow(x, y))
    except OverflowError:
        return "overflow", None
    except ValueError:
        return "domain", None


def _power(a, b):
    if type(a) is int and type(b) is int:
        base, exponent = a, b
        if exponent < 0:
            if base == 0:
                return "division_by_zero", None
            return _real_pow(float(base), float(exponent))
        if base == 0 or base == 1:
            return None, (1 if exponent == 0 else base)
        if base == -1:
            return None, (1 if exponent % 2 == 0 else -1)
        if exponent > 127:
            return "overflow", None
        return _int_result(base ** exponent)
    x = float(a)
    y = float(b)
    if x == 0.0 and y < 0:
        return "division_by_zero", None
    if x < 0 and math.floor(y) != y:
        return "domain", None
    return _real_pow(x, y)


def _compare(a, b):
    if type(a) is int and type(b) is int:
        return -1 if a < b else (1 if a > b else 0)
    x = float(a)
    y = float(b)
    return -1 if x < y else (1 if x > y else 0)


def _real_to_int(v):
    if v != v:
        return "domain", None
    if v in (float("inf"), float("-inf")):
        return "overflow", None
    if v >= 1.7e38 or v <= -1.7e38:
        return "overflow", None
    return None, int(v)


_ARITH = {
    OP_ADD: (_add, "+"),
    OP_SUB: (_sub, "-"),
    OP_MUL: (_mul, "*"),
    OP_DIV: (_div, "/"),
    OP_FLOOR_DIV: (_floor_div, "//"),
    OP_MOD: (_mod, "%"),
    OP_POW: (_power, "**"),
}


def to_number(value, name="value"):
    """A Python value as a formula number: bool and int as integers (within the exact range), float as a real."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        value = int(value)
        if not (INT_MIN <= value <= INT_MAX):
            raise FormulaError(
                "overflow",
                "the integer " + str(value) + " given for '" + name + "' is outside the exact range (about \u00b11.7e38)",
            )
        return value
    if isinstance(value, float):
        return float(value)
    raise TypeError("'%s' must be an int or a float, not %s" % (name, type(value).__name__))


# ---------------------------------------------------------------------------------------------------------------
# Evaluator

_UNBOUND = None
_TOP_LEVEL = Program("", "")


def _memo_value(v):
    return (True, v) if type(v) is int else (False, v.hex())


class _Stats(object):
    def __init__(self):
        self.template_evaluations = 0
        self.memo_hits = 0


class Evaluator(object):
    """Evaluates compiled templates against a context (the values every unbound ${name} falls back to). Calls are
    memoized on (module, kind, bound argument values); the memo is dropped whenever the context changes."""

    def __init__(self, library):
        self.library = library
        self.context = {}
        self.memo = {}
        self.memoization = True
        self.stats = _Stats()
        self._chain = []
        self._active = set()
        self._steps = 0

    # Context
    def set_context(self, name, value):
        self.context[name] = to_number(value, name)
        self.memo.clear()

    def unset_context(self, name):
        self.context.pop(name, None)
        self.memo.clear()

    def clear_context(self):
        self.context = {}
        self.memo.clear()

    def replace_context(self, values):
        """Sets the whole context at once; the memo survives when nothing changed."""
        new = {}
        for name, value in values.items():
            new[name] = to_number(value, name)
        if [(k, _memo_value(v)) for k, v in sorted(new.items())] != [
            (k, _memo_value(v)) for k, v in sorted(self.context.items())
        ]:
            self.context = new
            self.memo.clear()

    # Failures
    def _fail(self, kind, program, pc, message):
        r = program.ranges[pc] if pc < len(program.ranges) else (0, 0)
        keys = [self.library.modules[i].key for i in self._chain]
        raise FormulaError(kind, message, program.where, program.text, r, keys)

    def _fail_arith(self, err, program, pc, a, b, op):
        expression = number_to_string(a) + " " + op + " " + number_to_string(b)
        if err == "division_by_zero":
            self._fail("division_by_zero", program, pc, "division by zero (" + expression + ")")
        if err == "overflow":
            self._fail(
                "overflow",
                program,
                pc,
                "overflow: " + expression + " is outside the exact integer range (about \u00b11.7e38) or not finite",
            )
        self._fail("domain", program, pc, "undefined result: " + expression)

    def _reset(self):
        self._steps = 0
        self._chain = []
        self._active = set()

    def _bind_top_level(self, key, signature, bindings):
        frame = [_UNBOUND] * len(signature)
        for name, value in _items(bindings):
            value = to_number(value, name)
            if name not in signature:
                p = Program(name + "=" + number_to_string(value), "arguments")
                p.ranges.append((0, len(_b(p.text))))
                self._fail(
                    "unknown_parameter",
                    p,
                    0,
                    "'" + key + "' takes no parameters; '" + name + "' cannot be bound"
                    if not signature
                    else "'" + key + "' has no parameter '" + name + "'",
                )
            frame[signature.index(name)] = value
        return frame

    # Entry points
    def evaluate(self, module_id, kind, bindings=None):
        """A module's template of one kind; bindings (name -> value) bind its own parameters."""
        k = _kind_index(kind)
        if module_id is None or not (0 <= module_id < len(self.library.modules)):
            raise FormulaError("unknown_module", "no module with id " + str(module_id))
        self._reset()
        m = self.library.modules[module_id]
        frame = self._bind_top_level(m.key, m.signature, bindings)
        return self._invoke(module_id, k, frame, _TOP_LEVEL, 0)

    def evaluate_breakdown(self, module_id, index, bindings=None):
        """One item of a module's FLOP breakdown, bound the same way."""
        self._reset()
        m = self.library.modules[module_id]
        program = m.breakdown[index]
        if program is None:
            raise FormulaError(
                "missing_template",
                "this breakdown item does not compile; run 'lmp db check'",
                m.key + " breakdown." + m.breakdown_names[index],
            )
        frame = self._bind_top_level(m.key, m.signature, bindings)
        self._chain.append(module_id)
        try:
            return self._run(program, m.signature, m.key, frame, 0)
        finally:
            self._chain = []

    def evaluate_program(self, program, kind="flops", bindings=None):
        """A free expression compiled by this evaluator's library (Library.compile)."""
        k = _kind_index(kind)
        self._reset()
        frame = None
        has_owner = False
        if program.signature or bindings:
            frame = self._bind_top_level(program.where, program.signature, bindings)
            has_owner = True
        return self._run(program, program.signature if has_owner else None, program.where, frame, k)

    # The machine
    def _call(self, module_id, k, args, slots, caller, pc):
        m = self.library.modules[module_id]
        frame = [_UNBOUND] * len(m.signature)
        for value, slot in zip(args, slots):
            frame[slot] = value
        return self._invoke(module_id, k, frame, caller, pc)

    def _invoke(self, module_id, k, frame, caller, pc):
        m = self.library.modules[module_id]
        program = m.programs[k]
        if program is None:
            if not m.has_template[k]:
                self._fail(
                    "missing_template",
                    caller,
                    pc,
                    "'"
                    + m.key
                    + "' has no "
                    + KIND_FIELDS[k]
                    + ": its "
                    + KINDS[k]
                    + " are unknown (an entry written before schema 2?)",
                )
            self._fail(
                "missing_template",
                caller,
                pc,
                "the "
                + KIND_FIELDS[k]
                + " of '"
                + m.key
                + "' does not compile"
                + " ("
                + m.compile_error[k]
                + "); run 'lmp db check'",
            )
        active = (module_id, k)
        if active in self._active:
            start = self._chain.index(module_id)
            cycle = "".join(self.library.modules[i].key + " -> " for i in self._chain[start:]) + m.key
            self._fail("cycle", caller, pc, "cycle: " + cycle)
        if len(self._chain) >= MAX_CALL_DEPTH:
            self._fail(
                "depth_limit", caller, pc, "module calls nest deeper than " + str(MAX_CALL_DEPTH) + " levels"
            )
        memo_key = None
        if self.memoization:
            memo_key = (module_id, k, tuple(None if v is None else _memo_value(v) for v in frame))
            hit = self.memo.get(memo_key)
            if hit is not None:
                self.stats.memo_hits += 1
                return hit
        self._active.add(active)
        self._chain.append(module_id)
        self.stats.template_evaluations += 1
        try:
            out = self._run(program, m.signature, m.key, frame, k)
        finally:
            self._chain.pop()
            self._active.discard(active)
        if memo_key is not None:
            self.memo[memo_key] = out
        return out

    def _lookup(self, name):
        return self.context.get(name)

    def _run(self, p, signature, owner_key, frame, k):
        self._steps += len(p.code)
        if self._steps > MAX_STEPS:
            self._fail(
                "size_limit",
                p,
                0,
                "the evaluation runs more than "
                + str(MAX_STEPS)
                + " steps: the templates call each other with too many different arguments",
            )
        stack = []
        push = stack.append
        pop = stack.pop
        code = p.code
        size = len(code)
        pc = 0
        while pc < size:
            op, arg, count = code[pc]
            if op == OP_CONST:
                push(p.constants[arg])
            elif op == OP_PARAM:
                v = frame[arg]
                if v is None:
                    name = signature[arg]
                    v = self.context.get(name)
                    if v is None:
                        self._fail(
                            "unbound_parameter",
                            p,
                            pc,
                            "unbound parameter '"
                            + name
                            + "': the call does not pass it and the context has no value for it",
                        )
                push(v)
            elif op == OP_CONTEXT:
                name = p.context_names[arg]
                v = self.context.get(name)
                if v is None:
                    if signature is not None:
                        message = (
                            "unbound parameter '"
                            + name
                            + "': it is not a parameter of '"
                            + owner_key
                            + "' and the context has no value for it"
                        )
                    else:
                        message = "unbound parameter '" + name + "': give it a value (-p " + name + "=...)"
                    self._fail("unbound_parameter", p, pc, message)
                push(v)
            elif op == OP_NEG:
                v = stack[-1]
                if type(v) is int:
                    if v == INT_MIN:
                        self._fail("overflow", p, pc, "overflow in negation")
                    stack[-1] = -v
                else:
                    stack[-1] = -v
            elif op in _ARITH:
                b = pop()
                a = stack[-1]
                func, symbol = _ARITH[op]
                err, result = func(a, b)
                if err is not None:
                    self._fail_arith(err, p, pc, a, b, symbol)
                stack[-1] = result
            elif OP_LT <= op <= OP_NE:
                b = pop()
                c = _compare(stack[-1], b)
                if op == OP_LT:
                    r = c < 0
                elif op == OP_LE:
                    r = c <= 0
                elif op == OP_GT:
                    r = c > 0
                elif op == OP_GE:
                    r = c >= 0
                elif op == OP_EQ:
                    r = c == 0
                else:
                    r = c != 0
                stack[-1] = 1 if r else 0
            elif op == OP_JUMP_IF_FALSE:
                v = pop()
                if v == 0:
                    pc = arg
                    continue
            elif op == OP_JUMP:
                pc = arg
                continue
            elif op == OP_CALL:
                callee, slots = p.calls[arg]
                argc = len(slots)
                if argc:
                    args = stack[-argc:]
                    del stack[-argc:]
                else:
                    args = []
                push(self._call(callee, k, args, slots, p, pc))
            elif op == OP_MIN or op == OP_MAX:
                first = stack[-count:]
                del stack[-count:]
                best = first[0]
                for v in first[1:]:
                    c = _compare(v, best)
                    if (c < 0) if op == OP_MIN else (c > 0):
                        best = v
                push(best)
            elif op == OP_CEIL or op == OP_FLOOR:
                v = stack[-1]
                if type(v) is not int:
                    try:
                        rounded = float(math.ceil(v) if op == OP_CEIL else math.floor(v))
                    except (OverflowError, ValueError):
                        rounded = v
                    err, result = _real_to_int(rounded)
                    if err is not None:
                        self._fail(
                            "overflow", p, pc, "overflow: " + number_to_string(v) + " has no integer in the exact range"
                        )
                    stack[-1] = result
            elif op == OP_CEIL_DIV:
                b = pop()
                a = stack[-1]
                if type(a) is int and type(b) is int:
                    if a == INT_MIN:
                        self._fail("overflow", p, pc, "overflow in ceil_div")
                    err, result = _floor_div(-a, b)
                    if err is None:
                        result = -result
                else:
                    err, result = _div(a, b)
                    if err is None:
                        try:
                            rounded = float(math.ceil(result))
                        except (OverflowError, ValueError):
                            rounded = result
                        err, result = _real_to_int(rounded)
                if err is not None:
                    self._fail_arith(err, p, pc, a, b, "ceil_div")
                stack[-1] = result
            elif op == OP_LOG2:
                v = stack[-1]
                if float(v) <= 0:
                    self._fail("domain", p, pc, "log2 of " + number_to_string(v) + " is undefined (not positive)")
                stack[-1] = math.log2(float(v))
            elif op == OP_SQRT:
                v = stack[-1]
                if float(v) < 0:
                    self._fail("domain", p, pc, "sqrt of negative " + number_to_string(v) + " is undefined")
                stack[-1] = math.sqrt(float(v))
            pc += 1
        return stack[0]


def default_context(batch=1, seq=2048, past=0, w_bytes=2, a_bytes=2, kv_bytes=2, eager_attention=False,
                    causal_half=False, logits_last_only=False, images=0, image_height=1024, image_width=1024):
    """The context an analysis gives every template (lmp analyze's defaults: one sequence of 2048 new tokens, bf16
    weights, activations and KV cache, SDPA attention)."""
    tokens = batch * seq
    return {
        "B": batch,
        "S": seq,
        "P": past,
        "S_kv": past + seq,
        "T": tokens,
        "N": tokens,
        "w_bytes": w_bytes,
        "a_bytes": a_bytes,
        "kv_bytes": kv_bytes,
        "dtype_bytes": a_bytes,
        "attn_eager": 1 if eager_attention else 0,
        "causal_half": 1 if causal_half else 0,
        "logits_tokens": batch if logits_last_only else tokens,
        "pos_batch": 1,
        "images": images,
        "image_height": image_height,
        "image_width": image_width,
    }


def _items(bindings):
    if bindings is None:
        return []
    if isinstance(bindings, dict):
        return list(bindings.items())
    return list(bindings)
