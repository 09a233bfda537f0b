package org.indaba;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package graph stays acyclic and services stay free of HTTP. Features may use {@code model},
 * {@code db}, {@code web} and features below them, never the other way round.
 */
@AnalyzeClasses(
    packages = "org.indaba",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoJooqSchema.class})
class ArchitectureTest {

  /** The generated jOOQ schema refers to itself across its packages; it is not ours to shape. */
  static final class NoJooqSchema implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/org/indaba/db/schema/");
    }
  }

  /** Any cycle between two packages (sub-packages count on their own), the jOOQ schema aside. */
  @ArchTest
  static final ArchRule packagesFormNoCycle =
      slices().matching("org.indaba.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule servicesDoNotImportTheWeb =
      noClasses()
          .that()
          .haveSimpleNameEndingWith("Service")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.indaba.web..");
}
