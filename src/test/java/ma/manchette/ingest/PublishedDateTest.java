package ma.manchette.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import ma.manchette.config.OutletConfig;
import ma.manchette.parse.ParsedEntry;
import org.junit.jupiter.api.Test;

class PublishedDateTest {
  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  @Test
  void zonedDatesAreTakenAsGiven() {
    assertThat(PublishedDate.parse("2026-11-28T10:15:00+01:00", NOW))
        .isEqualTo(Instant.parse("2026-11-28T09:15:00Z"));
    assertThat(PublishedDate.parse("Sat, 28 Nov 2026 10:15:00 GMT", NOW))
        .isEqualTo(Instant.parse("2026-11-28T10:15:00Z"));
  }

  @Test
  void zoneLessDatesAreMoroccanTimeIncludingRamadan() {
    // Morocco is UTC+1 most of the year…
    assertThat(PublishedDate.parse("2026-11-28 10:15", NOW))
        .isEqualTo(Instant.parse("2026-11-28T09:15:00Z"));
    assertThat(PublishedDate.parse("28/11/2026 - 10h15", NOW))
        .isEqualTo(Instant.parse("2026-11-28T09:15:00Z"));
    // …and UTC+0 during Ramadan (2026: about 15 Feb to 22 Mar, as the tz database has it)
    assertThat(PublishedDate.parse("2026-03-01T10:15:00", NOW))
        .isEqualTo(Instant.parse("2026-03-01T10:15:00Z"));
  }

  @Test
  void namedMonthsInFourLanguages() {
    Instant expected = Instant.parse("2026-11-28T09:30:00Z");
    assertThat(PublishedDate.parse("Samedi 28 novembre 2026 à 10h30", NOW)).isEqualTo(expected);
    assertThat(PublishedDate.parse("28 de noviembre de 2026, 10:30", NOW)).isEqualTo(expected);
    assertThat(PublishedDate.parse("November 28, 2026 10:30 am", NOW)).isEqualTo(expected);
    assertThat(PublishedDate.parse("السبت 28 نونبر 2026 - 10:30", NOW)).isEqualTo(expected);
    assertThat(PublishedDate.parse("28 نوفمبر 2026 10:30", NOW)).isEqualTo(expected);
    assertThat(PublishedDate.parse("28 تشرين الثاني 2026", NOW))
        .isEqualTo(Instant.parse("2026-11-27T23:00:00Z"));
  }

  @Test
  void relativeDatesInFourLanguages() {
    assertThat(PublishedDate.parse("il y a 5 minutes", NOW))
        .isEqualTo(NOW.minus(Duration.ofMinutes(5)));
    assertThat(PublishedDate.parse("Il y a une heure", NOW))
        .isEqualTo(NOW.minus(Duration.ofHours(1)));
    assertThat(PublishedDate.parse("منذ ساعة", NOW)).isEqualTo(NOW.minus(Duration.ofHours(1)));
    assertThat(PublishedDate.parse("منذ ساعتين", NOW)).isEqualTo(NOW.minus(Duration.ofHours(2)));
    assertThat(PublishedDate.parse("منذ 5 دقائق", NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
    assertThat(PublishedDate.parse("منذ 3 أيام", NOW)).isEqualTo(NOW.minus(Duration.ofDays(3)));
    assertThat(PublishedDate.parse("hace 2 horas", NOW)).isEqualTo(NOW.minus(Duration.ofHours(2)));
    assertThat(PublishedDate.parse("hace una hora", NOW)).isEqualTo(NOW.minus(Duration.ofHours(1)));
    assertThat(PublishedDate.parse("5 minutes ago", NOW))
        .isEqualTo(NOW.minus(Duration.ofMinutes(5)));
    assertThat(PublishedDate.parse("an hour ago", NOW)).isEqualTo(NOW.minus(Duration.ofHours(1)));
    assertThat(PublishedDate.parse("hier", NOW)).isEqualTo(NOW.minus(Duration.ofDays(1)));
  }

  @Test
  void missingUnreadableImpossibleOrFutureDatesFallBackToDetection() {
    assertThat(PublishedDate.parse("bientôt", NOW)).isNull();
    assertThat(PublishedDate.parse("31/02/2026", NOW)).isNull();
    assertThat(PublishedDate.of(null, null, NOW)).isEqualTo(NOW);
    assertThat(PublishedDate.of(null, "n'importe quoi", NOW)).isEqualTo(NOW);
    assertThat(PublishedDate.of(null, "2027-01-01 10:00", NOW)).isEqualTo(NOW);
    assertThat(PublishedDate.of(NOW.minusSeconds(60), "ignored", NOW))
        .isEqualTo(NOW.minusSeconds(60));
  }

  @Test
  void theNormaliserReadsAScrapedPagesRawDate() {
    OutletConfig outlet =
        new OutletConfig(
            "o",
            "O",
            "https://o.ma",
            "fr",
            null,
            null,
            null,
            null,
            null,
            List.of(),
            null,
            true,
            null);
    ParsedEntry scraped =
        new ParsedEntry(
            null,
            "https://o.ma/1",
            "Titre",
            null,
            null,
            null,
            List.of(),
            null,
            "il y a 10 minutes");
    assertThat(ItemNormalizer.normalize(outlet, "https://o.ma/", scraped, NOW).publishedAt())
        .isEqualTo(NOW.minus(Duration.ofMinutes(10)));
  }
}
