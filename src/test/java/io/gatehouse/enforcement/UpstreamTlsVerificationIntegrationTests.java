package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.GatehouseApplication;
import io.gatehouse.support.TestBrowser;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

/**
 * An {@code https} upstream with a self-signed certificate (made with the JDK's {@code keytool}): Gatehouse refuses
 * it with 502, the request never reaching the upstream's handler, unless the certificate is listed in
 * {@code gatehouse.upstream.trusted-certificates}.
 */
class UpstreamTlsVerificationIntegrationTests {

    static final AtomicInteger served = new AtomicInteger();
    static Path certificate;
    static DisposableServer upstream;
    static ConfigurableApplicationContext trustingJvmOnly;
    static ConfigurableApplicationContext trustingTheCertificate;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("gatehouse-upstream-tls");
        Path keyStore = dir.resolve("upstream.p12");
        certificate = dir.resolve("upstream.pem");
        TlsTerminationIntegrationTests.keytool(
                "-genkeypair",
                "-alias",
                "upstream",
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
                "upstream",
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
        PrivateKey key = (PrivateKey) store.getKey("upstream", "changeit".toCharArray());
        X509Certificate cert = (X509Certificate) store.getCertificate("upstream");
        upstream = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .secure(ssl -> ssl.sslContext(Http11SslContextSpec.forServer(key, cert)))
                .route(routes -> routes.get("/public/page", (request, response) -> {
                    served.incrementAndGet();
                    return response.sendString(reactor.core.publisher.Mono.just("served over TLS"));
                }))
                .bindNow();
        trustingJvmOnly = gateway();
        trustingTheCertificate = gateway("--gatehouse.upstream.trusted-certificates[0]=" + certificate);
    }

    @AfterAll
    static void stop() {
        trustingJvmOnly.close();
        trustingTheCertificate.close();
        upstream.disposeNow();
    }

    private static ConfigurableApplicationContext gateway(String... extra) {
        java.util.List<String> arguments = new java.util.ArrayList<>(java.util.List.of(
                "--gatehouse.config=src/test/resources/gatehouse-test.yml",
                "--gatehouse.upstream.url=https://127.0.0.1:" + upstream.port(),
                "--gatehouse.policy.default=bypass"));
        arguments.addAll(java.util.List.of(extra));
        return new SpringApplicationBuilder(
                        GatehouseApplication.class, io.gatehouse.support.IsolatedReactorResources.class)
                .run(arguments.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @BeforeEach
    void reset() {
        served.set(0);
    }

    @Test
    void requestWhenUpstreamCertificateSelfSignedAndNotConfiguredThenBadGatewayAndNothingServed() {
        TestBrowser.Page page = new TestBrowser(port(trustingJvmOnly)).get("/public/page");

        assertThat(page.status()).isEqualTo(502);
        assertThat(page.body()).doesNotContain("served over TLS");
        assertThat(served).hasValue(0);
    }

    @Test
    void requestWhenUpstreamCertificateConfiguredAsTrustedThenServed() {
        TestBrowser.Page page = new TestBrowser(port(trustingTheCertificate)).get("/public/page");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("served over TLS");
        assertThat(served).hasValue(1);
    }
}
