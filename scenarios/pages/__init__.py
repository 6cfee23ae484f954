"""Playwright page objects: one class per screen, located by role and accessible name."""
