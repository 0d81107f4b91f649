-- Uploaded datasets: good rows only, numbered 0..item_count-1 so a batch pages through them by index.
CREATE TABLE datasets (
    id            uuid PRIMARY KEY,
    project_id    uuid NOT NULL REFERENCES projects (id),
    name          text NOT NULL,
    format        text NOT NULL CHECK (format IN ('csv', 'jsonl')),
    item_count    int NOT NULL,
    bad_row_count int NOT NULL,
    created_at    timestamptz NOT NULL
);

CREATE INDEX datasets_project_id ON datasets (project_id);

CREATE TABLE dataset_items (
    dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    item_index int NOT NULL,
    line       int NOT NULL,
    data       jsonb NOT NULL,
    PRIMARY KEY (dataset_id, item_index)
);

-- A batch: one dataset run through one pinned definition in some languages (master first).
CREATE TABLE batches (
    id                 uuid PRIMARY KEY,
    project_id         uuid NOT NULL REFERENCES projects (id),
    dataset_id         uuid NOT NULL REFERENCES datasets (id),
    definition_id      uuid NOT NULL,
    definition_version int NOT NULL,
    languages          text[] NOT NULL,
    item_count         int NOT NULL,
    workflow_id        text NOT NULL UNIQUE,
    created_at         timestamptz NOT NULL,
    FOREIGN KEY (definition_id, definition_version) REFERENCES pipeline_definitions (id, version)
);

-- One row per item and language, whatever the attempts: a retried item updates its row, so each ends exactly once.
CREATE TABLE batch_item_results (
    batch_id      uuid NOT NULL REFERENCES batches (id),
    item_index    int NOT NULL,
    language      text NOT NULL,
    attempt       int NOT NULL,
    status        text NOT NULL CHECK (status IN ('completed', 'needs-review', 'rejected', 'failed', 'skipped', 'cancelled')),
    final_version int,
    score         int,
    cost          numeric(14, 6) NOT NULL,
    workflow_id   text,
    run_id        uuid,
    reason        text,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (batch_id, item_index, language)
);
