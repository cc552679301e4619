"""Access rules of surveys (registered by the app's config)."""

RULES: dict = {}
