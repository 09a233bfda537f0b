package org.indaba.model;

import java.util.Optional;

/** Who is making a request, as far as the web layer needs to know. */
public record Viewer(
    long id,
    String email,
    String displayName,
    String role,
    boolean verified,
    boolean translator,
    Optional<String> preferredLanguage,
    String timeZone) {

  public boolean isAdmin() {
    return "admin".equals(role);
  }

  /**
   * Site moderators may create discussions; per-discussion moderators are checked by the feature.
   */
  public boolean isModerator() {
    return "moderator".equals(role) || isAdmin();
  }
}
