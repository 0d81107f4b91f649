-- Notifications: per project, where people are told about drafts awaiting approval, escalations, failed runs and
-- finished batches (a signed webhook, e-mail over SMTP). Not versioned with the project settings: a changed address
-- applies at once, also to runs already waiting. Secrets (signing key, SMTP password) are named, never stored here.
CREATE TABLE project_notification_settings (
    project_id  uuid PRIMARY KEY REFERENCES projects (id),
    settings    jsonb NOT NULL,
    updated_by  text NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- One row per notification and channel: what was sent (or tried), so the API lists a run's or batch's notifications
-- and a retried activity does not send a channel twice.
CREATE TABLE notifications (
    notification_id  uuid NOT NULL,
    channel          text NOT NULL CHECK (channel IN ('webhook', 'email')),
    project_id       uuid NOT NULL REFERENCES projects (id),
    run_id           uuid,
    batch_id         uuid,
    event            text NOT NULL,
    recipient        text NOT NULL,
    link             text NOT NULL,
    status           text NOT NULL CHECK (status IN ('sent', 'failed')),
    attempts         integer NOT NULL,
    error            text,
    created_at       timestamptz NOT NULL,
    sent_at          timestamptz,
    PRIMARY KEY (notification_id, channel)
);

CREATE INDEX notifications_run ON notifications (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX notifications_batch ON notifications (batch_id) WHERE batch_id IS NOT NULL;
