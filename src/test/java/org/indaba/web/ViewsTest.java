package org.indaba.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.indaba.i18n.Messages;
import org.junit.jupiter.api.Test;

class ViewsTest {

  @Test
  void escapingNeutralisesMarkupAndAttributeBreakouts() {
    assertThat(Views.escapeHtml("<script>alert('x')</script> & \"q\" `b` a=b").toString())
        .isEqualTo(
            "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;q&quot; &#x60;b&#x60; a&#x3D;b");
    assertThat(Views.escapeHtml("plain text, déjà vu, مرحبا").toString())
        .isEqualTo("plain text, déjà vu, مرحبا");
  }

  @Test
  void templatesEscapeValuesButNotTripleStashes() {
    Views views = new Views(Messages.load());
    String html =
        views.render(
            "error",
            Map.of(
                "status",
                400,
                "titleKey",
                "error.title.400",
                "detail",
                "<img src=x onerror=alert(1)>"),
            "en");
    assertThat(html)
        .contains("&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;")
        .doesNotContain("<img");
  }
}
