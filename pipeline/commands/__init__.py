"""commands: the ``mailtriage`` subcommands beyond run, preview and check, one module each.

Each module has ``register(sub)``, which adds its parser and sets its handler; ``pipeline.cli`` calls them.
May import anything in ``pipeline`` and ``classifiers``; nothing imports it but ``pipeline.cli``.
"""
