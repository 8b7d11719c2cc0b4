"""plan: read the customer and decide what the reply promises. Pure: the clock is passed in.

Owns: reading the customer's new text (``customer`` builds one frozen ``Reading`` from ``facts``,
``situation``, ``asks``, ``deadline``, ``cues``, ``when`` and ``clauses``; ``reading`` has the greeting name
and the sentence to quote), the playbooks and their intent model (``playbooks``, ``intents``), what this
reply says to this customer (``respond``: their urgency, answers, deadline, call window), the business
calendar (``calendar``), the promised time (``timeframe``) and its wording (``wording``), and the plan
itself (``planner``).
May import: ``pipeline.config``, ``languages``, ``message``, ``lint``, ``toml_table`` and ``classifiers``;
never the parser, the state store, a source or a sink, and nothing here calls ``datetime.now()``.
No re-exports here: ``pipeline.config`` reads the calendar while ``planner`` reads the config.
"""
