# SPDX-License-Identifier: GPL-3.0-or-later
# The formula editor: highlighting, completion, errors in place and the value as you type (QScintilla).
target_sources(lmp_widgets PRIVATE formulaeditor.cpp formulaeditor.h formulalexer.cpp formulalexer.h
                                   formulaqsci.h)
target_link_libraries(lmp_widgets PUBLIC QScintilla::QScintilla)
