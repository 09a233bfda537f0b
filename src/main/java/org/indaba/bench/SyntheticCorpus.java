package org.indaba.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A made-up but plausible multilingual corpus for the search benchmark: contributions on migration
 * and development in English, French, Spanish, Portuguese and Arabic. Words are drawn with
 * Zipf-like frequencies from a topic vocabulary per language (a few entries are two-word
 * expressions, so phrases occur), plus a long tail of invented place and organisation names shared
 * by all languages, which supplies the rare terms. Seeded: the same size gives the same corpus.
 */
final class SyntheticCorpus {

  static final List<String> LANGUAGES = List.of("en", "fr", "es", "pt", "ar");

  /** Share of each language, in the order above. */
  private static final double[] LANGUAGE_SHARE = {0.35, 0.25, 0.20, 0.10, 0.10};

  static final Map<String, List<String>> WORDS =
      Map.of(
          "en",
              words(
                  "the|of|and|to|in|migration|development|for|is|that|migrants|diaspora|with|remittances|"
                      + "local authorities|our|on|families|community|are|from|we|return|policy|their|investment|rights|"
                      + "programme|countries|have|women|youth|employment|training|networks|association|cooperation|"
                      + "municipality|integration|project|funding|support|experience|health|education|partners|dialogue|"
                      + "recognition|skills|remittance costs|social protection|labour market|entrepreneurs|agriculture|"
                      + "housing|climate|displacement|refugees|border|visa|circular migration|savings|microfinance|"
                      + "mobile money|banks|transfer|village|region|capital|decentralisation|governance|participation|"
                      + "evaluation|indicators|data|survey|census|ministry|embassy|consulate|hometown associations|"
                      + "solidarity|trust|knowledge|transfer of skills|brain drain|brain gain|seasonal workers|"
                      + "trafficking|smuggling|asylum|reception|schools|teachers|nurses|doctors|engineers|farmers|"
                      + "traders|cooperatives|water|electricity|roads|infrastructure|gender|inclusion|coordination"),
          "fr",
              words(
                  "de|la|le|et|les|des|en|migration|développement|pour|du|une|que|migrants|diaspora|"
                      + "collectivités locales|transferts de fonds|est|dans|nous|avec|familles|communauté|retour|"
                      + "politique|investissement|droits|programme|pays|ont|femmes|jeunes|emploi|formation|réseaux|"
                      + "association|coopération décentralisée|commune|intégration|projet|financement|appui|expérience|"
                      + "santé|éducation|partenaires|dialogue|reconnaissance|compétences|coût des transferts|"
                      + "protection sociale|marché du travail|entrepreneurs|agriculture|logement|climat|déplacement|"
                      + "réfugiés|frontière|visa|migration circulaire|épargne|microfinance|mobile money|banques|envoi|"
                      + "village|région|capitale|décentralisation|gouvernance|participation|évaluation|indicateurs|"
                      + "données|enquête|recensement|ministère|ambassade|consulat|associations de ressortissants|"
                      + "solidarité|confiance|savoirs|fuite des cerveaux|travailleurs saisonniers|traite|asile|accueil|"
                      + "écoles|enseignants|infirmières|médecins|ingénieurs|agriculteurs|commerçants|coopératives|eau|"
                      + "électricité|routes|infrastructures|genre|inclusion|coordination|mairie|élus"),
          "es",
              words(
                  "de|la|el|y|los|en|las|migración|desarrollo|para|del|que|migrantes|diáspora|remesas|"
                      + "autoridades locales|es|con|nosotros|familias|comunidad|retorno|política|inversión|derechos|"
                      + "programa|países|tienen|mujeres|jóvenes|empleo|formación|redes|asociación|cooperación|municipio|"
                      + "integración|proyecto|financiación|apoyo|experiencia|salud|educación|socios|diálogo|"
                      + "reconocimiento|competencias|costo de las remesas|protección social|mercado laboral|"
                      + "emprendedores|agricultura|vivienda|clima|desplazamiento|refugiados|frontera|visado|"
                      + "migración circular|ahorro|microfinanzas|dinero móvil|bancos|envío|pueblo|región|capital|"
                      + "descentralización|gobernanza|participación|evaluación|indicadores|datos|encuesta|censo|"
                      + "ministerio|embajada|consulado|clubes de oriundos|solidaridad|confianza|conocimientos|"
                      + "fuga de cerebros|trabajadores temporeros|trata|asilo|acogida|escuelas|maestros|enfermeras|"
                      + "médicos|ingenieros|campesinos|comerciantes|cooperativas|agua|electricidad|caminos|"
                      + "infraestructura|género|inclusión|coordinación|alcaldía"),
          "pt",
              words(
                  "de|a|o|e|os|em|as|migração|desenvolvimento|para|do|que|migrantes|diáspora|remessas|"
                      + "autoridades locais|é|com|nós|famílias|comunidade|retorno|política|investimento|direitos|"
                      + "programa|países|têm|mulheres|jovens|emprego|formação|redes|associação|cooperação|município|"
                      + "integração|projeto|financiamento|apoio|experiência|saúde|educação|parceiros|diálogo|"
                      + "reconhecimento|competências|custo das remessas|proteção social|mercado de trabalho|"
                      + "empreendedores|agricultura|habitação|clima|deslocamento|refugiados|fronteira|visto|"
                      + "migração circular|poupança|microfinanças|dinheiro móvel|bancos|envio|aldeia|região|capital|"
                      + "descentralização|governação|participação|avaliação|indicadores|dados|inquérito|censo|"
                      + "ministério|embaixada|consulado|associações de conterrâneos|solidariedade|confiança|"
                      + "conhecimentos|fuga de cérebros|trabalhadores sazonais|tráfico|asilo|acolhimento|escolas|"
                      + "professores|enfermeiras|médicos|engenheiros|agricultores|comerciantes|cooperativas|água|"
                      + "eletricidade|estradas|infraestrutura|género|inclusão|coordenação|prefeitura"),
          "ar",
              words(
                  "في|من|على|و|إلى|الهجرة|التنمية|أن|المهاجرين|الشتات|التحويلات المالية|السلطات المحلية|"
                      + "مع|نحن|الأسر|المجتمع|العودة|السياسة|الاستثمار|الحقوق|البرنامج|البلدان|النساء|الشباب|التشغيل|"
                      + "التكوين|الشبكات|الجمعية|التعاون|البلدية|الاندماج|المشروع|التمويل|الدعم|التجربة|الصحة|التعليم|"
                      + "الشركاء|الحوار|الاعتراف|المهارات|تكلفة التحويلات|الحماية الاجتماعية|سوق العمل|رواد الأعمال|"
                      + "الزراعة|السكن|المناخ|النزوح|اللاجئين|الحدود|التأشيرة|الهجرة الدائرية|الادخار|التمويل الأصغر|"
                      + "البنوك|القرية|الجهة|العاصمة|اللامركزية|الحكامة|المشاركة|التقييم|المؤشرات|البيانات|المسح|"
                      + "الإحصاء|الوزارة|السفارة|القنصلية|التضامن|الثقة|المعارف|هجرة الأدمغة|العمال الموسميين|"
                      + "الاتجار بالبشر|اللجوء|الاستقبال|المدارس|المعلمين|الممرضات|الأطباء|المهندسين|الفلاحين|التجار|"
                      + "التعاونيات|الماء|الكهرباء|الطرق|البنية التحتية|النوع الاجتماعي|الإدماج|التنسيق"));

  static final List<String> COUNTRIES =
      List.of(
          "Senegal",
          "Mali",
          "Morocco",
          "Tunisia",
          "Mexico",
          "Ecuador",
          "Colombia",
          "Philippines",
          "Cape Verde",
          "Brazil",
          "Portugal",
          "Mozambique",
          "Angola",
          "France",
          "Spain",
          "Italy",
          "Egypt",
          "Lebanon",
          "Jordan",
          "Niger",
          "Burkina Faso",
          "Côte d'Ivoire",
          "Guatemala",
          "Honduras",
          "El Salvador",
          "Bolivia",
          "Peru",
          "Algeria",
          "Nigeria",
          "Ghana",
          "Kenya",
          "Ethiopia",
          "Somalia",
          "Sudan",
          "Bangladesh",
          "Nepal",
          "India",
          "Moldova",
          "Armenia",
          "Haiti");

  /** Invented proper nouns (towns, associations): the long tail of rare terms. */
  static final List<String> NAMES = names(20_000);

  private static final double CORE_ZIPF = 1.0;
  private static final double NAME_ZIPF = 1.1;
  private static final double NAME_SHARE = 0.07;

  private final Random random;
  private final Map<String, double[]> coreCumulative = new java.util.HashMap<>();
  private final double[] nameCumulative = cumulative(NAMES.size(), NAME_ZIPF);
  private final double[] languageCumulative;

  SyntheticCorpus(long seed) {
    this.random = new Random(seed);
    WORDS.forEach((lang, list) -> coreCumulative.put(lang, cumulative(list.size(), CORE_ZIPF)));
    languageCumulative = new double[LANGUAGE_SHARE.length];
    double sum = 0;
    for (int i = 0; i < LANGUAGE_SHARE.length; i++) {
      sum += LANGUAGE_SHARE[i];
      languageCumulative[i] = sum;
    }
  }

  String language() {
    return LANGUAGES.get(pick(languageCumulative));
  }

  int below(int bound) {
    return random.nextInt(bound);
  }

  /** 2 to 5 sentences of 8 to 20 words, as Markdown paragraphs would read once flattened. */
  String body(String language) {
    List<String> core = WORDS.get(language);
    double[] cumulative = coreCumulative.get(language);
    StringBuilder sb = new StringBuilder(600);
    int sentences = 2 + random.nextInt(4);
    for (int s = 0; s < sentences; s++) {
      int words = 8 + random.nextInt(13);
      for (int w = 0; w < words; w++) {
        String word =
            random.nextDouble() < NAME_SHARE
                ? NAMES.get(pick(nameCumulative))
                : core.get(pick(cumulative));
        if (w == 0 && !language.equals("ar")) {
          word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
        }
        sb.append(word).append(w == words - 1 ? (language.equals("ar") ? ". " : ". ") : " ");
      }
      if (s % 2 == 1) {
        sb.append("\n\n");
      }
    }
    return sb.toString().strip();
  }

  private int pick(double[] cumulative) {
    double x = random.nextDouble() * cumulative[cumulative.length - 1];
    int i = Arrays.binarySearch(cumulative, x);
    return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
  }

  private static double[] cumulative(int n, double s) {
    double[] c = new double[n];
    double sum = 0;
    for (int rank = 1; rank <= n; rank++) {
      sum += 1 / Math.pow(rank, s);
      c[rank - 1] = sum;
    }
    return c;
  }

  private static List<String> words(String list) {
    return List.of(list.split("\\|"));
  }

  private static List<String> names(int n) {
    String[] syllables = {
      "ka", "ro", "mba", "ndi", "sa", "lu", "te", "go", "fa", "ri", "ou", "ke", "mo", "zi", "na",
      "do", "bu", "le", "ya", "ti", "ko", "se", "wa", "gu", "ma", "bi", "to", "ha", "ne", "di"
    };
    Random r = new Random(7);
    Set<String> out = new LinkedHashSet<>();
    while (out.size() < n) {
      int length = 3 + r.nextInt(2);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < length; i++) {
        sb.append(syllables[r.nextInt(syllables.length)]);
      }
      out.add(Character.toUpperCase(sb.charAt(0)) + sb.substring(1));
    }
    return new ArrayList<>(out);
  }
}
