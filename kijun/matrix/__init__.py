"""The enforcement matrix: every decision the handbook makes, stated once as data.

- :mod:`.model`: the site-wide ladder (``matrix/ladder.yml``) and one matrix per policy (``matrix/policies/``),
  loaded and validated into :class:`~.model.Matrix`; the files it reads are declared once (:data:`.model.SOURCES`).
- :mod:`.ladder`: the one function that turns a rule and a history into a decision.
- :mod:`.checks` and :mod:`.case_checks`: what makes the matrix, the pages and the cases contradict each other, as
  errors with file and line.
- :mod:`.render`: the tables, lists, numbers, Boundaries page and CSV the pages show, in any language.
"""
