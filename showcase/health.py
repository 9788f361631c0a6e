"""A bare liveness endpoint for load balancers (and the benchmarks' baseline)."""

from flask import Blueprint, Flask

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


def init_app(app: Flask) -> None:
    """Serve /healthz."""
    app.register_blueprint(bp)
