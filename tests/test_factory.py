"""The app factory itself: configuration sources and the instance folder."""

from showcase import create_app


def test_testing_config_is_applied(app):
    assert app.testing
    assert app.config["BASE_URL"] == "http://showcase.test"


def test_environment_overrides_config(monkeypatch, tmp_path):
    monkeypatch.setenv("SHOWCASE_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.setenv("SHOWCASE_BASE_URL", "https://rsvp.example.kr")
    monkeypatch.setenv("SHOWCASE_RATELIMIT_ENABLED", "false")
    app = create_app()
    assert app.config["BASE_URL"] == "https://rsvp.example.kr"
    assert app.config["RATELIMIT_ENABLED"] is False
    assert app.instance_path == str(tmp_path / "inst")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///" + str(tmp_path / "inst" / "showcase.db")


def test_database_url_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SHOWCASE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SHOWCASE_DATABASE_URL", "postgresql://u:p@127.0.0.1:5432/showcase")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@127.0.0.1:5432/showcase"


def test_home_page_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Showcase" in response.get_data(as_text=True)
