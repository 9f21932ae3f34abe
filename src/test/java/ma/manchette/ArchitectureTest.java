package ma.manchette;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering that keeps the code easy to change, checked on the compiled classes. */
class ArchitectureTest {
  private static JavaClasses main;

  @BeforeAll
  static void load() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ma.manchette");
  }

  @Test
  void noPackageDependsBackOnItself() {
    slices().matching("ma.manchette.(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  void storageAndTheHubNeverReachIntoTheWebLayer() {
    noClasses()
        .that()
        .resideInAnyPackage("ma.manchette.store..", "ma.manchette.hub..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("ma.manchette.web..")
        .check(main);
  }

  /** The project's own classes (libraries and the JDK are free to use). */
  private static DescribedPredicate<JavaClass> ownCode() {
    return resideInAPackage("ma.manchette..");
  }

  private static void leaf(String pkg) {
    noClasses()
        .that()
        .resideInAPackage(pkg)
        .should()
        .dependOnClassesThat(ownCode().and(not(resideInAPackage(pkg))))
        .check(main);
  }

  @Test
  void theSharedVocabularyAndTextHelpersAreLeaves() {
    leaf("ma.manchette.text..");
    noClasses()
        .that()
        .resideInAPackage("ma.manchette.model..")
        .should()
        .dependOnClassesThat(
            ownCode().and(not(resideInAnyPackage("ma.manchette.model..", "ma.manchette.text.."))))
        .check(main);
  }
}
