from wijkkompas.accounts.modules import modules_for


def shell(request) -> dict:
    """Menu entries for the base layout, marked active by URL prefix."""
    user = getattr(request, "user", None)
    modules = modules_for(user)
    # One entry is current: the longest URL the path starts with (/kennisbank/redactie/ is the
    # editors' area, not also the Kennisbank).
    matching = [m["url"] for m in modules if request.path.startswith(m["url"])]
    current = max(matching, key=len, default=None)
    for module in modules:
        module["active"] = module["url"] == current
    return {"shell_modules": modules, "shell_api_docs": "/api/v1/docs"}
