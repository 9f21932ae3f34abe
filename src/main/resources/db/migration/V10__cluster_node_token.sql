-- Each running process registers its node id with a random token: a second live process with the same
-- MANCHETTE_NODE_ID (its token differs and its row keeps being renewed) is refused at start.
ALTER TABLE cluster_nodes ADD COLUMN token text;
