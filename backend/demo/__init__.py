"""Deterministic demo data: one district with its grids, housing and ~5,500 residents."""
