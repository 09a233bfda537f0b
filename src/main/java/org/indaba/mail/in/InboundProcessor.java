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
 * records or refusals. Messages are claimed in batches with {@code FOR UPDATE SKIP LOCKED} and
 * their outcomes written in that same transaction (each message in a savepoint of its own), so
 * several processes share the queue without overlap and a crash leaves the messages to be processed
 * again; a contribution already created for a message (found by its Message-ID) is then recognised
 * instead of posted twice.
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
  private final SenderAuthentication authentication;
  private final SenderCheck senderCheck;

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
      long maxAttachmentBytes,
      SenderAuthentication authentication,
      SenderCheck senderCheck) {
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
    this.authentication = authentication;
    this.senderCheck = senderCheck;
  }

  public SenderAuthentication authentication() {
    return authentication;
  }

  /** Where moderators' answers to alerts are carried out and reported back. */
  public void useModeration(MailModeration moderation, ModeratorAlerts alerts) {
    this.moderation = moderation;
    this.alerts = alerts;
  }

  /** What became of one message. */
  record Outcome(
      String status,
      String reason,
      String detail,
      Long contributionId,
      InboundStore.Sender sender,
      OffsetDateTime confirmUntil) {
    Outcome(String status, String reason, String detail, Long contributionId) {
      this(status, reason, detail, contributionId, InboundStore.Sender.UNKNOWN, null);
    }

    static Outcome ignored(String reason) {
      return new Outcome(InboundStore.IGNORED, reason, null, null);
    }

    static Outcome processed(String reason, Long contributionId) {
      return new Outcome(InboundStore.PROCESSED, reason, null, contributionId);
    }

    Outcome by(InboundStore.Sender s) {
      return new Outcome(status, reason, detail, contributionId, s, confirmUntil);
    }
  }

  /** Batches processed side by side; each worker holds one connection for its batch. */
  static final int WORKERS = 4;

  /** Messages claimed, processed and committed together. */
  static final int BATCH = 20;

  /** Batches one worker takes in one run before the job looks at its other work. */
  static final int BATCHES_PER_RUN = 5;

  /** The bytes of a batch read with its claim; larger messages are read one at a time. */
  static final long BATCH_BYTES = 4L * 1024 * 1024;

  /**
   * Processes up to a few batches with a few workers at once (claims skip each other's rows); true
   * when there may be more.
   */
  public boolean runOnce() throws Exception {
    // platform threads: parsing, trimming and language detection are CPU work, which on virtual
    // threads would occupy the carriers that serve web requests
    try (var pool =
        java.util.concurrent.Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().name("mail-in-", 0).daemon(true).factory())) {
      List<java.util.concurrent.Future<Boolean>> workers = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int b = 0; b < BATCHES_PER_RUN; b++) {
                    if (processBatch() < BATCH) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      boolean more = false;
      for (var f : workers) {
        more |= f.get();
      }
      return more;
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  /**
   * Processes up to {@link #BATCH} waiting messages on one connection in one transaction, committed
   * once; returns how many were claimed. Their senders are checked first, outside any transaction
   * (DKIM keys, SPF and DMARC records are looked up in DNS, which may be slow), on the oldest
   * messages waiting as read without a lock; then only those are claimed with {@code FOR UPDATE
   * SKIP LOCKED}, so a message another process took in the meantime is skipped, and a claimed
   * message whose sender was not checked waits for the next batch rather than be checked with the
   * locks held. Each message runs in a savepoint of its own, so one that fails is rolled back alone
   * and recorded as failed with its reason while the others are kept. Should the batch fail as a
   * whole (the connection lost, say), nothing of it was kept, and its messages are then tried again
   * one per transaction, so that no message can hold the others back.
   */
  public int processBatch() {
    // candidates another process claimed first are passed over for the next ones, a few times
    List<Long> takenElsewhere = new ArrayList<>();
    for (int look = 0; look < LOOKS; look++) {
      List<InboundStore.Inbound> candidates = nextCandidates(takenElsewhere);
      if (candidates.isEmpty()) {
        return 0;
      }
      try {
        int claimed = processBatch(prepare(candidates));
        if (claimed > 0) {
          return claimed;
        }
      } finally {
        synchronized (inFlight) {
          candidates.forEach(in -> inFlight.remove(in.id()));
        }
      }
      candidates.forEach(in -> takenElsewhere.add(in.id()));
    }
    return 0;
  }

  /** How many sets of candidates one batch reads when other processes claim them first. */
  private static final int LOOKS = 3;

  /**
   * Messages this process's workers are checking or processing: the next worker reads the ones
   * after them, so that workers do not check the same senders. Only a hint, kept in memory: the
   * claim's row locks decide who processes a message, here and in any other process.
   */
  private final java.util.Set<Long> inFlight = new java.util.HashSet<>();

  private List<InboundStore.Inbound> nextCandidates(List<Long> takenElsewhere) {
    synchronized (inFlight) {
      List<Long> skip = new ArrayList<>(inFlight);
      skip.addAll(takenElsewhere);
      List<InboundStore.Inbound> next = store.waiting(BATCH, skip);
      next.forEach(in -> inFlight.add(in.id()));
      return next;
    }
  }

  /**
   * What is found out about the messages before their transaction: their bytes (up to {@link
   * #BATCH_BYTES} kept for the batch), their parse, and the checks of their senders.
   */
  record Prepared(
      List<Long> ids,
      java.util.Map<Long, byte[]> raws,
      java.util.Map<Long, ParsedMail> parsed,
      java.util.Map<Long, Checked> checked) {}

  /** The result of our own checks of a sender, or what they failed with. */
  record Checked(SenderAuthentication.Result result, Throwable failure) {
    SenderAuthentication.Result get() {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      return result;
    }
  }

  /**
   * Reads the candidates' bytes, parses them and checks the senders of those that reach the check
   * (see {@link #early}), all outside any transaction. The bytes and the envelope never change once
   * stored, so what is found holds for the message whenever it is claimed.
   */
  private Prepared prepare(List<InboundStore.Inbound> candidates) {
    List<Long> ids = candidates.stream().map(InboundStore.Inbound::id).toList();
    java.util.Map<Long, byte[]> raws = store.raws(withinBatchBytes(candidates));
    java.util.Map<Long, ParsedMail> parsed = new java.util.HashMap<>();
    java.util.Map<Long, Checked> checked = new java.util.HashMap<>();
    for (InboundStore.Inbound candidate : candidates) {
      byte[] raw = raws.get(candidate.id());
      boolean kept = raw != null;
      if (!kept) {
        // a large message: read, checked and let go, to be read again in its own savepoint
        raw = store.raws(List.of(candidate.id())).get(candidate.id());
      }
      if (raw == null) {
        continue;
      }
      InboundStore.Inbound in = candidate.withRaw(raw);
      ParsedMail mail;
      try {
        mail = MailParser.parse(raw);
      } catch (RuntimeException | StackOverflowError e) {
        // parsed again in the message's own savepoint, where its failure is recorded
        continue;
      }
      if (kept) {
        parsed.put(in.id(), mail);
      }
      if (early(in, mail, routesOf(in)) == null && settledWithoutDns(in, mail).isEmpty()) {
        checked.put(in.id(), ownCheck(in, mail));
      }
    }
    return new Prepared(ids, raws, parsed, checked);
  }

  private Checked ownCheck(InboundStore.Inbound in, ParsedMail mail) {
    try {
      return new Checked(
          authentication.check(
              in.raw(),
              mail,
              new SenderAuthentication.Connection(
                  in.remoteAddress(), in.helo(), in.envelopeFrom())),
          null);
    } catch (RuntimeException | StackOverflowError e) {
      // recorded as the message's failure in its savepoint, as if checked there
      return new Checked(null, e);
    }
  }

  /** The ids of the messages whose bytes are read together, up to {@link #BATCH_BYTES}. */
  private static List<Long> withinBatchBytes(List<InboundStore.Inbound> messages) {
    List<Long> ids = new ArrayList<>();
    long bytes = 0;
    for (InboundStore.Inbound in : messages) {
      if (ids.isEmpty() || bytes + in.sizeBytes() <= BATCH_BYTES) {
        ids.add(in.id());
        bytes += in.sizeBytes();
      }
    }
    return ids;
  }

  private int processBatch(Prepared prepared) {
    try {
      return processBatchWhole(prepared);
    } catch (Retry r) {
      // nothing of it was kept: done again with a savepoint per message, so that the one that
      // failed is recorded alone and the others are kept
      return processBatchIsolated(prepared);
    }
  }

  /** A batch's attempt without savepoints failed somewhere: it was rolled back whole. */
  private static final class Retry extends RuntimeException {
    Retry(Throwable cause) {
      super("the batch is processed again message by message", cause, false, false);
    }
  }

  /**
   * The batch in one transaction without a savepoint per message (two round trips each saved), as
   * nearly every batch goes: should anything fail, nothing of it is kept ({@link Retry}).
   */
  private int processBatchWhole(Prepared prepared) {
    try {
      return db.tx(
          tx -> {
            Database.commitWithoutWaitingForDisk(tx);
            List<InboundStore.Inbound> batch = claim(tx, prepared, new ArrayList<>());
            if (batch.isEmpty()) {
              return 0;
            }
            Batch reads = db.joining(tx, () -> Batch.of(this, batch, prepared));
            List<InboundStore.Finished> done = new ArrayList<>();
            for (InboundStore.Inbound in : batch) {
              try {
                InboundStore.Inbound withRaw =
                    in.raw() != null
                        ? in
                        : in.withRaw(store.raws(tx, List.of(in.id())).get(in.id()));
                // the services' transactions run in this one: any failure undoes the whole batch
                done.add(
                    finished(
                        in, db.joiningWithoutSavepoints(tx, () -> process(tx, withRaw, reads))));
              } catch (NotChecked n) {
                // thrown before the message wrote anything; its sender is checked first next time
                log.debug("Inbound mail {} waits for the check of its sender", in.id());
              } catch (RuntimeException | StackOverflowError e) {
                throw new Retry(e);
              }
            }
            store.finishAll(tx, done, now());
            return batch.size();
          });
    } catch (Retry r) {
      throw r;
    } catch (RuntimeException e) {
      // the commit itself, or a claim: the batch is tried again the careful way
      throw new Retry(e);
    }
  }

  /** Claims the prepared candidates that still wait, with the bytes read for them. */
  private List<InboundStore.Inbound> claim(DSLContext tx, Prepared prepared, List<Long> claimed) {
    List<InboundStore.Inbound> batch = new ArrayList<>();
    for (InboundStore.Inbound in : store.claimBatch(tx, prepared.ids())) {
      batch.add(in.withRaw(prepared.raws().get(in.id())));
      claimed.add(in.id());
    }
    return batch;
  }

  private int processBatchIsolated(Prepared prepared) {
    List<Long> claimed = new ArrayList<>();
    try {
      return db.tx(
          tx -> {
            // the messages were committed durably before their 250; if this commit is lost in a
            // crash, the contributions and the outcomes are lost with it and the messages are still
            // "received", so they are simply processed again: no need to wait for the disk here
            Database.commitWithoutWaitingForDisk(tx);
            List<InboundStore.Inbound> batch = claim(tx, prepared, claimed);
            if (batch.isEmpty()) {
              return 0;
            }
            Batch reads = db.joining(tx, () -> Batch.of(this, batch, prepared));
            List<InboundStore.Finished> done = new ArrayList<>();
            for (InboundStore.Inbound in : batch) {
              try {
                done.add(finished(in, processIsolated(tx, in, reads)));
              } catch (LockConflict c) {
                // this message and the rest stay waiting: committing what is done releases the
                // locks the other side waits for, and the next batch takes them again
                log.info(
                    "Inbound mail {} waited in a cycle with other work; it is processed again",
                    in.id());
                break;
              } catch (NotChecked n) {
                // its sender is checked before the next batch's transaction
                log.debug("Inbound mail {} waits for the check of its sender", in.id());
              }
            }
            store.finishAll(tx, done, now());
            return batch.size();
          });
    } catch (RuntimeException e) {
      if (claimed.isEmpty()) {
        throw e;
      }
      log.warn(
          "A batch of {} inbound messages failed as a whole; trying each on its own",
          claimed.size(),
          e);
      for (long id : claimed) {
        processAlone(id, prepared);
      }
      return claimed.size();
    }
  }

  /**
   * One message on its own transaction, when its batch could not be committed; its sender was
   * checked with the batch, before any transaction.
   */
  private void processAlone(long id, Prepared prepared) {
    try {
      db.txRun(
          tx -> {
            Database.commitWithoutWaitingForDisk(tx);
            store
                .claim(tx, id)
                .ifPresent(
                    in -> {
                      try {
                        Outcome o = processIsolated(tx, in, Batch.alone(prepared.checked()));
                        store.finishAll(tx, List.of(finished(in, o)), now());
                      } catch (NotChecked n) {
                        // left waiting: the next batch checks its sender first
                      }
                    });
          });
    } catch (RuntimeException e) {
      // left waiting, as a message was before batches: the next run tries it again
      log.error("Inbound mail {} could not be processed", id, e);
    }
  }

  /**
   * A claimed message whose sender was not checked before the transaction (its state changed after
   * the candidates were read): it is left waiting, never checked with the locks held.
   */
  private static final class NotChecked extends RuntimeException {
    NotChecked() {
      super("sender not checked before the transaction", null, false, false);
    }
  }

  /**
   * A savepoint: a failure undoes what the message did, not the claim nor the other messages of its
   * batch, and is recorded as the message's outcome.
   */
  private Outcome processIsolated(DSLContext tx, InboundStore.Inbound claimed, Batch batch) {
    try {
      return tx.transactionResult(
          part ->
              db.joining(
                  part.dsl(),
                  () -> {
                    InboundStore.Inbound in =
                        claimed.raw() != null
                            ? claimed
                            : claimed.withRaw(
                                store.raws(part.dsl(), List.of(claimed.id())).get(claimed.id()));
                    return process(part.dsl(), in, batch);
                  }));
    } catch (NotChecked e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      if (lockConflict(e)) {
        throw new LockConflict(e);
      }
      log.error("Inbound mail {} could not be processed", claimed.id(), e);
      return new Outcome(
          InboundStore.FAILED, "error", e.getClass().getSimpleName() + ": " + e.getMessage(), null);
    }
  }

  /** A message's work was chosen to break a cycle of lock waits: to be tried again, not failed. */
  private static final class LockConflict extends RuntimeException {
    LockConflict(Throwable cause) {
      super(cause);
    }
  }

  /** A deadlock or a serialization failure: nothing wrong with the message itself. */
  private static boolean lockConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException s
          && ("40P01".equals(s.getSQLState()) || "40001".equals(s.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  private static InboundStore.Finished finished(InboundStore.Inbound in, Outcome o) {
    return new InboundStore.Finished(
        in.id(),
        o.status(),
        o.reason(),
        o.detail(),
        o.contributionId(),
        o.sender(),
        o.confirmUntil());
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }

  /**
   * What one batch reads once rather than once per message: its senders (one query for all), its
   * discussions, and which of its message ids a contribution already has. Kept for the batch's
   * transaction only, and a sender is read again after a command of theirs (which may make them a
   * member), so each message sees what it would have seen processed alone.
   */
  static final class Batch {
    /** For a message processed alone: everything is read when asked. */
    static Batch alone(java.util.Map<Long, Checked> checked) {
      return new Batch(null, java.util.Map.of(), java.util.Set.of(), null, checked);
    }

    private final InboundProcessor processor;
    private final java.util.Map<Long, ParsedMail> parsed;
    private final java.util.Map<String, Optional<Member>> members = new java.util.HashMap<>();
    private final java.util.Map<String, Optional<MailRepository.Discussion>> discussions =
        new java.util.HashMap<>();
    private final java.util.Set<String> askedIds;
    private final java.util.Set<String> takenIds;
    private final java.util.Set<String> postedIds = new java.util.HashSet<>();
    private final org.indaba.discussion.ContributionService.Reads reads;
    private final java.util.Map<Long, Checked> checked;

    private Batch(
        InboundProcessor processor,
        java.util.Map<Long, ParsedMail> parsed,
        java.util.Set<String> askedIds,
        java.util.Set<String> takenIds,
        java.util.Map<Long, Checked> checked) {
      this.processor = processor;
      this.parsed = parsed;
      this.checked = checked;
      this.askedIds = askedIds;
      this.takenIds = takenIds == null ? java.util.Set.of() : takenIds;
      this.reads = processor == null ? null : processor.posting.batchReads(this::certainlyFree);
    }

    static Batch of(InboundProcessor p, List<InboundStore.Inbound> messages, Prepared prepared) {
      java.util.Map<Long, ParsedMail> parsed = new java.util.HashMap<>();
      java.util.Set<String> senders = new java.util.HashSet<>();
      java.util.Set<String> ids = new java.util.HashSet<>();
      for (InboundStore.Inbound in : messages) {
        if (in.raw() == null) {
          continue;
        }
        try {
          ParsedMail mail = prepared.parsed().get(in.id());
          if (mail == null) {
            mail = MailParser.parse(in.raw());
          }
          parsed.put(in.id(), mail);
          if (mail.from() != null && !mail.from().address().isBlank()) {
            senders.add(mail.from().address().toLowerCase(Locale.ROOT));
          }
          ids.add(p.messageIdOf(mail, in));
        } catch (RuntimeException | StackOverflowError e) {
          // parsed again in the message's own savepoint, where its failure is recorded
        }
      }
      Batch b = new Batch(p, parsed, ids, p.repo.messageIdsTaken(ids), prepared.checked());
      java.util.Map<String, Member> found = p.accounts.byEmails(senders);
      for (String sender : senders) {
        b.members.put(sender, Optional.ofNullable(found.get(sender)));
      }
      found.values().forEach(b.reads::know);
      // the limits these messages count against, locked now in one order (see holdPostingLimits)
      p.posting.holdPostingLimits(
          found.values().stream().map(Member::id).toList(), new java.util.TreeSet<>(senders));
      return b;
    }

    /** Our own checks of the message's sender, made before the transaction. */
    SenderAuthentication.Result checked(InboundStore.Inbound in) {
      Checked c = checked.get(in.id());
      if (c == null) {
        throw new NotChecked();
      }
      return c.get();
    }

    ParsedMail parsed(InboundStore.Inbound in) {
      ParsedMail mail = parsed.get(in.id());
      return mail != null ? mail : MailParser.parse(in.raw());
    }

    Optional<Member> member(AccountRepository accounts, String sender) {
      Optional<Member> known = members.get(sender);
      return known != null ? known : accounts.byEmail(sender);
    }

    /** The sender's account may have changed (a command of theirs): read it again when asked. */
    void forget(String sender) {
      members.remove(sender);
    }

    Optional<MailRepository.Discussion> discussion(MailRepository repo, String slug) {
      return processor == null
          ? repo.discussionBySlug(slug)
          : discussions.computeIfAbsent(slug, repo::discussionBySlug);
    }

    /** True only for an id read with the batch, found free, and not posted since. */
    boolean certainlyFree(String messageId) {
      return askedIds.contains(messageId)
          && !takenIds.contains(messageId)
          && !postedIds.contains(messageId);
    }

    void posted(String messageId) {
      postedIds.add(messageId);
    }
  }

  /** How a message is settled before its sender is checked, judged from the message alone. */
  private enum Early {
    DELIVERY_REPORT,
    BOUNCE,
    POSTMASTER,
    NO_SENDER,
    AUTOMATED,
    NULL_SENDER,
    OWN_ADDRESS,
    NO_ROUTE,
    ALREADY_POSTED
  }

  private List<MailRoute> routesOf(InboundStore.Inbound in) {
    List<MailRoute> routes = new ArrayList<>();
    for (String r : in.recipients()) {
      MailRoute.parse(r, addresses.domain()).ifPresent(routes::add);
    }
    return routes;
  }

  private static Optional<MailRoute> primaryOf(List<MailRoute> routes) {
    return routes.stream().filter(r -> !(r instanceof MailRoute.Postmaster)).findFirst();
  }

  /**
   * Why the message is settled before its sender is checked, or null when it goes on to the check:
   * asked both before the transaction (whose senders to check) and in it (what to do).
   */
  private Early early(InboundStore.Inbound in, ParsedMail mail, List<MailRoute> routes) {
    // never answer machines, nor ourselves (RFC 3834)
    AutomatedMail.Kind kind = AutomatedMail.classify(mail);
    if (kind == AutomatedMail.Kind.DELIVERY_REPORT) {
      return Early.DELIVERY_REPORT;
    }
    if (kind == AutomatedMail.Kind.BOUNCE
        || routes.stream().anyMatch(r -> r instanceof MailRoute.Bounce)) {
      return Early.BOUNCE;
    }
    Optional<MailRoute> primary = primaryOf(routes);
    if (primary.isEmpty() && !routes.isEmpty()) {
      return Early.POSTMASTER;
    }
    // the From header names the author; the envelope sender never stands in for it
    if (mail.from() == null || mail.from().address().isBlank()) {
      return Early.NO_SENDER;
    }
    String sender = mail.from().address().toLowerCase(Locale.ROOT);
    if (kind != AutomatedMail.Kind.HUMAN) {
      return Early.AUTOMATED;
    }
    if (in.envelopeFrom().isBlank()) {
      return Early.NULL_SENDER;
    }
    if (addresses.isOurs(sender) || addresses.isOurs(in.envelopeFrom())) {
      return Early.OWN_ADDRESS;
    }
    if (primary.isEmpty()) {
      return Early.NO_ROUTE;
    }
    if (in.contributionId() != null) {
      return Early.ALREADY_POSTED;
    }
    return null;
  }

  private Outcome settle(
      DSLContext tx,
      Early early,
      InboundStore.Inbound in,
      ParsedMail mail,
      List<MailRoute> routes,
      Batch batch) {
    switch (early) {
      case DELIVERY_REPORT -> {
        // delivered, relayed, or only delayed: nothing failed, nobody is counted against
        return Outcome.ignored("delivery_report");
      }
      case BOUNCE -> {
        int counted = bounces.record(tx, mail, routes, in.id());
        return new Outcome(InboundStore.IGNORED, "bounce", counted + " address(es) counted", null);
      }
      case POSTMASTER -> {
        return Outcome.processed("postmaster", null);
      }
      case NO_SENDER -> {
        String why = mail.headers().contains("From") ? "unreadable From header" : "no From header";
        if (mail.headers().fields().isEmpty()) {
          why = "no header block";
        }
        return new Outcome(InboundStore.REJECTED, "no_sender", why, null);
      }
      case OWN_ADDRESS -> {
        return Outcome.ignored("own_address");
      }
      case NO_ROUTE -> {
        return Outcome.ignored("no_route");
      }
      default -> {
        String sender = mail.from().address().toLowerCase(Locale.ROOT);
        Optional<Member> member =
            batch.member(accounts, sender).filter(m -> m.verified() && !m.placeholder());
        InboundStore.Sender unverified =
            new InboundStore.Sender(
                VerifiedBy.NONE.code(), null, member.map(Member::id).orElse(null));
        return switch (early) {
          // kept with the member, who sees it on the profile among messages we did not post
          case AUTOMATED ->
              Outcome.ignored(AutomatedMail.classify(mail).name().toLowerCase(Locale.ROOT))
                  .by(unverified);
          case NULL_SENDER -> Outcome.ignored("null_sender").by(unverified);
          // processed again after it was posted: say so, and tell nobody it was not posted
          default -> Outcome.processed("already_posted", in.contributionId()).by(unverified);
        };
      }
    }
  }

  private Outcome process(DSLContext tx, InboundStore.Inbound in, Batch batch) {
    ParsedMail mail = batch.parsed(in);
    List<MailRoute> routes = routesOf(in);
    Early early = early(in, mail, routes);
    if (early != null) {
      return settle(tx, early, in, mail, routes, batch);
    }
    Optional<MailRoute> primary = primaryOf(routes);
    String sender = mail.from().address().toLowerCase(Locale.ROOT);
    Optional<Member> member =
        batch.member(accounts, sender).filter(m -> m.verified() && !m.placeholder());

    Verification v = verify(in, mail, primary.get(), member, batch);
    InboundStore.Sender who =
        new InboundStore.Sender(v.by().code(), v.detail(), member.map(Member::id).orElse(null));
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
      Outcome o =
          switch (primary.get()) {
            case MailRoute.Confirm c -> confirmByReply(tx, c, sender, member);
            case MailRoute.Command c -> {
              // a command may make the sender a member: later messages of the batch read them again
              batch.forget(sender);
              discussion =
                  batch
                      .discussion(repo, c.slug())
                      .filter(d -> Visibility.publiclyAnnounced(d.draft()))
                      .orElseThrow(MailRejection.UnknownDiscussion::new);
              yield command(tx, in, mail, c, discussion, sender, member, lang, v);
            }
            case MailRoute.Post p -> {
              discussion =
                  batch
                      .discussion(repo, p.slug())
                      .orElseThrow(MailRejection.UnknownDiscussion::new);
              yield contribution(
                  tx,
                  in,
                  mail,
                  discussion,
                  p.week(),
                  replyFromHeaders(mail, discussion),
                  sender,
                  member,
                  lang,
                  v,
                  batch);
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
              yield contribution(
                  tx,
                  in,
                  mail,
                  discussion,
                  parent.week(),
                  parent.contributionId(),
                  sender,
                  member,
                  lang,
                  v,
                  batch);
            }
            default -> Outcome.ignored("no_route");
          };
      return o.sender() == InboundStore.Sender.UNKNOWN ? o.by(who) : o;
    } catch (MailRejection why) {
      // no backscatter: a notice goes only to a member's address or to a sender who proved it
      if (!v.forged() && (member.isPresent() || v.by() != VerifiedBy.NONE)) {
        notices.rejected(
            tx,
            member.map(Member::email).orElse(sender),
            member.map(Member::id).orElse(null),
            lang,
            why,
            discussion,
            mail.messageId(),
            mail.subject());
      }
      return new Outcome(InboundStore.REJECTED, why.code(), why.getMessage(), null).by(who);
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

  /** How the sender was verified, and whether the checks say the From address was forged. */
  record Verification(VerifiedBy by, boolean forged, String detail) {}

  /**
   * What settles the sender without asking DNS: a confirmation already given, or the trusted
   * receiving host's DMARC verdict.
   */
  private Optional<Verification> settledWithoutDns(InboundStore.Inbound in, ParsedMail mail) {
    if (VerifiedBy.CONFIRMATION.code().equals(in.senderVerifiedBy())) {
      return Optional.of(new Verification(VerifiedBy.CONFIRMATION, false, in.authDetail()));
    }
    Optional<String> trusted = AuthenticationResults.trustedDmarc(mail, trustedAuthservId);
    if (trusted.isPresent()) {
      String detail =
          "dmarc=" + trusted.get() + " (Authentication-Results of " + trustedAuthservId + ")";
      if (trusted.get().equals("fail")) {
        return Optional.of(new Verification(VerifiedBy.NONE, true, detail));
      }
      if (trusted.get().equals("pass")) {
        return Optional.of(new Verification(VerifiedBy.TRUSTED_AUTHSERV, false, detail));
      }
    }
    return Optional.empty();
  }

  /**
   * How the sender is verified: DKIM, SPF and DMARC were checked before the transaction (they need
   * only the message and its envelope); what needs the member's account is decided here.
   */
  private Verification verify(
      InboundStore.Inbound in,
      ParsedMail mail,
      MailRoute route,
      Optional<Member> member,
      Batch batch) {
    Optional<Verification> settled = settledWithoutDns(in, mail);
    if (settled.isPresent()) {
      return settled.get();
    }
    SenderAuthentication.Result own = batch.checked(in);
    if (own.dmarc() == SenderAuthentication.Dmarc.FAIL) {
      return new Verification(VerifiedBy.NONE, true, own.detail());
    }
    if (route instanceof MailRoute.Reply r && member.isPresent()) {
      Optional<MailTokens.ReplyTarget> t = tokens.readReply(r.token());
      if (t.isPresent() && t.get().memberId() == member.get().id()) {
        return new Verification(VerifiedBy.REPLY_TOKEN, false, own.detail());
      }
    }
    if (own.passed()) {
      return new Verification(VerifiedBy.DMARC, false, own.detail());
    }
    return new Verification(VerifiedBy.NONE, false, own.detail());
  }

  /** Whether what the sender asks may be done now as the member's own act. */
  private boolean actsAsMember(Verification v) {
    return !v.forged() && (v.by() != VerifiedBy.NONE || senderCheck == SenderCheck.TRUST);
  }

  /**
   * Keeps the message and asks the owner of the address ("did you send this?"): the member at the
   * address on file, or for a newcomer joining, the address itself.
   */
  private Outcome awaitConfirmation(
      DSLContext tx,
      InboundStore.Inbound in,
      ParsedMail mail,
      MailRepository.Discussion d,
      String what,
      String to,
      Long memberId,
      String lang) {
    String token = tokens.confirm(in.id(), memberId == null ? 0 : memberId);
    boolean sent =
        notices.confirmRequest(
            tx, to, memberId, lang, d, what, in.id(), token, mail.subject(), mail.messageId());
    OffsetDateTime until = now().plus(MailTokens.CONFIRM_LIFETIME);
    return new Outcome(
        InboundStore.AWAITING_CONFIRMATION,
        "unverified_sender",
        sent ? "confirmation asked (" + what + ")" : "too many confirmations asked today",
        null,
        InboundStore.Sender.UNKNOWN,
        until);
  }

  /** An answer to "did you send this?" by mail, to {@code confirm+token@}. */
  private Outcome confirmByReply(
      DSLContext tx, MailRoute.Confirm c, String sender, Optional<Member> member)
      throws MailRejection {
    MailTokens.ConfirmTarget t =
        tokens.readConfirm(c.token()).orElseThrow(MailRejection.UnknownDiscussion::new);
    if (t.expired(clock)) {
      return Outcome.ignored("confirmation_expired");
    }
    // the token went only to the address asked; the answer must come from it
    boolean fromAsked =
        t.memberId() != 0
            ? member.isPresent() && member.get().id() == t.memberId()
            : store
                .byId(t.inboundId())
                .map(i -> MailParser.parse(i.raw()).from())
                .map(f -> f.address().equalsIgnoreCase(sender))
                .orElse(false);
    if (!fromAsked) {
      return Outcome.ignored("confirmation_not_yours");
    }
    return store.confirm(tx, t.inboundId(), now())
        ? Outcome.processed("confirmed", null)
        : Outcome.ignored("confirmation_done");
  }

  private Outcome contribution(
      DSLContext tx,
      InboundStore.Inbound in,
      ParsedMail mail,
      MailRepository.Discussion d,
      Integer week,
      Long replyTo,
      String sender,
      Optional<Member> member,
      String lang,
      Verification v,
      Batch batch)
      throws MailRejection {
    String holdReason = null;
    if (v.forged()) {
      holdReason = "dmarc_fail";
    } else if (member.isPresent() && !actsAsMember(v)) {
      if (senderCheck == SenderCheck.CONFIRM) {
        if (d.closedAt() != null || d.archivedAt() != null) {
          throw new MailRejection.DiscussionClosed();
        }
        return awaitConfirmation(
            tx, in, mail, d, "post", member.get().email(), member.get().id(), lang);
      }
      holdReason = "unverified_sender";
    }
    boolean notify = !v.forged() && (member.isPresent() || v.by() != VerifiedBy.NONE);
    return post(tx, mail, in, d, week, replyTo, sender, member, holdReason, lang, notify, batch);
  }

  private Outcome post(
      DSLContext tx,
      ParsedMail mail,
      InboundStore.Inbound in,
      MailRepository.Discussion d,
      Integer week,
      Long replyTo,
      String sender,
      Optional<Member> member,
      String holdReason,
      String lang,
      boolean notify,
      Batch batch)
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
    List<String> dropped = MailPosting.dropped(mail.attachments());
    if ((trimmed.kept().isBlank() || trimmed.nothingOwn())
        && mail.attachments().size() == dropped.size()) {
      throw new MailRejection.EmptyMessage(
          dropped.isEmpty() ? foundInstead(mail, trimmed) : "dropped");
    }
    String messageId = messageIdOf(mail, in);
    Optional<Long> existing =
        batch.certainlyFree(messageId)
            ? Optional.empty()
            : repo.contributionIdByMessageId(messageId);
    if (existing.isPresent() && repo.postedFromOtherInbound(existing.get(), in.id())) {
      // the same Message-ID on another text (a client that reuses ids): a message of its own
      messageId = cut(messageId, 980) + "." + mail.shortContentDigest();
      existing = repo.contributionIdByMessageId(messageId);
    }
    if (existing.isPresent()) {
      // a crash after the contribution was committed but before this message was marked
      return Outcome.processed("already_posted", existing.get());
    }
    String name =
        mail.from().displayName() != null && !mail.from().displayName().isBlank()
            ? mail.from().displayName()
            : sender.substring(0, Math.max(0, sender.indexOf('@')));
    NewContribution contribution =
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
            holdReason);
    MailPosting.Posted posted;
    try {
      // the message's savepoint (processIsolated) undoes the whole post should any of it fail:
      // the contribution's own transaction needs no savepoint inside it
      posted =
          db.inEnclosingSavepoint(
              () ->
                  batch.reads == null
                      ? posting.post(contribution)
                      : posting.post(contribution, batch.reads));
    } finally {
      // taken from now on, for the rest of the batch (whether or not this one is kept)
      batch.posted(messageId);
    }
    if (!dropped.isEmpty()) {
      posting.dropped(posted.contributionId(), dropped);
      // the author learns which attachments were left out (only authors we can trust to be asking)
      if (notify) {
        notices.attachmentsDropped(
            tx,
            member.map(Member::email).orElse(sender),
            member.map(Member::id).orElse(null),
            lang,
            d,
            dropped,
            mail.subject(),
            mail.messageId());
      }
      return new Outcome(
          InboundStore.PROCESSED,
          posted.status(),
          "attachments left out: " + String.join(", ", dropped),
          posted.contributionId());
    }
    return Outcome.processed(posted.status(), posted.contributionId());
  }

  /** What an empty message held instead of text, for the notice. */
  private static String foundInstead(ParsedMail mail, ReplyTrimmer.Trimmed trimmed) {
    if (mail.body().isBlank()) {
      return "nothing";
    }
    return mail.body().lines().anyMatch(l -> l.stripLeading().startsWith(">"))
        ? "quoted"
        : "signature";
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  String messageIdOf(ParsedMail mail, InboundStore.Inbound in) {
    return messageIdOf(mail, in.envelopeFrom(), addresses.domain());
  }

  /** The Message-ID, or for a message without one a stable id made from its dedupe key. */
  public static String messageIdOf(ParsedMail mail, String domain) {
    return messageIdOf(mail, null, domain);
  }

  static String messageIdOf(ParsedMail mail, String envelopeFrom, String domain) {
    if (mail.messageId() != null && !mail.messageId().isBlank()) {
      return mail.messageId().length() > 998
          ? mail.messageId().substring(0, 998)
          : mail.messageId();
    }
    String key = mail.dedupeKey(envelopeFrom);
    return "nomid-"
        + key.substring(key.indexOf(':') + 1, Math.min(key.length(), key.indexOf(':') + 41))
        + "@"
        + domain;
  }

  private Outcome command(
      DSLContext tx,
      InboundStore.Inbound in,
      ParsedMail mail,
      MailRoute.Command c,
      MailRepository.Discussion d,
      String sender,
      Optional<Member> member,
      String lang,
      Verification v)
      throws MailRejection {
    if (c.action() == MailRoute.Action.HELP) {
      notices.help(tx, sender, member.map(Member::id).orElse(null), lang, d);
      return Outcome.processed("help", null);
    }
    if (v.forged()) {
      return new Outcome(InboundStore.REJECTED, "dmarc_fail", "suspected forgery", null);
    }
    String what = c.action().name().toLowerCase(Locale.ROOT);
    if (member.isEmpty()) {
      if (c.action() != MailRoute.Action.SUBSCRIBE) {
        throw new MailRejection.NotAMember();
      }
      if (v.by() != VerifiedBy.CONFIRMATION) {
        // joining by mail: the address itself must say yes first
        return awaitConfirmation(tx, in, mail, d, "join", sender, null, lang);
      }
      long id =
          repo.joinByMail(
              tx,
              sender,
              mail.from().displayName(),
              LocaleChoice.choose(
                  Optional.empty(),
                  Optional.empty(),
                  mail.headers().first("Content-Language"),
                  mail.headers().first("Accept-Language")),
              now());
      subscriptions.set(tx, d.id(), id, Subscriptions.EACH);
      notices.joined(tx, sender, id, lang, d, tokens.profile(id));
      return Outcome.processed("joined", null)
          .by(new InboundStore.Sender(v.by().code(), v.detail(), id));
    }
    if (!actsAsMember(v)) {
      return awaitConfirmation(
          tx, in, mail, d, what, member.get().email(), member.get().id(), lang);
    }
    String mode =
        switch (c.action()) {
          case SUBSCRIBE -> Subscriptions.EACH;
          case DIGEST -> Subscriptions.DIGEST;
          default -> Subscriptions.NONE;
        };
    subscriptions.set(tx, d.id(), member.get().id(), mode);
    notices.subscriptionChanged(tx, member.get().email(), member.get().id(), lang, d, mode);
    return Outcome.processed(what, null);
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
            member.id(), resourceId, trimmed.kept().strip(), messageIdOf(mail, addresses.domain()));
    return Outcome.processed("resource_comment_" + status, null);
  }
}
