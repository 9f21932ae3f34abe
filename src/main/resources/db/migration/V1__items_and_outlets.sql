-- Manchette schema, version 1: headlines, outlets and per-outlet polling state.
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is only STABLE; an IMMUTABLE wrapper lets indexes and generated columns use it
CREATE OR REPLACE FUNCTION manchette_fold(txt text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, txt)) $$;

CREATE TABLE outlets (
  id          text PRIMARY KEY,
  config      jsonb       NOT NULL,
  enabled     boolean     NOT NULL DEFAULT true,
  origin      text        NOT NULL DEFAULT 'file',   -- 'file' (conf/outlets.yaml) or 'admin' (added at run time)
  deleted     boolean     NOT NULL DEFAULT false,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE outlet_state (
  outlet_id      text PRIMARY KEY,
  primed         boolean     NOT NULL DEFAULT false,  -- first poll done: later items are pushed live
  etag           text,
  last_modified  text,
  body_hash      text,
  moved_to       text,                                 -- remembered permanent redirect
  lease_owner    int,
  lease_until    timestamptz,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE items (
  id            bigint PRIMARY KEY,                    -- time-ordered: ms | node | sequence
  outlet_id     text        NOT NULL,
  item_key      text        NOT NULL,
  title         text        NOT NULL,
  url           text,
  summary       text,
  image         text,
  author        text,
  section       text,
  lang          text,
  region        text,
  categories    text[]      NOT NULL DEFAULT '{}',
  published_at  timestamptz,
  detected_at   timestamptz NOT NULL,
  story         text,
  body          text,
  hidden        boolean     NOT NULL DEFAULT false,
  image_hidden  boolean     NOT NULL DEFAULT false,
  updated_at    timestamptz,
  search        tsvector GENERATED ALWAYS AS (
                  setweight(to_tsvector('simple', manchette_fold(coalesce(title, ''))), 'A') ||
                  setweight(to_tsvector('simple', manchette_fold(coalesce(summary, ''))), 'B') ||
                  setweight(to_tsvector('simple', manchette_fold(coalesce(body, ''))), 'C')) STORED,
  CONSTRAINT items_outlet_key UNIQUE (outlet_id, item_key)
);

CREATE INDEX items_outlet_id ON items (outlet_id, id DESC);
CREATE INDEX items_section_id ON items (section, id DESC);
CREATE INDEX items_search ON items USING gin (search);
CREATE INDEX items_detected ON items (detected_at);

-- false for the history stored at an outlet's first poll: backfill shows it, resume never replays it
ALTER TABLE items ADD COLUMN live boolean NOT NULL DEFAULT true;
