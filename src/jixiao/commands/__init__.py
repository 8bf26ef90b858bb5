"""CLI commands: each module exposes ``register(app)``; :mod:`jixiao.cli` registers them all."""
