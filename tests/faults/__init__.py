"""Fault cases run against the real program: each ends degraded with one line, or exits with one line."""
