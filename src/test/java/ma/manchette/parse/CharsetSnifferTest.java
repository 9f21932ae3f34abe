package ma.manchette.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import ma.manchette.parse.CharsetSniffer.Source;
import ma.manchette.support.Fixtures;
import org.junit.jupiter.api.Test;

/** Feeds whose charset is undeclared or wrongly declared, from encoded fixture files. */
class CharsetSnifferTest {
  private static final Charset WINDOWS_1256 = Charset.forName("windows-1256");
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  static byte[] fixture(String name) {
    return Fixtures.bytes("feeds/charsets/" + name);
  }

  static String firstTitle(String name, String contentType) throws FeedParseException {
    return FeedParser.parse(fixture(name), contentType).entries().get(0).title();
  }

  @Test
  void arabicInWindows1256WithNoDeclarationIsDetected() throws Exception {
    var decoded = CharsetSniffer.decode(fixture("rss20-arabic-windows1256-undeclared.xml"), null);
    assertThat(decoded.source()).isEqualTo(Source.DETECTED);
    assertThat(decoded.charset()).isEqualTo(WINDOWS_1256);
    assertThat(firstTitle("rss20-arabic-windows1256-undeclared.xml", "text/xml"))
        .isEqualTo("الحكومة تصادق على مشروع قانون المالية لسنة 2027");
  }

  @Test
  void arabicInWindows1256WronglyDeclaredUtf8IsDetected() throws Exception {
    // the prolog says UTF-8, the bytes are not UTF-8: the declaration is contradicted
    var decoded =
        CharsetSniffer.decode(
            fixture("rss20-arabic-windows1256-declared-utf8.xml"), "application/rss+xml");
    assertThat(decoded.source()).isEqualTo(Source.DETECTED);
    assertThat(firstTitle("rss20-arabic-windows1256-declared-utf8.xml", "text/xml"))
        .isEqualTo("الحكومة تصادق على مشروع قانون المالية لسنة 2027");
  }

  @Test
  void frenchInIso88591WithNoDeclarationIsDetected() throws Exception {
    var decoded = CharsetSniffer.decode(fixture("rss20-french-iso88591-undeclared.xml"), null);
    assertThat(decoded.source()).isEqualTo(Source.DETECTED);
    assertThat(firstTitle("rss20-french-iso88591-undeclared.xml", "text/xml"))
        .isEqualTo("Rabat : le Parlement adopte le projet de loi de finances à l'unanimité");
  }

  @Test
  void frenchInWindows1252WithNoDeclarationKeepsItsCurlyQuotes() throws Exception {
    var decoded = CharsetSniffer.decode(fixture("rss20-french-windows1252-undeclared.xml"), null);
    assertThat(decoded.charset()).isEqualTo(WINDOWS_1252);
    var entries =
        FeedParser.parse(fixture("rss20-french-windows1252-undeclared.xml"), "text/xml").entries();
    assertThat(entries.get(0).title())
        .isEqualTo("Rabat : le Parlement adopte le projet de loi de finances à l’unanimité");
    assertThat(entries.get(1).summary()).contains("« très fortes »");
  }

  @Test
  void aCorrectDeclarationWinsOverTheDetectorsGuess() throws Exception {
    // mostly French text that ICU alone reads as ISO-8859-1; its prolog rightly says windows-1256
    byte[] bytes = fixture("rss20-french-windows1256-declared.xml");
    assertThat(CharsetDetection.likeliest(bytes)).isEqualTo("ISO-8859-1");
    var decoded = CharsetSniffer.decode(bytes, "text/xml");
    assertThat(decoded.source()).isEqualTo(Source.DECLARED);
    assertThat(decoded.charset()).isEqualTo(WINDOWS_1256);
    assertThat(FeedParser.parse(bytes, "text/xml").entries().get(1).title())
        .isEqualTo("الصباح : Météo, fortes pluies attendues sur l'Atlas et le Rif");
  }

  @Test
  void aCorrectHeaderDeclarationWins() {
    var decoded =
        CharsetSniffer.decode(
            fixture("rss20-french-windows1256-declared.xml"),
            "application/rss+xml; charset=windows-1256");
    assertThat(decoded.source()).isEqualTo(Source.DECLARED);
    assertThat(decoded.text()).contains("Le Matin | الصباح");
  }

  @Test
  void validUtf8IsNeverReGuessed() {
    for (String name :
        new String[] {"rss20-arabic-utf8-undeclared.xml", "rss20-french-utf8-undeclared.xml"}) {
      var decoded = CharsetSniffer.decode(fixture(name), "text/xml");
      assertThat(decoded.source()).as(name).isEqualTo(Source.UTF8);
      assertThat(decoded.charset()).as(name).isEqualTo(StandardCharsets.UTF_8);
    }
  }

  @Test
  void aReplacementCharacterWrittenInUtf8IsStillValidUtf8() {
    byte[] bytes = "<rss><title>caf\uFFFD é</title></rss>".getBytes(StandardCharsets.UTF_8);
    var decoded = CharsetSniffer.decode(bytes, null);
    assertThat(decoded.source()).isEqualTo(Source.UTF8);
    assertThat(decoded.text()).contains("caf\uFFFD é");
  }
}
