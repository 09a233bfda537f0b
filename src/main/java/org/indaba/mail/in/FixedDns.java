package org.indaba.mail.in;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link Dns} that answers from records given in advance and knows nothing else: for tests, and
 * for benchmarks whose senders live on reserved example domains.
 */
public final class FixedDns implements Dns {
  private final Map<String, List<String>> records;

  private FixedDns(Map<String, List<String>> records) {
    this.records = records;
  }

  public static FixedDns empty() {
    return new FixedDns(Map.of());
  }

  /**
   * Domains whose mail may come from the given addresses: each gets the SPF record {@code v=spf1
   * ip4:… ip6:… -all} and the DMARC record {@code v=DMARC1; p=none}.
   */
  public static FixedDns sendersFrom(List<String> addresses, String... domains) {
    StringBuilder spf = new StringBuilder("v=spf1");
    for (String a : addresses) {
      spf.append(a.contains(":") ? " ip6:" : " ip4:").append(a);
    }
    spf.append(" -all");
    FixedDns dns = empty();
    for (String d : domains) {
      dns = dns.with(Type.TXT, d, spf.toString()).with(Type.TXT, "_dmarc." + d, "v=DMARC1; p=none");
    }
    return dns;
  }

  /** These records and one more. */
  public FixedDns with(Type type, String name, String value) {
    Map<String, List<String>> copy = new HashMap<>(records);
    copy.computeIfAbsent(key(type, name), k -> new ArrayList<>());
    List<String> values = new ArrayList<>(copy.get(key(type, name)));
    values.add(value);
    copy.put(key(type, name), List.copyOf(values));
    return new FixedDns(Map.copyOf(copy));
  }

  @Override
  public List<String> lookup(Type type, String name) {
    return records.getOrDefault(key(type, name), List.of());
  }

  private static String key(Type type, String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return type + " " + (n.endsWith(".") ? n.substring(0, n.length() - 1) : n);
  }
}
