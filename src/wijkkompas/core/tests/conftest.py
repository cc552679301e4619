"""Fixtures of the core tests: the whole demo, as the page walk loads it."""

from wijkkompas.core.tests.test_crawl import full_demo  # noqa: F401  (the fixture, shared)
