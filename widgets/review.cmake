# SPDX-License-Identifier: GPL-3.0-or-later
# The review pane's views: an entry's thinking process as safe Markdown, and the module's Python source.
target_sources(lmp_widgets PRIVATE markdownview.cpp markdownview.h sourceview.cpp sourceview.h)
target_link_libraries(lmp_widgets PUBLIC QScintilla::QScintilla)
