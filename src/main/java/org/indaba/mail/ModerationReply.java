package org.indaba.mail;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a moderator's answer to an alert: the first line of their own text starts with "approve" or
 * "reject" (or the same word in French, Spanish or Arabic); after "reject", the rest of that line
 * and the lines below it are the reason given to the author.
 */
public final class ModerationReply {
  private ModerationReply() {}

  public enum Action {
    APPROVE,
    REJECT
  }

  /** What the moderator asked for; the reason is empty for an approval. */
  public record Decision(Action action, String reason) {}

  private static final Set<String> APPROVE =
      Set.of(
          "approve",
          "approved",
          "accept",
          "approuver",
          "approuve",
          "approuvé",
          "accepter",
          "valider",
          "aprobar",
          "apruebo",
          "aprobado",
          "aceptar",
          "موافقة",
          "أوافق",
          "اوافق",
          "قبول",
          "أقبل",
          "اقبل",
          "انشر");
  private static final Set<String> REJECT =
      Set.of(
          "reject",
          "rejected",
          "refuse",
          "decline",
          "rejeter",
          "rejette",
          "rejeté",
          "refuser",
          "rechazar",
          "rechazo",
          "rechazado",
          "رفض",
          "أرفض",
          "ارفض");

  public static Optional<Decision> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = Normalizer.normalize(text, Normalizer.Form.NFC).strip();
    if (t.isEmpty()) {
      return Optional.empty();
    }
    int end = 0;
    while (end < t.length() && (Character.isLetter(t.codePointAt(end)))) {
      end += Character.charCount(t.codePointAt(end));
    }
    String word = t.substring(0, end).toLowerCase(Locale.ROOT);
    String rest = t.substring(end).replaceFirst("^[\\s:;,.!\\-–—]+", "").strip();
    if (APPROVE.contains(word)) {
      return Optional.of(new Decision(Action.APPROVE, ""));
    }
    if (REJECT.contains(word)) {
      return Optional.of(new Decision(Action.REJECT, rest));
    }
    return Optional.empty();
  }
}
