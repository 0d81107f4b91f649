-- The console's runs list filters by state or definition and pages newest first; with 10,000s of runs per project
-- each filter needs its own keyset order, not a scan of the project's index.
CREATE INDEX pipeline_runs_project_status_created ON pipeline_runs (project_id, status, created_at DESC, id DESC);
CREATE INDEX pipeline_runs_project_definition_created ON pipeline_runs (project_id, definition_id, created_at DESC, id DESC);

-- The version of a definition a run gets when it names none; without a row, the latest version.
CREATE TABLE pipeline_definition_active_versions (
    definition_id uuid PRIMARY KEY,
    version       int NOT NULL,
    activated_at  timestamptz NOT NULL,
    activated_by  text NOT NULL,
    FOREIGN KEY (definition_id, version) REFERENCES pipeline_definitions (id, version)
);

-- The runs list's text search reads topic and audience of every run of the project: from a short stored column, not
-- from each brief's JSON (which carries up to 50,000 characters of source text).
ALTER TABLE pipeline_runs ADD COLUMN search_text text GENERATED ALWAYS AS (lower(COALESCE(brief->>'topic', '') || ' ' || COALESCE(brief->>'audience', ''))) STORED;
