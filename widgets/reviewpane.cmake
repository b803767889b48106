# SPDX-License-Identifier: GPL-3.0-or-later
# The review pane: entries by status, an entry's thinking, templates, breakdown on the model, source, checks and
# history, and undoable reviews.
target_sources(lmp_widgets PRIVATE
    historyview.cpp historyview.h
    reviewcommands.cpp reviewcommands.h
    reviewmodel.cpp reviewmodel.h
    reviewpane.cpp reviewpane.h
)
