"""Privacy and retention: how long families' personal data is kept, purging it, and the privacy notice."""
