package org.indaba.mail.in;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.indaba.account.AccountRepository;
import org.indaba.account.Member;
import org.indaba.db.Database;
import org.indaba.discussion.NewContribution;
import org.indaba.i18n.LocaleChoice;
import org.indaba.mail.InboundStore;
import org.indaba.mail.MailAddresses;
import org.indaba.mail.MailModeration;
import org.indaba.mail.MailRepository;
import org.indaba.mail.MailRoute;
import org.indaba.mail.MailTokens;
import org.indaba.mail.ModerationReply;
import org.indaba.mail.ModeratorAlerts;
import org.indaba.mail.Subscriptions;
import org.indaba.mail.parse.Attachment;
import org.indaba.mail.parse.AuthenticationResults;
import org.indaba.mail.parse.AutomatedMail;
import org.indaba.mail.parse.MailParser;
import org.indaba.mail.parse.ParsedMail;
import org.indaba.mail.parse.ReplyTrimmer;
import org.indaba.visibility.Visibility;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background job that turns accepted messages into contributions, subscription changes, bounce
 * records or refusals. Each message is claimed with {@code FOR UPDATE SKIP LOCKED} and its outcome
 * written in that same transaction, so several processes share the queue and a crash leaves the
 * message to be processed again; a contribution already created for the message (found by its
 * Message-ID) is then recognised instead of posted twice.
 */
public final class InboundProcessor {
  private static final Logger log = LoggerFactory.getLogger(InboundProcessor.class);

  private final Database db;
  private final InboundStore store;
  private final MailRepository repo;
  private final AccountRepository accounts;
  private final MailTokens tokens;
  private final MailAddresses addresses;
  private final MailNotices notices;
  private final Bounces bounces;
  private final Subscriptions subscriptions;
  private final MailPosting posting;
  private volatile MailModeration moderation;
  private volatile ModeratorAlerts alerts;
  private final Clock clock;
  private final String trustedAuthservId;
  private final long maxAttachmentBytes;

  public InboundProcessor(
      Database db,
      InboundStore store,
      MailRepository repo,
      AccountRepository accounts,
      MailTokens tokens,
      MailAddresses addresses,
      MailNotices notices,
      Bounces bounces,
      Subscriptions subscriptions,
      MailPosting posting,
      Clock clock,
      String trustedAuthservId,
      long maxAttachmentBytes) {
    this.db = db;
    this.store = store;
    this.repo = repo;
    this.accounts = accounts;
    this.tokens = tokens;
    this.addresses = addresses;
    this.notices = notices;
    this.bounces = bounces;
    this.subscriptions = subscriptions;
    this.posting = posting;
    this.clock = clock;
    this.trustedAuthservId = trustedAuthservId;
    this.maxAttachmentBytes = maxAttachmentBytes;
  }

  /** Where moderators' answers to alerts are carried out and reported back. */
  public void useModeration(MailModeration moderation, ModeratorAlerts alerts) {
    this.moderation = moderation;
    this.alerts = alerts;
  }

  /** What became of one message. */
  record Outcome(String status, String reason, String detail, Long contributionId) {
    static Outcome ignored(String reason) {
      return new Outcome(InboundStore.IGNORED, reason, null, null);
    }

    static Outcome processed(String reason, Long contributionId) {
      return new Outcome(InboundStore.PROCESSED, reason, null, contributionId);
    }
  }

  /**
   * Messages processed side by side; each worker holds two connections (its claim and the post).
   */
  static final int WORKERS = 4;

  static final int BATCH_PER_WORKER = 25;

  /**
   * Processes up to a batch of messages with a few workers at once (claims skip each other's rows);
   * true when there may be more.
   */
  public boolean runOnce() throws Exception {
    // platform threads: parsing, trimming and language detection are CPU work, which on virtual
    // threads would occupy the carriers that serve web requests
    try (var pool =
        java.util.concurrent.Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().name("mail-in-", 0).daemon(true).factory())) {
      List<java.util.concurrent.Future<Integer>> workers = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        workers.add(
            pool.submit(
                () -> {
                  int n = 0;
                  while (n < BATCH_PER_WORKER && processNext()) {
                    n++;
                  }
                  return n;
                }));
      }
      boolean more = false;
      for (var f : workers) {
        more |= f.get() == BATCH_PER_WORKER;
      }
      return more;
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  /**
   * Claims and processes the oldest waiting message; false when there was none. The claim, the
   * contribution and every record of the outcome are one transaction on one connection.
   */
  public boolean processNext() {
    return db.tx(
        tx -> {
          // the message itself was committed durably before its 250; if this commit is lost in a
          // crash, the contribution and the outcome are lost with it and the message is still
          // "received", so it is simply processed again: no need to wait for the disk here
          tx.execute("SET LOCAL synchronous_commit = off");
          Optional<InboundStore.Inbound> next = store.claimNext(tx);
          if (next.isEmpty()) {
            return false;
          }
          InboundStore.Inbound in = next.get();
          Outcome o;
          try {
            // a savepoint: a failure undoes what the message did, not the claim
            o = tx.transactionResult(part -> db.joining(part.dsl(), () -> process(part.dsl(), in)));
          } catch (RuntimeException e) {
            log.error("Inbound mail {} could not be processed", in.id(), e);
            o =
                new Outcome(
                    InboundStore.FAILED,
                    "error",
                    e.getClass().getSimpleName() + ": " + e.getMessage(),
                    null);
          }
          store.finish(tx, in.id(), o.status(), o.reason(), o.detail(), o.contributionId(), now());
          return true;
        });
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }

  Outcome process(DSLContext tx, InboundStore.Inbound in) {
    ParsedMail mail = MailParser.parse(in.raw());
    String sender =
        mail.from() != null
            ? mail.from().address().toLowerCase(Locale.ROOT)
            : in.envelopeFrom().toLowerCase(Locale.ROOT);
    List<MailRoute> routes = new ArrayList<>();
    for (String r : in.recipients()) {
      MailRoute.parse(r, addresses.domain()).ifPresent(routes::add);
    }

    // never answer machines, nor ourselves (RFC 3834)
    AutomatedMail.Kind kind = AutomatedMail.classify(mail);
    boolean toBounceAddress = routes.stream().anyMatch(r -> r instanceof MailRoute.Bounce);
    if (kind == AutomatedMail.Kind.BOUNCE || toBounceAddress) {
      int counted = bounces.record(tx, mail, routes, in.id());
      return new Outcome(InboundStore.IGNORED, "bounce", counted + " address(es) counted", null);
    }
    if (kind != AutomatedMail.Kind.HUMAN) {
      return Outcome.ignored(kind.name().toLowerCase(Locale.ROOT));
    }
    if (in.envelopeFrom().isBlank() || sender.isBlank()) {
      return Outcome.ignored("null_sender");
    }
    if (addresses.isOurs(sender) || addresses.isOurs(in.envelopeFrom())) {
      return Outcome.ignored("own_address");
    }

    Optional<MailRoute> primary =
        routes.stream().filter(r -> !(r instanceof MailRoute.Postmaster)).findFirst();
    if (primary.isEmpty()) {
      return Outcome.processed("postmaster", null);
    }
    Optional<Member> member =
        accounts.byEmail(sender).filter(m -> m.verified() && !m.placeholder());
    String lang =
        LocaleChoice.choose(
            member.flatMap(Member::preferredLanguage),
            Optional.empty(),
            mail.headers().first("Content-Language"),
            mail.headers().first("Accept-Language"));
    MailRepository.Discussion discussion = null;
    try {
      if (in.truncated()) {
        discussion = discussionOf(primary.get()).orElse(null);
        throw new MailRejection.TooLarge(in.sizeBytes() + " bytes");
      }
      return switch (primary.get()) {
        case MailRoute.Command c -> {
          // a draft discussion is not named to anyone by mail: no help, no subscription
          discussion =
              repo.discussionBySlug(c.slug())
                  .filter(d -> Visibility.publiclyAnnounced(d.draft()))
                  .orElseThrow(MailRejection.UnknownDiscussion::new);
          yield command(tx, c, discussion, sender, member, lang);
        }
        case MailRoute.Post p -> {
          discussion =
              repo.discussionBySlug(p.slug()).orElseThrow(MailRejection.UnknownDiscussion::new);
          yield post(
              mail, in, discussion, p.week(), replyFromHeaders(mail, discussion), sender, member);
        }
        case MailRoute.Reply r when tokens.readModeration(r.token()).isPresent() ->
            moderationAnswer(tx, mail, tokens.readModeration(r.token()).get(), member);
        case MailRoute.Reply r -> {
          MailTokens.ReplyTarget target =
              tokens.readReply(r.token()).orElseThrow(MailRejection.UnknownDiscussion::new);
          if (target.resourceId() != null) {
            if (member.isEmpty() || member.get().id() != target.memberId()) {
              throw new MailRejection.ReplyNotYours();
            }
            if (target.expired(clock)) {
              throw new MailRejection.ReplyExpired();
            }
            yield resourceComment(mail, target.resourceId(), member.get());
          }
          Parent parent = parentOf(target);
          discussion = parent.discussion();
          if (member.isEmpty() || member.get().id() != target.memberId()) {
            throw new MailRejection.ReplyNotYours();
          }
          if (target.expired(clock)) {
            throw new MailRejection.ReplyExpired();
          }
          yield post(mail, in, discussion, parent.week(), parent.contributionId(), sender, member);
        }
        default -> Outcome.ignored("no_route");
      };
    } catch (MailRejection why) {
      notices.rejected(
          tx,
          sender,
          member.map(Member::id).orElse(null),
          lang,
          why,
          discussion,
          mail.messageId(),
          mail.subject());
      return new Outcome(InboundStore.REJECTED, why.code(), why.getMessage(), null);
    }
  }

  /**
   * A moderator answers an alert. The token is the credential and binds moderator and contribution;
   * the message must also come from that moderator's own address.
   */
  private Outcome moderationAnswer(
      DSLContext tx, ParsedMail mail, MailTokens.ModerationTarget target, Optional<Member> member)
      throws MailRejection {
    if (member.isEmpty() || member.get().id() != target.moderatorId()) {
      throw new MailRejection.ReplyNotYours();
    }
    if (target.expired(clock)) {
      throw new MailRejection.ReplyExpired();
    }
    if (moderation == null) {
      return Outcome.ignored("no_moderation");
    }
    Optional<ModerationReply.Decision> decision =
        ModerationReply.parse(ReplyTrimmer.trim(mail.body()).kept());
    MailModeration.Verdict verdict =
        decision
            .map(d -> moderation.decide(member.get().id(), target.contributionId(), d))
            .orElse(MailModeration.Verdict.NOT_UNDERSTOOD);
    if (alerts != null) {
      alerts.decided(
          tx,
          member.get().id(),
          target.contributionId(),
          verdict,
          decision.map(ModerationReply.Decision::reason).orElse(""));
    }
    return Outcome.processed("moderation_" + verdict.code(), null);
  }

  private Optional<MailRepository.Discussion> discussionOf(MailRoute route) {
    return switch (route) {
      case MailRoute.Post p -> repo.discussionBySlug(p.slug());
      case MailRoute.Command c -> repo.discussionBySlug(c.slug());
      case MailRoute.Reply r ->
          tokens
              .readReply(r.token())
              .flatMap(
                  t -> {
                    try {
                      return Optional.of(parentOf(t).discussion());
                    } catch (MailRejection e) {
                      return Optional.empty();
                    }
                  });
      default -> Optional.empty();
    };
  }

  /** Where a reply token points: a contribution (answered directly) or a theme (its week). */
  private record Parent(MailRepository.Discussion discussion, int week, Long contributionId) {}

  private Parent parentOf(MailTokens.ReplyTarget t) throws MailRejection {
    if (t.resourceId() != null) {
      throw new MailRejection.UnknownDiscussion();
    }
    if (t.contributionId() != null) {
      MailRepository.Contribution c =
          repo.contribution(t.contributionId()).orElseThrow(MailRejection.UnknownDiscussion::new);
      return new Parent(
          repo.discussion(c.discussionId()).orElseThrow(MailRejection.UnknownDiscussion::new),
          c.week(),
          c.id());
    }
    MailRepository.Theme th =
        repo.theme(t.themeId()).orElseThrow(MailRejection.UnknownDiscussion::new);
    return new Parent(
        repo.discussion(th.discussionId()).orElseThrow(MailRejection.UnknownDiscussion::new),
        th.week(),
        null);
  }

  /**
   * The contribution a message answers, from In-Reply-To then References, within the discussion.
   */
  private Long replyFromHeaders(ParsedMail mail, MailRepository.Discussion d) {
    List<String> ids = new ArrayList<>();
    if (mail.inReplyTo() != null) {
      ids.add(mail.inReplyTo());
    }
    ids.addAll(mail.references().reversed());
    for (String id : ids) {
      Long cid = addresses.contributionIdOf(id);
      Optional<Long> found = cid != null ? Optional.of(cid) : repo.contributionIdByMessageId(id);
      Optional<MailRepository.Contribution> c = found.flatMap(repo::contribution);
      if (c.isPresent() && c.get().discussionId() == d.id()) {
        return c.get().id();
      }
    }
    return null;
  }

  private Outcome post(
      ParsedMail mail,
      InboundStore.Inbound in,
      MailRepository.Discussion d,
      Integer week,
      Long replyTo,
      String sender,
      Optional<Member> member)
      throws MailRejection {
    if (d.closedAt() != null || d.archivedAt() != null) {
      throw new MailRejection.DiscussionClosed();
    }
    long attachmentBytes = mail.attachments().stream().mapToLong(Attachment::size).sum();
    if (attachmentBytes > maxAttachmentBytes) {
      throw new MailRejection.TooLarge(attachmentBytes + " bytes of attachments");
    }
    if (member.isEmpty() && d.refusesNonMembers()) {
      throw new MailRejection.UnknownSender();
    }
    ReplyTrimmer.Trimmed trimmed = ReplyTrimmer.trim(mail.body());
    if (trimmed.kept().isBlank() && mail.attachments().isEmpty()) {
      throw new MailRejection.EmptyMessage();
    }
    String messageId = messageIdOf(mail);
    Optional<Long> existing = repo.contributionIdByMessageId(messageId);
    if (existing.isPresent()) {
      // a crash after the contribution was committed but before this message was marked
      return Outcome.processed("already_posted", existing.get());
    }
    boolean dmarcFail = AuthenticationResults.dmarcFailed(mail, trustedAuthservId);
    String name =
        mail.from() != null
                && mail.from().displayName() != null
                && !mail.from().displayName().isBlank()
            ? mail.from().displayName()
            : sender.substring(0, Math.max(0, sender.indexOf('@')));
    MailPosting.Posted posted =
        posting.post(
            new NewContribution(
                member.isPresent()
                    ? new NewContribution.MemberAuthor(member.get().id())
                    : new NewContribution.MailSender(sender, name),
                d.slug(),
                week,
                trimmed.kept().strip(),
                replyTo,
                NewContribution.Source.EMAIL,
                null,
                MailPosting.attachments(mail.attachments()),
                trimmed.removed().isBlank() ? null : trimmed.removed(),
                messageId,
                null,
                dmarcFail ? "dmarc_fail" : null));
    return Outcome.processed(posted.status(), posted.contributionId());
  }

  private volatile ResourceComments resourceComments = ResourceComments.NONE;

  /** Where replies to "new resource" mails go; set once at start-up. */
  public InboundProcessor withResourceComments(ResourceComments comments) {
    this.resourceComments = comments;
    return this;
  }

  /** A reply to a "new resource" mail: its text, trimmed of the quote, is a comment. */
  private Outcome resourceComment(ParsedMail mail, long resourceId, Member member)
      throws MailRejection {
    ReplyTrimmer.Trimmed trimmed = ReplyTrimmer.trim(mail.body());
    if (trimmed.kept().isBlank()) {
      throw new MailRejection.EmptyMessage();
    }
    String status =
        resourceComments.comment(
            member.id(), resourceId, trimmed.kept().strip(), messageIdOf(mail));
    return Outcome.processed("resource_comment_" + status, null);
  }

  String messageIdOf(ParsedMail mail) {
    return messageIdOf(mail, addresses.domain());
  }

  /** The Message-ID, or for a message without one a stable id made from its dedupe key. */
  public static String messageIdOf(ParsedMail mail, String domain) {
    if (mail.messageId() != null && !mail.messageId().isBlank()) {
      return mail.messageId().length() > 998
          ? mail.messageId().substring(0, 998)
          : mail.messageId();
    }
    String key = mail.dedupeKey();
    return "nomid-"
        + key.substring(key.indexOf(':') + 1, Math.min(key.length(), key.indexOf(':') + 41))
        + "@"
        + domain;
  }

  private Outcome command(
      DSLContext tx,
      MailRoute.Command c,
      MailRepository.Discussion d,
      String sender,
      Optional<Member> member,
      String lang)
      throws MailRejection {
    if (c.action() == MailRoute.Action.HELP) {
      notices.help(tx, sender, member.map(Member::id).orElse(null), lang, d);
      return Outcome.processed("help", null);
    }
    if (member.isEmpty()) {
      throw new MailRejection.NotAMember();
    }
    String mode =
        switch (c.action()) {
          case SUBSCRIBE -> Subscriptions.EACH;
          case DIGEST -> Subscriptions.DIGEST;
          default -> Subscriptions.NONE;
        };
    subscriptions.set(tx, d.id(), member.get().id(), mode);
    notices.subscriptionChanged(tx, sender, member.get().id(), lang, d, mode);
    return Outcome.processed(c.action().name().toLowerCase(Locale.ROOT), null);
  }
}
