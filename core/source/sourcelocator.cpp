// SPDX-License-Identifier: GPL-3.0-or-later
#include "sourcelocator.h"

#include <QByteArrayMatcher>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QProcess>
#include <QRegularExpression>
#include <QStringDecoder>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <utility>
#include <vector>

namespace lmp::source {

namespace {

// The search for a re-exported class reads at most this many bytes in all.
constexpr qint64 kMaxSearchedBytes = 64 * 1024 * 1024;
// A not-found message lists at most this many of the paths tried.
constexpr int kMaxTriedListed = 30;

QString normalizeLineEnds(QString text)
{
    if (!text.contains(u'\r'))
        return text;
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    text.replace(u'\r', u'\n');
    return text;
}

bool isIdentifierStart(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
}

bool isIdentifierChar(QChar c)
{
    return isIdentifierStart(c) || (c >= u'0' && c <= u'9');
}

// Whether code (a statement, indentation removed) starts with `keyword name` followed by a non-identifier
// character: "class LlamaMLP(nn.Module):" for ("class", "LlamaMLP").
bool startsStatement(QStringView code, QLatin1StringView keyword, QStringView name)
{
    if (!code.startsWith(keyword))
        return false;
    qsizetype pos = keyword.size();
    const qsizetype spaceStart = pos;
    while (pos < code.size() && (code[pos] == u' ' || code[pos] == u'\t' || code[pos] == u'\f'))
        ++pos;
    if (pos == spaceStart || !code.mid(pos).startsWith(name))
        return false;
    pos += name.size();
    return pos == code.size() || !isIdentifierChar(code[pos]);
}

bool isDefinition(QStringView code, QStringView name)
{
    if (code.startsWith(QLatin1StringView("async"))) {
        const QStringView rest = code.mid(5);
        if (!rest.isEmpty() && (rest[0] == u' ' || rest[0] == u'\t'))
            code = rest.trimmed();
    }
    return startsStatement(code, QLatin1StringView("def"), name);
}

// The physical lines of Python source and how they group into logical lines. Strings (triple-quoted ones across
// lines), brackets and backslash continuations are followed, so that a docstring's unindented line or the ")"
// closing a multi-line signature is not taken for a statement.
class PythonLines
{
public:
    enum class Kind { Code, Blank, Comment, Continuation };
    struct Line
    {
        Kind kind = Kind::Blank;
        int indent = 0; // columns, tabs to the next multiple of 8 (Code and Comment lines)
        qsizetype column = 0; // index of the first character after the indentation
        int end = 0; // Code lines: index of the logical line's last physical line
        int start = 0; // Continuation lines: index of the logical line's first physical line
    };

    explicit PythonLines(const QString& text);

    int count() const { return int(m_lines.size()); }
    const Line& info(int i) const { return m_info[std::size_t(i)]; }
    // A Code line from its indentation on.
    QStringView code(int i) const { return QStringView(m_lines[i]).mid(m_info[std::size_t(i)].column); }
    // [first, last] (0-based) of the block whose statement is the Code line i: its decorators above, then every
    // following line up to the last one before a statement indented at or below i's. Blank lines and comments
    // at or below that indentation at its end are left out.
    std::pair<int, int> blockExtent(int i) const;

private:
    QStringList m_lines;
    std::vector<Line> m_info;
};

PythonLines::PythonLines(const QString& text)
    : m_lines(text.split(u'\n'))
    , m_info(std::size_t(m_lines.size()))
{
    int depth = 0; // open brackets
    QChar quote; // the quote of an open string; null outside strings
    bool triple = false; // the open string is triple-quoted
    bool continued = false; // the previous line ended in a backslash (or a string escaped its line end)
    int logical = 0; // the first line of the current logical line
    for (int i = 0; i < count(); ++i) {
        const QString& s = m_lines[i];
        Line& line = m_info[std::size_t(i)];
        qsizetype pos = 0;
        if (depth == 0 && quote.isNull() && !continued) {
            int indent = 0;
            while (pos < s.size()) {
                if (s[pos] == u' ')
                    ++indent;
                else if (s[pos] == u'\t')
                    indent = (indent / 8 + 1) * 8;
                else if (s[pos] == u'\f')
                    indent = 0; // as Python's tokenizer does
                else
                    break;
                ++pos;
            }
            line.indent = indent;
            line.column = pos;
            if (pos == s.size()) {
                line.kind = Kind::Blank;
                continue;
            }
            if (s[pos] == u'#') {
                line.kind = Kind::Comment;
                continue;
            }
            line.kind = Kind::Code;
            logical = i;
        } else {
            line.kind = Kind::Continuation;
            line.start = logical;
        }
        m_info[std::size_t(logical)].end = i;
        continued = false;
        while (pos < s.size()) {
            const QChar c = s[pos];
            if (!quote.isNull()) {
                if (c == u'\\') {
                    // An escape; at the line's end it continues a single-quoted string on the next line.
                    if (pos + 1 == s.size())
                        continued = true;
                    pos += 2;
                } else if (c == quote && !triple) {
                    quote = QChar();
                    ++pos;
                } else if (c == quote && pos + 2 < s.size() && s[pos + 1] == quote && s[pos + 2] == quote) {
                    quote = QChar();
                    pos += 3;
                } else {
                    ++pos;
                }
                continue;
            }
            if (c == u'#')
                break;
            if (c == u'\'' || c == u'"') {
                triple = pos + 2 < s.size() && s[pos + 1] == c && s[pos + 2] == c;
                quote = c;
                pos += triple ? 3 : 1;
                continue;
            }
            if (c == u'(' || c == u'[' || c == u'{')
                ++depth;
            else if (c == u')' || c == u']' || c == u'}')
                depth = std::max(0, depth - 1);
            else if (c == u'\\' && pos + 1 == s.size())
                continued = true;
            ++pos;
        }
        // A single-quoted string ends with its line unless an escape continued it (else the line is a syntax
        // error; ending the string there keeps the rest of the file readable).
        if (!quote.isNull() && !triple && !continued)
            quote = QChar();
    }
}

std::pair<int, int> PythonLines::blockExtent(int i) const
{
    const int indent = info(i).indent;
    int first = i;
    // Decorators: statements just above at the same indentation that start with '@'; comments may sit between.
    for (int j = i - 1; j >= 0; --j) {
        const int s = info(j).kind == Kind::Continuation ? info(j).start : j;
        const Line& above = info(s);
        if (above.kind == Kind::Comment) {
            j = s;
            continue;
        }
        if (above.kind != Kind::Code || above.indent != indent || !code(s).startsWith(u'@'))
            break;
        first = s;
        j = s;
    }
    int last = info(i).end;
    for (int j = last + 1; j < count(); ++j) {
        const Line& line = info(j);
        if (line.kind == Kind::Blank || line.kind == Kind::Continuation)
            continue;
        if (line.kind == Kind::Comment) {
            if (line.indent > indent)
                last = j;
            continue;
        }
        if (line.indent <= indent)
            break;
        last = line.end;
        j = line.end;
    }
    return { first, last };
}

// The file a code_location names, as a clean relative path ("src/transformers/models/llama/modeling_llama.py");
// nullopt when it is absolute, climbs out with "..", or is not a Python file.
std::optional<QString> cleanRelativePath(QString file)
{
    file.replace(u'\\', u'/');
    file = QDir::cleanPath(file.trimmed());
    while (file.startsWith(QStringLiteral("./")))
        file.remove(0, 2);
    if (file.isEmpty() || QDir::isAbsolutePath(file) || file.startsWith(u'/') || file.contains(u':'))
        return std::nullopt;
    if (file == QStringLiteral("..") || file.startsWith(QStringLiteral("../")))
        return std::nullopt; // cleanPath leaves ".." only at the start
    if (!file.endsWith(QStringLiteral(".py")) && !file.endsWith(QStringLiteral(".pyi")))
        return std::nullopt;
    return file;
}

// "torch.nn.Linear" -> {torch, nn, Linear}; a database key ("torch__nn__Linear") is read as the path it stands for.
QStringList modulePathParts(const QString& modulePath)
{
    const QString path = modulePath.trimmed();
    if (!path.contains(u'.') && path.contains(QStringLiteral("__")))
        return path.split(QStringLiteral("__"), Qt::SkipEmptyParts);
    return path.split(u'.');
}

QByteArray readSmallFile(const QString& path, qint64 maxBytes = 64 * 1024)
{
    if (!QFileInfo(path).isFile())
        return {};
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.read(maxBytes);
}

bool isHash(const QString& text)
{
    if (text.size() != 40 && text.size() != 64) // SHA-1, SHA-256 repositories
        return false;
    return std::all_of(text.begin(), text.end(),
        [](QChar c) { return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F'); });
}

bool isFile(const QString& path)
{
    return QFileInfo(path).isFile();
}

// "Typing-Extensions" and "typing_extensions" name the same distribution (PEP 503, with '_' as dist-info has it).
QString distributionName(const QString& name)
{
    QString out;
    for (const QChar c : name.toLower()) {
        const bool separator = c == u'-' || c == u'_' || c == u'.';
        if (!separator)
            out += c;
        else if (!out.endsWith(u'_'))
            out += u'_';
    }
    return out;
}

std::optional<QString> metadataVersion(const QByteArray& metadata)
{
    const QRegularExpression version(
        QStringLiteral("^Version:[ \\t]*(\\S+)[ \\t]*$"), QRegularExpression::MultilineOption);
    const auto m = version.match(QString::fromUtf8(metadata));
    if (m.hasMatch())
        return m.captured(1);
    return std::nullopt;
}

std::optional<QString> dunderVersion(const QString& file)
{
    const QRegularExpression version(
        QStringLiteral("^__version__[ \\t]*(?::[ \\t]*str[ \\t]*)?=[ \\t]*['\"]([^'\"\\n]+)['\"]"),
        QRegularExpression::MultilineOption);
    const auto m = version.match(QString::fromUtf8(readSmallFile(file, 1024 * 1024)));
    if (m.hasMatch())
        return m.captured(1);
    return std::nullopt;
}

// Whether a Python file's coding declaration (first two lines) names Latin-1.
bool declaresLatin1(const QByteArray& bytes)
{
    const QRegularExpression cookie(QStringLiteral("^[ \\t\\f]*#.*?coding[:=][ \\t]*([-\\w.]+)"));
    const QList<QByteArray> lines = bytes.left(4096).split('\n');
    for (int i = 0; i < std::min<qsizetype>(2, lines.size()); ++i) {
        const auto m = cookie.match(QString::fromLatin1(lines[i]));
        if (m.hasMatch()) {
            const QString name = m.captured(1).toLower().replace(u'_', u'-');
            return name == QStringLiteral("latin-1") || name == QStringLiteral("latin1")
                || name == QStringLiteral("iso-8859-1") || name == QStringLiteral("iso8859-1")
                || name == QStringLiteral("iso-latin-1") || name == QStringLiteral("l1");
        }
    }
    return false;
}

QString joinPath(const QString& a, const QString& b)
{
    return QDir::cleanPath(a + u'/' + b);
}

void appendUnique(QStringList& list, const QString& path)
{
    if (!list.contains(path))
        list << path;
}

// The .py files under folder, sorted; at most limit + 1 (one more tells the caller that the limit cut the list).
QStringList pythonFilesUnder(const QString& folder, int limit)
{
    QStringList files;
    // Symbolic links are not followed into folders: a link cycle cannot make the search endless.
    QDirIterator it(folder, { QStringLiteral("*.py") }, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext() && files.size() <= limit)
        files << it.next();
    files.sort();
    return files;
}

struct FolderCache
{
    QMutex mutex;
    QHash<QString, std::optional<QString>> answers; // interpreter + '\0' + package
};

FolderCache& folderCache()
{
    static FolderCache cache;
    return cache;
}

} // namespace

CodeLocation codeLocationOf(const nlohmann::ordered_json& entry)
{
    CodeLocation location;
    if (!entry.is_object())
        return location;
    const auto it = entry.find("code_location");
    if (it == entry.end() || !it->is_object())
        return location;
    const auto text = [&](const char* key) {
        const auto field = it->find(key);
        return field != it->end() && field->is_string() ? QString::fromStdString(field->get<std::string>()) : QString();
    };
    const auto line = [&](const char* key) {
        const auto field = it->find(key);
        if (field == it->end())
            return 0;
        if (field->is_number_unsigned())
            return int(std::min<std::uint64_t>(field->get<std::uint64_t>(), INT_MAX));
        if (field->is_number_integer())
            return int(std::clamp<std::int64_t>(field->get<std::int64_t>(), 0, INT_MAX));
        return 0;
    };
    location.file = text("file");
    location.lineStart = line("line_start");
    location.lineEnd = line("line_end");
    location.commit = text("commit");
    return location;
}

ClassMatch findClass(const QString& text, const QString& className, int recordedStart, int recordedEnd)
{
    ClassMatch match;
    if (!isIdentifier(className))
        return match;
    const PythonLines lines(normalizeLineEnds(text));
    std::vector<int> candidates; // 0-based lines of `class className` statements
    for (int i = 0; i < lines.count(); ++i) {
        if (lines.info(i).kind == PythonLines::Kind::Code
            && startsStatement(lines.code(i), QLatin1StringView("class"), className))
            candidates.push_back(i);
    }
    if (candidates.empty())
        return match;

    int chosen = -1;
    bool keepRecorded = false; // the recorded lines hold the class statement
    bool insideClass = false; // the recorded lines lie inside the class (a record of its forward only)
    if (recordedStart > 0) {
        const int rs = recordedStart - 1;
        const int re = std::max(recordedEnd, recordedStart) - 1;
        for (int c : candidates) {
            // The record holds the class when the class statement lies in it and nothing but the class's own
            // decorators, comments and blank lines come before it there: a record that starts in the class above
            // and merely reaches this one drifted.
            if (c < rs || c > re)
                continue;
            const int first = lines.blockExtent(c).first;
            bool holds = true;
            for (int j = rs; holds && j < first; ++j)
                holds =
                    lines.info(j).kind == PythonLines::Kind::Blank || lines.info(j).kind == PythonLines::Kind::Comment;
            if (holds) {
                chosen = c;
                keepRecorded = true;
                break;
            }
        }
        for (std::size_t k = 0; chosen < 0 && k < candidates.size(); ++k) {
            const auto [first, last] = lines.blockExtent(candidates[k]);
            if (first <= rs && re <= last) {
                chosen = candidates[k];
                insideClass = true;
            }
        }
        if (chosen < 0) {
            // Drifted: the definition nearest to where it was recorded (a file may define a name twice, under
            // `if TYPE_CHECKING:` or for two versions of a library).
            chosen = *std::min_element(candidates.begin(), candidates.end(),
                [rs](int a, int b) { return std::abs(a - rs) < std::abs(b - rs); });
        }
    } else {
        chosen = candidates.front();
    }

    const auto [first, last] = lines.blockExtent(chosen);
    match.found = true;
    if (keepRecorded) {
        match.classStart = recordedStart;
        match.classEnd = std::min(std::max(recordedEnd, recordedStart), lines.count());
    } else {
        match.classStart = first + 1;
        match.classEnd = last + 1;
        if (recordedStart > 0 && !insideClass) {
            match.drifted = true;
            match.drift = match.classStart - recordedStart;
        }
    }

    // forward: a def at the body's own indentation (that of the first statement after the class statement), so a
    // nested class's or function's forward is not taken for it.
    const int headerEnd = lines.info(chosen).end;
    int bodyIndent = -1;
    for (int j = headerEnd + 1; j <= last; ++j) {
        if (lines.info(j).kind == PythonLines::Kind::Code) {
            bodyIndent = lines.info(j).indent;
            break;
        }
    }
    for (int j = headerEnd + 1; bodyIndent >= 0 && j <= last; ++j) {
        const auto& line = lines.info(j);
        if (line.kind == PythonLines::Kind::Code && line.indent == bodyIndent
            && isDefinition(lines.code(j), QStringView(u"forward"))) {
            const auto [forwardFirst, forwardLast] = lines.blockExtent(j);
            match.forwardStart = forwardFirst + 1;
            match.forwardEnd = forwardLast + 1;
            break;
        }
    }
    return match;
}

SourceText readSourceFile(const QString& path, qint64 maxBytes)
{
    SourceText out;
    const QFileInfo info(path);
    if (!info.exists()) {
        out.message = QStringLiteral("%1 does not exist").arg(path);
        return out;
    }
    if (!info.isFile()) {
        out.message = QStringLiteral("%1 is not a regular file").arg(path);
        return out;
    }
    const auto tooLarge = [&](qint64 size) {
        return QStringLiteral("%1 is %2 MiB, larger than the %3 MiB a source file may have here; not read")
            .arg(path)
            .arg(double(size) / (1024 * 1024), 0, 'f', 1)
            .arg(double(maxBytes) / (1024 * 1024), 0, 'f', 0);
    };
    if (info.size() > maxBytes) {
        out.message = tooLarge(info.size());
        return out;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        out.message = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return out;
    }
    const QByteArray bytes = f.read(maxBytes + 1);
    if (bytes.size() > maxBytes) { // it grew since stat()
        out.message = tooLarge(bytes.size());
        return out;
    }
    return decodeSource(bytes, path);
}

SourceText decodeSource(const QByteArray& bytes, const QString& origin)
{
    SourceText out;
    // Stateless: an incomplete sequence at the end is an error, not something kept for more input.
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = utf8.decode(bytes);
    if (utf8.hasError()) {
        if (declaresLatin1(bytes)) {
            text = QString::fromLatin1(bytes);
        } else {
            out.message = QStringLiteral("%1 is not valid UTF-8: bytes that are not are shown as %2")
                              .arg(origin, QString(QChar(0xFFFD)));
        }
    }
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    out.text = normalizeLineEnds(std::move(text));
    out.ok = true;
    return out;
}

std::optional<GitHead> readGitHead(const QString& checkout)
{
    const QDir root(checkout);
    const QString dotGit = root.filePath(QStringLiteral(".git"));
    const QFileInfo dotGitInfo(dotGit);
    QString gitDir;
    if (dotGitInfo.isDir()) {
        gitDir = dotGit;
    } else if (dotGitInfo.isFile()) {
        // A linked worktree or a submodule: ".git" is a file "gitdir: <path>".
        const QString content = QString::fromUtf8(readSmallFile(dotGit)).trimmed();
        if (!content.startsWith(QStringLiteral("gitdir:")))
            return std::nullopt;
        gitDir = QDir::cleanPath(root.absoluteFilePath(content.mid(7).trimmed()));
    } else {
        return std::nullopt;
    }
    // A linked worktree keeps its HEAD in its own gitdir and shares the refs of the "commondir" it names.
    QString commonDir = gitDir;
    const QString common = QString::fromUtf8(readSmallFile(gitDir + QStringLiteral("/commondir"))).trimmed();
    if (!common.isEmpty())
        commonDir = QDir::cleanPath(QDir(gitDir).absoluteFilePath(common));

    const QString head = QString::fromUtf8(readSmallFile(gitDir + QStringLiteral("/HEAD"))).trimmed();
    if (head.isEmpty())
        return std::nullopt;
    GitHead result;
    if (isHash(head)) { // detached
        result.commit = head.toLower();
        return result;
    }
    if (!head.startsWith(QStringLiteral("ref:")))
        return std::nullopt;
    const QString ref = head.mid(4).trimmed();
    if (!ref.startsWith(QStringLiteral("refs/")) || ref.contains(QStringLiteral("..")) || ref.contains(u'\\'))
        return std::nullopt;
    if (ref.startsWith(QStringLiteral("refs/heads/")))
        result.branch = ref.mid(11);
    for (const QString& dir : { gitDir, commonDir }) {
        const QString commit = QString::fromUtf8(readSmallFile(dir + u'/' + ref)).trimmed();
        if (isHash(commit)) {
            result.commit = commit.toLower();
            return result;
        }
    }
    // Refs that git gc packed: "<hash> <ref>" lines of packed-refs.
    QFile packed(commonDir + QStringLiteral("/packed-refs"));
    if (QFileInfo(packed).isFile() && packed.open(QIODevice::ReadOnly)) {
        const QByteArray wanted = ref.toUtf8();
        while (!packed.atEnd()) {
            const QByteArray line = packed.readLine(4096).trimmed();
            const qsizetype space = line.indexOf(' ');
            if (line.startsWith('#') || line.startsWith('^') || space < 0 || line.mid(space + 1) != wanted)
                continue;
            const QString commit = QString::fromLatin1(line.left(space));
            if (isHash(commit))
                result.commit = commit.toLower();
            break;
        }
    }
    return result; // without a commit: a branch that has none yet
}

bool sameCommit(const QString& a, const QString& b)
{
    const QString x = a.trimmed().toLower();
    const QString y = b.trimmed().toLower();
    if (std::min(x.size(), y.size()) < 7)
        return false;
    return x.size() <= y.size() ? y.startsWith(x) : x.startsWith(y);
}

std::optional<QString> packageVersion(const QString& packageFolder)
{
    const QFileInfo info(QDir::cleanPath(QDir(packageFolder).absolutePath()));
    const QString wanted = distributionName(info.fileName());
    // <name>-<version>.dist-info (METADATA), <name>-<version>[-py3.x].egg-info or an editable <name>.egg-info
    // (PKG-INFO, or the file itself).
    QStringList versions;
    const auto entries = info.dir().entryInfoList({ QStringLiteral("*.dist-info"), QStringLiteral("*.egg-info") },
        QDir::Dirs | QDir::Files | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo& entry : entries) {
        const bool distInfo = entry.fileName().endsWith(QStringLiteral(".dist-info"));
        const QString stem = entry.fileName().chopped(distInfo ? 10 : 9); // without ".dist-info", ".egg-info"
        const qsizetype dash = stem.indexOf(u'-');
        if (distributionName(dash < 0 ? stem : stem.left(dash)) != wanted)
            continue;
        const QString metadata = !entry.isDir()
            ? entry.filePath()
            : entry.filePath() + (distInfo ? QStringLiteral("/METADATA") : QStringLiteral("/PKG-INFO"));
        std::optional<QString> version = metadataVersion(readSmallFile(metadata));
        if (!version && dash >= 0)
            version = stem.mid(dash + 1).section(u'-', 0, 0);
        if (version && !version->isEmpty() && !versions.contains(*version))
            versions << *version;
    }
    if (versions.size() == 1)
        return versions.front();
    // None, or several left behind by upgrades: the package's own __version__ decides.
    for (const char* name : { "__init__.py", "version.py", "_version.py" }) {
        if (auto version = dunderVersion(info.filePath() + u'/' + QLatin1StringView(name)))
            return version;
    }
    if (!versions.isEmpty())
        return versions.front();
    return std::nullopt;
}

QString SourceVersion::describe() const
{
    QString what;
    if (!package.isEmpty())
        what = version.isEmpty() ? QString(package + QStringLiteral(", version unknown"))
                                 : QString(package + u' ' + version);
    if (!commit.isEmpty() || checkout) {
        const QString git = commit.isEmpty() ? QStringLiteral("git checkout without commits")
                                             : QString(QStringLiteral("git checkout at ") + commit.left(8));
        what = what.isEmpty() ? git : QString(what + QStringLiteral(", ") + git);
    }
    if (what.isEmpty())
        what = QStringLiteral("version unknown");
    return what + QStringLiteral(" (") + QDir::toNativeSeparators(folder) + u')';
}

SourceVersion sourceVersion(const QString& root, const QString& file)
{
    SourceVersion v;
    const QString rootPath = QDir::cleanPath(QDir(root).absolutePath());
    const QString filePath = QDir::cleanPath(QFileInfo(file).absoluteFilePath());
    // A checkout: the root, or the repository above a root that is its src/ folder.
    QString checkout;
    if (auto head = readGitHead(rootPath)) {
        checkout = rootPath;
        v.commit = head->commit;
    } else if (QFileInfo(rootPath).fileName() == QStringLiteral("src")) {
        const QString repository = QFileInfo(rootPath).path();
        if (auto above = readGitHead(repository)) {
            checkout = repository;
            v.commit = above->commit;
        }
    }
    v.checkout = !checkout.isEmpty();
    // The package folder: the root when it is one, else the package the file is in under the root or its src/.
    QString package;
    if (isFile(rootPath + QStringLiteral("/__init__.py"))) {
        package = rootPath;
    } else {
        const QString relative = QDir(rootPath).relativeFilePath(filePath);
        const QStringList parts = relative.split(u'/');
        if (!relative.startsWith(QStringLiteral(".."))) {
            if (parts.size() > 2 && parts[0] == QStringLiteral("src")
                && isFile(rootPath + QStringLiteral("/src/") + parts[1] + QStringLiteral("/__init__.py")))
                package = rootPath + QStringLiteral("/src/") + parts[1];
            else if (parts.size() > 1 && isFile(rootPath + u'/' + parts[0] + QStringLiteral("/__init__.py")))
                package = rootPath + u'/' + parts[0];
        }
    }
    if (!package.isEmpty()) {
        v.package = QFileInfo(package).fileName();
        v.version = packageVersion(package).value_or(QString());
    }
    v.folder = !checkout.isEmpty() ? checkout : !package.isEmpty() ? package : rootPath;
    return v;
}

bool isIdentifier(const QString& text)
{
    if (text.isEmpty() || text.size() > 100 || !isIdentifierStart(text[0]))
        return false;
    return std::all_of(text.begin(), text.end(), isIdentifierChar);
}

std::optional<QString> packageFolder(const QString& pythonExecutable, const QString& package, int timeoutMs)
{
    // The package name goes to the interpreter as an argument of a fixed program; it must still be a plain name,
    // so that nothing but a top-level find_spec (which imports nothing) ever happens.
    if (pythonExecutable.isEmpty() || !isIdentifier(package) || timeoutMs <= 0)
        return std::nullopt;
    FolderCache& cache = folderCache();
    const QString key = pythonExecutable + QChar(0) + package;
    {
        QMutexLocker lock(&cache.mutex);
        const auto it = cache.answers.constFind(key);
        if (it != cache.answers.constEnd())
            return *it;
    }

    static const QString program =
        QStringLiteral("import importlib.util,sys; s=importlib.util.find_spec(sys.argv[1]); "
                       "print(s.submodule_search_locations[0] if s and s.submodule_search_locations else '')");
    QProcess process;
    process.setProgram(pythonExecutable);
    // -I: isolated, no PYTHON* variables, no user site-packages, no working directory on sys.path.
    process.setArguments({ QStringLiteral("-I"), QStringLiteral("-c"), program, package });
    process.setStandardInputFile(QProcess::nullDevice());
    process.setWorkingDirectory(QDir::rootPath());
    QElapsedTimer clock;
    clock.start();
    const auto remaining = [&] { return int(std::max<qint64>(0, timeoutMs - clock.elapsed())); };
    const auto giveUp = [&] {
        process.kill();
        process.waitForFinished(1000);
        return std::nullopt;
    };
    process.start(QIODevice::ReadOnly);
    if (!process.waitForStarted(remaining()) || !process.waitForFinished(remaining()))
        return giveUp();
    // A crash or an error may not recur: only answers of runs that ended normally are kept.
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return std::nullopt;
    QString folder = QString::fromUtf8(process.readAllStandardOutput().left(64 * 1024)).section(u'\n', 0, 0);
    if (folder.endsWith(u'\r'))
        folder.chop(1);
    std::optional<QString> answer;
    if (!folder.isEmpty() && QDir::isAbsolutePath(folder) && QFileInfo(folder).isDir())
        answer = QDir::cleanPath(folder);
    QMutexLocker lock(&cache.mutex);
    cache.answers.insert(key, answer);
    return answer;
}

void clearPackageFolderCache()
{
    FolderCache& cache = folderCache();
    QMutexLocker lock(&cache.mutex);
    cache.answers.clear();
}

std::optional<SourceRoot> interpreterRoot(const QString& pythonExecutable, const QString& modulePath, int timeoutMs)
{
    const QStringList parts = modulePathParts(modulePath);
    if (parts.isEmpty())
        return std::nullopt;
    const auto folder = packageFolder(pythonExecutable, parts.front(), timeoutMs);
    if (!folder)
        return std::nullopt;
    return SourceRoot { *folder, QStringLiteral("%1 (as %2 finds it)").arg(parts.front(), pythonExecutable) };
}

SourceLookup locateClass(const QString& modulePath, const CodeLocation& location, const QList<SourceRoot>& roots)
{
    SourceLookup out;
    const QStringList parts = modulePathParts(modulePath);
    out.className = parts.isEmpty() ? QString() : parts.last();
    if (!isIdentifier(out.className)) {
        out.message = QStringLiteral("The module path '%1' does not end in a class name.").arg(modulePath);
        return out;
    }
    const bool dotted = std::all_of(parts.begin(), parts.end(), isIdentifier);
    const int recordedStart = std::max(0, location.lineStart);
    const int recordedEnd = recordedStart > 0 ? std::max(location.lineEnd, recordedStart) : 0;
    QStringList notes;
    const std::optional<QString> recorded = cleanRelativePath(location.file);
    if (!location.file.isEmpty() && !recorded) {
        notes << QStringLiteral("The recorded file '%1' is not a relative path to a .py file; it was ignored.")
                     .arg(location.file);
    }
    // The recorded file without a leading "src/": the part an installed package has too.
    const QString recordedTail = !recorded             ? QString()
        : recorded->startsWith(QStringLiteral("src/")) ? recorded->mid(4)
                                                       : *recorded;
    if (roots.isEmpty()) {
        out.message = QStringLiteral("No source folders are configured: add a git checkout (of transformers, of "
                                     "PyTorch), an installed package folder or a site-packages folder.");
        return out;
    }

    QStringList tried; // "path: outcome"
    QString lackingFile; // the first file that exists but does not define the class
    qint64 searchedBytes = 0;
    for (const SourceRoot& root : roots) {
        const QString rootPath = QDir::cleanPath(QDir(root.path).absolutePath());
        if (!QFileInfo(rootPath).isDir()) {
            tried << QStringLiteral("%1: not a folder").arg(rootPath);
            continue;
        }
        const QString rootName = QFileInfo(rootPath).fileName();
        QStringList candidates;
        if (recorded) {
            appendUnique(candidates, joinPath(rootPath, *recorded));
            appendUnique(candidates, joinPath(rootPath, recordedTail));
            // The root is the package folder itself (site-packages/transformers): drop the package's name.
            if (recordedTail.section(u'/', 0, 0) == rootName && recordedTail.contains(u'/'))
                appendUnique(candidates, joinPath(rootPath, recordedTail.section(u'/', 1)));
        }
        QStringList moduleFiles; // pkg/sub/mod.py of the dotted path, wherever it may lie under this root
        if (dotted && parts.size() >= 2) {
            const QString module = parts.mid(0, parts.size() - 1).join(u'/');
            QStringList bases { rootPath, rootPath + QStringLiteral("/src") };
            QStringList relatives { module + QStringLiteral(".py"), module + QStringLiteral("/__init__.py") };
            for (const QString& base : bases) {
                for (const QString& relative : relatives) {
                    appendUnique(candidates, joinPath(base, relative));
                    if (relative.endsWith(QStringLiteral(".py")) && !relative.endsWith(QStringLiteral("__init__.py")))
                        moduleFiles << joinPath(base, relative);
                }
            }
            if (rootName == parts.front() && parts.size() >= 3) {
                const QString inside = parts.mid(1, parts.size() - 2).join(u'/');
                appendUnique(candidates, joinPath(rootPath, inside + QStringLiteral(".py")));
                appendUnique(candidates, joinPath(rootPath, inside + QStringLiteral("/__init__.py")));
                moduleFiles << joinPath(rootPath, inside + QStringLiteral(".py"));
            }
        }

        // searching: a file of the search for a re-export, which may well lack the class; only read errors count.
        const auto tryFile = [&](const QString& file, bool searching) -> bool {
            if (!QFileInfo::exists(file)) {
                if (!searching)
                    tried << QStringLiteral("%1: missing").arg(file);
                return false;
            }
            SourceText source = readSourceFile(file);
            if (!source.ok) {
                tried << source.message;
                return false;
            }
            // The recorded lines count only in the recorded file (whatever folder holds it).
            const bool recordedHere = recorded && file.endsWith(QString(u'/' + recordedTail));
            const ClassMatch match =
                findClass(source.text, out.className, recordedHere ? recordedStart : 0, recordedHere ? recordedEnd : 0);
            if (!match.found) {
                if (!searching) {
                    tried << QStringLiteral("%1: no class %2 in it").arg(file, out.className);
                    if (lackingFile.isEmpty())
                        lackingFile = file;
                }
                return false;
            }
            out.found = true;
            out.file = file;
            out.text = std::move(source.text);
            out.classStart = match.classStart;
            out.classEnd = match.classEnd;
            out.forwardStart = match.forwardStart;
            out.forwardEnd = match.forwardEnd;
            out.recordedStart = recordedHere ? recordedStart : 0;
            out.recordedEnd = recordedHere ? recordedEnd : 0;
            out.drifted = match.drifted;
            out.drift = match.drift;
            out.rootLabel = root.label.isEmpty() ? rootPath : root.label;
            const SourceVersion version = sourceVersion(rootPath, file);
            out.version = version.describe();
            if (!location.commit.isEmpty() && !version.commit.isEmpty()
                && !sameCommit(location.commit, version.commit)) {
                out.commitNote = QStringLiteral("The entry was recorded at commit %1; this checkout is at %2.")
                                     .arg(location.commit.left(8), version.commit.left(8));
            }
            if (!source.message.isEmpty())
                notes << source.message;
            if (recorded && !recordedHere) {
                notes << QStringLiteral("The entry records %1; the class was found in another file, so the recorded "
                                        "lines do not apply.")
                             .arg(*recorded);
            }
            out.message = notes.join(u'\n');
            return true;
        };

        for (const QString& file : candidates) {
            if (tryFile(file, false))
                return out;
        }
        // A class re-exported by a package (torch.nn.Linear lives in torch/nn/modules/linear.py): search the .py
        // files of the package its first two components name, when no module file of the path exists.
        const bool moduleExists = std::any_of(moduleFiles.begin(), moduleFiles.end(), isFile);
        if (!dotted || parts.size() < 3 || moduleExists)
            continue;
        QStringList folders { rootPath + u'/' + parts[0] + u'/' + parts[1],
            rootPath + QStringLiteral("/src/") + parts[0] + u'/' + parts[1] };
        if (rootName == parts[0])
            folders << rootPath + u'/' + parts[1];
        const QByteArray name = out.className.toUtf8();
        for (const QString& folder : folders) {
            if (!QFileInfo(folder).isDir())
                continue;
            QStringList files = pythonFilesUnder(folder, kMaxSearchedFiles);
            if (files.size() > kMaxSearchedFiles) {
                files = files.mid(0, kMaxSearchedFiles);
                tried << QStringLiteral("%1: searched only %2 files").arg(folder).arg(kMaxSearchedFiles);
            }
            const QByteArrayMatcher matcher(name);
            for (const QString& file : files) {
                if (searchedBytes >= kMaxSearchedBytes)
                    break;
                if (candidates.contains(file))
                    continue;
                // A cheap look at the bytes first: most files do not even mention the name.
                const QFileInfo info(file);
                if (!info.isFile() || info.size() > kMaxSourceBytes)
                    continue;
                searchedBytes += info.size();
                QFile f(file);
                if (!f.open(QIODevice::ReadOnly) || matcher.indexIn(f.read(kMaxSourceBytes)) < 0)
                    continue;
                if (tryFile(file, true))
                    return out;
            }
            tried << QStringLiteral("%1: searched for class %2").arg(folder, out.className);
        }
        if (searchedBytes >= kMaxSearchedBytes)
            tried << QStringLiteral("the search stopped after reading %1 MiB").arg(kMaxSearchedBytes / (1024 * 1024));
    }

    QStringList lines;
    if (!lackingFile.isEmpty())
        lines << QStringLiteral("class %1 not found in %2").arg(out.className, lackingFile);
    else
        lines << QStringLiteral("The source of %1 was not found: no file of it exists in the source folders.")
                     .arg(modulePath);
    lines << notes;
    lines << QStringLiteral("Tried:");
    for (qsizetype i = 0; i < std::min<qsizetype>(tried.size(), kMaxTriedListed); ++i)
        lines << QStringLiteral("  ") + tried[i];
    if (tried.size() > kMaxTriedListed)
        lines << QStringLiteral("  … and %1 more").arg(tried.size() - kMaxTriedListed);
    out.message = lines.join(u'\n');
    return out;
}

} // namespace lmp::source
