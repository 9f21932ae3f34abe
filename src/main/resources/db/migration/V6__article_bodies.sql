-- Full text of article pages, fetched on first view. Failures are counted so that a page that cannot
-- be read is not fetched again on every view.
ALTER TABLE items ADD COLUMN body_attempts smallint NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN body_error text;
