-- Scheduled publications: when a run publishes to each channel it was given a time for. The workflow's durable timer
-- decides; these rows are what the calendar and the reviewers' page read (the API writes them as it starts the run or
-- signals a change, the publish stage marks them published).
CREATE TABLE publication_schedules (
    run_id      uuid NOT NULL REFERENCES pipeline_runs (id),
    channel     text NOT NULL,
    project_id  uuid NOT NULL REFERENCES projects (id),
    publish_at  timestamptz NOT NULL,
    status      text NOT NULL CHECK (status IN ('scheduled', 'cancelled', 'published')),
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (run_id, channel)
);

CREATE INDEX publication_schedules_project_time ON publication_schedules (project_id, publish_at);
