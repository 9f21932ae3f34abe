-- Reader reports and images hidden by them.
-- A report counts only if both its client-id cookie and its address are new for this item and target:
-- clearing cookies or switching networks alone never adds a vote.
CREATE TABLE reports (
  id            bigserial PRIMARY KEY,
  item_id       bigint      NOT NULL,
  target        text        NOT NULL CHECK (target IN ('item', 'image')),
  reason        text        NOT NULL,
  client_hash   text        NOT NULL,   -- sha-256 of the client-id cookie (never stored raw)
  address_hash  text        NOT NULL,   -- sha-256 of the address with a server secret
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX reports_by_client ON reports (item_id, target, client_hash);
CREATE UNIQUE INDEX reports_by_address ON reports (item_id, target, address_hash);
CREATE INDEX reports_recent ON reports (created_at DESC);

-- An image hidden by reports stays hidden wherever it reappears: by URL, and by perceptual hash (64-bit dHash)
CREATE TABLE hidden_images (
  url         text PRIMARY KEY,
  dhash       bigint,                 -- null when the image could not be fetched or decoded
  item_id     bigint,
  hidden_at   timestamptz NOT NULL DEFAULT now()
);
