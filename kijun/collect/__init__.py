"""`kijun collect`: receive the quiz's POSTed results, store every submission once, and serve them to the lead.

Modules, one job each: :mod:`config` (settings), :mod:`checks` (what is accepted), :mod:`store` with
:mod:`sqlite_store` and :mod:`postgres_store` (append-only storage), :mod:`guards` (origin, token, size, rate),
:mod:`app` (the HTTP routes), :mod:`export` (a round as result files), :mod:`server` (running it) and
:mod:`command` (the command line). What is accepted follows the one rulebook for answers (:mod:`kijun.answers`);
the collector never imports the report, which reads its database through :mod:`kijun.report.from_collector`. The
throw-away PostgreSQL for tests and the load-and-fault script are developer tooling, in ``kijun_tools``.
"""
