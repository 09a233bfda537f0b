package org.indaba.app;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.indaba.account.AccountRepository;
import org.indaba.model.ContentKind;
import org.indaba.model.Viewer;
import org.indaba.translation.TranslationService;

/**
 * Human translations for the open demo discussion: its introduction and first two themes in French
 * and Spanish (the first theme also in Arabic, by a member with the translator role), and two
 * contributions. A newcomer who switches the interface to French reads the translated theme, with
 * the English original one click away.
 */
public final class DemoTranslations {
  private final TranslationService translations;
  private final AccountRepository accounts;

  public DemoTranslations(TranslationService translations, AccountRepository accounts) {
    this.translations = translations;
    this.accounts = accounts;
  }

  private Optional<Viewer> person(String key) {
    return accounts.byEmail(key + "@demo.indaba.test").map(m -> m.toViewer());
  }

  /**
   * @param discussionId the open discussion
   * @param themeIds the ids of its weeks 1 and 2
   * @param contributionByText finds a contribution of the discussion by a phrase of its body
   */
  public void create(
      long discussionId, List<Long> themeIds, Function<String, Optional<Long>> contributionByText) {
    Optional<Viewer> lucia = person("moderator1");
    Optional<Viewer> james = person("moderator2");
    Optional<Viewer> amina = person("admin");
    accounts
        .byEmail("member6@demo.indaba.test")
        .ifPresent(m -> accounts.setTranslator(m.id(), true));
    Optional<Viewer> omar = person("member6");

    // the demo loads before language detection has its models: the English originals are labelled
    // here
    translations.correctLanguage(lucia, ContentKind.DISCUSSION.code(), discussionId, "en");
    themeIds.forEach(id -> translations.correctLanguage(lucia, ContentKind.THEME.code(), id, "en"));

    translations.save(
        james,
        ContentKind.DISCUSSION.code(),
        discussionId,
        "fr",
        "Engagement de la diaspora et transferts de fonds pour le développement local",
        INTRO_FR,
        true);
    translations.save(
        lucia,
        ContentKind.DISCUSSION.code(),
        discussionId,
        "es",
        "Participación de la diáspora y remesas para el desarrollo local",
        INTRO_ES,
        true);

    long week1 = themeIds.get(0);
    long week2 = themeIds.get(1);
    translations.save(
        james,
        ContentKind.THEME.code(),
        week1,
        "fr",
        "Ce que financent les transferts de fonds, et ce qu'ils coûtent",
        "Les transferts de fonds font vivre des millions de ménages. **Que financent-ils dans votre région, et combien "
            + "coûte leur envoi ?** L'argent mobile et les transferts numériques ont-ils changé la donne ?",
        true);
    translations.save(
        lucia,
        ContentKind.THEME.code(),
        week1,
        "es",
        "Qué pagan las remesas y cuánto cuestan",
        "Las remesas sostienen a millones de hogares. **¿Qué pagan en su región y cuánto cuesta enviarlas?** "
            + "¿Han cambiado el panorama el dinero móvil y las transferencias digitales?",
        true);
    translations.save(
        omar,
        ContentKind.THEME.code(),
        week1,
        "ar",
        "ما الذي تموّله التحويلات المالية، وكم تكلّف",
        "تعيل التحويلات المالية ملايين الأسر. **ما الذي تموّله في منطقتك، وكم يكلّف إرسالها؟** "
            + "هل غيّر المال عبر الهاتف المحمول والتحويلات الرقمية هذه الصورة؟",
        false);
    translations.save(
        james,
        ContentKind.THEME.code(),
        week2,
        "fr",
        "Associations de ressortissants et transferts collectifs",
        "De nombreux groupes de la diaspora mettent de l'argent en commun pour un puits, une école ou un centre de "
            + "santé au pays. **Qui décide de ce qui est construit, et comment les collectivités locales y "
            + "participent-elles ?** Partagez des exemples de mécanismes de cofinancement.",
        true);
    translations.save(
        lucia,
        ContentKind.THEME.code(),
        week2,
        "es",
        "Asociaciones de oriundos y remesas colectivas",
        "Muchos grupos de la diáspora reúnen dinero para un pozo, una escuela o un centro de salud en su lugar de "
            + "origen. **¿Quién decide qué se construye y cómo participan las autoridades locales?** Comparta "
            + "ejemplos de fondos de contrapartida.",
        false);

    contributionByText
        .apply("household surveys in Tamil Nadu")
        .ifPresent(
            id ->
                translations.save(
                    amina, ContentKind.CONTRIBUTION.code(), id, "fr", null, PRIYA_FR, true));
    contributionByText
        .apply("En El Salvador las remesas equivalen")
        .ifPresent(
            id ->
                translations.save(
                    person("member2"),
                    ContentKind.CONTRIBUTION.code(),
                    id,
                    "en",
                    null,
                    CARLOS_EN,
                    false));
  }

  private static final String INTRO_FR =
      """
      Les transferts de fonds vers les pays à revenu faible ou intermédiaire dépassent désormais l'aide publique \
      au développement et les investissements directs étrangers réunis. L'essentiel de cet argent paie la \
      nourriture, les frais de scolarité, les soins et le logement : c'est un revenu familial, pas un budget de \
      développement. Les diasporas investissent pourtant aussi collectivement, à travers les associations de \
      ressortissants, cofinancent des projets municipaux et transmettent des compétences lors de missions courtes.

      Pendant quatre semaines, nous aborderons :

      1. **Le coût et les canaux des transferts** : ce que paient les familles et ce qu'a changé l'argent mobile ;
      2. **Les transferts collectifs et les associations de ressortissants** : qui décide, et comment les \
      collectivités locales y prennent part ;
      3. **Compétences et investissements de la diaspora** : au-delà de l'argent ;
      4. **Les politiques qui marchent** : ce que peuvent faire les gouvernements nationaux et locaux.

      Les contributions sont les bienvenues en anglais, en français et en espagnol. Partagez des expériences \
      concrètes : des chiffres, des projets qui ont réussi ou échoué, et ce que vous feriez autrement.
      """;

  private static final String INTRO_ES =
      """
      Las remesas hacia los países de ingresos bajos y medios superan hoy la ayuda oficial al desarrollo y la \
      inversión extranjera directa juntas. La mayor parte de ese dinero paga alimentación, matrículas escolares, \
      salud y vivienda: es ingreso familiar, no un presupuesto de desarrollo. Aun así, las comunidades de la \
      diáspora también invierten de forma colectiva a través de las asociaciones de oriundos, cofinancian \
      proyectos municipales y aportan sus conocimientos en misiones cortas.

      Durante cuatro semanas veremos:

      1. **El costo y los canales de las remesas**: cuánto pagan las familias y qué ha cambiado con el dinero móvil;
      2. **Remesas colectivas y asociaciones de oriundos**: quién decide y cómo participan las autoridades locales;
      3. **Conocimientos e inversión de la diáspora**: más allá del dinero;
      4. **Políticas que funcionan**: qué pueden hacer los gobiernos nacionales y locales.

      Las contribuciones son bienvenidas en inglés, francés y español. Comparta experiencias concretas: cifras, \
      proyectos que funcionaron o fracasaron, y lo que haría de otra manera.
      """;

  private static final String PRIYA_FR =
      """
      Nos enquêtes auprès des ménages du Tamil Nadu montrent que, pour les familles bénéficiaires, les transferts \
      couvrent en moyenne 38 % des dépenses mensuelles. Les postes les plus importants sont l'éducation (frais \
      d'écoles privées et cours de soutien), la santé et le remboursement de dettes. Le logement vient plus tard, \
      une fois que le migrant est à l'étranger depuis plus de trois ans.

      Sur le coût : envoyer 200 dollars américains du Golfe vers l'Inde coûte environ 3 %, l'un des corridors les \
      moins chers au monde, parce que la concurrence entre bureaux de change est intense. La situation est très \
      différente pour les corridors africains.
      """;

  private static final String CARLOS_EN =
      """
      In El Salvador remittances are worth almost a quarter of GDP. In San Salvador we see many families who \
      depend on them entirely: when they fell for a few months in 2020, the impact on local shops was immediate.

      One lesson we learned: remittances sustain consumption, but they do not replace public investment. When \
      the municipality tried to make projects **conditional** on diaspora contributions, the neighbourhoods with \
      fewer emigrants fell behind.
      """;
}
