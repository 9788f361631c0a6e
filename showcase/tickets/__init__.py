"""Tickets: unguessable links, QR images, the ticket page, calendar file and notifications."""
