-- The audience stage's personas per run and stage.
CREATE TABLE audience_personas (
    run_id      uuid NOT NULL REFERENCES pipeline_runs (id),
    stage_index int NOT NULL,
    personas    jsonb NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (run_id, stage_index)
);

-- The claims a generated or rewritten version ties to research sources ([S1] markers), kept beside the clean text.
ALTER TABLE content_versions ADD COLUMN source_claims jsonb;
