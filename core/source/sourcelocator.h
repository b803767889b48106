// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Where the Python source of a module class lies, for the review pane that shows it beside a database entry.
//
// An entry records module_path ("transformers.models.llama.modeling_llama.LlamaMLP", "torch.nn.Linear") and
// code_location {file, line_start, line_end, commit}. The user configures folders to look in: git checkouts
// (a transformers checkout holds src/transformers/...), installed package folders (site-packages/torch) or
// folders of installed packages (site-packages). The class is looked up in them in order, by the recorded file
// first, then by the module path; its lines are taken from the record when they still hold the class, else
// found again by name (the installed version drifted from the one recorded).
//
// Files are only read, never run. The one process ever started is the Python interpreter the user configured,
// with a fixed program, to learn where a package is installed (packageFolder()).

#include <QList>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <optional>

namespace lmp::source {

// Files larger than this are not read (a Python source file is rarely over 1 MiB).
inline constexpr qint64 kMaxSourceBytes = 8 * 1024 * 1024;
// The bounded search for a re-exported class (torch.nn.Linear) reads at most this many files.
inline constexpr int kMaxSearchedFiles = 2000;

// Where a database entry says its class is (code_location).
struct CodeLocation
{
    QString file; // repository-relative: "src/transformers/models/llama/modeling_llama.py"
    int lineStart = 0; // 1-based, inclusive; 0 when not recorded
    int lineEnd = 0;
    QString commit; // the commit the lines were recorded at; empty when not recorded
};

// The code_location of a database entry (the entry's JSON object). Fields that are missing or of the wrong type
// stay empty; never throws.
CodeLocation codeLocationOf(const nlohmann::ordered_json& entry);

// A folder to look in: a git checkout, an installed package folder or a folder of installed packages.
struct SourceRoot
{
    QString path;
    QString label; // for the user ("Python 3.11 site-packages"); may be empty
};

// Where a class sits in a file's text. Lines are 1-based and inclusive; 0 when none.
struct ClassMatch
{
    bool found = false;
    int classStart = 0; // decorators included
    int classEnd = 0; // the class's last non-blank line (or the recorded end, when the record is kept)
    int forwardStart = 0; // its own forward method, decorators included
    int forwardEnd = 0;
    bool drifted = false; // the recorded lines do not hold the class: it was found by name elsewhere
    int drift = 0; // classStart - recordedStart when drifted: positive when the class moved down
};

// Finds `class className` in Python source text. When the recorded lines [recordedStart, recordedEnd] hold the
// class statement, they are kept as the class's lines; when they lie inside the class (a record of its forward
// only), the class's own extent is taken and nothing drifted; otherwise the definition nearest to the recorded
// start is taken and the lines drifted. Without recorded lines (0) the first definition is taken. A class's extent
// runs from its decorators to the last line before a statement indented at or below the class statement's
// indentation; strings, brackets and line continuations are followed, so a docstring's unindented lines or a
// multi-line signature do not end it. Tabs count to the next multiple of 8, as in Python.
ClassMatch findClass(const QString& text, const QString& className, int recordedStart = 0, int recordedEnd = 0);

// A source file read for display.
struct SourceText
{
    bool ok = false;
    QString text; // line ends normalized to "\n", a byte order mark removed
    QString message; // why it was not read, or a warning (not UTF-8)
};

// Reads a Python source file: refuses what is not a regular file and files over maxBytes. UTF-8; a file whose
// coding declaration names Latin-1 and that is not UTF-8 is read as Latin-1; other bytes that are not UTF-8 show
// as U+FFFD, with a warning in message.
SourceText readSourceFile(const QString& path, qint64 maxBytes = kMaxSourceBytes);
// The same for bytes in memory; origin names them in messages.
SourceText decodeSource(const QByteArray& bytes, const QString& origin);

// A checkout's HEAD, read from its .git folder (or the gitdir a .git file names) without running git.
struct GitHead
{
    QString commit; // the full hash; empty when HEAD names a branch without commits
    QString branch; // "main"; empty when HEAD is detached
};
std::optional<GitHead> readGitHead(const QString& checkout);

// Whether two commit hashes name the same commit: equal, or one an abbreviation (7+ digits) of the other.
bool sameCommit(const QString& a, const QString& b);

// The version of an installed package folder (site-packages/transformers): Version: of the METADATA of a sibling
// <package>-<version>.dist-info (or PKG-INFO of an .egg-info), else __version__ = "..." in the package's
// __init__.py, version.py or _version.py.
std::optional<QString> packageVersion(const QString& packageFolder);

// What a file found under a root comes from, for the header of the source view.
struct SourceVersion
{
    QString package; // "transformers"; empty when the file is not in a package folder
    QString version; // "4.57.1"; empty when unknown
    QString commit; // a git checkout's HEAD; empty when not a checkout (or a checkout without commits)
    bool checkout = false; // the root is a git checkout (or the src/ folder of one)
    QString folder; // the package folder, or the checkout

    // "transformers 4.57.1 (/usr/lib/python3/dist-packages/transformers)",
    // "transformers 4.99.0, git checkout at 3009a8a4 (/home/me/transformers)",
    // "git checkout at 3009a8a4 (/home/me/transformers)"
    QString describe() const;
};
SourceVersion sourceVersion(const QString& root, const QString& file);

// Whether text is a plain Python identifier ([A-Za-z_][A-Za-z0-9_]*, at most 100 characters).
bool isIdentifier(const QString& text);

// Asks a Python interpreter where an installed package lies: runs
//   pythonExecutable -I -c "import importlib.util,sys; s=importlib.util.find_spec(sys.argv[1]); ..." package
// (a fixed program; find_spec of a top-level name imports nothing) and returns the folder it prints. nullopt when
// the package name is not an identifier (nothing is run), the interpreter does not start, fails, prints no
// existing folder or runs longer than timeoutMs (then it is killed). Answers of interpreters that ran to the end
// are cached per (interpreter, package); thread-safe.
std::optional<QString> packageFolder(const QString& pythonExecutable, const QString& package, int timeoutMs);
// Forgets the cached answers of packageFolder() (for tests, and after the user changes interpreters).
void clearPackageFolderCache();
// The package folder of a module path's first component ("transformers" of "transformers.models..."), asked of
// the interpreter, as a root to look in; nullopt when the interpreter does not know it.
std::optional<SourceRoot> interpreterRoot(const QString& pythonExecutable, const QString& modulePath, int timeoutMs);

// The outcome of locateClass(). Lines are 1-based and inclusive; 0 when none.
struct SourceLookup
{
    bool found = false;
    QString className; // "LlamaMLP"
    QString file; // the absolute path of the file shown
    QString text; // the whole file, line ends normalized to "\n"
    int classStart = 0, classEnd = 0;
    int forwardStart = 0, forwardEnd = 0;
    int recordedStart = 0, recordedEnd = 0; // as recorded; 0 when the record does not apply to this file
    bool drifted = false; // the recorded lines no longer hold the class; found by name
    int drift = 0; // classStart - recordedStart when drifted
    QString rootLabel; // the label of the root the file was found under (its path when it has none)
    QString version; // SourceVersion::describe()
    QString commitNote; // set when the entry records a commit and the checkout is at another one
    QString message; // not found: why, and everything tried; found: warnings (not UTF-8), or empty
};

// Looks the class of modulePath up in the roots, in order. In each root it tries the recorded file (joined to
// the root as it is, without a leading "src/", and without "src/<package>/" or "<package>/" when the root is the
// package folder), then the module's file from the dotted path (pkg/sub/mod.py or pkg/sub/mod/__init__.py,
// under the root, its src/ or, for a package folder, its parent), then, when those do not define the class
// (a re-export: torch.nn.Linear is in torch/nn/modules/linear.py), the .py files of the package folder the path's
// first two components name (torch/nn/), at most kMaxSearchedFiles of them. The first file that defines the class
// wins. Paths from the entry are only joined when relative and free of "..".
SourceLookup locateClass(const QString& modulePath, const CodeLocation& location, const QList<SourceRoot>& roots);

} // namespace lmp::source
