"""/healthz for load balancers: "ok" while the database answers, 503 "database unreachable" when not."""

from flask import Blueprint, Flask

from .availability import RETRY_AFTER, database_reachable

bp = Blueprint("health", __name__)
PLAIN = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.get("/healthz")
def healthz():
    if not database_reachable():
        return "database unreachable", 503, PLAIN | {"Retry-After": str(RETRY_AFTER)}
    return "ok", 200, PLAIN


def init_app(app: Flask) -> None:
    """Serve /healthz."""
    app.register_blueprint(bp)
