"""mailtriage's mail side: sources, parsing, screening, planning, rendering, drafting, state, worker, CLI.

The flow of one message (see ``../shared/design.md``)::

    source -> parse -> screen -> classify -> plan -> render -> draft -> sink
"""

__version__ = "0.1.0"
