package org.indaba.app;

import java.util.List;
import java.util.Optional;
import org.indaba.model.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo content for {@code serve --demo}: loaded once, on an empty database only, so a restart with
 * --demo neither duplicates nor overwrites anything.
 */
final class Demo {
  private static final Logger log = LoggerFactory.getLogger(Demo.class);

  private Demo() {}

  static void load(App app) {
    if (app.accounts.countMembers() > 0) {
      log.info("Demo content not loaded: the database already has members");
      return;
    }
    // the demo text is in several languages: let detection finish loading rather than label it
    // unknown
    app.languageDetector.awaitReady(java.time.Duration.ofSeconds(60));
    org.indaba.app.DemoAccounts.create(app.accountService);
    log.info("Demo accounts created; see README.md for their addresses and passwords");
    DemoDiscussions.Created discussions =
        new DemoDiscussions(
                app.db,
                app.accounts,
                app.discussions,
                app.discussionRepository,
                app.contributions,
                app.clock)
            .create();
    log.info(
        "Demo discussions created: {} (open) and {} (closed)",
        DemoDiscussions.OPEN_SLUG,
        DemoDiscussions.CLOSED_SLUG);
    afterClosedDiscussion(app, discussions.closedId());
    translations(app, discussions.openId());
  }

  /**
   * Human translations of the open discussion's introduction, first two themes and two
   * contributions.
   */
  static void translations(App app, long openId) {
    List<Long> themes =
        app.discussionRepository.themes(openId).stream()
            .filter(t -> t.published())
            .map(t -> t.id())
            .toList();
    if (themes.size() < 2) {
      log.warn(
          "Open demo discussion has {} published themes; translations not created", themes.size());
      return;
    }
    var rows = app.contributionRepository.list(openId, null, null, true);
    new org.indaba.app.DemoTranslations(app.translations, app.accounts)
        .create(
            openId,
            themes,
            phrase ->
                rows.stream()
                    .filter(r -> r.contribution().body().contains(phrase))
                    .map(r -> r.contribution().id())
                    .findFirst());
    log.info("Demo translations created");
  }

  /** The closed demo discussion, for demo content built on top of it. */
  static long closedDiscussionId(App app) {
    return app.discussionRepository.bySlug(DemoDiscussions.CLOSED_SLUG).orElseThrow().id();
  }

  /** Hook: content that belongs to the closed discussion (its consolidated reply) is added here. */
  static void afterClosedDiscussion(App app, long closedDiscussionId) {
    // contributions in the order they were posted: k1…k8 of the closed discussion
    List<Long> c =
        app.contributionRepository.list(closedDiscussionId, null, null, true).stream()
            .map(r -> r.contribution().id())
            .toList();
    if (c.size() < 8) {
      log.warn(
          "Closed demo discussion has {} contributions; consolidated reply not created", c.size());
      return;
    }
    Optional<Viewer> moderator =
        app.accounts.byEmail("moderator2@demo.indaba.test").map(m -> m.toViewer());
    String slug = org.indaba.app.DemoDiscussions.CLOSED_SLUG;
    app.replies.save(
        moderator,
        slug,
        "en",
        "What cities told us about welcoming newcomers",
        """
        Over three weeks, practitioners from eight cities on four continents compared what local authorities         actually do when newcomers arrive. Three lessons stand out.

        ## 1. Bring services to where people already are

        A single information desk with interpreters did more in Kampala than any new building [#%d]. Bujumbura         went one step further and moved the desk to the central market, tripling its use [#%d]. In San Salvador,         where most arrivals are returnees, the obstacle was paperwork: an agreement with the national registry         cut the time to issue documents from three months to one week, so children could enrol in school [#%d].

        ## 2. Participation needs a champion and a budget line

        Consultative councils that include migrants opened municipal cultural and sports activities to everyone         in several Moroccan cities [#%d]. Asked whether such councils are more than a formality [#%d],         participants answered that they work where a deputy mayor carries the subject and has a small budget,         and stall elsewhere [#%d].

        ## 3. City-to-city partnerships work best between equals

        The exchange between Quito and Madrid on receiving Venezuelan and Colombian newcomers shared staff and         a common services guide, and its most valued part was psychosocial care [#%d]. Madrid stressed that         learning went both ways, including on local regularisation [#%d].

        ## What next

        Members asked for a short practical guide on information desks and on consultative councils; the         moderators will prepare it with volunteers from the cities above.
        """
            .formatted(
                c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5), c.get(6), c.get(7)));
    app.replies.publish(moderator, slug, "en");
    app.replies.save(
        moderator,
        slug,
        "fr",
        "Ce que les villes nous ont appris sur l'accueil des nouveaux arrivants",
        """
        Pendant trois semaines, des praticiens de huit villes ont comparé ce que font réellement les autorités         locales à l'arrivée de nouveaux habitants. Trois enseignements se dégagent.

        ## 1. Porter les services là où les gens se trouvent déjà

        Un guichet unique avec interprètes a davantage compté à Kampala qu'un nouveau bâtiment [#%d]. Bujumbura         l'a installé au marché central et sa fréquentation a triplé [#%d]. À San Salvador, un accord avec le         registre national a ramené de trois mois à une semaine la délivrance des documents [#%d].

        ## 2. La participation a besoin d'un porteur politique et d'une ligne budgétaire

        Les conseils consultatifs ouverts aux migrants ont permis d'ouvrir les activités municipales à toutes et         à tous dans plusieurs villes marocaines [#%d] ; ils fonctionnent là où un adjoint au maire porte le         sujet avec un petit budget [#%d].

        ## 3. Les partenariats entre villes réussissent entre égaux

        L'échange entre Quito et Madrid a porté sur l'accueil et l'accompagnement psychosocial [#%d], et         l'apprentissage a été réciproque [#%d].
        """
            .formatted(c.get(0), c.get(1), c.get(2), c.get(3), c.get(5), c.get(6), c.get(7)));
    app.replies.publish(moderator, slug, "fr");
  }
}
