package org.indaba.mail.in;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.apache.james.jspf.executor.SynchronousSPFExecutor;
import org.apache.james.jspf.impl.SPF;
import org.indaba.mail.parse.ParsedMail;
import org.indaba.model.NetworkGuard;

/**
 * Our own DMARC evaluation (RFC 7489) of a received message: DKIM signatures verified with jDKIM,
 * SPF for the connecting address and envelope sender evaluated with jSPF, and the result "pass"
 * only when one of them passed for a domain aligned with the {@code From} domain. All DNS goes
 * through a {@link Dns}, which tests replace by fixed records.
 *
 * <p>The organisational domain (for relaxed alignment and the fallback DMARC record) is the last
 * two labels of a name, three under the common second-level public suffixes listed below; a full
 * public suffix list is not shipped.
 */
public final class SenderAuthentication {

  /** The DMARC outcome. */
  public enum Dmarc {
    /** An aligned DKIM signature or SPF pass. */
    PASS,
    /** The From domain publishes DMARC and nothing aligned passed: a suspected forgery. */
    FAIL,
    /** The From domain publishes no DMARC record (or there is no single From domain). */
    NONE,
    /** A DNS lookup failed for now. */
    TEMPERROR
  }

  /**
   * What the checks found.
   *
   * @param detail an Authentication-Results-like summary for admins ("dmarc=pass dkim=pass
   *     header.d=example.org spf=pass smtp.mailfrom=example.org")
   */
  public record Result(Dmarc dmarc, String fromDomain, String detail) {
    public boolean passed() {
      return dmarc == Dmarc.PASS;
    }
  }

  /** The connection facts SPF is evaluated on. */
  public record Connection(String remoteIp, String helo, String envelopeFrom) {}

  private static final Set<String> SECOND_LEVEL_SUFFIXES =
      Set.of(
          "co.uk", "org.uk", "ac.uk", "gov.uk", "me.uk", "com.au", "net.au", "org.au", "edu.au",
          "co.nz", "org.nz", "co.za", "org.za", "com.br", "org.br", "co.jp", "ne.jp", "or.jp",
          "co.in", "org.in", "com.mx", "org.mx", "com.ar", "com.tr", "org.tr", "com.eg", "com.sa",
          "co.ke", "or.ke", "com.ng", "com.gh", "co.ma", "com.tn", "com.dz", "com.lb", "com.cn",
          "com.sg", "com.my", "co.id", "com.ph", "com.co", "com.pe", "com.ve", "gouv.fr", "gob.es",
          "gob.mx", "gov.za", "gov.br");

  /**
   * Where DNS answers come from, and the SPF evaluator asking it: jSPF builds its record parser (a
   * large regular expression) when constructed, and evaluates each check in a session of its own,
   * so one evaluator serves every message and thread.
   */
  private record Resolver(Dns dns, SPF spf) {
    static Resolver of(Dns answers) {
      Dns dns =
          (type, name) -> {
            NetworkGuard.beforeNetworkCall("DNS lookup for sender verification");
            return answers.lookup(type, name);
          };
      DNSService service = new DnsForSpf(dns);
      SPF spf = new SPF(service, new SynchronousSPFExecutor(service));
      spf.setDefaultExplanation("Not allowed by the SPF record of %{o}");
      spf.setUseBestGuess(false);
      return new Resolver(dns, spf);
    }
  }

  private volatile Resolver resolver;

  public SenderAuthentication(Dns dns) {
    this.resolver = Resolver.of(dns);
  }

  /** Replaces where DNS answers come from (tests give fixed records). */
  public void useDns(Dns dns) {
    this.resolver = Resolver.of(dns);
  }

  public Result check(byte[] raw, ParsedMail mail, Connection connection) {
    Resolver r = resolver;
    Dns d = r.dns();
    String fromDomain = fromDomain(mail);
    if (fromDomain == null) {
      return new Result(Dmarc.NONE, null, "dmarc=none (no single From domain)");
    }
    Map<String, String> policy;
    try {
      policy = dmarcRecord(d, fromDomain);
    } catch (Dns.TemporaryFailure e) {
      return new Result(Dmarc.TEMPERROR, fromDomain, "dmarc=temperror");
    }
    if (policy == null) {
      return new Result(Dmarc.NONE, fromDomain, "dmarc=none header.from=" + fromDomain);
    }
    boolean strictDkim = "s".equalsIgnoreCase(policy.getOrDefault("adkim", "r"));
    boolean strictSpf = "s".equalsIgnoreCase(policy.getOrDefault("aspf", "r"));
    List<String> details = new ArrayList<>();
    boolean temporary = false;

    boolean dkimAligned = false;
    try {
      // a message with no signature has nothing to verify: jDKIM would parse it all to say so
      List<SignatureRecord> valid =
          mentionsDkimSignature(raw)
              ? new DKIMVerifier(keys(d)).verify(new ByteArrayInputStream(raw))
              : null;
      if (valid == null || valid.isEmpty()) {
        details.add("dkim=none");
      } else {
        for (SignatureRecord s : valid) {
          String signer = s.getDToken().toString().toLowerCase(Locale.ROOT);
          boolean aligned = aligned(signer, fromDomain, strictDkim);
          dkimAligned |= aligned;
          details.add("dkim=pass header.d=" + signer + (aligned ? "" : " (not aligned)"));
        }
      }
    } catch (TempFailException e) {
      temporary = true;
      details.add("dkim=temperror");
    } catch (FailException | IOException | RuntimeException e) {
      details.add("dkim=fail");
    }

    boolean spfAligned = false;
    String mailFrom =
        connection.envelopeFrom() == null || connection.envelopeFrom().isBlank()
            ? "postmaster@" + (connection.helo() == null ? "" : connection.helo())
            : connection.envelopeFrom();
    String spfDomain = domainOf(mailFrom);
    if (connection.remoteIp() != null && spfDomain != null) {
      String spf = spf(r.spf(), connection, mailFrom);
      if ("temperror".equals(spf)) {
        temporary = true;
      }
      spfAligned = "pass".equals(spf) && aligned(spfDomain, fromDomain, strictSpf);
      details.add(
          "spf="
              + spf
              + " smtp.mailfrom="
              + spfDomain
              + ("pass".equals(spf) && !spfAligned ? " (not aligned)" : ""));
    } else {
      details.add("spf=none");
    }

    Dmarc outcome;
    if (dkimAligned || spfAligned) {
      outcome = Dmarc.PASS;
    } else if (temporary) {
      outcome = Dmarc.TEMPERROR;
    } else {
      outcome = Dmarc.FAIL;
    }
    String detail =
        "dmarc="
            + outcome.name().toLowerCase(Locale.ROOT)
            + " header.from="
            + fromDomain
            + " p="
            + policy.getOrDefault("p", "none")
            + " "
            + String.join(" ", details);
    return new Result(
        outcome, fromDomain, detail.length() > 500 ? detail.substring(0, 500) : detail);
  }

  private static final byte[] DKIM_SIGNATURE =
      "dkim-signature".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * Whether the bytes hold the field name {@code DKIM-Signature} anywhere, in any case: without it
   * there is certainly no signature for jDKIM to find, whatever it takes for the header block.
   */
  static boolean mentionsDkimSignature(byte[] raw) {
    outer:
    for (int i = 0; i + DKIM_SIGNATURE.length <= raw.length; i++) {
      for (int k = 0; k < DKIM_SIGNATURE.length; k++) {
        int b = raw[i + k];
        if (b >= 'A' && b <= 'Z') {
          b += 'a' - 'A';
        }
        if (b != DKIM_SIGNATURE[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** The domain of the one From address, or null when there is not exactly one. */
  static String fromDomain(ParsedMail mail) {
    if (mail.from() == null || mail.headers().all("From").size() != 1) {
      return null;
    }
    return domainOf(mail.from().address());
  }

  private static String domainOf(String address) {
    int at = address == null ? -1 : address.lastIndexOf('@');
    if (at < 0 || at == address.length() - 1) {
      return null;
    }
    String d = address.substring(at + 1).strip().toLowerCase(Locale.ROOT);
    if (d.endsWith(">")) {
      d = d.substring(0, d.length() - 1);
    }
    return d.isEmpty() ? null : d;
  }

  static boolean aligned(String authenticated, String fromDomain, boolean strict) {
    return strict
        ? authenticated.equals(fromDomain)
        : organisationalDomain(authenticated).equals(organisationalDomain(fromDomain));
  }

  static String organisationalDomain(String domain) {
    String[] labels = domain.split("\\.");
    if (labels.length <= 2) {
      return domain;
    }
    String lastTwo = labels[labels.length - 2] + "." + labels[labels.length - 1];
    int keep = SECOND_LEVEL_SUFFIXES.contains(lastTwo) ? 3 : 2;
    StringBuilder out = new StringBuilder();
    for (int i = labels.length - keep; i < labels.length; i++) {
      if (!out.isEmpty()) {
        out.append('.');
      }
      out.append(labels[i]);
    }
    return out.toString();
  }

  /**
   * The DMARC record of the domain, or of its organisational domain when it has none (RFC 7489
   * section 6.6.3), as tag=value pairs; null when neither has one.
   */
  private static Map<String, String> dmarcRecord(Dns d, String domain) throws Dns.TemporaryFailure {
    Map<String, String> r = dmarcAt(d, domain);
    String org = organisationalDomain(domain);
    if (r == null && !org.equals(domain)) {
      r = dmarcAt(d, org);
    }
    return r;
  }

  private static Map<String, String> dmarcAt(Dns d, String domain) throws Dns.TemporaryFailure {
    List<Map<String, String>> found = new ArrayList<>();
    for (String txt : d.lookup(Dns.Type.TXT, "_dmarc." + domain)) {
      Map<String, String> tags = tags(txt);
      if ("DMARC1".equals(tags.get("v"))) {
        found.add(tags);
      }
    }
    // more than one record means none (RFC 7489 section 6.6.3)
    return found.size() == 1 ? found.get(0) : null;
  }

  private static Map<String, String> tags(String record) {
    Map<String, String> tags = new java.util.LinkedHashMap<>();
    for (String part : record.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        tags.put(
            part.substring(0, eq).strip().toLowerCase(Locale.ROOT), part.substring(eq + 1).strip());
      }
    }
    if (tags.containsKey("v")) {
      tags.put("v", tags.get("v").toUpperCase(Locale.ROOT));
    }
    return tags;
  }

  private static PublicKeyRecordRetriever keys(Dns d) {
    return (method, selector, domain) -> {
      String name = selector + "._domainkey." + domain;
      try {
        List<String> records = d.lookup(Dns.Type.TXT, name);
        if (records.isEmpty()) {
          throw new PermFailException("no key for " + name);
        }
        return records;
      } catch (Dns.TemporaryFailure e) {
        throw new TempFailException(e.getMessage());
      }
    };
  }

  private static String spf(SPF spf, Connection c, String mailFrom) {
    try {
      String result =
          spf.checkSPF(c.remoteIp(), mailFrom, c.helo() == null ? "unknown" : c.helo()).getResult();
      return result == null || result.isBlank() ? "none" : result;
    } catch (RuntimeException e) {
      return "permerror";
    }
  }

  /** jSPF's view of our {@link Dns}: SPF-type questions get no answer, TXT is enough. */
  private record DnsForSpf(Dns dns) implements DNSService {
    @Override
    public List<String> getRecords(DNSRequest request) throws TimeoutException {
      Optional<Dns.Type> type =
          switch (request.getRecordType()) {
            case DNSRequest.TXT -> Optional.of(Dns.Type.TXT);
            case DNSRequest.A -> Optional.of(Dns.Type.A);
            case DNSRequest.AAAA -> Optional.of(Dns.Type.AAAA);
            case DNSRequest.MX -> Optional.of(Dns.Type.MX);
            case DNSRequest.PTR -> Optional.of(Dns.Type.PTR);
            default -> Optional.empty();
          };
      if (type.isEmpty()) {
        return List.of();
      }
      try {
        return dns.lookup(type.get(), request.getHostname());
      } catch (Dns.TemporaryFailure e) {
        throw new TimeoutException(e.getMessage());
      }
    }

    @Override
    public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
      try {
        return CompletableFuture.completedFuture(getRecords(request));
      } catch (TimeoutException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public List<String> getLocalDomainNames() {
      return List.of("localhost");
    }

    @Override
    public void setTimeOut(int timeOut) {}

    @Override
    public int getRecordLimit() {
      return 10;
    }

    @Override
    public void setRecordLimit(int recordLimit) {}
  }
}
