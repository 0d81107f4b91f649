-- A run cancelled through the API. The pipeline workflow records no state of its own when cancelled, so the API stamps
-- the row; status keeps the workflow's last recorded state (what it was doing when cancelled).
ALTER TABLE pipeline_runs ADD COLUMN cancelled_at timestamptz;
ALTER TABLE pipeline_runs ADD COLUMN cancelled_by text;

-- Listing a project's runs and batches newest first, a page at a time (keyset on created_at, id).
CREATE INDEX pipeline_runs_project_created ON pipeline_runs (project_id, created_at DESC, id DESC);
CREATE INDEX batches_project_created ON batches (project_id, created_at DESC, id DESC);

-- The version a run serves, once someone chose one; before that, its latest published version is.
-- rollback_versions is the stack of versions that were active before, the latest last: a rollback pops it.
CREATE TABLE active_content_versions (
    run_id            uuid PRIMARY KEY REFERENCES pipeline_runs (id),
    version           int NOT NULL,
    rollback_versions int[] NOT NULL,
    changed_at        timestamptz NOT NULL,
    changed_by        text NOT NULL,
    FOREIGN KEY (run_id, version) REFERENCES content_versions (run_id, version)
);

-- The audit of those choices: who made which version active, when, and which one it replaced.
CREATE TABLE active_content_version_changes (
    id               uuid PRIMARY KEY,
    run_id           uuid NOT NULL REFERENCES pipeline_runs (id),
    action           text NOT NULL CHECK (action IN ('activate', 'rollback')),
    version          int NOT NULL,
    previous_version int,
    changed_by       text NOT NULL,
    key_id           uuid NOT NULL,
    changed_at       timestamptz NOT NULL
);

CREATE INDEX active_content_version_changes_run ON active_content_version_changes (run_id, changed_at);
