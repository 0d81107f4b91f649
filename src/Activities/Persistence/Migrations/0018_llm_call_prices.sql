-- Costs per model: each call row carries the currency, the model the stage asked for and the price list entry it was
-- costed at (null: the model had no price in the project's currency). Rows written before keep their cost; their
-- currency and price are unknown (null).
ALTER TABLE llm_calls ADD COLUMN currency text;
ALTER TABLE llm_calls ADD COLUMN requested_model text;
ALTER TABLE llm_calls ADD COLUMN priced_as text;
ALTER TABLE llm_calls ADD COLUMN input_price_per_1m numeric(18, 6);
ALTER TABLE llm_calls ADD COLUMN output_price_per_1m numeric(18, 6);

-- A batch's item runs name their batch, so costs sum per batch (every attempt's run, not only the latest).
ALTER TABLE pipeline_runs ADD COLUMN batch_id uuid REFERENCES batches (id);
UPDATE pipeline_runs r SET batch_id = b.id
FROM batches b
WHERE r.project_id = b.project_id AND r.workflow_id LIKE replace(b.id::text, '-', '') || '-%';
CREATE INDEX pipeline_runs_batch_id ON pipeline_runs (batch_id) WHERE batch_id IS NOT NULL;

-- A project's one price pair (per 1k tokens, whatever the model) becomes a price list (per 1M tokens) with the pair for
-- each model it configured, so its calls cost what they did; projects that priced nothing get the default list.
UPDATE projects p
SET llm_settings = (p.llm_settings - 'promptPricePer1kTokens' - 'completionPricePer1kTokens')
    || jsonb_build_object('prices', (
        SELECT jsonb_object_agg(m.model, jsonb_build_object(
            'inputPer1M', COALESCE((p.llm_settings ->> 'promptPricePer1kTokens')::numeric, 0) * 1000,
            'outputPer1M', COALESCE((p.llm_settings ->> 'completionPricePer1kTokens')::numeric, 0) * 1000))
        FROM (
            SELECT COALESCE(p.llm_settings ->> 'defaultModel', 'offline') AS model
            UNION
            SELECT value FROM jsonb_each_text(COALESCE(p.llm_settings -> 'modelsByStage', '{}'::jsonb))
        ) m))
WHERE COALESCE((p.llm_settings ->> 'promptPricePer1kTokens')::numeric, 0) > 0
   OR COALESCE((p.llm_settings ->> 'completionPricePer1kTokens')::numeric, 0) > 0;
UPDATE projects
SET llm_settings = llm_settings - 'promptPricePer1kTokens' - 'completionPricePer1kTokens'
WHERE llm_settings ? 'promptPricePer1kTokens' OR llm_settings ? 'completionPricePer1kTokens';

CREATE INDEX llm_calls_created_at ON llm_calls (created_at);
