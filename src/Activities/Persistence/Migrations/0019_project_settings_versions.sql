-- Every change of a project's settings (brand profile, quality thresholds, LLM settings, publishing rules) is a version:
-- who made it, when, and which settings it changed. The projects row keeps the latest; a run (and a batch, for its items)
-- pins the version it started with, and its stages read that version.
CREATE TABLE project_settings_versions (
    project_id     uuid NOT NULL REFERENCES projects (id),
    version        int NOT NULL,
    settings       jsonb NOT NULL,
    changed_by     text NOT NULL,
    changed_by_key uuid,
    changed_at     timestamptz NOT NULL,
    changed_paths  text[] NOT NULL,
    PRIMARY KEY (project_id, version)
);

ALTER TABLE projects ADD COLUMN settings_version int NOT NULL DEFAULT 1;
INSERT INTO project_settings_versions (project_id, version, settings, changed_by, changed_at, changed_paths)
SELECT id, 1, jsonb_build_object('brand', brand_profile, 'quality', quality_thresholds, 'llm', llm_settings, 'publishing', publishing_settings),
       'project creation', created_at, '{}'
FROM projects;

-- Runs and batches from before versions ran with the only settings there were: version 1.
ALTER TABLE pipeline_runs ADD COLUMN settings_version int;
UPDATE pipeline_runs SET settings_version = 1;
ALTER TABLE batches ADD COLUMN settings_version int;
UPDATE batches SET settings_version = 1;
