"""The FastAPI application and the embedded uvicorn server that serves it beside the consumer loop."""

from __future__ import annotations

import logging
import threading

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from service.errors import ZeroviewError
from service.http.routes import router
from service.http.state import AppState

log = logging.getLogger(__name__)


def create_app(state: AppState) -> FastAPI:
    app = FastAPI(
        title="zeroview",
        summary="Wildlife-trade post decisions before the first view",
        version="1",
    )
    app.state.zeroview = state
    app.include_router(router)

    @app.exception_handler(ZeroviewError)
    async def _domain_error(_: Request, exc: ZeroviewError) -> JSONResponse:
        content = {"error": exc.message} | ({"reason": exc.reason} if exc.reason else {})
        return JSONResponse(content, status_code=exc.status_code)

    return app


class HttpServer:
    """uvicorn in a background thread. It installs no signal handlers: the main thread owns SIGTERM."""

    def __init__(self, app: FastAPI, host: str, port: int) -> None:
        config = uvicorn.Config(
            app, host=host, port=port, log_level="warning", access_log=False, lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="http", daemon=True)
        self.url = f"http://{host}:{port}"

    def start(self, timeout: float = 10.0) -> None:
        self._thread.start()
        deadline = threading.Event()
        for _ in range(int(timeout / 0.05)):
            if self._server.started or not self._thread.is_alive():
                break
            deadline.wait(0.05)
        if not self._server.started:
            raise RuntimeError(f"the HTTP server did not start on {self.url} (port in use?)")
        log.info("HTTP API on %s (docs at %s/docs)", self.url, self.url)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)
