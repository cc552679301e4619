"""API for barrier models under /api/v1/barrier-models/…: thin over the same services and
selectors as the HTML side. Stale writes answer 409 (problem+json with the current version);
a service's ``ValidationError`` answers 422 through the core handler."""

from ninja import Router

from wijkkompas.barriers.api import barrier_models, board

router = Router(tags=["barrièremodellen"])
router.add_router("", barrier_models.router)
router.add_router("", board.router)
