-- Closed runs stay in the store, not in the server's memory: these columns let the server find, list and
-- expire them without reading their history. start_time orders a workflow id's runs; close_time is null while
-- a run is open; visibility is the closed run's serialized temporal.api.workflow.v1.WorkflowExecutionInfo.
ALTER TABLE executions
    ADD COLUMN start_time timestamptz,
    ADD COLUMN close_time timestamptz,
    ADD COLUMN visibility bytea;

-- What a start loads: the open runs only.
CREATE INDEX executions_open_idx ON executions (namespace_id, run_id) WHERE close_time IS NULL;

-- What the retention sweep reads: a namespace's closed runs by close time.
CREATE INDEX executions_closed_idx ON executions (namespace_id, close_time) WHERE close_time IS NOT NULL;
