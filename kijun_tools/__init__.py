"""Developer tooling, kept out of the runtime package `kijun`: the benchmark, the Lighthouse check, the search
evaluation, the preview timer, demo answers, the collector's load-and-fault script, a throw-away PostgreSQL, and
the loopback servers and browser settings they share. Nothing in `kijun` imports from here; the `kijun` command's
developer subcommands (benchmark, lighthouse, search-eval, demo-round) load it on demand.
"""
