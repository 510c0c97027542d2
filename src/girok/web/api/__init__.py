"""The JSON API under /api/, one module per area, each exposing ``router`` (found by girok.web.areas)."""
