package io.gatehouse.login;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Whether a request outside the login carries credentials in its query or body. A body is read only where an upstream
 * could read fields from it (a form, multipart, JSON, plain text, or a body without a type), at most
 * {@code maxBody} bytes, and the very same bytes are then forwarded.
 */
public final class CredentialsCheck {

    /** The request to forward (its body replayed from what was read) and what was found. */
    public record Checked(ServerWebExchange exchange, boolean carriesCredentials, boolean tooLarge) {}

    private final Set<String> fields;
    private final int maxBody;

    public CredentialsCheck(Set<String> fieldNames, long maxBody) {
        this.fields = Set.copyOf(fieldNames);
        this.maxBody = (int) Math.min(Integer.MAX_VALUE - 1, maxBody);
    }

    /** Whether the request has a body an upstream could read fields from. */
    public boolean bodyToCheck(ServerHttpRequest request) {
        return hasBody(request) && readable(request.getHeaders().getContentType()) && !unreadableBody(request);
    }

    /**
     * Whether the request has a body Gatehouse cannot read for credentials (another type, or a {@code Content-Encoding}):
     * an upstream may still read a password from it, so on a route that refuses credentials it is refused too.
     */
    public static boolean unreadableBody(ServerHttpRequest request) {
        if (!hasBody(request)) {
            return false;
        }
        HttpHeaders headers = request.getHeaders();
        for (String encoding : headers.getOrEmpty(HttpHeaders.CONTENT_ENCODING)) {
            if (!encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.strip())) {
                return true;
            }
        }
        MediaType type = headers.getContentType();
        return !readable(type) || !asciiCompatible(type);
    }

    /** Every character a field name or separator could be written with, as bytes in US-ASCII. */
    private static final byte[] ASCII_PROBE = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                    + " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
            .getBytes(StandardCharsets.US_ASCII);

    /**
     * Whether the body's declared charset writes ASCII as ASCII (UTF-8, ISO-8859-*, windows-125x): Gatehouse reads
     * field names as such bytes, while a site that decodes the body in, say, UTF-16 or EBCDIC would find fields there
     * that Gatehouse cannot see. An unknown charset counts as not compatible.
     */
    private static boolean asciiCompatible(MediaType type) {
        String charset = type == null ? null : type.getParameter("charset");
        if (charset == null) {
            return true;
        }
        try {
            Charset declared = Charset.forName(charset.strip().replace("\"", ""));
            return new String(ASCII_PROBE, declared).equals(new String(ASCII_PROBE, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean hasBody(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    private static boolean readable(MediaType type) {
        return type == null
                || type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)
                || type.isCompatibleWith(MediaType.MULTIPART_FORM_DATA)
                || type.isCompatibleWith(MediaType.TEXT_PLAIN)
                || "json".equalsIgnoreCase(type.getSubtype())
                || type.getSubtype().toLowerCase(java.util.Locale.ROOT).endsWith("+json");
    }

    /** A body read whole (bounded), and the exchange that forwards the very same bytes. */
    public record Read(ServerWebExchange exchange, byte[] body, boolean tooLarge) {}

    /** Reads the body, whatever its type, at most {@code maxBody} bytes; an empty body when there is none. */
    public Mono<Read> readAll(ServerWebExchange exchange) {
        return bytesOf(exchange.getRequest(), maxBody)
                .map(bytes -> new Read(replaying(exchange, bytes), bytes, false))
                .onErrorResume(DataBufferLimitException.class, e -> Mono.just(new Read(exchange, new byte[0], true)));
    }

    /** Reads the body (bounded), looks for credential fields, and gives back an exchange that forwards the same bytes. */
    public Mono<Checked> read(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        return readAll(exchange)
                .map(read -> read.tooLarge()
                        ? new Checked(exchange, false, true)
                        : new Checked(
                                read.exchange(), LoginFieldReader.carriesField(request, read.body(), fields), false));
    }

    /** The whole body of {@code request}, at most {@code limit} bytes (else a {@link DataBufferLimitException}). */
    public static Mono<byte[]> bytesOf(ServerHttpRequest request, int limit) {
        return DataBufferUtils.join(request.getBody(), limit)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0]);
    }

    /** The exchange with a request whose body is {@code bytes}, as often as it is read. */
    public static ServerWebExchange replaying(ServerWebExchange exchange, byte[] bytes) {
        ServerHttpRequest replay = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(
                        () -> Flux.just(exchange.getResponse().bufferFactory().wrap(bytes)));
            }
        };
        return exchange.mutate().request(replay).build();
    }
}
