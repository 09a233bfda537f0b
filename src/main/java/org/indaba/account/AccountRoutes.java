package org.indaba.account;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.i18n.LocaleChoice;
import org.indaba.i18n.Messages;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;
import org.indaba.web.Req;
import org.indaba.web.Result;
import org.indaba.web.SafeRedirect;
import org.indaba.web.WebServer;

/** Registration, login, password reset, profile and API tokens, member administration. */
public final class AccountRoutes {
  private final AccountService service;
  private final AccountRepository repo;
  private final List<java.util.function.BiFunction<Long, String, Map<String, Object>>>
      profileSections = new java.util.ArrayList<>();

  /**
   * A member's published contributions for the profile page, supplied by the discussion feature.
   */
  private java.util.function.LongFunction<List<?>> memberContributions = id -> List.of();

  public AccountRoutes(AccountService service, AccountRepository repo) {
    this.service = service;
    this.repo = repo;
  }

  /**
   * Lets another feature add its part of the profile page (member id and address in, model out).
   */
  public AccountRoutes addProfileSection(
      java.util.function.BiFunction<Long, String, Map<String, Object>> section) {
    profileSections.add(section);
    return this;
  }

  public AccountRoutes withMemberContributions(
      java.util.function.LongFunction<List<?>> contributions) {
    this.memberContributions = contributions;
    return this;
  }

  /** The open discussions the registration form offers, and joining the ones ticked. */
  public interface RegistrationJoins {
    List<Map<String, Object>> offered();

    void join(long memberId, List<String> slugs);
  }

  private RegistrationJoins registrationJoins =
      new RegistrationJoins() {
        @Override
        public List<Map<String, Object>> offered() {
          return List.of();
        }

        @Override
        public void join(long memberId, List<String> slugs) {}
      };

  public AccountRoutes withRegistrationJoins(RegistrationJoins joins) {
    this.registrationJoins = joins;
    return this;
  }

  public void register(WebServer web) {
    web.get("/register", req -> registerForm(req, Map.of(), Map.of()));
    web.post("/register", this::register);
    web.get("/login", req -> loginForm(req, null, 200));
    web.post("/login", this::login);
    web.post("/logout", this::logout);
    web.get(
        "/verify/:token",
        req ->
            Result.page("account/verify")
                .with("title", req.t("account.verify.title"))
                .with("usable", service.verificationLinkUsable(req.pathParam("token")))
                .with("token", req.pathParam("token")));
    web.post(
        "/verify/:token",
        req -> {
          Optional<String> session = service.verifyAndSignIn(req.pathParam("token"));
          session.ifPresent(
              s -> {
                // rotate: whatever session the browser had is ended, the new one replaces it
                req.cookie(Req.SESSION_COOKIE).ifPresent(service::logout);
                req.setCookie(Req.SESSION_COOKIE, s, SessionService.LIFETIME.toSeconds());
                req.renewCsrfCookie();
              });
          if (session.isPresent()) {
            // the next page is read signed in
            return Result.redirect("/register/confirmed");
          }
          return Result.page("account/verified")
              .with("title", req.t("account.verify.title"))
              .with("ok", false);
        });
    web.get(
        "/register/confirmed",
        req ->
            Result.page("account/verified")
                .with("title", req.t("account.verify.title"))
                .with("ok", req.viewer().isPresent()));
    web.get(
        "/register/sent",
        req -> Result.page("account/check-mail").with("title", req.t("account.checkMail.title")));
    web.post(
        "/profile/verify",
        req -> {
          service.resendVerification(req.requireViewer(), req.lang());
          return Result.redirect("/profile?sent=1");
        });
    web.get(
        "/reset",
        req -> Result.page("account/reset-request").with("title", req.t("account.reset.title")));
    web.post("/reset", this::requestReset);
    web.get(
        "/reset/:token",
        req ->
            Result.page("account/reset-form")
                .with("title", req.t("account.reset.title"))
                .with("usable", service.resetLinkUsable(req.pathParam("token")))
                .with("token", req.pathParam("token")));
    web.post("/reset/:token", this::reset);
    web.get("/profile", req -> profile(req, Map.of(), null));
    web.post("/profile", this::updateProfile);
    web.post(
        "/profile/tokens",
        req ->
            profile(
                req,
                Map.of(),
                service.createApiToken(
                    req.requireBrowserViewer(),
                    req.paramOr("name", ""),
                    req.paramInt("days").orElse(AccountService.DEFAULT_TOKEN_DAYS))));
    web.post("/profile/password", this::changePassword);
    web.post(
        "/profile/tokens/:id/revoke",
        req -> {
          service.revokeApiToken(req.requireViewer(), req.pathLong("id"));
          return Result.redirect("/profile");
        });
    web.post("/account/language", this::chooseLanguage);
    web.get("/members/:id", this::publicProfile);
    web.get("/admin", this::adminHome);
    web.post("/admin/members/:id/role", this::setRole);
  }

  private java.util.function.Supplier<List<String>> organisationNames = List::of;

  /** Where the organisation names offered on the forms come from. */
  public AccountRoutes withOrganisationNames(java.util.function.Supplier<List<String>> names) {
    this.organisationNames = names;
    return this;
  }

  /** Every country, named in the reader's language, the given one selected. */
  static List<Map<String, Object>> countryOptions(Req req, String selected) {
    String code = AccountService.countryCode(selected);
    List<Map<String, Object>> out = new java.util.ArrayList<>();
    for (org.indaba.i18n.Countries.Option o : org.indaba.i18n.Countries.options(req.lang())) {
      out.add(Map.of("code", o.code(), "name", o.name(), "selected", o.code().equals(code)));
    }
    return out;
  }

  private Result registerForm(Req req, Map<String, String> errors, Map<String, String> values) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("title", req.t("account.register.title"));
    model.put("errors", req.fieldErrors(errors));
    model.put("values", values);
    model.put("openDiscussions", registrationJoins.offered());
    model.put("countryOptions", countryOptions(req, values.getOrDefault("country", "")));
    model.put("organisationNames", organisationNames.get());
    model.put(
        "languageOptions",
        languageOptions(req, values.getOrDefault("preferredLanguage", req.lang())));
    return Result.page("account/register", model).status(errors.isEmpty() ? 200 : 400);
  }

  static List<Map<String, Object>> languageOptions(Req req, String selected) {
    return Messages.LANGUAGES.stream()
        .map(l -> Map.<String, Object>of("code", l, "selected", l.equals(selected)))
        .toList();
  }

  private Result register(Req req) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String f :
        List.of(
            "email",
            "displayName",
            "organisation",
            "city",
            "country",
            "preferredLanguage",
            "timeZone")) {
      values.put(f, req.paramOr(f, ""));
    }
    try {
      Optional<Long> created =
          service.register(
              new AccountService.Registration(
                  values.get("email"),
                  req.param("password").orElse(""),
                  values.get("displayName"),
                  values.get("organisation"),
                  values.get("city"),
                  values.get("country"),
                  values.get("preferredLanguage"),
                  values.get("timeZone")),
              req.remoteIp(),
              req.lang());
      // joining happens only for an account this request created: nobody can subscribe an
      // address that is already someone's
      created.ifPresent(id -> registrationJoins.join(id, req.params("join")));
    } catch (Refusal.Invalid e) {
      return registerForm(req, e.fieldErrors(), values);
    }
    // the next page speaks the language the registrant chose on the form
    String chosen = values.get("preferredLanguage");
    return Result.redirect(
        "/register/sent" + (Messages.isSupported(chosen) ? "?lang=" + chosen : ""));
  }

  private Result loginForm(Req req, String errorKey, int status, Object... args) {
    Result.Page page =
        Result.page("account/login")
            .with("title", req.t("account.login.title"))
            .with("next", safeNext(req.param("next")))
            .with("email", req.paramOr("email", ""))
            .with("error", errorKey == null ? null : req.t(errorKey, args))
            .status(status);
    if (status == 429 && args.length > 0) {
      req.setHeader("Retry-After", String.valueOf(args[0]));
    }
    return page;
  }

  /** Only local paths: an open redirect would let a phishing link borrow our login page. */
  static String safeNext(Optional<String> next) {
    return SafeRedirect.localPath(next, "/");
  }

  private Result login(Req req) {
    Optional<String> session;
    try {
      session =
          service.login(req.paramOr("email", ""), req.param("password").orElse(""), req.remoteIp());
    } catch (AccountService.MustWait e) {
      return loginForm(req, "security.login.wait", 429, e.seconds());
    } catch (Refusal e) {
      if (e.kind() == Refusal.Kind.TOO_MANY) {
        return loginForm(req, "account.login.throttled", 429);
      }
      throw e;
    }
    if (session.isEmpty()) {
      return loginForm(req, "account.login.failed", 400);
    }
    // rotate: whatever session id the browser presented is ended, the new one replaces it
    req.cookie(Req.SESSION_COOKIE).ifPresent(service::logout);
    req.setCookie(Req.SESSION_COOKIE, session.get(), SessionService.LIFETIME.toSeconds());
    req.renewCsrfCookie();
    return Result.redirect(safeNext(req.param("next")));
  }

  private Result logout(Req req) {
    req.cookie(Req.SESSION_COOKIE).ifPresent(service::logout);
    req.clearCookie(Req.SESSION_COOKIE);
    return Result.redirect("/");
  }

  private Result requestReset(Req req) {
    try {
      service.requestPasswordReset(req.paramOr("email", ""), req.remoteIp(), req.lang());
    } catch (Refusal.Invalid e) {
      return Result.page("account/reset-request")
          .with("title", req.t("account.reset.title"))
          .with("error", req.t("account.error.email"))
          .status(400);
    }
    return Result.page("account/check-mail").with("title", req.t("account.checkMail.title"));
  }

  private Result reset(Req req) {
    String token = req.pathParam("token");
    try {
      boolean ok = service.resetPassword(token, req.param("password").orElse(""));
      return Result.page("account/reset-done")
          .with("title", req.t("account.reset.title"))
          .with("ok", ok);
    } catch (Refusal.Invalid e) {
      return Result.page("account/reset-form")
          .with("title", req.t("account.reset.title"))
          .with("usable", true)
          .with("token", token)
          .with("error", req.t("account.error.passwordLength"))
          .status(400);
    }
  }

  private Result profile(Req req, Map<String, String> errors, String newToken) {
    Viewer v = req.requireViewer();
    Member m = repo.byId(v.id()).orElseThrow(Refusal::notFound);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("title", req.t("account.profile.title"));
    model.put("member", m);
    model.put("errors", req.fieldErrors(errors));
    model.put("languageOptions", languageOptions(req, m.preferredLanguage().orElse("")));
    model.put("countryOptions", countryOptions(req, m.country()));
    model.put("organisationNames", organisationNames.get());
    model.put("tokens", repo.apiTokensOf(v.id()));
    model.put(
        "tokenLifetimes",
        AccountService.TOKEN_LIFETIMES.stream()
            .map(
                d ->
                    Map.<String, Object>of(
                        "days", d, "selected", d == AccountService.DEFAULT_TOKEN_DAYS))
            .toList());
    model.put("passwordChanged", req.param("password").isPresent());
    model.put("newToken", newToken);
    model.put("sent", req.param("sent").isPresent());
    model.put("saved", req.param("saved").isPresent());
    profileSections.forEach(section -> model.putAll(section.apply(m.id(), m.email())));
    return Result.page("account/profile", model).status(errors.isEmpty() ? 200 : 400);
  }

  private Result changePassword(Req req) {
    Viewer v = req.requireBrowserViewer();
    String session;
    try {
      session =
          service.changePassword(
              v,
              req.param("currentPassword").orElse(""),
              req.param("password").orElse(""),
              req.remoteIp());
    } catch (Refusal.Invalid e) {
      return profile(req, e.fieldErrors(), null);
    }
    req.setCookie(Req.SESSION_COOKIE, session, SessionService.LIFETIME.toSeconds());
    req.renewCsrfCookie();
    return Result.redirect("/profile?password=1");
  }

  private Result updateProfile(Req req) {
    Viewer v = req.requireViewer();
    try {
      service.updateProfile(
          v,
          req.paramOr("displayName", ""),
          req.paramOr("organisation", ""),
          req.paramOr("city", ""),
          req.paramOr("country", ""),
          req.paramOr("preferredLanguage", ""),
          req.paramOr("timeZone", ""));
    } catch (Refusal.Invalid e) {
      return profile(req, e.fieldErrors(), null);
    }
    return Result.redirect("/profile?saved=1");
  }

  private Result chooseLanguage(Req req) {
    String lang = LocaleChoice.normalise(req.paramOr("lang", ""));
    if (!Messages.isSupported(lang)) {
      throw Refusal.badRequest("error.badRequest");
    }
    req.viewer().ifPresent(v -> service.setLanguage(v, lang));
    req.setCookie(LocaleChoice.COOKIE, lang, 365L * 24 * 3600);
    return Result.redirect(safeNext(req.param("returnTo")));
  }

  private Result publicProfile(Req req) {
    Member m = repo.byId(req.pathLong("id")).orElseThrow(Refusal::notFound);
    return Result.page("account/member")
        .with("title", m.displayName())
        .with("member", m)
        .with("contributions", memberContributions.apply(m.id()));
  }

  private Result adminHome(Req req) {
    req.requireAdmin();
    return Result.page("account/admin")
        .with("title", req.t("admin.title"))
        .with("members", repo.listMembers(500))
        .with("roles", List.of("member", "moderator", "admin"));
  }

  private Result setRole(Req req) {
    Viewer admin = req.requireAdmin();
    req.requireBrowserViewer();
    long id = req.pathLong("id");
    String role = req.paramOr("role", "");
    if (!List.of("member", "moderator", "admin").contains(role)) {
      throw Refusal.badRequest("error.badRequest");
    }
    if (id == admin.id() && !role.equals("admin")) {
      // an admin cannot lock the site out of administration by demoting themself
      throw Refusal.badRequest("admin.error.selfDemote");
    }
    repo.byId(id).orElseThrow(Refusal::notFound);
    repo.setRole(id, role);
    repo.setTranslator(id, req.checkbox("translator"));
    return Result.redirect("/admin");
  }
}
