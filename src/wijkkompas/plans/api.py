"""The plans router, mounted in wijkkompas/api.py (paths under /api/v1/)."""

from ninja import Router

router = Router(tags=["ivp-analyse"])
