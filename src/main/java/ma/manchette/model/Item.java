package ma.manchette.model;

import java.time.Instant;
import java.util.List;

/** A headline as Manchette serves it: cleaned text, checked URLs, a time-ordered id. */
public record Item(
    long id,
    String outlet,
    String outletName,
    String key,
    String title,
    String url,
    String summary,
    String image,
    String author,
    String section,
    String lang,
    String region,
    List<String> categories,
    Instant publishedAt,
    Instant detectedAt,
    String story,
    UrlKind urlKind) {

  public Item {
    categories = categories == null ? List.of() : List.copyOf(categories);
    // a url is the article's unless said otherwise (rows and relayed events from before the kind
    // existed)
    urlKind = url == null ? null : urlKind == null ? UrlKind.ARTICLE : urlKind;
  }

  /** An item whose url, if any, is the article's. */
  public Item(
      long id,
      String outlet,
      String outletName,
      String key,
      String title,
      String url,
      String summary,
      String image,
      String author,
      String section,
      String lang,
      String region,
      List<String> categories,
      Instant publishedAt,
      Instant detectedAt,
      String story) {
    this(
        id,
        outlet,
        outletName,
        key,
        title,
        url,
        summary,
        image,
        author,
        section,
        lang,
        region,
        categories,
        publishedAt,
        detectedAt,
        story,
        null);
  }

  public Item withId(long newId, Instant detected) {
    return new Item(
        newId,
        outlet,
        outletName,
        key,
        title,
        url,
        summary,
        image,
        author,
        section,
        lang,
        region,
        categories,
        publishedAt,
        detected,
        story,
        urlKind);
  }

  public Item withStory(String newStory) {
    return new Item(
        id,
        outlet,
        outletName,
        key,
        title,
        url,
        summary,
        image,
        author,
        section,
        lang,
        region,
        categories,
        publishedAt,
        detectedAt,
        newStory,
        urlKind);
  }

  public Item withImage(String newImage) {
    return new Item(
        id,
        outlet,
        outletName,
        key,
        title,
        url,
        summary,
        newImage,
        author,
        section,
        lang,
        region,
        categories,
        publishedAt,
        detectedAt,
        story,
        urlKind);
  }

  public Item withSection(String newSection) {
    return new Item(
        id,
        outlet,
        outletName,
        key,
        title,
        url,
        summary,
        image,
        author,
        newSection,
        lang,
        region,
        categories,
        publishedAt,
        detectedAt,
        story,
        urlKind);
  }

  public Item withLang(String newLang) {
    return new Item(
        id,
        outlet,
        outletName,
        key,
        title,
        url,
        summary,
        image,
        author,
        section,
        newLang,
        region,
        categories,
        publishedAt,
        detectedAt,
        story,
        urlKind);
  }

  public Item withRegion(String newRegion) {
    return new Item(
        id,
        outlet,
        outletName,
        key,
        title,
        url,
        summary,
        image,
        author,
        section,
        lang,
        newRegion,
        categories,
        publishedAt,
        detectedAt,
        story,
        urlKind);
  }

  /**
   * Whether the url opens the article itself (not the outlet's homepage): only then is it fetched
   * for a picture or text.
   */
  public boolean linksToArticle() {
    return urlKind == UrlKind.ARTICLE;
  }

  /** What a reader would notice changing in a corrected headline. */
  public int contentHash() {
    return java.util.Objects.hash(title, summary);
  }
}
