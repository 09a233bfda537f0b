package org.indaba.mail.in;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.indaba.mail.InboundStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The SMTP server that receives mail for the discussion domain. Refusals are given as early as the
 * protocol allows: unknown addresses at RCPT (550 5.1.1), senders over their rate at RCPT (451,
 * retried later), oversized messages after DATA (552), and a message is answered 250 only once it
 * is committed to PostgreSQL (451 otherwise, so it is never lost).
 */
public final class SmtpListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SmtpListener.class);

  private final MailIntake intake;
  private final SMTPServer server;

  public SmtpListener(MailIntake intake, int port) {
    this.intake = intake;
    this.server =
        SMTPServer.port(port)
            .hostName(intake.domain())
            .softwareName("Indaba")
            .maxMessageSize((int) Math.min(Integer.MAX_VALUE, intake.maxBytes()))
            .maxRecipients(50)
            .connectionTimeoutMs(60_000)
            .messageHandlerFactory(this::newTransaction)
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
    server.stop();
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

    Transaction(MessageContext ctx) {
      this.ctx = ctx;
    }

    private String remoteIp() {
      return ctx.getRemoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
          ? a.getAddress().getHostAddress()
          : String.valueOf(ctx.getRemoteAddress());
    }

    @Override
    public void from(String address) {
      this.from = address == null ? "" : address;
    }

    @Override
    public void recipient(String address) throws RejectException {
      Optional<MailIntake.Refusal> refusal = intake.checkRecipient(address);
      if (refusal.isEmpty() && !counted) {
        refusal = intake.countMessage(from, remoteIp());
        counted = refusal.isEmpty();
      }
      if (refusal.isPresent()) {
        throw new RejectException(refusal.get().code(), refusal.get().text());
      }
      recipients.add(address);
    }

    @Override
    public String data(InputStream in) throws RejectException, IOException {
      // read to the end whatever happens: the protocol resumes after the final dot only
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      long limit = intake.maxBytes();
      long total = 0;
      byte[] buf = new byte[16384];
      int n;
      while ((n = in.read(buf)) != -1) {
        long room = limit + 1 - total;
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
        log.warn("Could not store a message from {}; asking the sender to retry", from, e);
        throw new RejectException(451, "4.3.0 Could not store the message, please try again later");
      }
    }

    @Override
    public void done() {
      // nothing held per transaction
    }
  }
}
