# SPDX-License-Identifier: GPL-3.0-or-later
# The review of architecture definitions (an agent's drafts in the user's folder): status, tree, checkpoint, verdict.
target_sources(lmp_widgets PRIVATE architecturereview.cpp architecturereview.h)
