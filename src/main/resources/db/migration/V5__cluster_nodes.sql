-- Several nodes on one PostgreSQL: each live node renews its row; the number of live nodes sets
-- every node's fair share of outlet leases (outlet_state.lease_owner / lease_until, from V1).
CREATE TABLE cluster_nodes (
  node_id     int PRIMARY KEY,
  seen_until  timestamptz NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX outlet_state_lease ON outlet_state (lease_owner, lease_until);
