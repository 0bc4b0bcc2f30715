"""The ASGI entry point that uvicorn imports in every worker (settings from the environment)."""

from interviewer.api.app import create_app
from interviewer.config import load_settings

app = create_app(load_settings(), server_process=True)
