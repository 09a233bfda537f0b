package org.indaba.account;

import java.util.List;
import java.util.Map;
import org.indaba.i18n.Countries;
import org.indaba.model.Refusal;
import org.indaba.web.Req;
import org.indaba.web.Result;
import org.indaba.web.WebServer;

/** The admins' pages for organisations (merging names) and for countries the migration left. */
public final class DirectoryRoutes {
  private final OrganisationService organisations;

  public DirectoryRoutes(OrganisationService organisations) {
    this.organisations = organisations;
  }

  public void register(WebServer web) {
    web.get("/admin/organisations", req -> organisationsPage(req, Map.of(), "", List.of()));
    web.post("/admin/organisations/merge", this::merge);
    web.post(
        "/admin/organisations/:id/unmerge",
        req -> {
          organisations.unmerge(req.viewer(), req.pathLong("id"));
          return Result.redirect("/admin/organisations");
        });
    web.get("/admin/countries", this::countriesPage);
    web.post(
        "/admin/countries/:id",
        req -> {
          organisations.setCountry(req.viewer(), req.pathLong("id"), req.paramOr("country", ""));
          return Result.redirect("/admin/countries");
        });
  }

  private Result organisationsPage(
      Req req, Map<String, String> errors, String name, List<String> chosen) {
    OrganisationService.Overview o = organisations.overview(req.viewer());
    Map<String, String> shown = new java.util.LinkedHashMap<>();
    errors.forEach((f, k) -> shown.put(f, req.t(k)));
    return Result.page("admin/organisations")
        .with("title", req.t("admin.organisations.title"))
        .with(
            "names",
            o.names().stream()
                .map(
                    n ->
                        Map.of(
                            "name",
                            n.name(),
                            "members",
                            n.members(),
                            "mergedInto",
                            n.mergedInto() == null ? "" : n.mergedInto(),
                            "checked",
                            chosen.contains(n.name())))
                .toList())
        .with("merged", o.merged())
        .with("name", name)
        .with("errors", shown)
        .status(errors.isEmpty() ? 200 : 400);
  }

  private Result merge(Req req) {
    String name = req.paramOr("name", "");
    List<String> names = req.params("names");
    try {
      organisations.merge(req.viewer(), name, names);
    } catch (Refusal.Invalid e) {
      return organisationsPage(req, e.fieldErrors(), name, names);
    }
    return Result.redirect("/admin/organisations");
  }

  private Result countriesPage(Req req) {
    var rows = organisations.unmappedCountries(req.viewer());
    return Result.page("admin/countries")
        .with("title", req.t("admin.countries.title"))
        .with("rows", rows)
        .with("rowCount", rows.size())
        .with("countries", Countries.options(req.lang()));
  }
}
