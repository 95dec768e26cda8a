"""Production: several app servers behind a load balancer, PostgreSQL and Redis.

Must pass `manage.py check --deploy` with no warnings.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool, env_list

if SECRET_KEY.startswith("dev-insecure") and not env_bool("HUBLOCAL_ALLOW_DEV_KEY"):
    raise ImproperlyConfigured("Set SECRET_KEY to a long random value in production.")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers and orchestrators probe the app servers over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Everyone who reaches municipalities' data signs in with a second factor.
MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES", "hub_admin,hub_analyst,municipal")

# A backup every night at 02:00 (Santiago) on the task queue, keeping the newest BACKUP_KEEP.
BACKUP_SCHEDULE_ENABLED = env_bool("BACKUP_SCHEDULE_ENABLED", True)
