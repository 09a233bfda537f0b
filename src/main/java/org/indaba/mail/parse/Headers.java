package org.indaba.mail.parse;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The header fields of a message in their original order. Names compare case-insensitively (RFC
 * 5322 section 1.2.2). Values are unfolded (section 2.2.3) but otherwise as sent: encoded words are
 * left in place, because decoding them would break structured fields such as addresses.
 */
public record Headers(List<Header> fields) {

  /** One header field. */
  public record Header(String name, String value) {

    /** The value with RFC 2047 encoded words decoded, for display. */
    public String decodedValue() {
      return EncodedWords.decode(value);
    }

    boolean is(String other) {
      return name.equalsIgnoreCase(other);
    }
  }

  public Headers {
    fields = List.copyOf(fields);
  }

  /** The value of the first field with this name, if any. */
  public Optional<String> first(String name) {
    for (Header h : fields) {
      if (h.is(name)) {
        return Optional.of(h.value());
      }
    }
    return Optional.empty();
  }

  /** The values of every field with this name, in order of appearance. */
  public List<String> all(String name) {
    return fields.stream().filter(h -> h.is(name)).map(Header::value).toList();
  }

  public boolean contains(String name) {
    return fields.stream().anyMatch(h -> h.is(name));
  }

  /** The first value, lower-cased and trimmed, or "" when absent; for comparing keywords. */
  String firstLower(String name) {
    return first(name).map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse("");
  }
}
