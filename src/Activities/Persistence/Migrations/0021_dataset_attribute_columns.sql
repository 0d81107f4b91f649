-- The names of a dataset's own columns beyond topic, audience, channel, keywords and source_text, in the order the
-- file gave them: an export writes them as CSV columns without reading every item first.
ALTER TABLE datasets ADD COLUMN attribute_columns text[] NOT NULL DEFAULT '{}';

-- Datasets stored before: their items' column names, sorted (the file's order is gone).
UPDATE datasets d
SET attribute_columns = columns.names
FROM (
    SELECT i.dataset_id, array_agg(DISTINCT k.name ORDER BY k.name) AS names
    FROM dataset_items i, jsonb_object_keys(i.data -> 'attributes') AS k (name)
    GROUP BY i.dataset_id
) AS columns
WHERE columns.dataset_id = d.id;
