"""The web app and JSON API: a thin ASGI shell over the services (see girok.web.app.create_app)."""
