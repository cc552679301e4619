"""Access rules of programmes (registered by the app's config)."""

RULES: dict = {}
