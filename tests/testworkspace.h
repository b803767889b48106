// SPDX-License-Identifier: GPL-3.0-or-later
// What the test programs share: the built-in workspace, loaded once per program with the user's folders out of
// the way (QStandardPaths test mode), and models read with it.
#pragma once

#include "analysis/workspace.h"

#include <QStandardPaths>
#include <QtGlobal>

#include <memory>
#include <variant>

namespace lmp::test {

inline const std::shared_ptr<const analysis::Workspace>& sharedWorkspace()
{
    static const std::shared_ptr<const analysis::Workspace> w = [] {
        QStandardPaths::setTestModeEnabled(true);
        auto loaded = analysis::Workspace::load();
        if (const auto* e = std::get_if<QString>(&loaded))
            qFatal("workspace: %s", qPrintable(*e));
        return std::make_shared<const analysis::Workspace>(std::move(std::get<analysis::Workspace>(loaded)));
    }();
    return w;
}

inline const analysis::Workspace& workspace()
{
    return *sharedWorkspace();
}

// A model by id, path or catalogue name; a model that does not load stops the test program.
inline std::shared_ptr<const model::LoadedModel> loadModel(const QString& source)
{
    auto loaded = workspace().loadModel(source);
    if (const auto* e = std::get_if<model::ModelError>(&loaded))
        qFatal("model: %s", e->describe().c_str());
    return std::make_shared<const model::LoadedModel>(std::move(std::get<model::LoadedModel>(loaded)));
}

} // namespace lmp::test
