"""The web interface: server-rendered pages and the JSON API, over the services."""
