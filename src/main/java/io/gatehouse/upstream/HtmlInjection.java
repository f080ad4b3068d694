package io.gatehouse.upstream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;

/**
 * Inserts a fragment of Gatehouse's HTML into an upstream page just after a marker (by default the end of
 * the {@code <body>} tag), looking only at the start of the page: once the marker is found the rest streams
 * through untouched; if it is not found within {@link #SCAN_LIMIT} bytes the page is left as it was.
 */
final class HtmlInjection {

    static final int SCAN_LIMIT = 256 * 1024;

    private final String marker;
    private final byte[] fragment;

    /** {@code marker} null means "after the opening body tag". */
    HtmlInjection(String marker, String fragment) {
        this.marker = marker;
        this.fragment = fragment.getBytes(StandardCharsets.UTF_8);
    }

    Flux<DataBuffer> apply(Flux<DataBuffer> body, DataBufferFactory factory) {
        Scanner scanner = new Scanner();
        return body.concatMapIterable(buffer -> scanner.accept(buffer, factory))
                .concatWith(Flux.defer(() -> Flux.fromIterable(scanner.finish(factory))));
    }

    /** Collects the start of the page until the marker shows up, then becomes a pass-through. */
    private final class Scanner {

        private final java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        private boolean done;

        List<DataBuffer> accept(DataBuffer buffer, DataBufferFactory factory) {
            if (done) {
                return List.of(buffer);
            }
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            DataBufferUtils.release(buffer);
            head.write(bytes, 0, bytes.length);
            byte[] seen = head.toByteArray();
            int at = insertionPoint(seen);
            if (at < 0 && seen.length < SCAN_LIMIT) {
                return List.of();
            }
            done = true;
            List<DataBuffer> out = new ArrayList<>();
            if (at < 0) {
                out.add(factory.wrap(seen));
            } else {
                out.add(factory.wrap(java.util.Arrays.copyOfRange(seen, 0, at)));
                out.add(factory.wrap(fragment.clone()));
                out.add(factory.wrap(java.util.Arrays.copyOfRange(seen, at, seen.length)));
            }
            return out;
        }

        List<DataBuffer> finish(DataBufferFactory factory) {
            if (done) {
                return List.of();
            }
            done = true;
            return List.of(factory.wrap(head.toByteArray()));
        }

        /** Where the fragment goes, or -1 while the marker has not been seen (whole). */
        private int insertionPoint(byte[] seen) {
            // Markup is ASCII; decoding as Latin-1 keeps byte offsets equal to character offsets.
            String text = new String(seen, StandardCharsets.ISO_8859_1);
            if (marker != null) {
                int index = text.indexOf(marker);
                return index < 0 ? -1 : index + marker.length();
            }
            String lower = text.toLowerCase(Locale.ROOT);
            int body = lower.indexOf("<body");
            while (body >= 0) {
                char next = body + 5 < lower.length() ? lower.charAt(body + 5) : 0;
                if (next == '>' || Character.isWhitespace(next)) {
                    int end = lower.indexOf('>', body);
                    return end < 0 ? -1 : end + 1;
                }
                if (next == 0) {
                    return -1;
                }
                body = lower.indexOf("<body", body + 5);
            }
            return -1;
        }
    }
}
