"""plan: read the customer and decide what the reply promises. Pure: the clock is passed in.

Owns: reading the customer's new text (``reading``), the business calendar (``calendar``), the
promised time (``timeframe``) and its wording (``wording``), and the plan itself (``planner``).
May import: ``pipeline.config``, ``message``, ``lint`` and ``classifiers``' result types; never
the parser, the state store, a source or a sink, and nothing here calls ``datetime.now()``.
No re-exports here: ``pipeline.config`` reads the calendar while ``planner`` reads the config.
"""
