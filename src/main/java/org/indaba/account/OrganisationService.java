package org.indaba.account;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.indaba.db.Changes;
import org.indaba.db.Database;
import org.indaba.i18n.Countries;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;

/**
 * Organisations that can be counted: the names members typed are offered back to them, and an admin
 * merges several names ("IOM", "OIM", "IOM Rome") into one organisation whose name analytics then
 * count. Also the admins' list of countries the migration to ISO codes could not read.
 */
public final class OrganisationService {
  public static final int MAX_NAME = 200;
  static final int SUGGESTIONS = 300;

  private final Database db;
  private final OrganisationRepository repo;
  private final Clock clock;

  private final Changes changes;

  public OrganisationService(
      Database db, OrganisationRepository repo, Changes changes, Clock clock) {
    this.db = db;
    this.repo = repo;
    this.changes = changes;
    this.clock = clock;
  }

  private static Viewer admin(Optional<Viewer> viewer) {
    Viewer v = viewer.orElseThrow(Refusal.Unauthenticated::new);
    if (!v.isAdmin()) {
      throw Refusal.forbidden();
    }
    return v;
  }

  /** Names a form's datalist offers. */
  public List<String> suggestions() {
    return repo.suggestions(SUGGESTIONS);
  }

  /** The name an organisation is counted under: its merged organisation's, else itself. */
  public java.util.function.UnaryOperator<String> countedAs() {
    Map<String, String> aliases = repo.aliases();
    return name -> aliases.getOrDefault(Organisations.fold(name), name);
  }

  public record Overview(
      List<OrganisationRepository.NameInUse> names, List<OrganisationRepository.Merged> merged) {}

  public Overview overview(Optional<Viewer> viewer) {
    admin(viewer);
    return new Overview(repo.namesInUse(1000), repo.merged());
  }

  /** Merges the chosen names into the organisation called {@code name} (created if needed). */
  public void merge(Optional<Viewer> viewer, String name, List<String> names) {
    Viewer by = admin(viewer);
    String n = name == null ? "" : name.strip();
    Map<String, String> errors = new LinkedHashMap<>();
    if (n.isEmpty() || n.length() > MAX_NAME) {
      errors.put("name", "admin.organisations.error.name");
    }
    List<String> aliases = new ArrayList<>();
    for (String a : names) {
      String s = a == null ? "" : a.strip();
      if (!s.isEmpty() && s.length() <= MAX_NAME && !aliases.contains(s)) {
        aliases.add(s);
      }
    }
    if (aliases.isEmpty()) {
      errors.put("names", "admin.organisations.error.names");
    }
    if (!errors.isEmpty()) {
      throw new Refusal.Invalid(errors);
    }
    OffsetDateTime now = OffsetDateTime.now(clock);
    db.txRun(
        tx -> {
          long id = repo.organisation(tx, n, now);
          repo.alias(tx, id, n);
          aliases.forEach(a -> repo.alias(tx, id, a));
          repo.dropEmpty(tx);
          changes.organisationMerged(tx, by.id(), id, described(n, aliases));
        });
  }

  /** Undoes a merge: the names count on their own again. */
  public void unmerge(Optional<Viewer> viewer, long organisationId) {
    Viewer by = admin(viewer);
    db.txRun(
        tx -> {
          OrganisationRepository.Merged gone =
              repo.lockMerged(tx, organisationId).orElseThrow(Refusal::notFound);
          repo.delete(tx, organisationId);
          changes.organisationUnmerged(
              tx, by.id(), organisationId, described(gone.name(), gone.aliases()));
        });
  }

  /** What the audit log keeps of a merge: the organisation's name, then the names it holds. */
  private static String described(String name, List<String> aliases) {
    return name + ": " + String.join(", ", aliases);
  }

  public List<OrganisationRepository.UnmappedCountry> unmappedCountries(Optional<Viewer> viewer) {
    admin(viewer);
    return repo.unmappedCountries();
  }

  /** Sets the country of a member listed as unmapped, which takes them off the list. */
  public void setCountry(Optional<Viewer> viewer, long memberId, String code) {
    admin(viewer);
    if (!Countries.isCode(code)) {
      throw Refusal.Invalid.of("country", "account.error.country");
    }
    db.txRun(tx -> repo.setCountry(tx, memberId, code));
  }
}
