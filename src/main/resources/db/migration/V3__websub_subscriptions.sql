-- WebSub subscriptions: kept across restarts so signed pushes are still recognised and leases renewed in time.
CREATE TABLE websub_subscriptions (
  outlet_id    text PRIMARY KEY,
  hub          text        NOT NULL,
  topic        text        NOT NULL,
  secret       text        NOT NULL,   -- our HMAC secret for this subscription
  state        text        NOT NULL,   -- PENDING, ACTIVE, DENIED, FAILED
  lease_until  timestamptz,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
