-- One row per page of a project's static site, numbered in the order pages first appeared. The index is rebuilt
-- from the newest rows and archive chunks from sequence ranges, so a publish costs the same at page 100 or 600,000;
-- and a slug already used by another run gets a suffix instead of overwriting that run's page.
CREATE TABLE static_pages (
    project_id uuid NOT NULL REFERENCES projects (id),
    slug       text NOT NULL,
    location   text NOT NULL,
    title      text NOT NULL,
    run_id     uuid NOT NULL,
    sequence   bigint NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, slug),
    UNIQUE (project_id, sequence)
);

INSERT INTO static_pages (project_id, slug, location, title, run_id, sequence, updated_at)
SELECT project_id, slug, location, title, run_id,
       ROW_NUMBER() OVER (PARTITION BY project_id ORDER BY first_at, slug),
       last_at
FROM (
    SELECT DISTINCT ON (project_id, slug)
           project_id, slug, location, title, run_id,
           published_at AS last_at,
           MIN(published_at) OVER (PARTITION BY project_id, slug) AS first_at
    FROM publications
    WHERE channel = 'static-files'
    ORDER BY project_id, slug, published_at DESC
) pages;
