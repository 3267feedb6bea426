"""Document readers: every supported format becomes one ``Document``."""
