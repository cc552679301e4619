"""Access rules of plans (registered by the app's config)."""

RULES: dict = {}
