package org.indaba.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A plain SMTP client over a socket, so tests see every reply code the server gives. */
public final class SmtpClient implements AutoCloseable {
  private final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;

  public SmtpClient(int port) throws IOException {
    this("localhost", port);
  }

  /** A client connecting to {@code host} (an address of this machine other than loopback). */
  public SmtpClient(String host, int port) throws IOException {
    socket = new Socket(host, port);
    socket.setSoTimeout(60_000);
    in =
        new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    out = socket.getOutputStream();
    expect(reply(), 220);
    command("EHLO tests.example");
  }

  /** What the server answered to one message. */
  public record Outcome(int mailFrom, List<Integer> rcpt, int data, String dataReply) {
    public boolean accepted() {
      return data == 250;
    }
  }

  /** Sends one message; DATA is only attempted when a recipient was accepted. */
  public static Outcome send(int port, String from, List<String> to, byte[] message)
      throws IOException {
    try (SmtpClient c = new SmtpClient(port)) {
      return c.transaction(from, to, message);
    }
  }

  public static Outcome send(int port, String from, String to, byte[] message) throws IOException {
    return send(port, from, List.of(to), message);
  }

  public Outcome transaction(String from, List<String> to, byte[] message) throws IOException {
    int mail = code(command("MAIL FROM:<" + from + ">"));
    List<Integer> rcpt = new ArrayList<>();
    for (String t : to) {
      rcpt.add(code(command("RCPT TO:<" + t + ">")));
    }
    if (rcpt.stream().noneMatch(c -> c == 250)) {
      command("RSET");
      return new Outcome(mail, rcpt, 0, "");
    }
    int go = code(command("DATA"));
    if (go != 354) {
      return new Outcome(mail, rcpt, go, "");
    }
    out.write(dotStuff(message));
    out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String r = reply();
    return new Outcome(mail, rcpt, code(r), r);
  }

  private static byte[] dotStuff(byte[] message) {
    String s =
        new String(message, StandardCharsets.ISO_8859_1)
            .replace("\r\n", "\n")
            .replace("\n", "\r\n");
    if (!s.endsWith("\r\n")) {
      s += "\r\n";
    }
    StringBuilder b = new StringBuilder();
    for (String line : s.split("\r\n", -1)) {
      b.append(line.startsWith(".") ? "." + line : line).append("\r\n");
    }
    b.setLength(b.length() - 2);
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  public String command(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return reply();
  }

  private String reply() throws IOException {
    StringBuilder all = new StringBuilder();
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new IOException("connection closed");
      }
      all.append(line).append('\n');
    } while (line.length() > 3 && line.charAt(3) == '-');
    return all.toString();
  }

  private static int code(String reply) {
    return Integer.parseInt(reply.substring(0, 3));
  }

  private static void expect(String reply, int code) throws IOException {
    if (code(reply) != code) {
      throw new IOException("unexpected reply " + reply);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      command("QUIT");
    } catch (IOException e) {
      // the server may already have gone
    }
    socket.close();
  }
}
