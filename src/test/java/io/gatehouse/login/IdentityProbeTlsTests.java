package io.gatehouse.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.config.GatehousePropertiesLoader;
import io.gatehouse.enforcement.TlsTerminationIntegrationTests;
import io.gatehouse.metrics.GatehouseMetrics;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

/**
 * The identity probe to an {@code https} upstream with a self-signed certificate: refused unless the certificate is
 * in {@code gatehouse.upstream.trusted-certificates}, the same trust the proxied requests use.
 */
class IdentityProbeTlsTests {

    static Path certificate;
    static DisposableServer site;
    static final AtomicReference<String> receivedCookie = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("gatehouse-probe-tls");
        Path keyStore = dir.resolve("site.p12");
        certificate = dir.resolve("site.pem");
        TlsTerminationIntegrationTests.keytool(
                "-genkeypair",
                "-alias",
                "site",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                "CN=legacy.internal",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-keystore",
                keyStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit");
        TlsTerminationIntegrationTests.keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "site",
                "-file",
                certificate.toString(),
                "-keystore",
                keyStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey("site", "changeit".toCharArray());
        X509Certificate cert = (X509Certificate) store.getCertificate("site");
        site = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .secure(ssl -> ssl.sslContext(Http11SslContextSpec.forServer(key, cert)))
                .route(routes -> routes.get("/api/me", (request, response) -> {
                    receivedCookie.set(request.requestHeaders().get("Cookie"));
                    return response.header("Content-Type", "application/json")
                            .sendString(Mono.just("{\"email\":\"alice@example.org\"}"));
                }))
                .bindNow();
    }

    @AfterAll
    static void stop() {
        site.disposeNow();
    }

    @Test
    void whoIsWhenCertificateTrustedThenSignedIn() {
        ProbeResult result = probe("--trusted").whoIs(Map.of("SESSID", "abc")).block(Duration.ofSeconds(15));

        assertThat(result).isEqualTo(new ProbeResult.SignedIn("alice@example.org"));
        assertThat(receivedCookie.get()).isEqualTo("SESSID=abc");
    }

    @Test
    void whoIsWhenCertificateNotTrustedThenFailed() {
        ProbeResult result = probe("--jvm-only").whoIs(Map.of("SESSID", "abc")).block(Duration.ofSeconds(15));

        assertThat(result).isInstanceOf(ProbeResult.Failed.class);
        assertThat(((ProbeResult.Failed) result).reason()).contains("cannot reach");
    }

    private static IdentityProbe probe(String trust) {
        Map<String, Object> all = new HashMap<>(Map.of(
                "gatehouse.upstream.url",
                "https://127.0.0.1:" + site.port(),
                "gatehouse.redis.embedded",
                "true",
                "gatehouse.upstream.identity.path",
                "/api/me",
                "gatehouse.upstream.identity.json-pointer",
                "/email",
                "gatehouse.upstream.identity.timeout",
                "10s"));
        if (trust.equals("--trusted")) {
            all.put("gatehouse.upstream.trusted-certificates[0]", certificate.toString());
        }
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", all));
        GatehouseProperties properties = GatehousePropertiesLoader.load(environment);
        return IdentityProbe.of(properties.upstream(), GatehouseMetrics.none());
    }
}
