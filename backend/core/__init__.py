"""Domain-wide building blocks shared by every area (no GraphQL, no HTTP)."""
