"""The post-editing editor: the segment grid, its cell editor, undo commands, find & replace,
alternatives and the recovery dialog. Everything here is a view or a command over
``desk.project.Project``; none of it holds segment text of its own."""
