package org.indaba.mail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.account.AccountRepository;
import org.indaba.account.AccountService;
import org.indaba.account.Member;
import org.indaba.account.SessionService;
import org.indaba.i18n.Messages;
import org.indaba.model.Refusal;
import org.indaba.web.Req;
import org.indaba.web.Result;
import org.indaba.web.WebServer;

/**
 * {@code /join/profile/{token}}: a person who joined a discussion by mail completes the profile
 * (organisation, city, country, language, optionally a password) through the link of the "joined"
 * mail. The GET shows the form and changes nothing; the POST (with CSRF) saves it, works once and
 * signs the member in. The link is signed and expires ({@link MailTokens#PROFILE_LIFETIME}).
 */
public final class JoinProfileRoutes {
  private static final List<String> FIELDS =
      List.of("organisation", "city", "country", "preferredLanguage");

  private final MailTokens tokens;
  private final AccountService accounts;
  private final AccountRepository members;

  public JoinProfileRoutes(MailTokens tokens, AccountService accounts, AccountRepository members) {
    this.tokens = tokens;
    this.accounts = accounts;
    this.members = members;
  }

  public void register(WebServer web) {
    web.get("/join/profile/:token", req -> form(req, Map.of(), null));
    web.post(
        "/join/profile/:token",
        req -> {
          Optional<Long> member = usable(req.pathParam("token"));
          if (member.isEmpty()) {
            return form(req, Map.of(), null);
          }
          Map<String, String> values = new LinkedHashMap<>();
          FIELDS.forEach(f -> values.put(f, req.param(f).orElse("").strip()));
          try {
            String session =
                accounts.completeJoinedProfile(
                    member.get(),
                    values.get("organisation"),
                    values.get("city"),
                    values.get("country"),
                    values.get("preferredLanguage"),
                    req.param("password").orElse(""));
            req.setCookie(Req.SESSION_COOKIE, session, SessionService.LIFETIME.toSeconds());
            return Result.redirect("/profile");
          } catch (Refusal.Invalid e) {
            Map<String, String> errors = new LinkedHashMap<>();
            e.fieldErrors().forEach((f, k) -> errors.put(f, req.t(k)));
            return form(req, errors, values).status(400);
          } catch (Refusal e) {
            return form(req, Map.of(), null);
          }
        });
  }

  private Optional<Long> usable(String token) {
    return tokens.readProfile(token).filter(accounts::joinProfileOpen);
  }

  private Result.Page form(Req req, Map<String, String> errors, Map<String, String> entered) {
    Optional<Member> m = usable(req.pathParam("token")).flatMap(members::byId);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("title", req.t("mailtrust.joinProfile.title"));
    model.put("open", m.isPresent());
    model.put("token", req.pathParam("token"));
    model.put("errors", errors);
    if (m.isPresent()) {
      Member member = m.get();
      Map<String, String> values = new LinkedHashMap<>();
      values.put("organisation", member.organisation());
      values.put("city", member.city());
      values.put("country", member.country());
      values.put("preferredLanguage", member.preferredLanguage().orElse(req.lang()));
      if (entered != null) {
        values.putAll(entered);
      }
      model.put("name", member.displayName());
      model.put("values", values);
      String selected = values.get("preferredLanguage");
      model.put(
          "languageOptions",
          Messages.LANGUAGES.stream()
              .map(l -> Map.<String, Object>of("code", l, "selected", l.equals(selected)))
              .toList());
    }
    // a forged, expired or used link names nobody: not found
    return Result.page("mail-join/profile", model).status(m.isPresent() ? 200 : 404);
  }
}
