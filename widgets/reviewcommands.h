// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "db/databasesession.h"

#include <QDateTime>
#include <QPointer>
#include <QString>
#include <QUndoCommand>

#include <functional>
#include <optional>

class QUndoStack;

namespace lmp::widgets {

// A change a DatabaseSession already made (a review, an edit), as an undo command: undo() restores the state the
// change returned, redo() the state that undo returned (DatabaseSession::restore() swaps them). The first redo(),
// which QUndoStack::push() runs, does nothing: the change is made before the command is pushed, so that an error
// leaves nothing on the stack.
class SessionChangeCommand : public QUndoCommand
{
public:
    // Called after every undo() and redo() that restored a state, with the entry's key.
    using Applied = std::function<void(const QString& key)>;

    SessionChangeCommand(db::DatabaseSession* session, db::DatabaseSession::UndoState before, const QString& text,
        Applied applied = {}, QUndoCommand* parent = nullptr);

    void undo() override;
    void redo() override;

    QString key() const { return QString::fromStdString(m_state.key); }
    // Why the last undo or redo failed ("" when it did not); a failed command is made obsolete (the stack drops it).
    const QString& error() const { return m_error; }

private:
    void swap();

    QPointer<db::DatabaseSession> m_session;
    db::DatabaseSession::UndoState m_state; // the state the next undo or redo puts back
    Applied m_applied;
    QString m_error;
    bool m_firstRedo = true;
};

// Reviews an entry (DatabaseSession::setStatus: status, reviewer, now's date and notes, and a history revision) and
// pushes the command that takes the review back. On an error nothing changed, nothing is pushed and the error is
// returned. A review that changes nothing (the same status, reviewer, date and notes again) pushes nothing.
std::optional<db::DbError> pushReview(QUndoStack& stack, db::DatabaseSession& session, const QString& key,
    db::Status status, const QString& reviewer, const QString& notes, const QDateTime& now,
    SessionChangeCommand::Applied applied = {});

// "Approve LlamaMLP", "Reject LlamaMLP", "Request changes to LlamaMLP" (the undo stack's text).
QString reviewCommandText(db::Status status, const QString& key);

} // namespace lmp::widgets
