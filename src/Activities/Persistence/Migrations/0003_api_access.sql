-- API keys: only the SHA-256 of a key is stored; the key itself is shown once, when created.
CREATE TABLE api_keys (
    id         uuid PRIMARY KEY,
    project_id uuid NOT NULL REFERENCES projects (id),
    name       text NOT NULL,
    role       text NOT NULL CHECK (role IN ('admin', 'editor', 'reviewer')),
    key_hash   bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);

CREATE INDEX api_keys_project_id ON api_keys (project_id);

-- Idempotency-Key → the run it started, with a hash of the request so a reused key with another body is refused.
CREATE TABLE idempotency_keys (
    project_id   uuid NOT NULL REFERENCES projects (id),
    key          text NOT NULL,
    request_hash bytea NOT NULL,
    run_id       uuid NOT NULL REFERENCES pipeline_runs (id),
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (project_id, key)
);

-- Project secrets (LLM keys, channel tokens), AES-GCM encrypted; the worker reads them by project id, so they never enter a workflow payload.
CREATE TABLE project_secrets (
    project_id uuid NOT NULL REFERENCES projects (id),
    name       text NOT NULL,
    key_id     text NOT NULL,
    nonce      bytea NOT NULL,
    ciphertext bytea NOT NULL,
    tag        bytea NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, name)
);
