from tests.foi.conftest import _fresh_cache, handler, on_day

__all__ = ["_fresh_cache", "handler", "on_day"]
