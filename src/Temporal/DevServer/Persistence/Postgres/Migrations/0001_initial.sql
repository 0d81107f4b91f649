-- Runs with search_path set to the store's schema, inside the migration transaction.

-- Namespaces as registered; description is a serialized temporal.api.namespace.v1 description.
CREATE TABLE namespaces (
    name        text  NOT NULL PRIMARY KEY,
    id          text  NOT NULL UNIQUE,
    description bytea NOT NULL
);

-- One row per run: the engine's serialized mutable state, replaced on every write.
CREATE TABLE executions (
    namespace_id text        NOT NULL,
    workflow_id  text        NOT NULL,
    run_id       text        NOT NULL,
    state        bytea       NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (namespace_id, run_id)
);

CREATE INDEX executions_workflow_id_idx ON executions (namespace_id, workflow_id);

-- Append-only history; data is a serialized temporal.api.history.v1.HistoryEvent.
-- The primary key rejects a second event with the same id, which fails the whole batch.
CREATE TABLE history_events (
    namespace_id text   NOT NULL,
    run_id       text   NOT NULL,
    event_id     bigint NOT NULL,
    data         bytea  NOT NULL,
    PRIMARY KEY (namespace_id, run_id, event_id)
);
