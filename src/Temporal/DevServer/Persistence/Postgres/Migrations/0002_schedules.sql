-- Schedules: one row per schedule, the engine's serialized schedule state, replaced on every write
-- (in the same transaction as the runs the schedule started, so an action fires once across restarts).
CREATE TABLE schedules (
    namespace_id text        NOT NULL,
    schedule_id  text        NOT NULL,
    state        bytea       NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (namespace_id, schedule_id)
);
