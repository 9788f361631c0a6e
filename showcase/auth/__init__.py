"""Accounts for organizers, staff and judges: login, roles, the role_required guard."""
