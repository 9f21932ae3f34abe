package ma.manchette.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import ma.manchette.support.TestDatabase;
import org.junit.jupiter.api.Test;

class EmbeddedDatabaseIT {
  @Test
  void theDeclaredMajorIsTheOneTheBinariesRun() {
    long num =
        TestDatabase.count(
            TestDatabase.freshDatabaseUrl(), "SELECT current_setting('server_version_num')::int");
    assertThat(num / 10_000).isEqualTo(EmbeddedDatabase.MAJOR);
  }

  @Test
  void aDataFolderOfAnotherMajorIsRefusedSayingWhatToDo() throws Exception {
    Path dir = Files.createTempDirectory("pg-old");
    Files.writeString(dir.resolve("PG_VERSION"), "14\n");
    assertThatThrownBy(() -> EmbeddedDatabase.refuseOtherMajor(dir))
        .hasMessageContaining("PostgreSQL 14 database")
        .hasMessageContaining("embeds PostgreSQL " + EmbeddedDatabase.MAJOR)
        .hasMessageContaining("DATABASE_URL");
    Files.writeString(dir.resolve("PG_VERSION"), EmbeddedDatabase.MAJOR + "\n");
    EmbeddedDatabase.refuseOtherMajor(dir); // its own major opens
  }
}
