package io.gatehouse.enforcement;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;

/**
 * Inserts fragments of Gatehouse's HTML into an upstream page, each just after its marker (by default the end of
 * the {@code <body>} tag), looking only at the start of the page: once every marker is found the rest streams
 * through untouched; a marker not found within {@link #SCAN_LIMIT} bytes (or before the page ends) is skipped, and
 * its fragment with it. Only the first occurrence of a marker counts, so each fragment appears at most once.
 */
final class HtmlInjection {

    static final int SCAN_LIMIT = 256 * 1024;

    /** One fragment and where it goes; {@code marker} null means "after the opening body tag". */
    record Insertion(String marker, String fragment) {}

    private final List<Insertion> insertions;

    HtmlInjection(List<Insertion> insertions) {
        if (insertions.isEmpty()) {
            throw new IllegalArgumentException("nothing to insert");
        }
        this.insertions = List.copyOf(insertions);
    }

    /** {@code marker} null means "after the opening body tag". */
    HtmlInjection(String marker, String fragment) {
        this(List.of(new Insertion(marker, fragment)));
    }

    Flux<DataBuffer> apply(Flux<DataBuffer> body, DataBufferFactory factory) {
        Scanner scanner = new Scanner();
        return body.concatMapIterable(buffer -> scanner.accept(buffer, factory))
                .concatWith(Flux.defer(() -> Flux.fromIterable(scanner.finish(factory))));
    }

    /** Collects the start of the page until every marker shows up, then becomes a pass-through. */
    private final class Scanner {

        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
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
            int[] points = insertionPoints(seen);
            if (Arrays.stream(points).anyMatch(point -> point < 0) && seen.length < SCAN_LIMIT) {
                return List.of();
            }
            return emit(seen, points, factory);
        }

        List<DataBuffer> finish(DataBufferFactory factory) {
            if (done) {
                return List.of();
            }
            byte[] seen = head.toByteArray();
            return emit(seen, insertionPoints(seen), factory);
        }

        /** The page so far with every found fragment in place, in page order (ties in the order given). */
        private List<DataBuffer> emit(byte[] seen, int[] points, DataBufferFactory factory) {
            done = true;
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < points.length; i++) {
                if (points[i] >= 0) {
                    order.add(i);
                }
            }
            order.sort(Comparator.comparingInt(i -> points[i]));
            List<DataBuffer> out = new ArrayList<>();
            int from = 0;
            for (int i : order) {
                out.add(factory.wrap(Arrays.copyOfRange(seen, from, points[i])));
                out.add(factory.wrap(insertions.get(i).fragment().getBytes(StandardCharsets.UTF_8)));
                from = points[i];
            }
            out.add(factory.wrap(Arrays.copyOfRange(seen, from, seen.length)));
            return out;
        }

        private int[] insertionPoints(byte[] seen) {
            // Markup is ASCII; decoding as Latin-1 keeps byte offsets equal to character offsets.
            String text = new String(seen, StandardCharsets.ISO_8859_1);
            int[] points = new int[insertions.size()];
            for (int i = 0; i < points.length; i++) {
                points[i] = insertionPoint(text, insertions.get(i).marker());
            }
            return points;
        }

        /** Where a fragment goes, or -1 while its marker has not been seen (whole). */
        private int insertionPoint(String text, String marker) {
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
