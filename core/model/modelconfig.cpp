// SPDX-License-Identifier: GPL-3.0-or-later
#include "modelconfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <algorithm>

namespace lmp::model {

std::string ModelError::describe() const
{
    std::string out = file.toStdString();
    if (line > 0) {
        out += ":" + std::to_string(line);
        if (column > 0)
            out += ":" + std::to_string(column);
    }
    out += ": ";
    if (!field.empty())
        out += field + ": ";
    out += message;
    return out;
}

namespace {

const QString kCatalogue = QStringLiteral(":/lmp/configs");

std::pair<int, int> lineColumn(const std::string& text, std::size_t offset)
{
    int line = 1;
    int column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return { line, column };
}

std::variant<ModelConfig, ModelError> readFile(const QString& path, const QString& modelId)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return ModelError { path, {}, "cannot read: " + f.errorString().toStdString() };
    if (f.size() > 64 * 1024 * 1024)
        return ModelError { path, {}, "the file is larger than 64 MiB; a config.json is a few kilobytes" };
    auto parsed = parseModelConfig(f.readAll().toStdString(), path);
    if (auto* config = std::get_if<ModelConfig>(&parsed))
        config->modelId = modelId;
    return parsed;
}

struct Snapshot
{
    QString revision;
    QString configPath;
};

// The snapshot of a models--org--name folder to read: the revision refs/main names when that snapshot holds a
// config.json, else the newest snapshot that holds one.
std::optional<Snapshot> pickSnapshot(const QDir& repo)
{
    const QString snapshots = repo.filePath(QStringLiteral("snapshots"));
    QFile ref(repo.filePath(QStringLiteral("refs/main")));
    if (ref.open(QIODevice::ReadOnly)) {
        const QString revision = QString::fromUtf8(ref.read(256)).trimmed();
        const QString candidate = snapshots + u'/' + revision + QStringLiteral("/config.json");
        if (!revision.isEmpty() && !revision.contains(u'/') && revision != QStringLiteral("..")
            && QFileInfo(candidate).isFile())
            return Snapshot { revision, candidate };
    }
    const auto entries = QDir(snapshots).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time);
    for (const QFileInfo& snapshot : entries) {
        const QString candidate = snapshot.filePath() + QStringLiteral("/config.json");
        if (QFileInfo(candidate).isFile())
            return Snapshot { snapshot.fileName(), candidate };
    }
    return std::nullopt;
}

// models--org--name/snapshots/<revision>/config.json, preferring the revision refs/main names.
std::optional<QString> findInCache(const QString& modelId)
{
    const QString folderName = QStringLiteral("models--") + QString(modelId).replace(u'/', QStringLiteral("--"));
    for (const QString& cache : huggingFaceCacheDirs()) {
        const QDir repo(cache + u'/' + folderName);
        if (!repo.exists())
            continue;
        if (const auto snapshot = pickSnapshot(repo))
            return snapshot->configPath;
    }
    return std::nullopt;
}

// architectures[0] and model_type, without keeping the document; both stay empty when the file is unreadable.
void readArchitecture(const QString& path, CachedModel& model)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || f.size() > 4 * 1024 * 1024)
        return;
    const QByteArray text = f.readAll();
    const auto json = nlohmann::json::parse(text.cbegin(), text.cend(), nullptr, /*allow_exceptions=*/false);
    if (!json.is_object())
        return; // also a discarded (unparsable) document
    const auto arch = json.find("architectures");
    if (arch != json.end() && arch->is_array() && !arch->empty() && arch->front().is_string())
        model.architecture = arch->front().get<std::string>();
    const auto type = json.find("model_type");
    if (type != json.end() && type->is_string())
        model.modelType = type->get<std::string>();
}

std::optional<CachedModel> readCachedModel(const QFileInfo& folder)
{
    const QString id = folder.fileName().mid(8).replace(QStringLiteral("--"), QStringLiteral("/")); // "models--"
    if (id.isEmpty())
        return std::nullopt;
    const auto snapshot = pickSnapshot(QDir(folder.filePath()));
    if (!snapshot)
        return std::nullopt;
    CachedModel model;
    model.id = id;
    model.revision = snapshot->revision;
    model.configPath = snapshot->configPath;
    model.folder = folder.filePath();
    readArchitecture(snapshot->configPath, model);
    // Files in a snapshot are symlinks into blobs/: QFileInfo::size() follows them; QDir::Files leaves out
    // the dangling ones of an unfinished download.
    const QDir snapshotDir = QFileInfo(snapshot->configPath).dir();
    const auto weights = snapshotDir.entryInfoList({ QStringLiteral("*.safetensors") }, QDir::Files, QDir::Name);
    for (const QFileInfo& file : weights) {
        if (!file.exists())
            continue;
        model.hasWeights = true;
        model.weightBytes += file.size();
    }
    return model;
}

const char* typeName(const nlohmann::ordered_json& v)
{
    switch (v.type()) {
    case nlohmann::ordered_json::value_t::null:
        return "null";
    case nlohmann::ordered_json::value_t::object:
        return "an object";
    case nlohmann::ordered_json::value_t::array:
        return "a list";
    case nlohmann::ordered_json::value_t::string:
        return "a string";
    case nlohmann::ordered_json::value_t::boolean:
        return "a boolean";
    default:
        return "a number";
    }
}

} // namespace

QStringList huggingFaceCacheDirs()
{
    QStringList dirs;
    const QString hubCache = qEnvironmentVariable("HF_HUB_CACHE");
    if (!hubCache.isEmpty())
        dirs << hubCache;
    const QString hfHome = qEnvironmentVariable("HF_HOME");
    if (!hfHome.isEmpty())
        dirs << hfHome + QStringLiteral("/hub");
    const QString xdgCache = qEnvironmentVariable("XDG_CACHE_HOME");
    if (!xdgCache.isEmpty())
        dirs << xdgCache + QStringLiteral("/huggingface/hub");
    dirs << QDir::homePath() + QStringLiteral("/.cache/huggingface/hub");
    dirs.removeDuplicates();
    return dirs;
}

std::vector<CachedModel> cachedModels(const QStringList& cacheDirs)
{
    std::vector<CachedModel> models;
    QSet<QString> seen;
    for (const QString& cache : cacheDirs) {
        const auto folders =
            QDir(cache).entryInfoList({ QStringLiteral("models--*") }, QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        for (const QFileInfo& folder : folders) {
            try {
                auto model = readCachedModel(folder);
                if (model && !seen.contains(model->id)) {
                    seen.insert(model->id);
                    models.push_back(std::move(*model));
                }
            } catch (const std::exception&) {
                // A folder that cannot be read is left out; the others are still listed.
            }
        }
    }
    std::sort(models.begin(), models.end(), [](const CachedModel& a, const CachedModel& b) {
        const int order = a.id.compare(b.id, Qt::CaseInsensitive);
        return order != 0 ? order < 0 : a.id < b.id;
    });
    return models;
}

QString builtinConfigPath(const QString& modelId)
{
    return kCatalogue + u'/' + QString(modelId).replace(u'/', QStringLiteral("__")) + QStringLiteral(".json");
}

QStringList builtinModelIds()
{
    QStringList ids;
    const auto entries = QDir(kCatalogue).entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
    for (QString name : entries) {
        name.chop(5);
        ids << name.replace(QStringLiteral("__"), QStringLiteral("/"));
    }
    return ids;
}

// Python's json module writes float('inf') and float('nan') as Infinity and NaN (transformers does, e.g. Mamba2's
// time_step_limit [0.0, Infinity]): outside strings they are read as null, the value no formula can use.
static std::string withoutNonFiniteLiterals(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < text.size())
                out += text[++i];
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
            out += c;
            continue;
        }
        bool replaced = false;
        for (const std::string_view literal : { "-Infinity", "Infinity", "NaN" }) {
            if (text.compare(i, literal.size(), literal) == 0) {
                // Same length where it fits, so that error positions stay where they were.
                out += "null";
                if (literal.size() > 4)
                    out.append(literal.size() - 4, ' ');
                i += literal.size() - 1;
                replaced = true;
                break;
            }
        }
        if (!replaced)
            out += c;
    }
    return out;
}

std::variant<ModelConfig, ModelError> parseModelConfig(const std::string& rawText, const QString& path)
{
    const std::string text = withoutNonFiniteLiterals(rawText);
    nlohmann::ordered_json json;
    try {
        json = nlohmann::ordered_json::parse(text);
    } catch (const nlohmann::ordered_json::parse_error& e) {
        const auto [line, column] = lineColumn(text, e.byte > 0 ? e.byte - 1 : 0);
        std::string message = e.what();
        // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..." -> after ": "
        const auto colon = message.find(": ");
        if (colon != std::string::npos)
            message = message.substr(colon + 2);
        return ModelError { path, {}, "not valid JSON: " + message, line, column };
    } catch (const std::exception& e) {
        return ModelError { path, {}, std::string("not valid JSON: ") + e.what() };
    }
    if (!json.is_object())
        return ModelError { path, {}, std::string("expected a JSON object (a config.json), found ") + typeName(json) };
    ModelConfig config;
    config.path = path;
    const auto archIt = json.find("architectures");
    if (archIt == json.end() || archIt->is_null())
        return ModelError { path, "architectures",
            "missing: the config must name the model class, e.g. \"architectures\": "
            "[\"LlamaForCausalLM\"]" };
    if (!archIt->is_array() || archIt->empty() || !archIt->front().is_string())
        return ModelError { path, "architectures",
            std::string("expected a non-empty list of class names, found ") + typeName(*archIt) };
    config.architecture = archIt->front().get<std::string>();
    const auto typeIt = json.find("model_type");
    if (typeIt != json.end() && typeIt->is_string())
        config.modelType = typeIt->get<std::string>();
    config.json = std::move(json);
    return config;
}

std::variant<ModelConfig, ModelError> loadModelConfig(const QString& source)
{
    if (source.isEmpty())
        return ModelError { source, {}, "no model given" };
    const QFileInfo info(source);
    if (info.isDir()) {
        const QString file = QDir(source).filePath(QStringLiteral("config.json"));
        if (!QFileInfo::exists(file))
            return ModelError { source, {}, "the folder holds no config.json" };
        return readFile(file, {});
    }
    if (info.exists())
        return readFile(source, {});
    // A model id: org/name (or name) without a file of that name.
    const bool looksLikeId = !source.contains(u'\\') && source.count(u'/') <= 1
        && !source.endsWith(QStringLiteral(".json")) && !source.startsWith(u'/') && !source.startsWith(u'.');
    if (looksLikeId) {
        if (const auto cached = findInCache(source))
            return readFile(*cached, source);
        const QString builtin = builtinConfigPath(source);
        if (QFileInfo::exists(builtin))
            return readFile(builtin, source);
        return ModelError { source, {},
            "no such file, and no model of that id in the local Hugging Face cache ("
                + huggingFaceCacheDirs().join(QStringLiteral(", ")).toStdString()
                + ") or the built-in catalogue (lmp models lists it)" };
    }
    return ModelError { source, {}, "no such file or folder" };
}

} // namespace lmp::model
