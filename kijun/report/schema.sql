-- Kijun calibration database: every round found in the results folder, one row per answer.
-- Rebuilt from the exported files on every `kijun report` run.

CREATE TABLE rounds (
    round_id     TEXT PRIMARY KEY,  -- the quiz id of the calibration round
    quiz_version TEXT NOT NULL,     -- hash of the questions the agents saw
    mode         TEXT NOT NULL,     -- calibration | practice
    started      TEXT,              -- first answer (ISO 8601, UTC)
    finished     TEXT               -- last answer
);

CREATE TABLE round_titles (         -- the round's title in each language it was written in
    round_id TEXT NOT NULL REFERENCES rounds (round_id),
    language TEXT NOT NULL,
    title    TEXT NOT NULL,
    PRIMARY KEY (round_id, language)
);

CREATE TABLE agents (
    agent TEXT PRIMARY KEY          -- name or agent id as the trainee typed it
);

CREATE TABLE cases (
    case_id            TEXT PRIMARY KEY,
    policy             TEXT NOT NULL,  -- policy article file name (docs/<lang>/policies/<policy>.md)
    area               TEXT NOT NULL,  -- policy area
    reference_decision TEXT NOT NULL,  -- action id (quizzes/actions.yml)
    reference_clause   TEXT,
    difficulty         TEXT NOT NULL
);

CREATE TABLE answers (
    round_id    TEXT NOT NULL REFERENCES rounds (round_id),
    agent       TEXT NOT NULL REFERENCES agents (agent),
    case_id     TEXT NOT NULL REFERENCES cases (case_id),
    language    TEXT NOT NULL,     -- language of the quiz page the answer was given on
    decision    TEXT NOT NULL,     -- action id
    clause      TEXT,
    confidence  TEXT,              -- low | medium | high
    reason      TEXT NOT NULL,
    time_ms     INTEGER,
    answered_at TEXT,
    correct     INTEGER NOT NULL,  -- 1 when decision = reference_decision
    error_type  TEXT,              -- over | under | other-action | NULL when correct
    source_file TEXT NOT NULL,
    PRIMARY KEY (round_id, agent, case_id)
);

CREATE VIEW agent_accuracy AS
SELECT round_id, agent, COUNT(*) AS answers, AVG(correct) AS accuracy
FROM answers GROUP BY round_id, agent;
