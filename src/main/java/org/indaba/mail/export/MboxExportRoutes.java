package org.indaba.mail.export;

import java.util.Map;
import org.indaba.web.Result;
import org.indaba.web.WebServer;

/** {@code GET /d/{slug}/export.mbox}: the discussion as an mbox file, as the viewer may read it. */
public final class MboxExportRoutes {
  /** The media type of mbox files (RFC 4155). */
  public static final String CONTENT_TYPE = "application/mbox";

  private final MboxExport export;

  public MboxExportRoutes(MboxExport export) {
    this.export = export;
  }

  public void register(WebServer web) {
    web.get(
        "/d/:slug/export.mbox",
        req -> {
          String slug = req.pathParam("slug");
          byte[] mbox = export.export(req.viewer(), slug);
          return new Result.Raw(
              200,
              CONTENT_TYPE,
              mbox,
              Map.of(
                  "Content-Disposition",
                  "attachment; filename=\"" + MboxExport.filename(slug) + "\"",
                  // what it holds depends on who asks (moderators read addresses and held posts)
                  "Cache-Control",
                  "private, no-store"));
        });
  }
}
