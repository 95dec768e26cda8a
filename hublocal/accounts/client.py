"""The client's network address, as far as we can trust it. The rule lives in core (the contact
page's rate limit needs it too, and core cannot import accounts); accounts, axes' settings
(AXES_CLIENT_IP_CALLABLE) and the audit trail keep using this name."""

from hublocal.core.client import client_ip

__all__ = ["client_ip"]
