"""Template tags of the wijkbeeld import page: whether the current user may upload files."""

from django import template

from wijkkompas.accounts import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def may_upload_area_data(context: template.Context) -> bool:
    """For the link to the import page: asked of the policy, like every other permission."""
    request = context.get("request")
    return request is not None and policy.can(request.user, "upload", "area_data")
