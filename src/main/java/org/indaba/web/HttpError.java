package org.indaba.web;

import java.util.Map;

/**
 * An error answer as the web writes it: a status, the message key (and arguments) of its detail,
 * and the field errors of a form. {@link WebServer} builds it from a {@link
 * org.indaba.model.Refusal} (its one table of statuses) or for its own failures (CSRF, no route, a
 * crash).
 */
record HttpError(int status, String messageKey, Object[] args, Map<String, String> fieldErrors) {

  HttpError(int status, String messageKey) {
    this(status, messageKey, new Object[0], Map.of());
  }
}
