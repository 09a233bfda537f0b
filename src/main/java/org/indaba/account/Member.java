package org.indaba.account;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.indaba.model.Viewer;

/** A person with an account; placeholders are authors of imported mail not yet claimed. */
public record Member(
    long id,
    String email,
    boolean verified,
    String displayName,
    String organisation,
    String city,
    String country,
    Optional<String> preferredLanguage,
    String timeZone,
    String role,
    boolean translator,
    boolean placeholder,
    OffsetDateTime createdAt) {

  public Viewer toViewer() {
    return new Viewer(
        id, email, displayName, role, verified, translator, preferredLanguage, timeZone);
  }
}
