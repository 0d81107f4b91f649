-- A reviewer's claim on a run's pending decision, taken by the API in one conditional UPDATE before it signals the
-- workflow: the workflow keeps only the first decision, so only the reviewer holding the claim may be told "accepted".
-- decision_claim_stage is the approval stage (its index in the definition) claimed: a later approval stage of the same
-- run is free to claim, and a stale request for an earlier stage never is. A claim whose signal could not be sent is
-- released (decision_claim_id and the reviewer cleared) but keeps its stage, so the same stage can be claimed again.
ALTER TABLE pipeline_runs ADD COLUMN decision_claim_stage int;
ALTER TABLE pipeline_runs ADD COLUMN decision_claim_id uuid;
ALTER TABLE pipeline_runs ADD COLUMN decision_claimed_by text;
ALTER TABLE pipeline_runs ADD COLUMN decision_claimed_at timestamptz;
