package org.indaba.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class RenderedPageTest {
  private static final String MARK = "csrfPLACEHOLDER";

  private static String gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String longPage(String between) {
    StringBuilder sb = new StringBuilder("<!doctype html><p>début ");
    for (int i = 0; i < 3000; i++) {
      sb.append("<article class=\"card\">Contribution ").append(i).append(" · مرحبا</article>");
      if (i % 1000 == 0) {
        sb.append(between);
      }
    }
    return sb.append("</html>").toString();
  }

  @Test
  void theCompressedPageHoldsEachReadersTokenWhereThePlaceholderWas() throws IOException {
    String html = MARK + longPage("<input name=\"_csrf\" value=\"" + MARK + "\">") + MARK;
    RenderedPage page = RenderedPage.of(html, MARK);
    assertThat(page.needsToken()).isTrue();
    for (String token :
        new String[] {"abc-DEF_123", "another-token-of-43-characters-xxxxxxxxxxxx"}) {
      String expected = html.replace(MARK, token);
      assertThat(new String(page.plain(token), StandardCharsets.UTF_8)).isEqualTo(expected);
      assertThat(gunzip(page.gzip(token))).isEqualTo(expected);
    }
  }

  @Test
  void aPageWithoutFormsIsCompressedOnceAndHasOneValidatorPerForm() throws IOException {
    String html = longPage("");
    RenderedPage page = RenderedPage.of(html, MARK);
    assertThat(page.needsToken()).isFalse();
    assertThat(page.gzip("")).isSameAs(page.gzip(""));
    assertThat(gunzip(page.gzip(""))).isEqualTo(html);
    assertThat(page.gzip("").length).isLessThan(html.length() / 10);
    assertThat(page.etag(true)).isNotEqualTo(page.etag(false));
    assertThat(page.matches(page.etag(false))).isTrue();
    assertThat(page.matches("\"other\", " + page.etag(true))).isTrue();
    assertThat(page.matches("W/" + page.etag(false))).isTrue();
    assertThat(page.matches("\"other\"")).isFalse();
    assertThat(RenderedPage.of(html + ".", MARK).etag(false)).isNotEqualTo(page.etag(false));
  }

  @Test
  void gzipIsAcceptedOnlyWhenTheClientAllowsIt() {
    assertThat(WebServer.acceptsGzip("gzip, deflate, br")).isTrue();
    assertThat(WebServer.acceptsGzip("br;q=1.0, gzip;q=0.8")).isTrue();
    assertThat(WebServer.acceptsGzip("gzip;q=0")).isFalse();
    assertThat(WebServer.acceptsGzip("identity")).isFalse();
    assertThat(WebServer.acceptsGzip(null)).isFalse();
  }
}
