// A feed reader's view of one URL: @extractus/feed-extractor fetches it (it picks the format from
// the response's media type) and this prints what it read as JSON. Used by FeedReadersIT.
import { extract } from "@extractus/feed-extractor";

const url = process.argv[2];
try {
  const feed = await extract(url, { useISODateFormat: true }, (u) =>
    fetch(u, { signal: AbortSignal.timeout(10000) }));
  console.log(JSON.stringify(feed));
} catch (e) {
  console.error(`read-feed: ${url}: ${e.message}`);
  process.exit(1);
}
