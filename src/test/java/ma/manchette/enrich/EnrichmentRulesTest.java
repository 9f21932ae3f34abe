package ma.manchette.enrich;

import static ma.manchette.enrich.Items.item;
import static ma.manchette.enrich.Items.titled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import ma.manchette.ingest.Enricher;
import ma.manchette.model.Item;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which region and section rules are in force: built into the jar, beside the outlets file, or
 * named in the environment.
 */
class EnrichmentRulesTest {
  static final Path RULES = Path.of("src/test/resources/fixtures/rules");

  @TempDir Path emptyDir;

  @Test
  void withoutAnyFileTheBuiltInRulesAreInForce() {
    Enrichers.Loaded loaded = Enrichers.load(emptyDir, null, null);
    assertThat(loaded.regions().source()).isEqualTo("built-in");
    assertThat(loaded.sections().source()).isEqualTo("built-in");
    assertThat(loaded.regions().entries()).isEqualTo(12);
    assertThat(loaded.sections().entries()).isEqualTo(9);
    assertThat(loaded.regions().terms()).isGreaterThan(300);
    assertThat(loaded.sections().terms()).isGreaterThan(300);
    assertThat(loaded.summary())
        .startsWith("enrichment: 12 regions (")
        .contains("9 sections (")
        .contains("from built-in");
    assertThat(loaded.toMap().toString()).contains("source=built-in");

    Item tagged =
        run(
            loaded.chain(),
            item(
                "x",
                "fr",
                "Agadir : la ministre inaugure le nouveau port",
                null,
                "https://x.ma/sport/123-titre",
                List.of()));
    assertThat(tagged.region()).isEqualTo("souss-massa");
    assertThat(tagged.section()).isEqualTo("sport");
  }

  @Test
  void aFileBesideTheOutletsFileReplacesTheBuiltInRules() throws Exception {
    Files.copy(RULES.resolve("regions-only.yaml"), emptyDir.resolve("regions.yaml"));
    Enrichers.Loaded loaded = Enrichers.load(emptyDir, null, null);
    assertThat(loaded.regions().source()).isEqualTo(emptyDir.resolve("regions.yaml").toString());
    assertThat(loaded.regions().entries()).isEqualTo(1);
    assertThat(loaded.regions().terms()).isEqualTo(2);
    assertThat(loaded.sections().source())
        .isEqualTo("built-in"); // each rule set is found on its own
    assertThat(run(loaded.chain(), titled("fr", "Agadir sous la pluie")).region()).isNull();
    assertThat(run(loaded.chain(), titled("fr", "Retour vers Tranquillité")).region())
        .isEqualTo("test-lune");
  }

  @Test
  void aNamedFileWinsOverTheOneBesideTheOutletsFile() throws Exception {
    Files.copy(RULES.resolve("regions-only.yaml"), emptyDir.resolve("regions.yaml"));
    Path named = RULES.resolve("regions-extends.yaml");
    Enrichers.Loaded loaded = Enrichers.load(emptyDir, named, null);
    assertThat(loaded.regions().file()).isEqualTo(named.toString());
    assertThat(loaded.regions().source()).isEqualTo(named + " (extends built-in)");
    assertThat(loaded.regions().toMap())
        .containsEntry("source", "file+built-in")
        .containsEntry("count", 13);
  }

  @Test
  void extendsBuiltinReplacesEntriesBySlugAndAddsNewOnes() {
    Enrichers.Loaded loaded =
        Enrichers.load(
            emptyDir,
            RULES.resolve("regions-extends.yaml"),
            RULES.resolve("sections-extends.yaml"));
    assertThat(loaded.regions().entries()).isEqualTo(13);
    assertThat(loaded.sections().entries()).isEqualTo(10);
    List<Enricher> chain = loaded.chain();
    assertThat(run(chain, titled("fr", "Kénitra : un nouveau pont sur le Sebou")).region())
        .isEqualTo("rabat-sale-kenitra"); // kept
    assertThat(run(chain, titled("fr", "Inezgane : le marché rouvre")).region())
        .isEqualTo("souss-massa"); // added term
    assertThat(run(chain, titled("fr", "Agadir : le marché rouvre")).region())
        .isNull(); // souss-massa replaced wholesale
    assertThat(run(chain, titled("fr", "Un alunissage à Apollo")).region())
        .isEqualTo("test-lune"); // context word added
    assertThat(run(chain, titled("fr", "Apollo revient")).region())
        .isNull(); // ambiguous without context
    assertThat(run(chain, titled("fr", "Une fusée pour un astronaute")).section())
        .isEqualTo("espace");
    assertThat(run(chain, titled("fr", "Le parlement adopte le projet de loi")).section())
        .isEqualTo("politique"); // built-in kept
    assertThat(
            run(chain, item("test-outlet", "fr", "Titre", null, "https://x.ma/cosmos/1", List.of()))
                .section())
        .isEqualTo("espace");
    assertThat(
            run(chain, item("hespress-fr", "fr", "Titre", null, "https://x.ma/monde/1", List.of()))
                .section())
        .isEqualTo("international"); // other outlets' built-in rules kept
  }

  @Test
  void brokenYamlNamesTheFileAndLine() {
    Path f = RULES.resolve("regions-broken-syntax.yaml");
    assertThatThrownBy(() -> Enrichers.load(emptyDir, f, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(f + ":4:")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void aWrongShapeNamesTheFileLineAndKey() {
    Path f = RULES.resolve("regions-wrong-shape.yaml");
    assertThatThrownBy(() -> Enrichers.load(emptyDir, f, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(f + ":5:")
        .hasMessageContaining("regions.oriental.terms must be a list");
    assertThatThrownBy(() -> Enrichers.load(emptyDir, RULES.resolve("regions-bad-slug.yaml"), null))
        .hasMessageContaining("regions-bad-slug.yaml:2:")
        .hasMessageContaining("is not a slug");
    assertThatThrownBy(
            () -> Enrichers.load(emptyDir, RULES.resolve("regions-unknown-key.yaml"), null))
        .hasMessageContaining("regions-unknown-key.yaml:3:")
        .hasMessageContaining("unknown key 'term'");
    assertThatThrownBy(
            () -> Enrichers.load(emptyDir, RULES.resolve("regions-bad-extends.yaml"), null))
        .hasMessageContaining("regions-bad-extends.yaml:1:")
        .hasMessageContaining("`extends` can only be `builtin`");
    assertThatThrownBy(
            () -> Enrichers.load(emptyDir, null, RULES.resolve("sections-outlet-bad-target.yaml")))
        .hasMessageContaining("sections-outlet-bad-target.yaml:5:")
        .hasMessageContaining("outlets.test-outlet.paths");
  }

  @Test
  void aFileWithoutItsListAndWithoutExtendsIsAnError() throws Exception {
    Path f = emptyDir.resolve("sections.yaml");
    Files.writeString(f, "# sections to come\noutlets: {}\n");
    assertThatThrownBy(() -> Enrichers.load(emptyDir, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(f + ":")
        .hasMessageContaining("no `sections:` list");
    Files.writeString(f, "");
    assertThatThrownBy(() -> Enrichers.load(emptyDir, null, null))
        .hasMessageContaining(f + ": empty file");
  }

  @Test
  void theShippedFilesAreTheBuiltInOnes() throws Exception {
    // conf/ is the single source: the jar carries these files, byte for byte
    for (String name : List.of("regions.yaml", "sections.yaml")) {
      try (var in = Enrichers.class.getResourceAsStream("builtin/" + name)) {
        assertThat(in).as(name).isNotNull();
        assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
            .isEqualTo(Files.readString(Path.of("conf", name)));
      }
    }
  }

  private static Item run(List<Enricher> chain, Item item) {
    for (Enricher e : chain) item = e.enrich(item);
    return item;
  }
}
