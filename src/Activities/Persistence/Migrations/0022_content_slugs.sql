-- One owner per slug and project, whatever the channel: a run's static page, webhook payload and WordPress draft share
-- the slug it claimed, and another run with the same title gets a suffix on every channel alike. Slugs already
-- published keep their owners (static pages first: their rows are unique per slug already).
CREATE TABLE content_slugs (
    project_id uuid NOT NULL REFERENCES projects (id),
    slug       text NOT NULL,
    run_id     uuid NOT NULL,
    claimed_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, slug)
);

CREATE INDEX content_slugs_run_id ON content_slugs (run_id);

INSERT INTO content_slugs (project_id, slug, run_id, claimed_at)
SELECT project_id, slug, run_id, updated_at FROM static_pages;

INSERT INTO content_slugs (project_id, slug, run_id, claimed_at)
SELECT DISTINCT ON (project_id, slug) project_id, slug, run_id, published_at
FROM publications
ORDER BY project_id, slug, published_at
ON CONFLICT (project_id, slug) DO NOTHING;
