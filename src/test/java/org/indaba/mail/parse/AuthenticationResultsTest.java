package org.indaba.mail.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthenticationResultsTest {

  private static final String OUR_HOST = "mx.indaba.example";

  @Test
  void reportsDmarcFailureFromTrustedHost() {
    assertThat(
            AuthenticationResults.dmarcFailed(
                Fixtures.parse("dmarc_fail_trusted_host.eml"), OUR_HOST))
        .isTrue();
  }

  @Test
  void matchesTrustedHostCaseInsensitively() {
    assertThat(
            AuthenticationResults.dmarcFailed(
                Fixtures.parse("dmarc_fail_trusted_host.eml"), "MX.Indaba.Example"))
        .isTrue();
  }

  @Test
  void ignoresDmarcFailureFromOtherHosts() {
    assertThat(
            AuthenticationResults.dmarcFailed(
                Fixtures.parse("dmarc_fail_untrusted_host.eml"), OUR_HOST))
        .isFalse();
  }

  @Test
  void ignoresAllResultsWhenNoHostIsTrusted() {
    assertThat(AuthenticationResults.dmarcFailed(Fixtures.parse("dmarc_fail_trusted_host.eml"), ""))
        .isFalse();
  }

  @Test
  void ignoresMethodNamesInsideComments() {
    AuthenticationResults.Field field =
        AuthenticationResults.parse(
            "mx.indaba.example 1; spf=pass (sender said dmarc=fail; odd) smtp.mailfrom=a.example;"
                + " dmarc/1=FAIL header.from=a.example");

    assertThat(field.authservId()).isEqualTo("mx.indaba.example");
    assertThat(field.statements())
        .containsExactly(
            new AuthenticationResults.Statement("spf", "pass"),
            new AuthenticationResults.Statement("dmarc", "fail"));
  }
}
