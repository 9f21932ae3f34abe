-- What an item's url opens: 'article', or 'homepage' when the entry had no usable link and the outlet's homepage
-- stands in. Rows from before read as 'article' (NULL) when they have a url. Nullable, no default: no table rewrite.
ALTER TABLE items ADD COLUMN url_kind text CHECK (url_kind IN ('article', 'homepage'));
