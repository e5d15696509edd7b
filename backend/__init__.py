"""Gongzhi 共治: one GraphQL API for grassroots community governance."""
