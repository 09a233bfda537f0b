package org.indaba.i18n;

import java.util.Optional;

/**
 * An optional machine-translation service. Its output is only ever a draft: it is stored marked as
 * machine-drafted and labelled as such wherever it is shown.
 */
public interface MachineTranslator {
  /** Translates plain text or Markdown; empty when the service is off or failed. */
  Optional<String> translate(String text, String sourceLanguage, String targetLanguage);

  boolean enabled();

  /** The default: no service configured. */
  MachineTranslator OFF =
      new MachineTranslator() {
        @Override
        public Optional<String> translate(
            String text, String sourceLanguage, String targetLanguage) {
          return Optional.empty();
        }

        @Override
        public boolean enabled() {
          return false;
        }
      };
}
