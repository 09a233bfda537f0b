package org.indaba.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.mail.in.SenderCheck;

/**
 * Everything the server reads from its environment, read once at start-up and validated. A bad
 * value stops start-up with a message that names the variable.
 */
public record Config(
    int httpPort,
    int smtpPort,
    Path dataDir,
    String baseUrl,
    String mailDomain,
    Optional<HostPort> mailRelay,
    Optional<String> databaseUrl,
    String databaseUser,
    String databasePassword,
    long maxMessageBytes,
    long maxUploadBytes,
    Optional<String> translateUrl,
    Optional<String> trustedAuthservId,
    Listening listening,
    SenderCheck mailSenderCheck) {

  /**
   * Where the server listens: {@code bindAddress} for HTTP and SMTP (empty: every interface), and
   * the port of the loopback-only metrics listener (0: off).
   */
  public record Listening(Optional<String> bindAddress, int metricsPort) {
    public static final Listening DEFAULT = new Listening(Optional.empty(), 0);
  }

  public record HostPort(String host, int port) {}

  /** Thrown when a variable has a value we cannot use; the message names it. */
  public static final class Invalid extends RuntimeException {
    public Invalid(String message) {
      super(message);
    }
  }

  public static Config fromEnv(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Reader r = new Reader(env, problems);
    int http = r.port("INDABA_HTTP_PORT", 8080);
    int smtp = r.port("INDABA_SMTP_PORT", 2525);
    Path data = Path.of(r.string("INDABA_DATA_DIR", "./data")).toAbsolutePath().normalize();
    String base = r.url("INDABA_BASE_URL", "http://localhost:" + http);
    String domain = r.domain("INDABA_MAIL_DOMAIN", "localhost");
    Optional<HostPort> relay = r.hostPort("INDABA_MAIL_RELAY");
    Optional<String> dbUrl = r.optional("INDABA_DATABASE_URL");
    dbUrl
        .filter(u -> !u.startsWith("jdbc:postgresql:"))
        .ifPresent(
            u ->
                problems.add(
                    "INDABA_DATABASE_URL must be a JDBC URL starting with jdbc:postgresql:"));
    String user = r.string("INDABA_DATABASE_USER", "indaba");
    String password = r.string("INDABA_DATABASE_PASSWORD", "");
    long maxMessage = r.bytes("INDABA_MAIL_MAX_BYTES", 10L * 1024 * 1024);
    long maxUpload = r.bytes("INDABA_UPLOAD_MAX_BYTES", 10L * 1024 * 1024);
    Optional<String> translate = r.optional("INDABA_TRANSLATE_URL");
    translate.ifPresent(u -> r.checkUrl("INDABA_TRANSLATE_URL", u));
    Optional<String> authserv = r.optional("INDABA_TRUSTED_AUTHSERV_ID");
    Optional<String> bind = r.optional("INDABA_BIND_ADDRESS");
    bind.ifPresent(b -> r.checkAddress("INDABA_BIND_ADDRESS", b));
    int metrics = r.port("INDABA_METRICS_PORT", 0);
    SenderCheck senderCheck =
        r.optional("INDABA_MAIL_SENDER_CHECK")
            .map(
                v ->
                    SenderCheck.parse(v)
                        .orElseGet(
                            () -> {
                              problems.add(
                                  "INDABA_MAIL_SENDER_CHECK must be confirm, moderate or trust, not '"
                                      + v
                                      + "'");
                              return SenderCheck.CONFIRM;
                            }))
            .orElse(SenderCheck.CONFIRM);
    if (!problems.isEmpty()) {
      throw new Invalid(String.join("\n", problems));
    }
    return new Config(
        http,
        smtp,
        data,
        stripSlash(base),
        domain,
        relay,
        dbUrl,
        user,
        password,
        maxMessage,
        maxUpload,
        translate,
        authserv,
        new Listening(bind, metrics),
        senderCheck);
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private record Reader(Map<String, String> env, List<String> problems) {
    Optional<String> optional(String name) {
      String v = env.get(name);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    String string(String name, String def) {
      return optional(name).orElse(def);
    }

    int port(String name, int def) {
      Optional<String> v = optional(name);
      if (v.isEmpty()) {
        return def;
      }
      try {
        int p = Integer.parseInt(v.get());
        if (p < 0 || p > 65535) {
          throw new NumberFormatException();
        }
        return p;
      } catch (NumberFormatException e) {
        problems.add(name + " must be a port number between 0 and 65535, not '" + v.get() + "'");
        return def;
      }
    }

    long bytes(String name, long def) {
      Optional<String> v = optional(name);
      if (v.isEmpty()) {
        return def;
      }
      try {
        long n = Long.parseLong(v.get());
        if (n < 1024) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        problems.add(name + " must be a number of bytes of at least 1024, not '" + v.get() + "'");
        return def;
      }
    }

    /** A literal IP address (v4 or v6): a name would need a DNS lookup at start-up. */
    void checkAddress(String name, String v) {
      boolean literal =
          v.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")
              || (v.contains(":") && v.matches("[0-9a-fA-F:.]+"));
      try {
        if (!literal) {
          throw new java.net.UnknownHostException(v);
        }
        java.net.InetAddress.getByName(v);
      } catch (java.net.UnknownHostException e) {
        problems.add(name + " must be an IP address such as 127.0.0.1 or ::1, not '" + v + "'");
      }
    }

    String url(String name, String def) {
      String v = string(name, def);
      checkUrl(name, v);
      return v;
    }

    void checkUrl(String name, String v) {
      try {
        URI u = URI.create(v);
        if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
            || u.getHost() == null) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        problems.add(name + " must be an http or https URL, not '" + v + "'");
      }
    }

    String domain(String name, String def) {
      String v = string(name, def).toLowerCase(java.util.Locale.ROOT);
      if (!v.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
        problems.add(name + " must be a domain name such as lists.example.org, not '" + v + "'");
      }
      return v;
    }

    Optional<HostPort> hostPort(String name) {
      Optional<String> v = optional(name);
      if (v.isEmpty()) {
        return Optional.empty();
      }
      int colon = v.get().lastIndexOf(':');
      try {
        if (colon <= 0) {
          throw new NumberFormatException();
        }
        int p = Integer.parseInt(v.get().substring(colon + 1));
        if (p <= 0 || p > 65535) {
          throw new NumberFormatException();
        }
        return Optional.of(new HostPort(v.get().substring(0, colon), p));
      } catch (NumberFormatException e) {
        problems.add(
            name + " must be host:port, for example smtp.example.org:25, not '" + v.get() + "'");
        return Optional.empty();
      }
    }
  }
}
