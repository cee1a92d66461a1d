"""Flask extensions, created unbound and initialised in ``create_app``."""

from __future__ import annotations

from flask_htmx import HTMX
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
htmx = HTMX()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to study."
login_manager.login_message_category = "info"
