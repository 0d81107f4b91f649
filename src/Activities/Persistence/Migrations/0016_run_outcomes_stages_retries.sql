-- closed_at: set once the run's workflow is known to have closed (completed, failed, cancelled, terminated, timed out);
-- until then the reconciler compares the row with the workflow, oldest-checked first (reconciled_at).
ALTER TABLE pipeline_runs ADD COLUMN closed_at timestamptz;
ALTER TABLE pipeline_runs ADD COLUMN reconciled_at timestamptz;

-- A retry is a new run seeded with the stored outputs of the stages before retry_from_stage of the run it retries.
ALTER TABLE pipeline_runs ADD COLUMN retry_of uuid REFERENCES pipeline_runs (id);
ALTER TABLE pipeline_runs ADD COLUMN retry_from_stage int;

CREATE INDEX pipeline_runs_open ON pipeline_runs (reconciled_at NULLS FIRST, id) WHERE closed_at IS NULL;
CREATE INDEX pipeline_runs_retry_of ON pipeline_runs (retry_of) WHERE retry_of IS NOT NULL;

-- One row per stage execution (stage index and round): written by the stage activity as it starts, ends or fails, with
-- the attempt, and the outcome a retry reuses.
CREATE TABLE pipeline_stage_runs (
    run_id      uuid NOT NULL REFERENCES pipeline_runs (id),
    stage_index int NOT NULL,
    round       int NOT NULL,
    stage_type  text NOT NULL,
    status      text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    attempt     int NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    error       text,
    outcome     jsonb,
    PRIMARY KEY (run_id, stage_index, round)
);

-- A run may stop for a person more than once at one stage index (a needs-review draft edited and failing its gates
-- again): each wait is a round of its own.
ALTER TABLE approvals ADD COLUMN round int NOT NULL DEFAULT 0;
ALTER TABLE approvals DROP CONSTRAINT approvals_run_id_stage_index_key;
ALTER TABLE approvals ADD CONSTRAINT approvals_run_stage_round UNIQUE (run_id, stage_index, round);
