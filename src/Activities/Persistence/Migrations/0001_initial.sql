-- Projects (tenants) and their settings; settings are JSONB so they can grow without a migration per field.
CREATE TABLE projects (
    id                 uuid PRIMARY KEY,
    name               text NOT NULL,
    slug               text NOT NULL UNIQUE,
    brand_profile      jsonb NOT NULL,
    quality_thresholds jsonb NOT NULL,
    llm_settings       jsonb NOT NULL,
    created_at         timestamptz NOT NULL
);

-- Versioned pipeline definitions: a run pins (id, version).
CREATE TABLE pipeline_definitions (
    id         uuid NOT NULL,
    project_id uuid NOT NULL REFERENCES projects (id),
    name       text NOT NULL,
    version    int NOT NULL,
    stages     jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (id, version),
    UNIQUE (project_id, name, version)
);

CREATE TABLE pipeline_runs (
    id                 uuid PRIMARY KEY,
    project_id         uuid NOT NULL REFERENCES projects (id),
    definition_id      uuid NOT NULL,
    definition_version int NOT NULL,
    workflow_id        text NOT NULL UNIQUE,
    brief              jsonb NOT NULL,
    status             text NOT NULL,
    status_reason      text,
    current_version    int,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    FOREIGN KEY (definition_id, definition_version) REFERENCES pipeline_definitions (id, version)
);

-- Every draft is a version. source_key makes version creation idempotent under activity retries.
CREATE TABLE content_versions (
    run_id      uuid NOT NULL REFERENCES pipeline_runs (id),
    version     int NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('generated', 'rewritten', 'edited', 'published')),
    fields      jsonb NOT NULL,
    gate_report jsonb,
    source_key  text NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (run_id, version),
    UNIQUE (run_id, source_key)
);

-- The approvals audit: who decided what, when, and what they changed.
CREATE TABLE approvals (
    id                uuid PRIMARY KEY,
    run_id            uuid NOT NULL REFERENCES pipeline_runs (id),
    stage_index       int NOT NULL,
    reviewed_version  int,
    resulting_version int,
    reviewer          text NOT NULL,
    decision          text NOT NULL CHECK (decision IN ('approve', 'edit', 'reject')),
    reason            text,
    diff              jsonb,
    decided_at        timestamptz NOT NULL,
    UNIQUE (run_id, stage_index)
);

-- One row per LLM call, retries included: every call costs.
CREATE TABLE llm_calls (
    id                uuid PRIMARY KEY,
    run_id            uuid NOT NULL REFERENCES pipeline_runs (id),
    stage             text NOT NULL,
    model             text NOT NULL,
    prompt_tokens     int NOT NULL,
    completion_tokens int NOT NULL,
    cost              numeric(14, 6) NOT NULL,
    created_at        timestamptz NOT NULL
);

CREATE INDEX llm_calls_run_id ON llm_calls (run_id);

-- A publication per idempotency key: a retried publish finds its row and writes nothing.
CREATE TABLE publications (
    idempotency_key text PRIMARY KEY,
    project_id      uuid NOT NULL REFERENCES projects (id),
    run_id          uuid NOT NULL REFERENCES pipeline_runs (id),
    version         int NOT NULL,
    channel         text NOT NULL,
    slug            text NOT NULL,
    title           text NOT NULL,
    location        text NOT NULL,
    published_at    timestamptz NOT NULL
);
