"""Playwright page objects: one class per screen, role and accessible-name locators, intent methods."""
