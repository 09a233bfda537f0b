package org.indaba.mail.in;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/** {@link Dns} over the system's resolvers, through dnsjava. */
public final class SystemDns implements Dns {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Names reserved for documentation and testing (RFC 2606, RFC 6761): never asked. */
  static boolean reserved(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    for (String tld : List.of("test", "example", "invalid", "localhost")) {
      if (n.equals(tld) || n.endsWith("." + tld)) {
        return true;
      }
    }
    for (String d : List.of("example.com", "example.net", "example.org")) {
      if (n.equals(d) || n.endsWith("." + d)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<String> lookup(Type type, String name) throws TemporaryFailure {
    if (reserved(name)) {
      return List.of();
    }
    int t =
        switch (type) {
          case TXT -> org.xbill.DNS.Type.TXT;
          case A -> org.xbill.DNS.Type.A;
          case AAAA -> org.xbill.DNS.Type.AAAA;
          case MX -> org.xbill.DNS.Type.MX;
          case PTR -> org.xbill.DNS.Type.PTR;
        };
    Lookup lookup;
    try {
      lookup = new Lookup(name, t);
    } catch (TextParseException e) {
      return List.of();
    }
    lookup.getDefaultResolver().setTimeout(TIMEOUT);
    Record[] records = lookup.run();
    int result = lookup.getResult();
    if (result == Lookup.TRY_AGAIN) {
      throw new TemporaryFailure("DNS lookup of " + name + " failed: " + lookup.getErrorString());
    }
    List<String> out = new ArrayList<>();
    if (records == null) {
      return out;
    }
    for (Record r : records) {
      switch (r) {
        case TXTRecord txt -> out.add(String.join("", txt.getStrings()));
        case ARecord a -> out.add(a.getAddress().getHostAddress());
        case AAAARecord a -> out.add(a.getAddress().getHostAddress());
        case MXRecord mx -> out.add(withoutDot(mx.getTarget().toString()));
        case PTRRecord ptr -> out.add(withoutDot(ptr.getTarget().toString()));
        default -> {}
      }
    }
    return out;
  }

  private static String withoutDot(String host) {
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }
}
