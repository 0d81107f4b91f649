-- The research stage's brief per run and stage, with its source index; rewritten whole when a retry re-runs it.
CREATE TABLE research_briefs (
    run_id      uuid NOT NULL REFERENCES pipeline_runs (id),
    stage_index int NOT NULL,
    brief       text NOT NULL,
    score       int NOT NULL,
    warnings    jsonb NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (run_id, stage_index)
);

CREATE TABLE research_sources (
    run_id      uuid NOT NULL,
    stage_index int NOT NULL,
    marker      text NOT NULL,
    kind        text NOT NULL,
    location    text NOT NULL,
    title       text NOT NULL,
    status      text NOT NULL CHECK (status IN ('read', 'unreachable')),
    characters  int NOT NULL,
    warning     text,
    PRIMARY KEY (run_id, stage_index, marker),
    FOREIGN KEY (run_id, stage_index) REFERENCES research_briefs (run_id, stage_index) ON DELETE CASCADE
);

-- The extract stage's structured facts (features, benefits, specs, audience) per run and stage.
CREATE TABLE extractions (
    run_id      uuid NOT NULL REFERENCES pipeline_runs (id),
    stage_index int NOT NULL,
    facts       jsonb NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (run_id, stage_index)
);

-- Translations are versions too: in another language, derived from the master-language version.
ALTER TABLE content_versions DROP CONSTRAINT content_versions_kind_check;
ALTER TABLE content_versions ADD CONSTRAINT content_versions_kind_check
    CHECK (kind IN ('generated', 'rewritten', 'edited', 'translated', 'published'));
ALTER TABLE content_versions ADD COLUMN language text;
ALTER TABLE content_versions ADD COLUMN derived_from int;
