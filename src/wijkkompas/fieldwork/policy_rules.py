"""Access rules of fieldwork (registered by the app's config)."""

RULES: dict = {}
