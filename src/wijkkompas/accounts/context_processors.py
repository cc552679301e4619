from wijkkompas.accounts.modules import modules_for


def shell(request) -> dict:
    """Menu entries for the base layout, marked active by URL prefix."""
    user = getattr(request, "user", None)
    modules = modules_for(user)
    for module in modules:
        module["active"] = request.path.startswith(module["url"])
    return {"shell_modules": modules, "shell_api_docs": "/api/v1/docs"}
