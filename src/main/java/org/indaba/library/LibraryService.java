package org.indaba.library;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.indaba.account.ModeratorRights;
import org.indaba.blob.BlobStore;
import org.indaba.content.MarkdownRenderer;
import org.indaba.db.Changes;
import org.indaba.db.Database;
import org.indaba.discussion.BackgroundDocuments;
import org.indaba.discussion.Discussion;
import org.indaba.discussion.DiscussionRepository;
import org.indaba.discussion.FilePolicy;
import org.indaba.i18n.ContentLanguages;
import org.indaba.i18n.Countries;
import org.indaba.i18n.LanguageDetector;
import org.indaba.library.LibraryRecords.Author;
import org.indaba.library.LibraryRecords.Card;
import org.indaba.library.LibraryRecords.Comment;
import org.indaba.library.LibraryRecords.FileItem;
import org.indaba.library.LibraryRecords.Filter;
import org.indaba.library.LibraryRecords.Link;
import org.indaba.library.LibraryRecords.Person;
import org.indaba.library.LibraryRecords.Resource;
import org.indaba.library.LibraryRecords.Topic;
import org.indaba.library.LibraryRecords.UsedIn;
import org.indaba.library.LibraryRepository.TranslationRow;
import org.indaba.model.ContentKind;
import org.indaba.model.ContributionStatus;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;
import org.indaba.translation.TranslationRepository;

/**
 * The library's use cases. Site moderators and admins add, edit and publish resources (each change
 * is in the audit log); members suggest resources, which wait for a moderator; anyone reads the
 * published ones. Comments are held for a moderator unless a moderator writes them, as
 * contributions are in a pre-moderated discussion.
 */
public final class LibraryService implements BackgroundDocuments {
  static final int MAX_AUTHORS = 6;
  static final int MAX_SUMMARY = 20_000;
  static final int MAX_COMMENT = 20_000;

  private final Database db;
  private final LibraryRepository repo;
  private final DiscussionRepository discussions;
  private final ModeratorRights access;
  private final BlobStore blobs;
  private final Changes changes;
  private final LanguageDetector detector;
  private final Clock clock;
  private final long maxUploadBytes;

  public LibraryService(
      Database db,
      LibraryRepository repo,
      DiscussionRepository discussions,
      ModeratorRights access,
      BlobStore blobs,
      Changes changes,
      LanguageDetector detector,
      Clock clock,
      long maxUploadBytes) {
    this.db = db;
    this.repo = repo;
    this.discussions = discussions;
    this.access = access;
    this.blobs = blobs;
    this.changes = changes;
    this.detector = detector;
    this.clock = clock;
    this.maxUploadBytes = maxUploadBytes;
  }

  public LibraryRepository repository() {
    return repo;
  }

  static boolean isModerator(Optional<Viewer> viewer) {
    return viewer.map(Viewer::isModerator).orElse(false);
  }

  private static Viewer requireModerator(Optional<Viewer> viewer) {
    Viewer v = viewer.orElseThrow(Refusal.Unauthenticated::new);
    if (!v.isModerator()) {
      throw Refusal.forbidden();
    }
    return v;
  }

  // ---- reading

  public LibraryRecords.Page page(Filter f) {
    return repo.page(f);
  }

  /** Whether the viewer may see the resource: published, or their suggestion, or a moderator. */
  private static boolean canSee(Optional<Viewer> viewer, Resource r) {
    return r.published()
        || isModerator(viewer)
        || (r.suggestedBy() != null && viewer.map(v -> v.id() == r.suggestedBy()).orElse(false));
  }

  public Resource visible(Optional<Viewer> viewer, long id) {
    Resource r = repo.byId(id).orElseThrow(Refusal::notFound);
    if (!canSee(viewer, r)) {
      throw Refusal.notFound();
    }
    return r;
  }

  /** The title and summary as a reader of {@code language} gets them. */
  public record Shown(
      String title, String summaryHtml, String language, boolean translated, String original) {
    public String lang() {
      return ContentLanguages.langAttribute(language);
    }

    public String dir() {
      return ContentLanguages.dir(language);
    }
  }

  /** Everything the resource page shows. */
  public record Detail(
      Resource resource,
      Card card,
      Shown shown,
      List<FileItem> files,
      List<Link> links,
      List<Comment> comments,
      boolean saved,
      boolean moderator,
      boolean canComment,
      Person contact,
      List<UsedIn> usedIn,
      List<TranslationRow> translations) {}

  public Detail detail(Optional<Viewer> viewer, long id, String readerLanguage, boolean original) {
    Resource r = visible(viewer, id);
    boolean moderator = isModerator(viewer);
    Card card = repo.cards(List.of(r)).getFirst();
    List<TranslationRow> translations = repo.translations(id);
    Shown shown = new Shown(r.title(), r.summaryHtml(), r.language(), false, null);
    if (!original && readerLanguage != null && !readerLanguage.equals(r.language())) {
      for (TranslationRow t : translations) {
        if (t.language().equals(readerLanguage)) {
          shown =
              new Shown(
                  t.title() == null || t.title().isBlank() ? r.title() : t.title(),
                  t.summaryHtml(),
                  t.language(),
                  true,
                  r.language());
        }
      }
    }
    List<UsedIn> used =
        repo.usedIn(id).stream()
            .filter(u -> !u.draft() || access.canModerate(viewer, u.discussionId()))
            .toList();
    return new Detail(
        r,
        card,
        shown,
        repo.files(id),
        repo.links(id),
        repo.comments(id, viewer.map(Viewer::id).orElse(null), moderator),
        viewer.map(v -> repo.isSaved(id, v.id())).orElse(false),
        moderator,
        r.published() && viewer.map(Viewer::verified).orElse(false),
        r.contactId() == null ? null : repo.person(r.contactId()).orElse(null),
        used,
        translations);
  }

  public List<Topic> topics() {
    return repo.topics();
  }

  public List<Integer> years() {
    return repo.years();
  }

  public List<Card> savedBy(long memberId) {
    return repo.savedBy(memberId);
  }

  public List<Resource> latest(int limit) {
    return repo.latest(limit);
  }

  // ---- adding and editing

  /** An author as typed in the form; {@code memberEmail} links the author to a member. */
  public record AuthorForm(String name, String organisation, String bio, String memberEmail) {}

  /** A translation of title and summary as typed. */
  public record TranslationForm(String language, String title, String summary) {}

  /** The add/edit form as typed; validation turns it into stored fields or field errors. */
  public record Form(
      String title,
      String summary,
      String kind,
      String language,
      String publishedOn,
      List<AuthorForm> authors,
      String contactEmail,
      String countries,
      List<String> topics,
      String links,
      List<TranslationForm> translations) {

    public static Form empty() {
      return new Form(
          "",
          "",
          ResourceKind.REPORT.code(),
          "en",
          "",
          List.of(),
          "",
          "",
          List.of(),
          "",
          List.of());
    }
  }

  private record Valid(
      LibraryRepository.Fields fields,
      List<Author> authors,
      List<String> countries,
      List<Long> topics,
      List<Link> links,
      List<TranslationRow> translations) {}

  private Valid validate(Form f, LocalDate postedOn) {
    Map<String, String> errors = new LinkedHashMap<>();
    String title = trim(f.title());
    if (title.isEmpty() || title.length() > 300) {
      errors.put("title", "library.error.title");
    }
    String summary = f.summary() == null ? "" : f.summary().strip();
    if (summary.length() > MAX_SUMMARY) {
      errors.put("summary", "library.error.summary");
    }
    Optional<ResourceKind> kind = ResourceKind.fromCode(f.kind());
    if (kind.isEmpty()) {
      errors.put("kind", "library.error.kind");
    }
    String language = trim(f.language()).toLowerCase(Locale.ROOT);
    if (language.isEmpty()) {
      language = detector.detect(title + "\n\n" + summary);
    }
    if (!ContentLanguages.isLabel(language)) {
      errors.put("language", "library.error.language");
    }
    LocalDate published = null;
    if (!trim(f.publishedOn()).isEmpty()) {
      try {
        published = LocalDate.parse(trim(f.publishedOn()));
      } catch (DateTimeException e) {
        errors.put("publishedOn", "library.error.date");
      }
    }
    Long contact = null;
    if (!trim(f.contactEmail()).isEmpty()) {
      Optional<Person> p = repo.personByEmail(trim(f.contactEmail()));
      if (p.isEmpty()) {
        errors.put("contact", "library.error.member");
      } else {
        contact = p.get().id();
      }
    }
    List<Author> authors = new ArrayList<>();
    for (AuthorForm a : f.authors()) {
      String name = trim(a.name());
      String email = trim(a.memberEmail());
      Long member = null;
      if (!email.isEmpty()) {
        Optional<Person> p = repo.personByEmail(email);
        if (p.isEmpty()) {
          errors.put("authors", "library.error.member");
          continue;
        }
        member = p.get().id();
        if (name.isEmpty()) {
          name = p.get().name();
        }
      }
      if (name.isEmpty()) {
        continue;
      }
      if (name.length() > 200
          || trim(a.organisation()).length() > 200
          || trim(a.bio()).length() > 4000) {
        errors.put("authors", "library.error.author");
        continue;
      }
      authors.add(new Author(name, trim(a.organisation()), trim(a.bio()), member));
    }
    if (authors.size() > MAX_AUTHORS) {
      errors.put("authors", "library.error.author");
    }
    Set<String> countries = new LinkedHashSet<>();
    for (String part : trim(f.countries()).split("[,;\\n]+")) {
      if (part.isBlank()) {
        continue;
      }
      Optional<String> code = Countries.codeOf(part);
      if (code.isEmpty()) {
        errors.put("countries", "library.error.country");
      } else {
        countries.add(code.get());
      }
    }
    Map<String, Long> topicIds = new LinkedHashMap<>();
    repo.topics().forEach(t -> topicIds.put(t.code(), t.id()));
    List<Long> topics = new ArrayList<>();
    for (String code : f.topics()) {
      Long id = topicIds.get(trim(code));
      if (id == null) {
        errors.put("topics", "library.error.topic");
      } else if (!topics.contains(id)) {
        topics.add(id);
      }
    }
    List<Link> links = new ArrayList<>();
    for (String line : trim(f.links()).split("\\R")) {
      String l = line.strip();
      if (l.isEmpty()) {
        continue;
      }
      String[] parts = l.split("\\s+", 2);
      String url = parts[0];
      if (url.length() > 2000 || !isWebAddress(url)) {
        errors.put("links", "library.error.link");
        continue;
      }
      links.add(new Link(url, parts.length > 1 ? parts[1].strip() : ""));
    }
    List<TranslationRow> translations = new ArrayList<>();
    for (TranslationForm t : f.translations()) {
      String tl = trim(t.language()).toLowerCase(Locale.ROOT);
      String tt = trim(t.title());
      String ts = t.summary() == null ? "" : t.summary().strip();
      if (tt.isEmpty() && ts.isEmpty()) {
        continue;
      }
      if (!ContentLanguages.isLabel(tl) || tl.equals(language) || tt.length() > 300) {
        errors.put("translations", "library.error.translation");
        continue;
      }
      translations.add(new TranslationRow(tl, tt, ts, MarkdownRenderer.render(ts)));
    }
    if (!errors.isEmpty()) {
      throw new Refusal.Invalid(errors);
    }
    return new Valid(
        new LibraryRepository.Fields(
            title,
            summary,
            MarkdownRenderer.render(summary),
            kind.orElseThrow().code(),
            language,
            published,
            postedOn,
            contact),
        authors,
        List.copyOf(countries),
        topics,
        links,
        translations);
  }

  /** External links are http(s) addresses with a host, nothing else. */
  static boolean isWebAddress(String url) {
    try {
      java.net.URI u = new java.net.URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https"))
          && u.getHost() != null
          && !u.getHost().isBlank();
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static String trim(String s) {
    return s == null ? "" : s.strip();
  }

  /**
   * Adds a resource: published at once when a moderator adds it, else a suggestion that waits for
   * one.
   */
  public Resource create(Optional<Viewer> viewer, Form form) {
    Viewer v = viewer.orElseThrow(Refusal.Unauthenticated::new);
    if (!v.verified()) {
      throw Refusal.forbidden();
    }
    boolean moderator = v.isModerator();
    Instant now = clock.instant();
    Valid valid = validate(form, today(now));
    long id =
        db.tx(
            tx -> {
              long rid =
                  repo.insert(
                      tx,
                      valid.fields(),
                      moderator ? LibraryRecords.PUBLISHED : LibraryRecords.SUGGESTED,
                      v.id(),
                      moderator ? null : v.id(),
                      now);
              writeParts(tx, rid, valid, v.id(), now);
              if (moderator) {
                changes.resourceAdded(tx, v.id(), rid);
              }
              return rid;
            });
    return repo.byId(id).orElseThrow();
  }

  private void writeParts(
      org.jooq.DSLContext tx, long id, Valid valid, long translatorId, Instant now) {
    repo.replaceAuthors(tx, id, valid.authors());
    repo.replaceCountries(tx, id, valid.countries());
    repo.replaceTopics(tx, id, valid.topics());
    repo.replaceLinks(tx, id, valid.links());
    TranslationRepository.replaceReviewed(
        tx,
        ContentKind.RESOURCE,
        id,
        valid.translations().stream()
            .map(
                t ->
                    new TranslationRepository.Reviewed(
                        t.language(), t.title(), t.summary(), t.summaryHtml()))
            .toList(),
        translatorId,
        now);
  }

  public Resource update(Optional<Viewer> viewer, long id, Form form) {
    Viewer v = requireModerator(viewer);
    Resource existing = repo.byId(id).orElseThrow(Refusal::notFound);
    Instant now = clock.instant();
    Valid valid = validate(form, existing.postedOn());
    db.txRun(
        tx -> {
          repo.update(tx, id, valid.fields(), now);
          writeParts(tx, id, valid, v.id(), now);
          changes.resourceEdited(tx, v.id(), id);
        });
    return repo.byId(id).orElseThrow();
  }

  /** The form filled with a resource's current values. */
  public Form formOf(Resource r) {
    List<AuthorForm> authors = new ArrayList<>();
    for (Author a : repo.authors(r.id())) {
      String email = a.memberId() == null ? "" : repo.emailOf(a.memberId()).orElse("");
      authors.add(new AuthorForm(a.name(), a.organisation(), a.bio(), email));
    }
    StringBuilder links = new StringBuilder();
    for (Link l : repo.links(r.id())) {
      links.append(l.url()).append(l.label().isBlank() ? "" : " " + l.label()).append('\n');
    }
    List<TranslationForm> translations = new ArrayList<>();
    for (TranslationRow t : repo.translations(r.id())) {
      translations.add(new TranslationForm(t.language(), t.title(), t.summary()));
    }
    return new Form(
        r.title(),
        r.summary(),
        r.kind(),
        r.language(),
        r.publishedOn() == null ? "" : r.publishedOn().toString(),
        authors,
        r.contactId() == null ? "" : repo.emailOf(r.contactId()).orElse(""),
        String.join(", ", repo.countries(r.id())),
        repo.topicsOf(r.id()).stream().map(Topic::code).toList(),
        links.toString().strip(),
        translations);
  }

  /** A moderator publishes a member's suggestion (or turns it down). */
  public void decideSuggestion(Optional<Viewer> viewer, long id, boolean publish) {
    Viewer v = requireModerator(viewer);
    Instant now = clock.instant();
    db.txRun(
        tx -> {
          boolean changed =
              repo.decideSuggestion(
                  tx,
                  id,
                  publish ? LibraryRecords.PUBLISHED : LibraryRecords.REJECTED,
                  v.id(),
                  now);
          if (!changed) {
            throw Refusal.conflict("library.error.alreadyDecided");
          }
          changes.resourceDecided(tx, v.id(), id, publish);
        });
  }

  public List<Resource> suggestions(Optional<Viewer> viewer) {
    requireModerator(viewer);
    return repo.suggestions();
  }

  public List<Comment> pendingComments(Optional<Viewer> viewer) {
    requireModerator(viewer);
    return repo.pendingComments();
  }

  // ---- topics

  public Topic addTopic(Optional<Viewer> viewer, String name) {
    Viewer v = requireModerator(viewer);
    String n = trim(name);
    String code =
        java.text.Normalizer.normalize(n, java.text.Normalizer.Form.NFKD)
            .replaceAll("\\p{M}+", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("(^-+|-+$)", "");
    if (n.isEmpty() || n.length() > 200 || code.isEmpty() || code.length() > 60) {
      throw Refusal.Invalid.of("topic", "library.error.topicName");
    }
    Instant now = clock.instant();
    long id =
        db.tx(
            tx -> {
              long tid = repo.insertTopic(tx, code, n, now);
              changes.topicAdded(tx, v.id(), tid, n);
              return tid;
            });
    return new Topic(id, code, n);
  }

  // ---- files

  /** The moderators, or the member who suggested it while it waits, may add files. */
  private Viewer requireFileEditor(Optional<Viewer> viewer, Resource r) {
    Viewer v = viewer.orElseThrow(Refusal.Unauthenticated::new);
    boolean own = r.suggested() && r.suggestedBy() != null && r.suggestedBy() == v.id();
    if (!v.isModerator() && !own) {
      throw Refusal.forbidden();
    }
    return v;
  }

  /**
   * Refuses a viewer who may not add files to the resource, before any upload is looked at: a form
   * sent without a file must be refused too.
   */
  public void requireFileEditor(Optional<Viewer> viewer, long resourceId) {
    requireFileEditor(viewer, repo.byId(resourceId).orElseThrow(Refusal::notFound));
  }

  public long addFile(
      Optional<Viewer> viewer, long resourceId, String filename, String contentType, byte[] bytes) {
    Resource r = repo.byId(resourceId).orElseThrow(Refusal::notFound);
    Viewer v = requireFileEditor(viewer, r);
    String name = FilePolicy.safeFilename(filename);
    String type = FilePolicy.acceptedType(name, contentType);
    FilePolicy.checkSize(bytes.length, maxUploadBytes);
    // read outside the transaction: a large PDF takes a moment
    String text = FileText.extract(type, bytes);
    Instant now = clock.instant();
    return db.tx(
        tx -> {
          String sha = blobs.put(tx, bytes);
          long fid = repo.insertFile(tx, resourceId, sha, name, type, bytes.length, text, now);
          changes.resourceFileAdded(tx, v.id(), resourceId, name);
          return fid;
        });
  }

  public void deleteFile(Optional<Viewer> viewer, long resourceId, long fileId) {
    Resource r = repo.byId(resourceId).orElseThrow(Refusal::notFound);
    Viewer v = requireFileEditor(viewer, r);
    db.txRun(
        tx -> {
          repo.deleteFile(tx, resourceId, fileId);
          changes.resourceFileDeleted(tx, v.id(), resourceId);
        });
  }

  /** A file and its bytes. */
  public record Download(FileItem file, byte[] bytes) {}

  /** The file for download; each download is counted. */
  public Download download(Optional<Viewer> viewer, long resourceId, long fileId) {
    visible(viewer, resourceId);
    FileItem f =
        repo.files(resourceId).stream()
            .filter(x -> x.id() == fileId)
            .findFirst()
            .orElseThrow(Refusal::notFound);
    byte[] bytes = blobs.get(f.sha256()).orElseThrow(Refusal::notFound);
    repo.countDownload(fileId);
    return new Download(f, bytes);
  }

  // ---- saves

  public void save(Optional<Viewer> viewer, long id, boolean save) {
    Viewer v = viewer.orElseThrow(Refusal.Unauthenticated::new);
    Resource r = visible(viewer, id);
    if (!r.published()) {
      throw Refusal.notFound();
    }
    if (save) {
      repo.save(id, v.id(), clock.instant());
    } else {
      repo.unsave(id, v.id());
    }
  }

  // ---- comments

  /** Where a comment comes from. */
  public enum Channel {
    WEB,
    EMAIL;

    String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A member comments on a published resource, on the web or by replying to the "new resource"
   * mail. Moderators' comments are shown at once, the others wait for a moderator.
   *
   * @param messageId the Message-ID of the mail (a second delivery of it is refused), or null
   */
  public Comment comment(
      long memberId,
      boolean verified,
      String role,
      long resourceId,
      String body,
      Channel channel,
      String messageId) {
    if (!verified) {
      throw Refusal.forbidden();
    }
    Resource r = repo.byId(resourceId).orElseThrow(Refusal::notFound);
    if (!r.published()) {
      throw Refusal.notFound();
    }
    String text = body == null ? "" : body.strip();
    if (text.isEmpty()) {
      throw Refusal.Invalid.of("body", "library.error.commentEmpty");
    }
    if (text.length() > MAX_COMMENT) {
      throw Refusal.Invalid.of("body", "library.error.commentTooLong");
    }
    if (messageId != null && repo.commentWithMessageId(messageId)) {
      throw Refusal.conflict("library.error.duplicate");
    }
    boolean moderator = "moderator".equals(role) || "admin".equals(role);
    ContributionStatus status =
        moderator ? ContributionStatus.APPROVED : ContributionStatus.PENDING;
    String language = ContentLanguages.orUndetermined(detector.detect(text));
    Instant now = clock.instant();
    long id =
        db.tx(
            tx ->
                repo.insertComment(
                    tx,
                    resourceId,
                    memberId,
                    text,
                    MarkdownRenderer.render(text),
                    language,
                    status,
                    channel.code(),
                    messageId,
                    now));
    return repo.comment(id).orElseThrow();
  }

  public Comment comment(Optional<Viewer> viewer, long resourceId, String body) {
    Viewer v = viewer.orElseThrow(Refusal.Unauthenticated::new);
    visible(viewer, resourceId);
    return comment(v.id(), v.verified(), v.role(), resourceId, body, Channel.WEB, null);
  }

  public Comment decideComment(
      Optional<Viewer> viewer, long commentId, boolean approve, String reason) {
    Viewer v = requireModerator(viewer);
    Comment c = repo.comment(commentId).orElseThrow(Refusal::notFound);
    Instant now = clock.instant();
    String why = reason == null || reason.isBlank() ? null : reason.strip();
    if (why != null && why.length() > 2000) {
      throw Refusal.Invalid.of("reason", "library.error.reason");
    }
    db.txRun(
        tx -> {
          if (!repo.decideComment(
              tx,
              commentId,
              approve ? ContributionStatus.APPROVED : ContributionStatus.REJECTED,
              why,
              v.id(),
              now)) {
            throw Refusal.conflict("library.error.alreadyDecided");
          }
          changes.resourceCommentDecided(tx, v.id(), commentId, approve, why);
        });
    return repo.comment(c.id()).orElseThrow();
  }

  // ---- new-resource mail subscription

  public void subscribe(Optional<Viewer> viewer, boolean on) {
    Viewer v = viewer.orElseThrow(Refusal.Unauthenticated::new);
    repo.subscribe(v.id(), on, clock.instant());
  }

  public boolean subscribed(long memberId) {
    return repo.subscribed(memberId);
  }

  // ---- discussions' background documents

  @Override
  public List<Document> of(long discussionId) {
    return repo.attachedTo(discussionId).stream()
        .map(
            r ->
                new Document(
                    r.id(), r.title(), r.kindKey(), r.summaryHtml(), r.language(), r.url()))
        .toList();
  }

  private Discussion moderated(Optional<Viewer> viewer, String slug) {
    Discussion d = discussions.bySlug(slug).orElseThrow(Refusal::notFound);
    access.requireModerator(viewer, d.id());
    return d;
  }

  /**
   * Refuses a viewer who does not moderate the discussion, before any upload is looked at: a form
   * sent without a file must be refused too.
   */
  public void requireDocumentModerator(Optional<Viewer> viewer, String slug) {
    moderated(viewer, slug);
  }

  /** A discussion's moderator attaches a published resource as a background document. */
  public void attach(Optional<Viewer> viewer, String slug, long resourceId) {
    Discussion d = moderated(viewer, slug);
    Viewer v = viewer.orElseThrow();
    Resource r =
        repo.byId(resourceId)
            .orElseThrow(() -> Refusal.Invalid.of("resource", "library.error.noSuchResource"));
    if (!r.published()) {
      throw Refusal.Invalid.of("resource", "library.error.noSuchResource");
    }
    Instant now = clock.instant();
    db.txRun(
        tx -> {
          repo.attach(tx, d.id(), resourceId, now);
          changes.resourceAttached(tx, v.id(), d.id(), resourceId);
        });
  }

  public void detach(Optional<Viewer> viewer, String slug, long resourceId) {
    Discussion d = moderated(viewer, slug);
    Viewer v = viewer.orElseThrow();
    db.txRun(
        tx -> {
          repo.detach(tx, d.id(), resourceId);
          changes.resourceDetached(tx, v.id(), d.id(), resourceId);
        });
  }

  /**
   * A moderator uploads a background document: it becomes a published report named after its file,
   * in the discussion's language, attached to the discussion.
   */
  public long uploadDocument(
      Optional<Viewer> viewer, String slug, String filename, String contentType, byte[] bytes) {
    Discussion d = moderated(viewer, slug);
    Viewer v = viewer.orElseThrow();
    String name = FilePolicy.safeFilename(filename);
    String type = FilePolicy.acceptedType(name, contentType);
    FilePolicy.checkSize(bytes.length, maxUploadBytes);
    String text = FileText.extract(type, bytes);
    String title = name.replaceFirst("\\.[A-Za-z0-9]{1,5}$", "");
    Instant now = clock.instant();
    String language =
        ContentLanguages.isLabel(d.language()) ? d.language() : ContentLanguages.UNDETERMINED;
    return db.tx(
        tx -> {
          long rid =
              repo.insert(
                  tx,
                  new LibraryRepository.Fields(
                      title.isBlank() ? name : title,
                      "",
                      "",
                      ResourceKind.REPORT.code(),
                      language,
                      null,
                      today(now),
                      null),
                  LibraryRecords.PUBLISHED,
                  v.id(),
                  null,
                  now);
          String sha = blobs.put(tx, bytes);
          repo.insertFile(tx, rid, sha, name, type, bytes.length, text, now);
          repo.attach(tx, d.id(), rid, now);
          changes.resourceAddedToDiscussion(tx, v.id(), d.id(), rid, name);
          return rid;
        });
  }

  private static LocalDate today(Instant now) {
    return now.atOffset(ZoneOffset.UTC).toLocalDate();
  }
}
