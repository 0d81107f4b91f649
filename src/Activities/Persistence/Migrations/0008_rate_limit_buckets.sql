-- The shared rate limiter's token buckets, one row per endpoint and model ("endpoint|model"), updated under the
-- row lock by every worker of the deployment. Levels may go negative: that is the debt admitted callers wait out.
CREATE TABLE rate_limit_buckets (
    key         text PRIMARY KEY,
    requests    double precision NOT NULL,
    tokens      double precision NOT NULL,
    refilled_at timestamptz NOT NULL
);
