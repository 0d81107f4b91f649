-- Publishing rules per project (for now: whether an approval must come before any publish).
ALTER TABLE projects ADD COLUMN publishing_settings jsonb NOT NULL DEFAULT '{}'::jsonb;
