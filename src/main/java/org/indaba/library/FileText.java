package org.indaba.library;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The words of an uploaded file, for search: PDF through PDFBox, plain text as UTF-8 (else
 * Latin-1). Other types, and files that cannot be read, give null: the file is kept, only its text
 * is not searchable.
 */
final class FileText {
  private static final Logger log = LoggerFactory.getLogger(FileText.class);

  /** Enough for any paper; a longer text is cut rather than bloating the index. */
  static final int MAX_CHARS = 500_000;

  /** Pages read from a PDF: bounds the work an uploaded file can cause. */
  static final int MAX_PAGES = 300;

  private FileText() {}

  static String extract(String contentType, byte[] bytes) {
    String text =
        switch (contentType) {
          case "application/pdf" -> pdf(bytes);
          case "text/plain" -> plain(bytes);
          default -> null;
        };
    if (text == null) {
      return null;
    }
    text = text.replace('\u0000', ' ').strip();
    if (text.isEmpty()) {
      return null;
    }
    return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
  }

  private static String pdf(byte[] bytes) {
    try (PDDocument doc = Loader.loadPDF(bytes)) {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setEndPage(Math.min(doc.getNumberOfPages(), MAX_PAGES));
      return stripper.getText(doc);
    } catch (IOException | RuntimeException e) {
      // a damaged or encrypted PDF is still a file people may download
      log.info("No text read from an uploaded PDF: {}", e.toString());
      return null;
    }
  }

  private static String plain(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }
}
