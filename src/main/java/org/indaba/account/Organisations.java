package org.indaba.account;

import java.text.Normalizer;
import java.util.Locale;

/** How organisation names are compared: case, accents, punctuation and spacing do not count. */
public final class Organisations {
  private Organisations() {}

  /** The name as it is compared ("I.O.M. Rome " and "iom rome" fold alike). */
  public static String fold(String name) {
    if (name == null) {
      return "";
    }
    String n = Normalizer.normalize(name.strip(), Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
    return n.toLowerCase(Locale.ROOT)
        .replaceAll("[\\p{P}\\p{S}&&[^&+]]+", "")
        .replaceAll("\\s+", " ")
        .strip();
  }
}
