package org.indaba.app;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.account.AccountRepository;
import org.indaba.account.Member;
import org.indaba.library.LibraryRecords;
import org.indaba.library.LibraryService;
import org.indaba.library.LibraryService.AuthorForm;
import org.indaba.library.LibraryService.Form;
import org.indaba.library.LibraryService.TranslationForm;
import org.indaba.model.Viewer;

/**
 * Six demo resources built on public facts about diaspora-engagement work (titles, organisations,
 * dates, countries, sectors), with summaries written for this demo; two are background documents of
 * the demo discussions, a few have comments and saves.
 */
final class DemoLibrary {
  private final LibraryService library;
  private final AccountRepository accounts;

  DemoLibrary(LibraryService library, AccountRepository accounts) {
    this.library = library;
    this.accounts = accounts;
  }

  private Optional<Viewer> viewer(String email) {
    return accounts.byEmail(email).map(Member::toViewer);
  }

  private Member member(String email) {
    return accounts.byEmail(email).orElseThrow();
  }

  private static AuthorForm org(String organisation) {
    return new AuthorForm(organisation, organisation, "", "");
  }

  /** Creates the resources; returns their ids by a short key. */
  Map<String, Long> create(String openSlug, String closedSlug) {
    Optional<Viewer> moderator = viewer("moderator1@demo.indaba.test");
    Optional<Viewer> admin = viewer("admin@demo.indaba.test");
    for (String topic :
        List.of(
            "Diaspora engagement",
            "Remittances",
            "Skills transfer",
            "Health",
            "Technical and vocational education",
            "Migration governance")) {
      library.addTopic(moderator, topic);
    }
    long workingPaper =
        library
            .create(
                moderator,
                new Form(
                    "Promoting Diaspora Engagement: What Have We Learnt?",
                    """
                    ICMPD looks back on its projects with governments on one side and large diaspora \
                    organisations in Europe on the other. The paper first places diaspora engagement \
                    in migration and development policy, then draws lessons in four areas: knowing \
                    the diaspora, helping states shape engagement policies, strengthening diaspora \
                    organisations, and opening spaces where governments and diasporas meet and build \
                    trust. It closes with recommendations and an annex of projects and tools.""",
                    "working_paper",
                    "en",
                    "2016-06-27",
                    List.of(
                        new AuthorForm(
                            "ICMPD",
                            "International Centre for Migration Policy Development",
                            "",
                            "")),
                    "",
                    "",
                    List.of("diaspora-engagement", "migration-governance"),
                    "",
                    List.of(
                        new TranslationForm(
                            "fr",
                            "Promouvoir l'engagement des diasporas : quelles leçons ?",
                            """
                            L'ICMPD tire les leçons de ses projets avec des gouvernements et de grandes \
                            organisations de la diaspora en Europe : connaître la diaspora, aider les \
                            États à définir leurs politiques, renforcer les organisations et créer des \
                            espaces de dialogue."""))))
            .id();
    long brief =
        library
            .create(
                moderator,
                new Form(
                    "Migration & Development: Diaspora Engagement",
                    """
                    A learning brief from the RECONOMY programme on how governments and their partners \
                    in the Western Balkans, Eastern Europe and the South Caucasus work with emigrants. \
                    It recalls why the 2030 Agenda counts diasporas as development actors, asks why so \
                    many initiatives leave a feeling of untapped potential, and gathers good practices \
                    and lessons learned to encourage exchange and partnerships between the regions.""",
                    "learning_brief",
                    "en",
                    "2021-10-14",
                    List.of(
                        new AuthorForm(
                            "Régis Blanc",
                            "Helvetas",
                            "Migration Advisor at Helvetas since 2020, working on migration since 2011"
                                + " in Africa, Latin America and South Asia, earlier with the Swiss"
                                + " Agency for Development and Cooperation and the ILO's Labour"
                                + " Migration Branch.",
                            "")),
                    "moderator2@demo.indaba.test",
                    "",
                    List.of("diaspora-engagement"),
                    "",
                    List.of()))
            .id();
    long cd4d2 =
        library
            .create(
                moderator,
                new Form(
                    "Connecting Diaspora for Development, phase 2 (CD4D2)",
                    """
                    IOM in the Netherlands, with the Dutch Ministry of Foreign Affairs, places diaspora \
                    professionals living in the Netherlands and other EU countries in public \
                    institutions of Afghanistan, Iraq, Nigeria and Somalia, on short physical or online \
                    assignments (July 2019 to June 2022). Sectors include health, water and rural \
                    development, vocational training, migration governance, ICT, agriculture, local \
                    governance, rule of law and private-sector development. It builds on the first \
                    phase, run from 2016 to 2019.""",
                    "project_page",
                    "en",
                    "2019-07-01",
                    List.of(org("IOM Netherlands")),
                    "",
                    "AF, IQ, NG, SO",
                    List.of("skills-transfer", "health", "migration-governance"),
                    "https://www.connectingdiaspora.org Connecting Diaspora for Development",
                    List.of()))
            .id();
    long belgium =
        library
            .create(
                moderator,
                new Form(
                    "Diaspora projects of IOM Belgium and Luxembourg",
                    """
                    How the IOM office for Belgium and Luxembourg involves diaspora communities under \
                    IOM's "3E" approach: a Diaspora Advisory Board meeting twice a year for co-creation, \
                    a twice-yearly newsletter and a video podcast, and projects past and present, from \
                    MIDA in the Great Lakes region to support for Moroccan investors and African \
                    diaspora women's associations.""",
                    "project_page",
                    "en",
                    "",
                    List.of(org("IOM Belgium and Luxembourg")),
                    "",
                    "BE, LU",
                    List.of("diaspora-engagement"),
                    "",
                    List.of()))
            .id();
    long mapping =
        library
            .create(
                moderator,
                new Form(
                    "Rwandan diaspora mapping",
                    """
                    A mapping of the Rwandan diaspora in Belgium, Germany, the Netherlands and the \
                    United Kingdom, launched by the Government of Rwanda with the IOM missions of \
                    those countries, to understand what it takes to involve the diaspora in the \
                    country's development.""",
                    "report",
                    "en",
                    "",
                    List.of(org("IOM")),
                    "",
                    "RW, BE, DE, NL, GB",
                    List.of("diaspora-engagement"),
                    "",
                    List.of()))
            .id();
    long rwandaTvet =
        library
            .create(
                moderator,
                new Form(
                    "Rwandan diaspora in Europe for the TVET and health sectors of Rwanda",
                    """
                    From 2019 to 2023, skilled Rwandans living in Europe train teachers and students \
                    of Rwanda Polytechnic's colleges and help start-ups; with the IOM Development Fund \
                    the project was widened to health workers, with diaspora experts from Belgium, \
                    Germany, the United Kingdom, France and the Netherlands.""",
                    "project_page",
                    "en",
                    "",
                    List.of(org("IOM Belgium and Luxembourg")),
                    "",
                    "RW, BE, DE, GB, FR, NL",
                    List.of("skills-transfer", "technical-and-vocational-education", "health"),
                    "",
                    List.of()))
            .id();

    library.attach(admin, openSlug, workingPaper);
    library.attach(admin, closedSlug, belgium);

    // comments: two approved, one waiting for a moderator
    Member fatima = member("member1@demo.indaba.test");
    Member priya = member("member3@demo.indaba.test");
    Member carlos = member("member2@demo.indaba.test");
    var c1 =
        library.comment(
            fatima.id(),
            true,
            fatima.role(),
            brief,
            "The part on why initiatives feel like *untapped potential* matches what we see in"
                + " Morocco's northern region.",
            LibraryService.Channel.WEB,
            null);
    library.decideComment(moderator, c1.id(), true, null);
    var c2 =
        library.comment(
            priya.id(),
            true,
            priya.role(),
            cd4d2,
            "Short online assignments seem a good way to keep experts engaged between missions.",
            LibraryService.Channel.WEB,
            null);
    library.decideComment(moderator, c2.id(), true, null);
    library.comment(
        carlos.id(),
        true,
        carlos.role(),
        workingPaper,
        "Is there a Spanish version of the annex of projects?",
        LibraryService.Channel.WEB,
        null);

    // saves
    library.save(Optional.of(fatima.toViewer()), brief, true);
    library.save(Optional.of(fatima.toViewer()), workingPaper, true);
    library.save(Optional.of(priya.toViewer()), cd4d2, true);
    library.save(Optional.of(carlos.toViewer()), workingPaper, true);
    library.save(viewer("member4@demo.indaba.test"), rwandaTvet, true);
    return Map.of(
        "workingPaper", workingPaper,
        "brief", brief,
        "cd4d2", cd4d2,
        "belgium", belgium,
        "mapping", mapping,
        "rwandaTvet", rwandaTvet);
  }

  static int published(LibraryService library) {
    return (int)
        library
            .page(new LibraryRecords.Filter(null, null, null, null, null, null, "date", 1))
            .total();
  }
}
