package org.indaba.model;

import java.util.Optional;

/** Implemented by the account feature: turns a session cookie or an API token into a viewer. */
public interface Authenticator {
  Optional<Viewer> fromSession(String cookieValue);

  Optional<Viewer> fromApiToken(String bearerToken);
}
