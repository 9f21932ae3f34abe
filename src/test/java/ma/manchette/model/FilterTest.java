package ma.manchette.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import ma.manchette.hub.EncodedEvent;
import org.junit.jupiter.api.Test;

class FilterTest {
  static Item item(String outlet, String lang, String title) {
    return new Item(
        1,
        outlet,
        outlet,
        "k",
        title,
        "https://x.ma/1",
        null,
        null,
        "Karim Benali",
        "politique",
        lang,
        "fes-meknes",
        List.of("Politique"),
        null,
        Instant.now(),
        null);
  }

  @Test
  void fieldsAreAndedValuesOred() {
    Filter f = Filter.fromQuery(Map.of("outlet", "a,b", "lang", "fr")::get);
    assertThat(f.matches(item("a", "fr", "x"))).isTrue();
    assertThat(f.matches(item("b", "fr", "x"))).isTrue();
    assertThat(f.matches(item("c", "fr", "x"))).isFalse();
    assertThat(f.matches(item("a", "ar", "x"))).isFalse();
  }

  @Test
  void anItemWithoutSectionOrRegionDoesNotMatchOneAndDoesNotThrow() {
    Item bare =
        new Item(
            2,
            "a",
            "A",
            "k2",
            "Sans rubrique",
            "https://x.ma/2",
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            null,
            Instant.now(),
            null);
    assertThat(Filter.fromQuery(Map.of("region", "fes-meknes")::get).matches(bare)).isFalse();
    assertThat(Filter.fromQuery(Map.of("section", "sport")::get).matches(bare)).isFalse();
    assertThat(Filter.fromQuery(Map.of("lang", "fr")::get).matches(bare)).isFalse();
    assertThat(Filter.ALL.matches(bare)).isTrue();
  }

  @Test
  void keywordsIgnoreCaseAndAccents() {
    Filter f = Filter.fromQuery(Map.of("q", "fes FESTIV")::get);
    assertThat(EncodedEvent.headline(item("a", "fr", "Fès : le Festival s'ouvre")).matches(f))
        .isTrue();
    // words match from their start: "fes" is not found inside "Meknès" nor "Profess…"
    assertThat(
            EncodedEvent.headline(item("a", "fr", "Meknès : salon des professeurs"))
                .matches(Filter.fromQuery(Map.of("q", "fes")::get)))
        .isFalse();
    assertThat(EncodedEvent.headline(item("a", "fr", "Fès : la foire s'ouvre")).matches(f))
        .isFalse();
    Filter ar = Filter.fromQuery(Map.of("q", "احمد")::get);
    assertThat(EncodedEvent.headline(item("a", "ar", "أحمد يفوز")).matches(ar)).isTrue();
  }

  @Test
  void authorAndTopic() {
    assertThat(
            Filter.fromQuery(Map.of("author", "karim benali")::get).matches(item("a", "fr", "x")))
        .isTrue();
    assertThat(Filter.fromQuery(Map.of("topic", "politique")::get).matches(item("a", "fr", "x")))
        .isTrue();
    assertThat(Filter.fromQuery(Map.of("topic", "sport")::get).matches(item("a", "fr", "x")))
        .isFalse();
  }

  @Test
  void badValuesNameTheirField() {
    assertThatThrownBy(() -> Filter.fromQuery(Map.of("lang", "FR!")::get))
        .isInstanceOf(InvalidParameter.class)
        .extracting(e -> ((InvalidParameter) e).field)
        .isEqualTo("lang");
    assertThatThrownBy(() -> Filter.fromJson(new JsonObject().put("nope", 1)))
        .extracting(e -> ((InvalidParameter) e).field)
        .isEqualTo("nope");
    assertThatThrownBy(() -> Filter.fromQuery(Map.of("q", "x".repeat(300))::get))
        .extracting(e -> ((InvalidParameter) e).field)
        .isEqualTo("q");
  }

  @Test
  void aStoriesOnlyFilterTakesStoriesAndNothingElse() {
    EncodedEvent headline = EncodedEvent.headline(item("a", "fr", "x"));
    EncodedEvent story =
        EncodedEvent.story(new BreakingStory("1", "x", List.of("a", "b", "c"), List.of(1L)), 2);

    assertThat(story.matches(Filter.ALL)).isTrue();
    assertThat(headline.matches(Filter.ALL)).isTrue();
    assertThat(story.matches(Filter.fromQuery(Map.of("outlet", "b,z")::get))).isTrue();
    assertThat(story.matches(Filter.fromQuery(Map.of("outlet", "z")::get)))
        .as("none of its outlets")
        .isFalse();
    Filter stories = Filter.fromQuery(Map.of("events", "story")::get);
    assertThat(story.matches(stories)).isTrue();
    assertThat(headline.matches(stories)).isFalse();
    Filter both = Filter.fromJson(new JsonObject().put("events", List.of("headline", "story")));
    assertThat(story.matches(both)).isTrue();
    assertThat(headline.matches(both)).isTrue();
    assertThatThrownBy(() -> Filter.fromQuery(Map.of("events", "stories")::get))
        .isInstanceOf(InvalidParameter.class)
        .hasMessageContaining("unknown event 'stories'");
  }
}
