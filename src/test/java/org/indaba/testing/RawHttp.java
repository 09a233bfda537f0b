package org.indaba.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, sending the request target byte for byte as given (no
 * normalisation, no encoding), as {@code curl --path-as-is} does. One request per connection.
 */
public final class RawHttp {
  private RawHttp() {}

  public record Response(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  public static Response get(int port, String target, Map<String, String> headers) {
    return send(port, "GET", target, headers, null);
  }

  public static Response send(
      int port, String method, String target, Map<String, String> headers, String formBody) {
    return send(null, port, method, target, headers, formBody);
  }

  /** As {@link #send(int, String, String, Map, String)}, from a chosen local address. */
  public static Response send(
      String fromAddress,
      int port,
      String method,
      String target,
      Map<String, String> headers,
      String formBody) {
    StringBuilder req = new StringBuilder();
    req.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    req.append("Host: localhost:").append(port).append("\r\n");
    req.append("Connection: close\r\n");
    headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
    byte[] body = formBody == null ? new byte[0] : formBody.getBytes(StandardCharsets.UTF_8);
    if (formBody != null) {
      req.append("Content-Type: application/x-www-form-urlencoded\r\n");
      req.append("Content-Length: ").append(body.length).append("\r\n");
    }
    req.append("\r\n");
    try (Socket s = new Socket()) {
      if (fromAddress != null) {
        s.bind(new java.net.InetSocketAddress(fromAddress, 0));
      }
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return read(s.getInputStream());
    } catch (SocketTimeoutException e) {
      throw new IllegalStateException("no response to " + method + " " + target, e);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    String text = all.toString(StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("no complete response: '" + text + "'");
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> h = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        h.merge(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim(),
            (a, b) -> a + ", " + b);
      }
    }
    String body = text.substring(end + 4);
    if ("chunked".equalsIgnoreCase(h.get("transfer-encoding"))) {
      body = unchunk(body);
    }
    return new Response(status, h, body);
  }

  private static String unchunk(String body) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      int nl = body.indexOf("\r\n", i);
      if (nl < 0) {
        break;
      }
      int size = Integer.parseInt(body.substring(i, nl).trim().split(";")[0], 16);
      if (size == 0) {
        break;
      }
      out.append(body, nl + 2, Math.min(body.length(), nl + 2 + size));
      i = nl + 2 + size + 2;
    }
    return out.toString();
  }
}
