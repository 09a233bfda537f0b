package org.indaba.mail.in;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.indaba.mail.InboundStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * The SMTP server that receives mail for the discussion domain. Refusals are given as early as the
 * protocol allows: unknown addresses at RCPT (550 5.1.1), senders over their rate at RCPT (451,
 * retried later), oversized messages after DATA (552), and a message is answered 250 only once it
 * is committed to PostgreSQL (451 otherwise, so it is never lost). A refusal at DATA ends the
 * transaction, not the session: the next MAIL is answered as usual.
 *
 * <p>{@link #close()} stops in order: new sessions and new MAIL or RCPT commands get 421, a message
 * being received (a transaction from its first accepted recipient on) may finish (for up to {@link
 * #DRAIN}), then the remaining sessions are told 421 and closed.
 */
public final class SmtpListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SmtpListener.class);

  /** How long a message being received may take to finish when the listener stops. */
  static final Duration DRAIN = Duration.ofSeconds(10);

  private static final String CLOSING = "4.3.2 Service shutting down, please try again later";

  private final MailIntake intake;
  private final SMTPServer server;
  private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicInteger receivingData = new AtomicInteger();
  private volatile boolean draining;

  public SmtpListener(MailIntake intake, int port) {
    this(intake, port, Optional.empty());
  }

  /** Listens on {@code bindAddress} only when given, else on every interface. */
  public SmtpListener(MailIntake intake, int port, Optional<java.net.InetAddress> bindAddress) {
    this.intake = intake;
    this.server =
        SMTPServer.port(port)
            .bindAddress(bindAddress)
            .hostName(intake.domain())
            .softwareName("Indaba")
            .maxMessageSize((int) Math.min(Integer.MAX_VALUE, intake.maxBytes()))
            .maxRecipients(50)
            .connectionTimeoutMs(60_000)
            .messageHandlerFactory(this::newTransaction)
            .sessionHandler(new Sessions())
            .build();
  }

  public void start() {
    server.start();
    log.info("Receiving mail for {} on port {}", intake.domain(), port());
  }

  public boolean isRunning() {
    return server.isRunning();
  }

  /** The port actually bound (useful when started on port 0). */
  public int port() {
    return server.getPortAllocated();
  }

  @Override
  public void close() {
    draining = true;
    long deadline = System.nanoTime() + DRAIN.toNanos();
    synchronized (receivingData) {
      while (receivingData.get() > 0 && System.nanoTime() < deadline) {
        try {
          receivingData.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    if (receivingData.get() > 0) {
      log.warn("Stopping with {} message(s) still being received", receivingData.get());
    }
    for (Session s : sessions) {
      try {
        s.sendResponse("421 " + CLOSING);
      } catch (IOException | RuntimeException e) {
        // the client has gone already
      }
    }
    server.stop();
  }

  /** Keeps track of open sessions, and turns new ones away while stopping. */
  private final class Sessions implements SessionHandler {
    @Override
    public SessionAcceptance accept(Session session) {
      if (draining) {
        return SessionAcceptance.failure(421, CLOSING);
      }
      sessions.add(session);
      return SessionAcceptance.success();
    }

    @Override
    public void onSessionEnd(Session session) {
      sessions.remove(session);
    }
  }

  private MessageHandler newTransaction(MessageContext ctx) {
    return new Transaction(ctx);
  }

  /** One MAIL FROM … DATA exchange. */
  private final class Transaction implements MessageHandler {
    private final MessageContext ctx;
    private String from = "";
    private final List<String> recipients = new ArrayList<>();
    private boolean counted;
    private boolean receiving;

    Transaction(MessageContext ctx) {
      this.ctx = ctx;
    }

    private String remoteIp() {
      return ctx.getRemoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
          ? a.getAddress().getHostAddress()
          : String.valueOf(ctx.getRemoteAddress());
    }

    @Override
    public void from(String address) throws RejectException {
      if (draining) {
        throw new DropConnectionException(421, CLOSING);
      }
      this.from = address == null ? "" : address;
    }

    @Override
    public void recipient(String address) throws RejectException {
      if (draining) {
        throw new DropConnectionException(421, CLOSING);
      }
      Optional<MailIntake.Refusal> refusal = intake.checkRecipient(address);
      if (refusal.isEmpty() && !counted) {
        refusal = intake.countMessage(from, remoteIp());
        counted = refusal.isEmpty();
      }
      if (refusal.isPresent()) {
        throw new RejectException(refusal.get().code(), refusal.get().text());
      }
      recipients.add(address);
      // counted from here, not from data(): the library answers DATA with 354 before it calls
      // data(), and a client may already be sending the message when the listener stops
      receiving();
    }

    /** Counts this transaction as a message being received, once, until done(). */
    private void receiving() {
      if (!receiving) {
        receiving = true;
        receivingData.incrementAndGet();
      }
    }

    @Override
    public String data(InputStream in) throws RejectException, IOException {
      // counted until done(), which the library calls once the reply is sent
      receiving();
      try {
        return receive(in);
      } catch (RejectException e) {
        // the library ends the transaction only after a 250; after a refusal the next MAIL must
        // be accepted too (RFC 5321 section 4.1.1.4: the transaction ends either way)
        if (ctx instanceof Session session) {
          session.resetMailTransaction();
        }
        throw e;
      }
    }

    private String receive(InputStream in) throws RejectException, IOException {
      // read to the end whatever happens: the protocol resumes after the final dot only
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      long limit = intake.maxBytes();
      long total = 0;
      byte[] buf = new byte[16384];
      int n;
      while ((n = in.read(buf)) != -1) {
        long room = limit - total;
        if (room > 0) {
          kept.write(buf, 0, (int) Math.min(room, n));
        }
        total += n;
      }
      boolean tooLarge = total > limit;
      byte[] raw = kept.toByteArray();
      if (tooLarge) {
        // nothing is stored and nobody is mailed: the sending server tells its user (a notice
        // from us could only go to an address nobody verified)
        throw new RejectException(552, "5.3.4 Message too big: the limit is " + limit + " bytes");
      }
      try {
        InboundStore.Accepted a =
            intake.store(
                from, recipients, raw, total, false, remoteIp(), ctx.getHelo().orElse(null));
        return "2.0.0 Ok: queued as " + a.id();
      } catch (RuntimeException e) {
        if (e instanceof org.indaba.db.Database.Unavailable) {
          log.info("The database is restarting; asking {} to retry", from);
        } else {
          log.warn("Could not store a message from {}; asking the sender to retry", from, e);
        }
        throw new RejectException(451, "4.3.0 Could not store the message, please try again later");
      }
    }

    @Override
    public void done() {
      if (receiving) {
        receiving = false;
        if (receivingData.decrementAndGet() == 0) {
          synchronized (receivingData) {
            receivingData.notifyAll();
          }
        }
      }
    }
  }
}
