package org.indaba.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void defaultsApplyWhenNothingIsSet() {
    Config c = Config.fromEnv(Map.of());
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.smtpPort()).isEqualTo(2525);
    assertThat(c.baseUrl()).isEqualTo("http://localhost:8080");
    assertThat(c.mailDomain()).isEqualTo("localhost");
    assertThat(c.mailRelay()).isEmpty();
    assertThat(c.databaseUrl()).isEmpty();
    assertThat(c.dataDir().toString()).endsWith("data");
  }

  @Test
  void aBadValueStopsStartUpNamingTheVariable() {
    assertThatThrownBy(() -> Config.fromEnv(Map.of("INDABA_HTTP_PORT", "eighty")))
        .isInstanceOf(Config.Invalid.class)
        .hasMessageContaining("INDABA_HTTP_PORT");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("INDABA_MAIL_RELAY", "smtp.example.org")))
        .hasMessageContaining("INDABA_MAIL_RELAY");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("INDABA_BASE_URL", "ftp://x")))
        .hasMessageContaining("INDABA_BASE_URL");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("INDABA_DATABASE_URL", "postgres://x")))
        .hasMessageContaining("INDABA_DATABASE_URL");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("INDABA_MAIL_DOMAIN", "not a domain")))
        .hasMessageContaining("INDABA_MAIL_DOMAIN");
  }

  @Test
  void allBadValuesAreReportedTogether() {
    assertThatThrownBy(
            () -> Config.fromEnv(Map.of("INDABA_HTTP_PORT", "-1", "INDABA_SMTP_PORT", "99999")))
        .hasMessageContaining("INDABA_HTTP_PORT")
        .hasMessageContaining("INDABA_SMTP_PORT");
  }

  @Test
  void aRelayIsReadAsHostAndPort() {
    Config c = Config.fromEnv(Map.of("INDABA_MAIL_RELAY", "mail.example.org:587"));
    assertThat(c.mailRelay()).contains(new Config.HostPort("mail.example.org", 587));
  }
}
