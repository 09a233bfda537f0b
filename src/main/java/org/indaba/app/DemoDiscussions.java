package org.indaba.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.indaba.account.AccountRepository;
import org.indaba.account.Member;
import org.indaba.db.Database;
import org.indaba.discussion.Contribution;
import org.indaba.discussion.ContributionService;
import org.indaba.discussion.Discussion;
import org.indaba.discussion.DiscussionRepository;
import org.indaba.discussion.DiscussionService;
import org.indaba.discussion.NewContribution;

/**
 * The demo community's discussions: one open (two weeks published, one due tomorrow, one later),
 * one closed. Dates are relative to the clock at load time, so the demo always looks current.
 */
public final class DemoDiscussions {
  public static final String OPEN_SLUG = "diaspora-remittances-local-development";
  public static final String CLOSED_SLUG = "local-authorities-migrant-integration";

  private final Database db;
  private final AccountRepository accounts;
  private final DiscussionService discussions;
  private final DiscussionRepository discussionRepo;
  private final ContributionService contributions;
  private final Clock clock;
  private final Map<String, Long> posted = new HashMap<>();

  public DemoDiscussions(
      Database db,
      AccountRepository accounts,
      DiscussionService discussions,
      DiscussionRepository discussionRepo,
      ContributionService contributions,
      Clock clock) {
    this.db = db;
    this.accounts = accounts;
    this.discussions = discussions;
    this.discussionRepo = discussionRepo;
    this.contributions = contributions;
    this.clock = clock;
  }

  public record Created(long openId, long closedId) {}

  public Created create() {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    return new Created(createOpen(today.minusDays(13)), createClosed(today.minusDays(70)));
  }

  private Member person(String key) {
    return accounts.byEmail(key + "@demo.indaba.test").orElseThrow();
  }

  private long createOpen(LocalDate start) {
    Member lucia = person("moderator1");
    Discussion d =
        discussions.create(
            Optional.of(lucia.toViewer()),
            new DiscussionService.Form(
                OPEN_SLUG,
                "Diaspora engagement and remittances for local development",
                "How can the money, skills and networks of diaspora communities strengthen local development in their "
                    + "regions of origin, without replacing public investment?",
                """
        Remittances to low- and middle-income countries are now larger than official development assistance \
        and foreign direct investment combined. Most of this money pays for food, school fees, health care and \
        housing: it is family income, not a development budget. Yet diaspora communities also invest collectively \
        through hometown associations, co-finance municipal projects and bring skills back through short missions.

        Over four weeks we will look at:

        1. **The cost and channels of remittances**: what families pay and what has changed with mobile money;
        2. **Collective remittances and hometown associations**: who decides, and how local authorities take part;
        3. **Diaspora skills and investment**: beyond money;
        4. **Policies that work**: what national and local governments can do.

        Contributions are welcome in English, French and Spanish. Please share concrete experience: figures, \
        projects that worked or failed, and what you would do differently.
        """,
                "en, fr, es",
                "moderator1@demo.indaba.test, moderator2@demo.indaba.test",
                start.toString(),
                "Africa/Dakar",
                "4",
                true,
                false));
    theme(
        lucia,
        OPEN_SLUG,
        1,
        "What remittances pay for, and what they cost",
        "Remittances sustain millions of households. **What do they pay for in your region, and how much does it "
            + "cost to send them?** Have mobile money and digital transfers changed the picture?");
    theme(
        lucia,
        OPEN_SLUG,
        2,
        "Hometown associations and collective remittances",
        "Many diaspora groups pool money for a well, a school or a health centre back home. **Who decides what is "
            + "built, and how do local authorities take part?** Share examples of matching-fund schemes.");
    theme(
        lucia,
        OPEN_SLUG,
        3,
        "Skills, knowledge and diaspora investment",
        "Diaspora professionals return for short missions, mentor entrepreneurs or invest in small businesses. "
            + "**Which forms of skills transfer have lasting effects?**");
    theme(
        lucia,
        OPEN_SLUG,
        4,
        "Policies that work",
        "What should national and local governments do, and avoid doing, to support diaspora engagement? "
            + "**Name one policy you would recommend to a mayor.**");
    Instant now = clock.instant();
    for (int w = 1; w <= 4; w++) {
      Instant due = Discussion.defaultPublishAt(start, d.zone(), w);
      if (!due.isAfter(now)) {
        discussions.publishAsOf(d.id(), w, due);
      }
    }
    trust(d.id(), lucia, "member1", "member2", "member3", "member4", "member5");

    Instant w1 = Discussion.defaultPublishAt(start, d.zone(), 1);
    Instant w2 = Discussion.defaultPublishAt(start, d.zone(), 2);
    String s = OPEN_SLUG;
    post(
        "m1",
        "moderator2",
        s,
        1,
        null,
        "en",
        w1.plus(Duration.ofHours(2)),
        """
        Welcome to everyone joining this first week. To start us off: in Uganda, remittances from the diaspora \
        are estimated at over a billion US dollars a year, more than coffee exports. Most of it goes straight \
        to households. I would love to hear **concrete figures** from your own contexts: what share of family \
        income, and what the money is actually spent on.""");
    post(
        "p1",
        "member3",
        s,
        1,
        null,
        "en",
        w1.plus(Duration.ofHours(20)),
        """
        Our household surveys in Tamil Nadu show that for recipient families, remittances cover on average 38% \
        of monthly spending. The largest items are education (private school fees and coaching classes), \
        health, and debt repayment. Housing comes later, once a migrant has been abroad for more than three years.

        On cost: sending 200 US dollars from the Gulf to India costs around 3%, one of the cheapest corridors \
        in the world, because competition between exchange houses is intense. The picture is very different \
        for African corridors.""");
    post(
        "f1",
        "member1",
        s,
        1,
        "p1",
        "fr",
        w1.plus(Duration.ofDays(1).plusHours(5)),
        """
        Merci Priya pour ces chiffres. Au Maroc, la situation est proche : les transferts représentent environ \
        7 % du PIB et ils financent surtout la consommation courante et le logement. Mais dans les communes \
        rurales de l'Oriental, nous voyons aussi des familles qui financent l'électrification ou la réfection \
        de la piste avec l'argent envoyé d'Europe.

        Sur le coût, envoyer 200 euros de France vers le Maroc coûte moins de 4 % par les opérateurs en ligne, \
        mais beaucoup de personnes âgées passent encore par des agences et paient le double.""");
    post(
        "c1",
        "member2",
        s,
        1,
        null,
        "es",
        w1.plus(Duration.ofDays(2).plusHours(3)),
        """
        En El Salvador las remesas equivalen a casi una cuarta parte del PIB. En San Salvador vemos que muchas \
        familias dependen completamente de ellas: cuando en 2020 bajaron durante unos meses, el impacto en el \
        comercio local fue inmediato.

        Una lección que aprendimos: las remesas sostienen el consumo, pero no sustituyen la inversión pública. \
        Cuando el municipio intentó **condicionar** proyectos a los aportes de la diáspora, las colonias con \
        menos emigrantes quedaron atrás.""");
    post(
        "l1",
        "moderator1",
        s,
        1,
        "c1",
        "es",
        w1.plus(Duration.ofDays(2).plusHours(9)),
        """
        Carlos, el punto que plantea es central para esta discusión: si la inversión sigue a las remesas, \
        aumentan las desigualdades entre territorios. ¿Alguien tiene experiencia de mecanismos que reserven \
        una parte de los fondos para zonas con poca emigración?""");
    post(
        "s1",
        "member5",
        s,
        1,
        null,
        "es",
        w1.plus(Duration.ofDays(3).plusHours(1)),
        """
        Desde Quito, queremos compartir un dato sobre el costo: enviar 200 dólares desde España a Ecuador cuesta \
        alrededor del 5 % por agencias tradicionales, pero casi la mitad por aplicaciones móviles. El problema es \
        que las personas mayores que reciben el dinero en zonas rurales no siempre tienen cuenta bancaria ni \
        teléfono inteligente, así que al final pagan también el transporte hasta la ciudad para cobrar.""");
    post(
        "jb1",
        "member4",
        s,
        1,
        "m1",
        "fr",
        w1.plus(Duration.ofDays(4).plusHours(6)),
        """
        À Bujumbura, les transferts de la diaspora restent modestes par rapport à d'autres pays, mais ils passent \
        de plus en plus par le mobile money. Pour la mairie, c'est une difficulté : nous n'avons presque aucune \
        donnée sur ces flux. Nous essayons de travailler avec les opérateurs pour obtenir des chiffres agrégés \
        par quartier, sans données personnelles, afin de mieux planifier les services.""");
    post(
        "p2",
        "member3",
        s,
        1,
        "s1",
        "en",
        w1.plus(Duration.ofDays(5).plusHours(2)),
        """
        Sofía's point about the "last mile" matches what we found: the advertised fee is only part of the cost. \
        When we add travel to a cash-out point and the exchange-rate margin, the real cost for rural recipients \
        in our sample was almost double the headline price. Any cost comparison should count the whole journey \
        of the money.""");

    post(
        "m2",
        "moderator2",
        s,
        2,
        null,
        "en",
        w2.plus(Duration.ofHours(1)),
        """
        This week we move from family transfers to **collective** ones. Hometown associations exist in almost \
        every diaspora: Malians in Montreuil, Mexicans in Chicago, Ghanaians in London. Tell us how projects are \
        chosen, and what role the local authority plays, from simple information to co-financing.""");
    post(
        "c2",
        "member2",
        s,
        2,
        null,
        "es",
        w2.plus(Duration.ofHours(22)),
        """
        Tenemos una experiencia de fondos de contrapartida con asociaciones de salvadoreños en Los Ángeles y \
        Washington: por cada dólar de la asociación, el municipio pone otro. En cinco años se construyeron dos \
        centros comunitarios y se rehabilitó una escuela.

        Lo que funcionó: un comité mixto con representantes del barrio, no solo de la diáspora. Lo que no \
        funcionó: al principio no previmos el presupuesto de **mantenimiento**, y uno de los centros estuvo \
        cerrado un año.""");
    post(
        "f2",
        "member1",
        s,
        2,
        "c2",
        "fr",
        w2.plus(Duration.ofDays(1).plusHours(8)),
        """
        Carlos, nous avons fait exactement la même erreur avec un centre de santé dans la province de Figuig : \
        bâtiment magnifique, aucun budget pour le personnel. Depuis, notre association exige que la commune \
        s'engage par écrit sur les frais de fonctionnement avant toute collecte auprès de la diaspora.""");
    post(
        "a2",
        "admin",
        s,
        2,
        null,
        "fr",
        w2.plus(Duration.ofDays(2).plusHours(4)),
        """
        Au Sénégal, le programme d'appui aux initiatives de solidarité pour le développement a accompagné des \
        dizaines de projets portés par des associations de la diaspora en France, avec un cofinancement public. \
        Un enseignement revient souvent : les projets les plus durables sont ceux où la commune était associée \
        dès la conception, et pas seulement invitée à l'inauguration.""");
    post(
        "jb2",
        "member4",
        s,
        2,
        "a2",
        "fr",
        w2.plus(Duration.ofDays(2).plusHours(11)),
        """
        Tout à fait d'accord. J'ajouterais qu'il faut aussi associer les services techniques de l'État : chez \
        nous, une école financée par la diaspora n'a pas pu ouvrir parce qu'elle ne respectait pas les normes \
        du ministère. Un simple avis technique au départ aurait évité deux ans de retard.""");
    post(
        "s2",
        "member5",
        s,
        2,
        null,
        "es",
        w2.plus(Duration.ofDays(3).plusHours(2)),
        """
        En la provincia de Cañar, varias asociaciones de ecuatorianos en Nueva York financiaron sistemas de agua \
        potable. Notamos que las decisiones las tomaban sobre todo hombres emigrados hace veinte años, mientras \
        que quienes gestionan el agua en la comunidad son mujeres. Abrimos asambleas virtuales con las dos \
        partes y las prioridades cambiaron.""");
    post(
        "p3",
        "member3",
        s,
        2,
        "s2",
        "en",
        w2.plus(Duration.ofDays(3).plusHours(10)),
        """
        That is a striking example, Sofía. Diaspora associations are often presented as representing "the \
        community", but they represent those who left, at the time they left. Video assemblies are a cheap and \
        practical fix. Did the associations accept the new priorities easily?""");
    post(
        "l2",
        "moderator1",
        s,
        2,
        null,
        "es",
        w2.plus(Duration.ofDays(4).plusHours(3)),
        """
        Resumen de mitad de semana: tres condiciones aparecen en casi todas las contribuciones: 1) implicar al \
        municipio desde el diseño, 2) prever los costos de funcionamiento y 3) escuchar a quienes se quedaron, \
        en particular a las mujeres. ¿Alguien quiere compartir un caso en que estas condiciones no bastaron?""");
    post(
        "o2",
        "member6",
        s,
        2,
        null,
        "en",
        w2.plus(Duration.ofDays(4).plusHours(7)),
        """
        In Jordan the picture is different: many migrant workers here come from Egypt and South Asia and send \
        money home, while Jordanians in the Gulf send money to Jordan. Collective projects are rare because \
        associations of migrants face legal restrictions. I think any discussion of hometown associations must \
        also ask whether people are **free to organise** in the country where they live.""");
    post(
        "s3",
        "member5",
        s,
        2,
        "p3",
        "es",
        w2.plus(Duration.ofDays(4).plusHours(12)),
        """
        Priya, no fue fácil: dos asociaciones querían seguir con la construcción de una cancha deportiva. Al \
        final se acordó un calendario: primero el agua, después la cancha, con un informe trimestral en video \
        para los socios en Nueva York. La transparencia hizo más que cualquier reglamento.""");
    post(
        "m3",
        "moderator2",
        s,
        2,
        "o2",
        "en",
        w2.plus(Duration.ofDays(4).plusHours(14)),
        """
        Omar raises a point we should not lose: the right to associate in the country of residence is a \
        precondition for collective remittances. Lucía and I will carry it into week four on policies.""");
    post(
        "f3",
        "member1",
        s,
        2,
        "l2",
        "fr",
        w2.plus(Duration.ofDays(5).plusHours(1)),
        """
        Un cas où cela n'a pas suffi : un projet de coopérative agricole, bien conçu avec la commune et les \
        femmes du village, a échoué parce que la route vers le marché régional a été coupée par les pluies \
        pendant deux saisons. Les projets de la diaspora restent dépendants des infrastructures publiques.""");

    return d.id();
  }

  private long createClosed(LocalDate start) {
    Member james = person("moderator2");
    Discussion d =
        discussions.create(
            Optional.of(james.toViewer()),
            new DiscussionService.Form(
                CLOSED_SLUG,
                "Local authorities and the integration of migrants",
                "What cities and regions do to welcome newcomers: services, participation and partnerships.",
                """
        Integration happens locally: in schools, clinics, housing offices and neighbourhoods. Yet local \
        authorities often have responsibilities without matching resources or powers over migration. This \
        three-week discussion collected experiences from municipalities in Africa, Europe and Latin America.
        """,
                "en, fr, es",
                "moderator2@demo.indaba.test",
                start.toString(),
                "Europe/Brussels",
                "3",
                false,
                false));
    theme(
        james,
        CLOSED_SLUG,
        1,
        "Access to basic services",
        "Which services do newcomers struggle to reach, and what has your city done about it?");
    theme(
        james,
        CLOSED_SLUG,
        2,
        "Participation in local life",
        "How can migrants take part in local decisions, including those who cannot vote?");
    theme(
        james,
        CLOSED_SLUG,
        3,
        "Partnerships with civil society and cities of origin",
        "Which partnerships have made a real difference?");
    for (int w = 1; w <= 3; w++) {
      discussions.publishAsOf(d.id(), w, Discussion.defaultPublishAt(start, d.zone(), w));
    }
    Instant w1 = Discussion.defaultPublishAt(start, d.zone(), 1);
    String s = CLOSED_SLUG;
    imported(
        "k1",
        "moderator2",
        s,
        1,
        null,
        "en",
        w1.plus(Duration.ofHours(3)),
        """
        Kampala receives people from South Sudan, the DRC and Somalia, most of them living in informal \
        settlements rather than camps. Our first lesson: a single information desk in the city hall, with \
        interpreters, did more than any new building.""");
    imported(
        "k2",
        "member4",
        s,
        1,
        "k1",
        "fr",
        w1.plus(Duration.ofDays(1)),
        """
        À Bujumbura, nous avons installé un guichet semblable au marché central, parce que c'est là que les \
        nouveaux arrivants passent chaque jour. La fréquentation a triplé par rapport au bureau de la mairie.""");
    imported(
        "k3",
        "member2",
        s,
        1,
        null,
        "es",
        w1.plus(Duration.ofDays(2)),
        """
        En San Salvador recibimos sobre todo personas retornadas, no inmigrantes. Muchas llegan sin documentos \
        salvadoreños actualizados y no pueden inscribir a sus hijos en la escuela. Un convenio con el registro \
        nacional permitió emitir documentos en una semana en lugar de tres meses.""");
    Instant w2 = Discussion.defaultPublishAt(start, d.zone(), 2);
    imported(
        "k4",
        "member1",
        s,
        2,
        null,
        "fr",
        w2.plus(Duration.ofHours(6)),
        """
        Plusieurs villes marocaines ont créé des conseils consultatifs où siègent des migrants subsahariens. \
        Leur avis n'est pas contraignant, mais il a conduit à ouvrir les activités culturelles et sportives \
        municipales à toutes et à tous, quel que soit le statut administratif.""");
    imported(
        "k5",
        "member3",
        s,
        2,
        "k4",
        "en",
        w2.plus(Duration.ofDays(1).plusHours(4)),
        """
        Consultative councils can become a box-ticking exercise. What made the difference in the Moroccan \
        cities, in your view? Budget, or the personal commitment of a mayor?""");
    imported(
        "k6",
        "member1",
        s,
        2,
        "k5",
        "fr",
        w2.plus(Duration.ofDays(1).plusHours(9)),
        """
        Les deux, honnêtement. Là où un adjoint au maire portait le sujet et disposait d'une petite ligne \
        budgétaire, le conseil s'est réuni régulièrement. Ailleurs, il ne s'est réuni qu'une fois.""");
    Instant w3 = Discussion.defaultPublishAt(start, d.zone(), 3);
    imported(
        "k7",
        "member5",
        s,
        3,
        null,
        "es",
        w3.plus(Duration.ofHours(5)),
        """
        Quito firmó un acuerdo de cooperación con Madrid sobre acogida de personas venezolanas y colombianas: \
        intercambio de técnicos municipales y una guía común de servicios. Lo más útil fue conocer cómo otra \
        ciudad organiza la atención psicosocial.""");
    imported(
        "k8",
        "moderator1",
        s,
        3,
        "k7",
        "es",
        w3.plus(Duration.ofDays(1)),
        """
        Desde Madrid confirmo que el intercambio fue en los dos sentidos: aprendimos mucho de la experiencia de \
        Quito en la regularización a nivel local. Es un buen ejemplo de cooperación descentralizada entre \
        iguales, no de donante a beneficiario.""");
    return d.id();
  }

  private void theme(Member moderator, String slug, int week, String title, String question) {
    discussions.editTheme(
        Optional.of(moderator.toViewer()),
        slug,
        week,
        new DiscussionService.ThemeForm(title, question, ""));
  }

  private void trust(long discussionId, Member grantedBy, String... keys) {
    Instant now = clock.instant();
    db.txRun(
        tx -> {
          for (String k : keys) {
            discussionRepo.addTrusted(tx, discussionId, person(k).id(), grantedBy.id(), now);
          }
        });
  }

  private void post(
      String key,
      String author,
      String slug,
      int week,
      String replyTo,
      String lang,
      Instant at,
      String body) {
    submit(key, author, slug, week, replyTo, lang, at, body, NewContribution.Source.WEB);
  }

  /** The closed discussion's messages arrive the way an mbox archive would, after it has closed. */
  private void imported(
      String key,
      String author,
      String slug,
      int week,
      String replyTo,
      String lang,
      Instant at,
      String body) {
    submit(key, author, slug, week, replyTo, lang, at, body, NewContribution.Source.IMPORT);
  }

  private void submit(
      String key,
      String author,
      String slug,
      int week,
      String replyTo,
      String lang,
      Instant at,
      String body,
      NewContribution.Source source) {
    Instant when =
        at.isAfter(clock.instant())
            ? clock.instant().minus(Duration.ofMinutes(posted.size() + 1))
            : at;
    Contribution c =
        contributions.postContribution(
            NewContribution.byMember(person(author).id(), slug, week, body, source)
                .withReplyTo(replyTo == null ? null : posted.get(replyTo))
                .withLanguage(lang)
                .withCreatedAt(when));
    posted.put(key, c.id());
  }
}
