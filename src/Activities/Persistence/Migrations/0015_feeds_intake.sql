-- Feed items a project has taken into a run: a digest never shows one twice. first_run_id lets a retried stage of
-- that same run find its items again.
CREATE TABLE feed_items_seen (
    project_id   uuid NOT NULL REFERENCES projects (id),
    item_key     text NOT NULL,
    first_run_id uuid NOT NULL,
    seen_at      timestamptz NOT NULL,
    PRIMARY KEY (project_id, item_key)
);

-- The new items a run's feeds stage collected, for the digest stage after it.
CREATE TABLE run_feed_items (
    run_id      uuid NOT NULL REFERENCES pipeline_runs (id),
    stage_index int NOT NULL,
    items       jsonb NOT NULL,
    warnings    jsonb NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (run_id, stage_index)
);

-- Catalogue intake: the keys an intake has imported, so a later import skips them.
CREATE TABLE intake_keys (
    project_id  uuid NOT NULL REFERENCES projects (id),
    intake_name text NOT NULL,
    item_key    text NOT NULL,
    dataset_id  uuid NOT NULL REFERENCES datasets (id),
    PRIMARY KEY (project_id, intake_name, item_key)
);
