package org.indaba;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
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

  /** Reading mail bytes needs no database, network or feature: the parser stays a leaf. */
  @ArchTest
  static final ArchRule mailParsingIsALeaf =
      noClasses()
          .that()
          .resideInAPackage("org.indaba.mail.parse..")
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages(
              "org.indaba.mail.parse..", "java..", "org.apache.james.mime4j..", "org.jsoup..");

  /** Where SQL may be built: repositories, stores, {@code db}, and the benchmarks' own loaders. */
  private static final DescribedPredicate<JavaClass> SQL_PLACES =
      DescribedPredicate.describe(
          "a *Repository, a *Store, org.indaba.db.. or org.indaba.bench..",
          c -> {
            String top = c.getName().replaceAll("\\$.*", "");
            String simple = top.substring(top.lastIndexOf('.') + 1);
            return simple.endsWith("Repository")
                || simple.endsWith("Store")
                || c.getPackageName().startsWith("org.indaba.db")
                || c.getPackageName().startsWith("org.indaba.bench");
          });

  /**
   * Everywhere else jOOQ is only the transaction handle: a {@code DSLContext} (or the {@code
   * Configuration} of a nested transaction) may be passed on and may open a transaction, nothing
   * more. No query builder, no generated table, no raw SQL.
   */
  private static final DescribedPredicate<JavaClass> JOOQ_BEYOND_THE_HANDLE =
      DescribedPredicate.describe(
          "jOOQ beyond DSLContext/Configuration, or the generated schema",
          c ->
              c.getPackageName().startsWith("org.indaba.db.schema")
                  || (c.getPackageName().startsWith("org.jooq")
                      && !c.getName().equals("org.jooq.DSLContext")
                      && !c.getName().equals("org.jooq.Configuration")
                      && !c.getName().startsWith("org.jooq.TransactionalCallable")
                      && !c.getName().startsWith("org.jooq.TransactionalRunnable")));

  private static final DescribedPredicate<JavaCall<?>> QUERY_ON_THE_HANDLE =
      DescribedPredicate.describe(
          "a DSLContext method other than opening a transaction",
          call ->
              (call.getTargetOwner().getName().equals("org.jooq.DSLContext")
                      || call.getTargetOwner().getName().equals("org.jooq.Configuration"))
                  && !java.util.Set.of("transaction", "transactionResult", "dsl")
                      .contains(call.getName()));

  @ArchTest
  static final ArchRule onlyRepositoriesBuildSql =
      noClasses()
          .that(DescribedPredicate.not(SQL_PLACES))
          .should()
          .dependOnClassesThat(JOOQ_BEYOND_THE_HANDLE)
          .orShould()
          .callCodeUnitWhere(QUERY_ON_THE_HANDLE);
}
