package io.gatehouse.login;

import io.gatehouse.config.IdentityProperties;
import io.gatehouse.config.UpstreamProperties;
import io.gatehouse.metrics.GatehouseMetrics;
import io.gatehouse.proxy.UpstreamTrustCustomizer;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the upstream whom a session belongs to ({@code gatehouse.upstream.identity}): the configured request, sent to
 * the upstream's origin with only the given cookies, off the browser's path, bounded in time and size, redirects not
 * followed, its answer never shown or logged. Without that setting {@link #none()} stands in: not
 * {@link #configured()}, and every probe {@link ProbeResult.Failed fails}, so a caller that forgets to check fails
 * closed.
 */
public final class IdentityProbe {

    private static final Logger log = LoggerFactory.getLogger(IdentityProbe.class);

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final String USER_AGENT = "Gatehouse-identity-probe";

    private final IdentityProperties settings;
    private final URI target;
    private final WebClient client;
    private final UsernameRules rules;
    private final GatehouseMetrics metrics;
    private final Pattern pattern;
    private final JsonPointer pointer;
    private final int maxBody;

    IdentityProbe(
            IdentityProperties settings,
            String origin,
            HttpClient httpClient,
            UsernameRules rules,
            GatehouseMetrics metrics) {
        this.settings = settings;
        this.target = URI.create(origin + settings.path());
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(httpClient))
                .build();
        this.rules = rules;
        this.metrics = metrics;
        this.pattern = settings.compiledPattern();
        this.pointer = settings.jsonPointer() == null ? null : JsonPointer.compile(settings.jsonPointer());
        this.maxBody = Math.toIntExact(settings.maxBody().toBytes());
    }

    private IdentityProbe() {
        this.settings = null;
        this.target = null;
        this.client = null;
        this.rules = null;
        this.metrics = null;
        this.pattern = null;
        this.pointer = null;
        this.maxBody = 0;
    }

    /** The probe for {@code gatehouse.upstream.identity}, or {@link #none()} when it is not set. */
    public static IdentityProbe of(UpstreamProperties upstream, GatehouseMetrics metrics) {
        IdentityProperties identity = upstream.identity();
        if (identity == null) {
            return none();
        }
        HttpClient client = httpClient(upstream, identity);
        // Event loops, native transport and TLS set up now, not within the first sign-in's probe timeout.
        client.warmup().onErrorResume(error -> Mono.empty()).subscribe();
        return new IdentityProbe(identity, upstream.origin(), client, UsernameRules.of(upstream), metrics);
    }

    /** The stand-in when no probe is configured: {@link #whoIs(Map)} always answers {@link ProbeResult.Failed}. */
    public static IdentityProbe none() {
        return new IdentityProbe();
    }

    /**
     * The client for probes: the upstream's trusted certificates, its connect timeout (capped by the probe's), no
     * redirects, no compression, and a new connection per probe. Sign-ins are rare, and a pooled connection that
     * the upstream closed while idle would fail a sign-in.
     */
    static HttpClient httpClient(UpstreamProperties upstream, IdentityProperties identity) {
        long connectMillis = Math.min(
                upstream.connectTimeout().toMillis(), identity.timeout().toMillis());
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection())
                .followRedirect(false)
                .compress(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(connectMillis))
                .responseTimeout(identity.timeout());
        return UpstreamTrustCustomizer.forCertificates(upstream.trustedCertificates())
                .customize(client);
    }

    /** Whether {@code gatehouse.upstream.identity} is set, so that probes can answer at all. */
    public boolean configured() {
        return settings != null;
    }

    /**
     * Asks the upstream whom the session of {@code upstreamCookies} (name to value, sent in this order as the only
     * {@code Cookie} header, with no header of the browser's) belongs to. Never errors: every failure is a
     * {@link ProbeResult.Failed}.
     */
    public Mono<ProbeResult> whoIs(Map<String, String> upstreamCookies) {
        if (!configured()) {
            return Mono.just(new ProbeResult.Failed("no identity probe configured"));
        }
        return probe(upstreamCookies).doOnNext(this::record);
    }

    private Mono<ProbeResult> probe(Map<String, String> cookies) {
        if (cookies.isEmpty()) {
            return Mono.just(new ProbeResult.NotSignedIn("no session cookie to ask about"));
        }
        Optional<String> cookieHeader = cookieHeader(cookies);
        if (cookieHeader.isEmpty()) {
            return Mono.just(new ProbeResult.Failed("a session cookie that cannot be sent in a Cookie header"));
        }
        Duration timeout = settings.timeout();
        return client.method(HttpMethod.valueOf(settings.method()))
                .uri(target)
                .headers(headers -> {
                    headers.set(HttpHeaders.COOKIE, cookieHeader.get());
                    headers.set(HttpHeaders.USER_AGENT, USER_AGENT);
                    headers.set(
                            HttpHeaders.ACCEPT,
                            pointer != null ? "application/json" : "text/html, application/xhtml+xml, */*;q=0.5");
                })
                .exchangeToMono(this::answer)
                .timeout(timeout)
                .onErrorResume(error -> Mono.just(failure(error, timeout)));
    }

    private Mono<ProbeResult> answer(ClientResponse response) {
        int status = response.statusCode().value();
        if (response.statusCode().is3xxRedirection()) {
            return response.releaseBody().thenReturn(new ProbeResult.NotSignedIn("a redirect (" + status + ")"));
        }
        if (!settings.status().contains(status)) {
            return response.releaseBody().thenReturn(new ProbeResult.NotSignedIn("status " + status));
        }
        if (response.headers().contentLength().orElse(0) > maxBody) {
            return response.releaseBody().thenReturn(tooLarge());
        }
        Optional<MediaType> type = response.headers().contentType();
        Mono<DataBuffer> body = DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), maxBody);
        return body.map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0])
                .map(bytes -> extract(bytes, type));
    }

    /** The user named in a signed-in answer. */
    ProbeResult extract(byte[] body, Optional<MediaType> type) {
        Set<String> users = new LinkedHashSet<>();
        if (pointer != null) {
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (JacksonException e) {
                return new ProbeResult.Failed("an answer that is not valid JSON");
            }
            if (root == null || root.isMissingNode()) {
                return new ProbeResult.Failed("an empty answer where JSON was expected");
            }
            JsonNode node = root.at(pointer);
            if (node.isMissingNode() || node.isNull()) {
                return new ProbeResult.NotSignedIn("no user at " + settings.jsonPointer());
            }
            if (!node.isString() && !node.isNumber()) {
                return new ProbeResult.Failed(
                        settings.jsonPointer() + " names a JSON " + node.getNodeType() + ", not a user");
            }
            users.add(node.asString());
        } else {
            boolean html = type.map(t -> t.isCompatibleWith(MediaType.TEXT_HTML)
                            || t.isCompatibleWith(MediaType.APPLICATION_XHTML_XML))
                    .orElse(true);
            Matcher matcher = pattern.matcher(new String(body, charset(type)));
            while (matcher.find() && users.size() < 2) {
                String user = settings.namedUserGroup() ? matcher.group("user") : matcher.group(1);
                if (user != null) {
                    users.add(canonicalOrRaw(html ? HtmlUtils.htmlUnescape(user) : user));
                }
            }
        }
        users.removeIf(String::isBlank);
        if (users.isEmpty()) {
            return new ProbeResult.NotSignedIn("no user in the answer");
        }
        if (users.size() > 1) {
            // A page that also shows text others control (a display name, a message) could otherwise name anyone.
            return new ProbeResult.Failed("the pattern matched more than one user");
        }
        String user = users.iterator().next();
        return rules.canonical(user)
                .<ProbeResult>map(ProbeResult.SignedIn::new)
                .orElseGet(() -> new ProbeResult.Failed("a user the username rules refuse"));
    }

    private String canonicalOrRaw(String user) {
        return rules.canonical(user).orElse(user);
    }

    private ProbeResult failure(Throwable error, Duration timeout) {
        if (error instanceof TimeoutException
                || error instanceof WebClientRequestException && isTimeout(error.getCause())) {
            return new ProbeResult.Failed("no answer within " + timeout.toMillis() + "ms");
        }
        if (error instanceof DataBufferLimitException) {
            return tooLarge();
        }
        if (error instanceof WebClientRequestException) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            return new ProbeResult.Failed(
                    "cannot reach the upstream (" + cause.getClass().getSimpleName() + ")");
        }
        return new ProbeResult.Failed("the probe failed (" + error.getClass().getSimpleName() + ")");
    }

    private static boolean isTimeout(Throwable cause) {
        return cause != null
                && (cause instanceof TimeoutException
                        || cause.getClass().getSimpleName().contains("Timeout"));
    }

    private ProbeResult tooLarge() {
        return new ProbeResult.Failed("an answer longer than max-body (" + maxBody + " bytes)");
    }

    private void record(ProbeResult result) {
        metrics.identityProbe(result.outcome());
        if (result instanceof ProbeResult.Failed failed) {
            log.warn("Identity probe {} {} failed: {}", settings.method(), settings.path(), failed.reason());
        } else if (log.isDebugEnabled()) {
            log.debug("Identity probe {} {}: {}", settings.method(), settings.path(), result.outcome());
        }
    }

    /** {@code a=1; b=2}; empty if a name or value would break the header or smuggle another cookie. */
    private static Optional<String> cookieHeader(Map<String, String> cookies) {
        StringBuilder header = new StringBuilder();
        for (Map.Entry<String, String> cookie : cookies.entrySet()) {
            String name = cookie.getKey();
            String value = cookie.getValue() == null ? "" : cookie.getValue();
            if (name == null || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+") || !sendable(value)) {
                return Optional.empty();
            }
            if (header.length() > 0) {
                header.append("; ");
            }
            header.append(name).append('=').append(value);
        }
        return Optional.of(header.toString());
    }

    private static boolean sendable(String value) {
        return value.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == ';' || c > 0xff);
    }

    private static Charset charset(Optional<MediaType> type) {
        try {
            return type.map(MediaType::getCharset).orElse(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
