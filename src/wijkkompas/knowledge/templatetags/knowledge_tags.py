from django import template

register = template.Library()


@register.filter
def value_kind(value) -> str:
    """'list', 'dict', 'bool' or 'scalar', for rendering revision snapshots."""
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "dict"
    if isinstance(value, bool):
        return "bool"
    return "scalar"
