package org.indaba.mail;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.indaba.db.Database;
import org.indaba.mail.ModerationMailRepository.Preferences;
import org.indaba.model.Refusal;
import org.indaba.model.Viewer;
import org.indaba.web.WebServer;

/**
 * The profile's notice settings: whether authors hear of their held and published posts, and how
 * moderators hear of held and flagged ones (each, a digest every N hours, or not at all).
 */
public final class NoticePreferenceRoutes {
  public static final int MAX_DIGEST_HOURS = 168;

  private final Database db;
  private final ModerationMailRepository repo;
  private final Clock clock;

  public NoticePreferenceRoutes(Database db, ModerationMailRepository repo, Clock clock) {
    this.db = db;
    this.repo = repo;
    this.clock = clock;
  }

  public Map<String, Object> profileSection(long memberId, String email) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("noticePrefs", repo.preferences(memberId));
    m.put("noticeModes", ModerationMailRepository.MODES);
    m.put("moderatesSomething", repo.moderatesAnything(memberId));
    return m;
  }

  public void register(WebServer web) {
    web.post(
        "/profile/notices",
        req -> {
          Viewer v = req.requireViewer();
          Preferences old = repo.preferences(v.id());
          String mode = req.paramOr("moderationMode", old.moderationMode());
          if (!ModerationMailRepository.MODES.contains(mode)) {
            throw Refusal.badRequest("error.badRequest");
          }
          int hours = req.paramInt("digestHours").orElse(old.digestHours());
          if (hours < 1 || hours > MAX_DIGEST_HOURS) {
            throw Refusal.badRequest("facilitation.notices.badHours", MAX_DIGEST_HOURS);
          }
          Preferences p = new Preferences(mode, hours, req.checkbox("authorNotices"));
          db.txRun(tx -> repo.savePreferences(tx, v.id(), p, OffsetDateTime.now(clock)));
          return org.indaba.web.Result.redirect("/profile?saved=1#notices-heading");
        });
  }
}
