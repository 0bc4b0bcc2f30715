"""HTTP API (FastAPI) over the same conductor as the terminal chat."""
