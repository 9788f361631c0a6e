"""Short-form video submissions: teams, their upload links, the window, uploads, processing, review."""
