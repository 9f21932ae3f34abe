-- Live rows are amended soon after their insert (story id, og:image). Room left on each page lets PostgreSQL put
-- the new row version beside the old one (a HOT update: no new entry in any index, the GIN one included).
ALTER TABLE items SET (fillfactor = 85);
