package org.indaba.discussion;

import java.util.LinkedHashMap;
import java.util.Map;
import org.indaba.web.Result;
import org.indaba.web.WebServer;

/** "My contributions": the page and {@code GET /api/me/contributions}. */
public final class MyContributionsRoutes {
  private final MyContributions mine;
  private final String baseUrl;

  public MyContributionsRoutes(MyContributions mine, String baseUrl) {
    this.mine = mine;
    this.baseUrl = baseUrl;
  }

  public void register(WebServer web) {
    web.get(
        "/me/contributions",
        req -> {
          req.requireViewer();
          return Result.page("discussion/mine")
              .with("title", req.t("facilitation.mine.title"))
              .with("items", mine.of(req.viewer()));
        });
    web.get(
        "/api/me/contributions",
        req -> {
          req.requireViewer();
          return Result.json(
              mine.of(req.viewer()).stream()
                  .map(
                      i -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("id", i.id());
                        m.put("discussion", i.discussionSlug());
                        m.put("week", i.week());
                        m.put("status", i.status());
                        m.put("reason", i.reason());
                        m.put("createdAt", i.createdAt().toInstant().toString());
                        m.put("url", baseUrl + i.path());
                        return m;
                      })
                  .toList());
        });
  }
}
