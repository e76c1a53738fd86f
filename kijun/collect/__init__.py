"""`kijun collect`: receive the quiz's POSTed results, store every submission once, and serve them to the lead.

Modules, one job each: :mod:`config` (settings), :mod:`checks` (what is accepted), :mod:`store` with
:mod:`sqlite_store` and :mod:`postgres_store` (append-only storage), :mod:`guards` (origin, token, size, rate),
:mod:`app` (the HTTP routes), :mod:`export` (a round as result files), :mod:`source` (the database as an answer
source for ``kijun report``), :mod:`server` (running it), :mod:`command` (the command line), :mod:`pgserver` (a
throw-away PostgreSQL for tests and the load script) and :mod:`loadtest` (the load-and-fault script).
"""
