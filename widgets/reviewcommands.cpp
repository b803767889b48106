// SPDX-License-Identifier: GPL-3.0-or-later
#include "reviewcommands.h"

#include "formula/library.h"

#include <QCoreApplication>
#include <QUndoStack>

namespace lmp::widgets {

SessionChangeCommand::SessionChangeCommand(db::DatabaseSession* session, db::DatabaseSession::UndoState before,
    const QString& text, Applied applied, QUndoCommand* parent)
    : QUndoCommand(text, parent)
    , m_session(session)
    , m_state(std::move(before))
    , m_applied(std::move(applied))
{ }

void SessionChangeCommand::undo()
{
    swap();
}

void SessionChangeCommand::redo()
{
    if (m_firstRedo) {
        m_firstRedo = false;
        return;
    }
    swap();
}

void SessionChangeCommand::swap()
{
    if (!m_session) {
        m_error = QCoreApplication::translate("ReviewCommands", "the database session is gone");
        setObsolete(true);
        return;
    }
    auto result = m_session->restore(m_state);
    if (const auto* error = std::get_if<db::DbError>(&result)) {
        m_error = QString::fromStdString(error->describe());
        setObsolete(true);
        return;
    }
    m_error.clear();
    m_state = std::get<db::DatabaseSession::UndoState>(std::move(result));
    if (m_applied)
        m_applied(key());
}

QString reviewCommandText(db::Status status, const QString& key)
{
    QString name = QString::fromStdString(formula::modulePathFromKey(key.toStdString()));
    name = name.mid(name.lastIndexOf(u'.') + 1);
    switch (status) {
    case db::Status::Validated:
        return QCoreApplication::translate("ReviewCommands", "Approve %1").arg(name);
    case db::Status::Rejected:
        return QCoreApplication::translate("ReviewCommands", "Reject %1").arg(name);
    case db::Status::NeedsChanges:
        return QCoreApplication::translate("ReviewCommands", "Request changes to %1").arg(name);
    case db::Status::Pending:
        break;
    }
    return QCoreApplication::translate("ReviewCommands", "Mark %1 pending").arg(name);
}

std::optional<db::DbError> pushReview(QUndoStack& stack, db::DatabaseSession& session, const QString& key,
    db::Status status, const QString& reviewer, const QString& notes, const QDateTime& now,
    SessionChangeCommand::Applied applied)
{
    auto result = session.setStatus(key.toStdString(), status, reviewer, notes, now);
    if (auto* error = std::get_if<db::DbError>(&result))
        return *error;
    auto& before = std::get<db::DatabaseSession::UndoState>(result);
    // A review that changes nothing (the same status, reviewer, date and notes) records nothing: nothing to undo.
    if (before.userEntry == session.database().userEntry(before.key))
        return std::nullopt;
    stack.push(
        new SessionChangeCommand(&session, std::move(before), reviewCommandText(status, key), std::move(applied)));
    return std::nullopt;
}

} // namespace lmp::widgets
