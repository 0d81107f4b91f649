-- A secret is declared for one use (the LLM key, a webhook signing key, a WordPress application password) and,
-- where it applies, the one host it may be sent to. Secrets stored before this have no purpose: no stage uses
-- them until an admin declares one (PUT .../secrets/{name} with purpose and host).
ALTER TABLE project_secrets ADD COLUMN purpose text;
ALTER TABLE project_secrets ADD COLUMN allowed_host text;
