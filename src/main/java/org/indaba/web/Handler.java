package org.indaba.web;

/** A route handler: parse the request, call one service method, return what to show. */
@FunctionalInterface
public interface Handler {
  Result handle(Req req) throws Exception;
}
