package io.gatehouse.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends bytes exactly as written over a plain socket to the loopback address and returns what came back.
 * Ordinary HTTP clients normalise precisely what attack tests need to send (dot segments, encodings, header
 * framing), so attack tests use this instead.
 */
public final class RawHttp {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");

    private RawHttp() {}

    /** Writes {@code request} (ISO-8859-1, so every char is one byte) and reads until the server closes or goes quiet. */
    public static Response send(int port, String request) {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static Response send(int port, byte[] request) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            // Patient for the first byte (the first forward opens the upstream pool), brief once answers flow.
            socket.setSoTimeout(8000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, n);
                    socket.setSoTimeout(1500);
                }
            } catch (SocketTimeoutException quiet) {
                // A kept-alive connection that has said all it will say.
            } catch (IOException reset) {
                // A server that resets the connection after refusing has answered too.
            }
            return new Response(received.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request line and headers, CRLF-terminated, ending the connection after one answer. */
    public static String request(String requestLine, String... headerLines) {
        StringBuilder out = new StringBuilder(requestLine).append("\r\n");
        boolean host = false;
        for (String header : headerLines) {
            host |= header.regionMatches(true, 0, "Host:", 0, 5);
            out.append(header).append("\r\n");
        }
        if (!host) {
            out.append("Host: localhost\r\n");
        }
        return out.append("Connection: close\r\n\r\n").toString();
    }

    /** Everything the server sent on the connection (possibly several pipelined answers). */
    public record Response(String raw) {

        /** The status of the first answer, or -1 when the server closed without answering. */
        public int status() {
            List<Integer> all = statuses();
            return all.isEmpty() ? -1 : all.get(0);
        }

        /** The status of every answer on the connection, in order. */
        public List<Integer> statuses() {
            List<Integer> statuses = new ArrayList<>();
            Matcher matcher = STATUS_LINE.matcher(raw);
            while (matcher.find()) {
                statuses.add(Integer.parseInt(matcher.group(1)));
            }
            return statuses;
        }

        public boolean isSuccess() {
            int status = status();
            return status >= 200 && status < 300;
        }

        /** The value of the first header named {@code name} in the first answer, or null. */
        public String header(String name) {
            Matcher matcher = Pattern.compile("(?mi)^" + Pattern.quote(name) + ":\\s*(.*?)\\r?$")
                    .matcher(head());
            return matcher.find() ? matcher.group(1) : null;
        }

        /** Every value of the header {@code name} in the first answer. */
        public List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            Matcher matcher = Pattern.compile("(?mi)^" + Pattern.quote(name) + ":\\s*(.*?)\\r?$")
                    .matcher(head());
            while (matcher.find()) {
                values.add(matcher.group(1));
            }
            return values;
        }

        private String head() {
            int end = raw.indexOf("\r\n\r\n");
            return end < 0 ? raw : raw.substring(0, end);
        }
    }
}
