package org.indaba.consolidated;

import com.openhtmltopdf.bidi.support.ICUBidiReorderer;
import com.openhtmltopdf.bidi.support.ICUBidiSplitter;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jsoup.Jsoup;
import org.jsoup.helper.W3CDom;

/**
 * Renders the printable page of a consolidated reply to PDF on the server. The DejaVu Sans font
 * shipped in the resources is embedded, so Latin and Arabic text both draw and can be read back;
 * Arabic is shaped and ordered by the ICU bidi support.
 */
public final class ReplyPdf {
  static final String FONT_FAMILY = "DejaVu Sans";

  private ReplyPdf() {}

  /** The PDF of an HTML page (parsed leniently, as a browser would). */
  public static byte[] render(String html, String baseUri) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PdfRendererBuilder b = new PdfRendererBuilder();
      b.useFastMode();
      b.useFont(() -> ReplyPdf.class.getResourceAsStream("/fonts/DejaVuSans.ttf"), FONT_FAMILY);
      b.useFont(
          () -> ReplyPdf.class.getResourceAsStream("/fonts/DejaVuSans-Bold.ttf"),
          FONT_FAMILY,
          700,
          BaseRendererBuilder.FontStyle.NORMAL,
          true);
      b.useUnicodeBidiSplitter(new ICUBidiSplitter.ICUBidiSplitterFactory());
      b.useUnicodeBidiReorderer(new ICUBidiReorderer());
      b.defaultTextDirection(BaseRendererBuilder.TextDirection.LTR);
      b.withW3cDocument(new W3CDom().fromJsoup(Jsoup.parse(html)), baseUri);
      b.toStream(out);
      b.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
