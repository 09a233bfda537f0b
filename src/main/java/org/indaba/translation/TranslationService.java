package org.indaba.translation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.account.ModeratorRights;
import org.indaba.content.MarkdownRenderer;
import org.indaba.db.Changes;
import org.indaba.db.Database;
import org.indaba.i18n.ContentLanguages;
import org.indaba.i18n.MachineTranslator;
import org.indaba.model.ContentKind;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;

/**
 * Translations of contributions, themes, discussion introductions and consolidated replies, and the
 * language label of each original.
 *
 * <p>Who may write a translation: the original's author, a moderator of its discussion, or a member
 * with the translator role. Moderators and translators may also mark one as reviewed. Every write
 * records a search change for the original in the same transaction, so search finds the original
 * through its translations. The machine-translation service is only ever called outside a
 * transaction, and what it returns is stored as an unreviewed machine draft.
 */
public final class TranslationService {
  /** The translatable kind stored as {@code type}; empty for anything else. */
  public static Optional<ContentKind> translatable(String type) {
    return ContentKind.fromCode(type).filter(ContentKind.TRANSLATABLE::contains);
  }

  private static ContentKind kind(String type) {
    return translatable(type).orElseThrow(Refusal::notFound);
  }

  public static final int MAX_TITLE = 300;
  public static final int MAX_BODY = 200_000;

  private final Database db;
  private final ContentRepository content;
  private final TranslationRepository repo;
  private final ModeratorRights access;
  private final Changes changes;
  private final OriginalLanguage originalLanguage;
  private final MachineTranslator machine;
  private final Clock clock;

  public TranslationService(
      Database db,
      ContentRepository content,
      TranslationRepository repo,
      ModeratorRights access,
      Changes changes,
      OriginalLanguage originalLanguage,
      MachineTranslator machine,
      Clock clock) {
    this.db = db;
    this.content = content;
    this.repo = repo;
    this.access = access;
    this.changes = changes;
    this.originalLanguage = originalLanguage;
    this.machine = machine;
    this.clock = clock;
  }

  public boolean machineEnabled() {
    return machine.enabled();
  }

  // ---- for other features

  /**
   * The version of a theme (or any other translatable entity) to show a reader of {@code language}:
   * its translation into that language when one exists, otherwise the original. Checks no
   * visibility: the caller decides who receives it (the weekly announcement, for instance, only
   * concerns published themes). Empty when the entity does not exist.
   *
   * @param entityType the code of a {@link ContentKind#TRANSLATABLE} kind
   */
  public Optional<BestVersion> best(String entityType, long id, String language) {
    Optional<Original> found = content.original(entityType, id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Original o = found.get();
    Optional<Translation> t =
        language == null || language.equals(o.language())
            ? Optional.empty()
            : repo.find(entityType, id, language);
    if (t.isPresent()) {
      Translation tr = t.get();
      String title = tr.title() == null || tr.title().isBlank() ? o.title() : tr.title();
      return Optional.of(
          new BestVersion(
              title,
              tr.body(),
              tr.bodyHtml(),
              tr.language(),
              true,
              tr.machine(),
              tr.reviewed(),
              o.language()));
    }
    return Optional.of(
        new BestVersion(
            o.title(), o.body(), o.bodyHtml(), o.language(), false, false, false, o.language()));
  }

  /** Translations of many entities of one type into one language, for pages that list them. */
  public Map<Long, Translation> into(String entityType, Collection<Long> ids, String language) {
    return repo.into(entityType, ids, language);
  }

  /** All translations of one entity, for the links under it. */
  public List<Translation> all(String entityType, long id) {
    return repo.all(entityType, id);
  }

  // ---- permissions

  private Original visible(Optional<Viewer> viewer, String type, long id) {
    if (translatable(type).isEmpty()) {
      throw Refusal.notFound();
    }
    Original o = content.original(type, id).orElseThrow(Refusal::notFound);
    if (!o.published() && !access.canModerate(viewer, o.discussionId())) {
      throw Refusal.notFound();
    }
    return o;
  }

  /**
   * Whether the viewer may open the translation form of this item: what the translation pages
   * enforce, for other pages deciding whether to offer the link.
   */
  public boolean canTranslate(Optional<Viewer> viewer, String type, long id) {
    if (viewer.isEmpty() || translatable(type).isEmpty()) {
      return false;
    }
    return content
        .original(type, id)
        .filter(o -> o.published() || access.canModerate(viewer, o.discussionId()))
        .map(o -> canTranslate(viewer, o))
        .orElse(false);
  }

  public boolean canTranslate(Optional<Viewer> viewer, Original o) {
    return viewer
        .map(
            v ->
                v.verified()
                    && (v.translator()
                        || isAuthor(v, o)
                        || access.canModerate(v, o.discussionId())))
        .orElse(false);
  }

  public boolean canReview(Optional<Viewer> viewer, Original o) {
    return viewer
        .map(v -> v.verified() && (v.translator() || access.canModerate(v, o.discussionId())))
        .orElse(false);
  }

  private static boolean isAuthor(Viewer v, Original o) {
    return o.authorId() != null && o.authorId() == v.id();
  }

  /** The original for a write: 401 when signed out, 404 when not visible, 403 when not allowed. */
  private Original writable(Optional<Viewer> viewer, String type, long id) {
    if (viewer.isEmpty()) {
      throw new Refusal.Unauthenticated();
    }
    Original o = visible(viewer, type, id);
    if (!canTranslate(viewer, o)) {
      throw Refusal.forbidden();
    }
    return o;
  }

  private static String target(Original o, String language) {
    if (!ContentLanguages.isNamed(language)) {
      throw Refusal.badRequest("translation.error.language");
    }
    if (language.equals(o.language())) {
      throw Refusal.badRequest("translation.error.sameLanguage");
    }
    return language;
  }

  // ---- reading pages

  /** The original with every translation of it, and what the viewer may do. */
  public record Overview(
      Original original,
      List<Translation> translations,
      boolean canTranslate,
      List<LanguageOption> targets) {}

  public Overview overview(Optional<Viewer> viewer, String type, long id, String readerLanguage) {
    Original o = visible(viewer, type, id);
    return new Overview(
        o,
        repo.all(type, id),
        canTranslate(viewer, o),
        LanguageOption.targets(o.language(), readerLanguage));
  }

  /** One translation beside its original; {@code translation} is null when there is none yet. */
  public record Comparison(
      Original original,
      Translation translation,
      String language,
      boolean canTranslate,
      boolean canReview,
      boolean machineEnabled) {
    public String nameKey() {
      return ContentLanguages.nameKey(language);
    }

    public String lang() {
      return ContentLanguages.langAttribute(language);
    }

    public String dir() {
      return ContentLanguages.dir(language);
    }
  }

  public Comparison compare(Optional<Viewer> viewer, String type, long id, String language) {
    Original o = visible(viewer, type, id);
    String lang = target(o, language);
    Translation t = repo.find(type, id, lang).orElse(null);
    if (t == null && !canTranslate(viewer, o)) {
      throw Refusal.notFound();
    }
    return new Comparison(
        o, t, lang, canTranslate(viewer, o), canReview(viewer, o), machine.enabled());
  }

  /** The edit form of one translation: 401/403/404 like a save. */
  public Comparison editForm(Optional<Viewer> viewer, String type, long id, String language) {
    Original o = writable(viewer, type, id);
    String lang = target(o, language);
    return new Comparison(
        o,
        repo.find(type, id, lang).orElse(null),
        lang,
        true,
        canReview(viewer, o),
        machine.enabled());
  }

  /** A translation form for a welcomed language, as the theme and discussion edit pages show it. */
  public record FormBlock(String language, Translation existing) {
    public String nameKey() {
      return ContentLanguages.nameKey(language);
    }

    public String lang() {
      return ContentLanguages.langAttribute(language);
    }

    public String dir() {
      return ContentLanguages.dir(language);
    }
  }

  public record Forms(
      Original original,
      List<FormBlock> blocks,
      boolean machineEnabled,
      List<LanguageOption> labels) {}

  /**
   * One form per welcomed language other than the original's, prefilled with the existing
   * translation; for moderators writing themes and introductions once per language.
   */
  public Forms forms(Optional<Viewer> viewer, String type, long id) {
    Original o = writable(viewer, type, id);
    Map<String, Translation> existing = new LinkedHashMap<>();
    repo.all(type, id).forEach(t -> existing.put(t.language(), t));
    List<FormBlock> blocks = new ArrayList<>();
    for (String l : o.welcomedLanguages()) {
      if (ContentLanguages.isNamed(l) && !l.equals(o.language())) {
        blocks.add(new FormBlock(l, existing.get(l)));
      }
    }
    return new Forms(o, blocks, machine.enabled(), LanguageOption.labels(o.language()));
  }

  // ---- writing

  /**
   * Saves a person's translation. A machine draft edited by a person stays marked as
   * machine-drafted (its origin does not change); it is reviewed only when a reviewer says so.
   */
  public Translation save(
      Optional<Viewer> viewer,
      String type,
      long id,
      String language,
      String title,
      String body,
      boolean reviewed) {
    return save(viewer, type, id, language, title, body, reviewed, null);
  }

  /** Most characters of a discussion's summary, translated as written. */
  public static final int MAX_SUMMARY = 500;

  /**
   * The same, with a discussion's one-line summary in that language ({@code summary}; null leaves
   * it as it is, and it is ignored for other kinds of content).
   */
  public Translation save(
      Optional<Viewer> viewer,
      String type,
      long id,
      String language,
      String title,
      String body,
      boolean reviewed,
      String summary) {
    Original o = writable(viewer, type, id);
    String lang = target(o, language);
    String t = title == null ? "" : title.strip();
    String b = body == null ? "" : body.strip();
    Map<String, String> errors = new LinkedHashMap<>();
    if (t.length() > MAX_TITLE) {
      errors.put("title", "translation.error.titleTooLong");
    }
    if (b.length() > MAX_BODY) {
      errors.put("body", "translation.error.bodyTooLong");
    }
    if (b.isEmpty() && (t.isEmpty() || !o.hasTitle())) {
      errors.put("body", "translation.error.bodyRequired");
    }
    String sum =
        summary == null || !org.indaba.model.ContentKind.DISCUSSION.code().equals(type)
            ? null
            : summary.strip();
    if (sum != null && sum.length() > MAX_SUMMARY) {
      errors.put("summary", "reading.translation.summaryTooLong");
    }
    if (!errors.isEmpty()) {
      throw new Refusal.Invalid(errors);
    }
    boolean wasMachine = repo.find(type, id, lang).map(Translation::machine).orElse(false);
    boolean markReviewed = reviewed && canReview(viewer, o);
    store(
        viewer.get(),
        o,
        lang,
        o.hasTitle() && !t.isEmpty() ? t : null,
        b,
        wasMachine,
        markReviewed,
        sum == null ? null : sum.isEmpty() ? "" : sum);
    return repo.find(type, id, lang).orElseThrow();
  }

  /**
   * Asks the machine-translation service for a draft and stores it, unreviewed, replacing any
   * earlier translation into that language. 404 when no service is configured; 503 when it gave
   * nothing back.
   */
  public Translation draftWithMachine(
      Optional<Viewer> viewer, String type, long id, String language) {
    if (!machine.enabled()) {
      throw Refusal.notFound();
    }
    Original o = writable(viewer, type, id);
    String lang = target(o, language);
    // outside any transaction: the service may take seconds or fail
    String body =
        o.body() == null || o.body().isBlank()
            ? ""
            : machine
                .translate(o.body(), o.language(), lang)
                .orElseThrow(TranslationService::unavailable);
    String title =
        o.title() == null || o.title().isBlank()
            ? null
            : machine
                .translate(o.title(), o.language(), lang)
                .orElseThrow(TranslationService::unavailable);
    store(viewer.get(), o, lang, title, body, true, false);
    return repo.find(type, id, lang).orElseThrow();
  }

  private static Refusal unavailable() {
    return Refusal.unavailable("translation.error.machineUnavailable");
  }

  private void store(
      Viewer v,
      Original o,
      String lang,
      String title,
      String body,
      boolean machineDrafted,
      boolean reviewed) {
    store(v, o, lang, title, body, machineDrafted, reviewed, null);
  }

  /** {@code summary}: a discussion's summary in that language, "" for none, null to keep it. */
  private void store(
      Viewer v,
      Original o,
      String lang,
      String title,
      String body,
      boolean machineDrafted,
      boolean reviewed,
      String summary) {
    String html = MarkdownRenderer.render(body);
    Instant now = clock.instant();
    db.txRun(
        tx -> {
          repo.save(
              tx, o.type(), o.id(), lang, title, body, html, machineDrafted, reviewed, v.id(), now);
          if (summary != null) {
            TranslationRepository.setSummary(tx, o.id(), lang, summary.isEmpty() ? null : summary);
          }
          changes.translationChanged(tx, kind(o.type()), o.id());
        });
  }

  /** A moderator or translator vouches for a translation. */
  public void markReviewed(Optional<Viewer> viewer, String type, long id, String language) {
    if (viewer.isEmpty()) {
      throw new Refusal.Unauthenticated();
    }
    Original o = visible(viewer, type, id);
    if (!canReview(viewer, o)) {
      throw Refusal.forbidden();
    }
    String lang = target(o, language);
    Instant now = clock.instant();
    db.txRun(
        tx -> {
          if (!repo.markReviewed(tx, type, id, lang, now)) {
            throw Refusal.notFound();
          }
        });
  }

  /**
   * Corrects the language label of a contribution (its author or a moderator), a theme or a
   * discussion introduction (a moderator). A code outside {@link ContentLanguages#LABELS} is a 400.
   */
  public void correctLanguage(Optional<Viewer> viewer, String type, long id, String language) {
    if (viewer.isEmpty()) {
      throw new Refusal.Unauthenticated();
    }
    if (!List.of(ContentKind.CONTRIBUTION, ContentKind.THEME, ContentKind.DISCUSSION)
        .contains(ContentKind.fromCode(type).orElse(null))) {
      throw Refusal.notFound();
    }
    if (!ContentLanguages.isLabel(language)) {
      throw Refusal.badRequest("translation.error.language");
    }
    Viewer v = viewer.get();
    Original o = content.original(type, id).orElseThrow(Refusal::notFound);
    boolean moderator = access.canModerate(v, o.discussionId());
    if (!o.published() && !moderator && !isAuthor(v, o)) {
      throw Refusal.notFound();
    }
    boolean allowed = moderator || (ContentKind.CONTRIBUTION.code().equals(type) && isAuthor(v, o));
    if (!allowed) {
      throw Refusal.forbidden();
    }
    Instant now = clock.instant();
    db.txRun(
        tx -> {
          originalLanguage.set(tx, kind(type), id, language, now);
          changes.translationChanged(tx, kind(type), id);
        });
  }

  /** Where to send the person after a write: back to the page they came from, or the original. */
  public String urlOf(String type, long id) {
    return content.original(type, id).map(Original::url).orElse("/");
  }
}
