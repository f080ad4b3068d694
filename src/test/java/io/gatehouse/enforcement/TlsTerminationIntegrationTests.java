package io.gatehouse.enforcement;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.support.LegacySiteUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * TLS termination by Spring Boot's own settings ({@code server.ssl.*}, {@code server.http2.enabled}) with a
 * self-signed certificate the test makes with the JDK's {@code keytool}: HTTP/1.1 and HTTP/2 work, and Gatehouse's
 * session cookie becomes {@code __Host-gatehouse_session}, Secure, host-only, path {@code /}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gatehouse.config=src/test/resources/gatehouse-test.yml",
            "gatehouse.policy.rules[0].paths=/public/**",
            "gatehouse.policy.rules[0].policy=bypass",
            "server.http2.enabled=true",
            "server.ssl.enabled=true",
            "server.ssl.key-store-type=PKCS12",
            "server.ssl.key-store-password=changeit",
            "server.ssl.key-alias=gatehouse"
        })
public class TlsTerminationIntegrationTests {

    @RegisterExtension
    static final LegacySiteUpstream upstream = LegacySiteUpstream.started();

    static final Path keyStore;
    static final Path certificate;

    static {
        try {
            Path dir = Files.createTempDirectory("gatehouse-tls");
            keyStore = dir.resolve("gatehouse.p12");
            certificate = dir.resolve("gatehouse.pem");
            keytool(
                    "-genkeypair",
                    "-alias",
                    "gatehouse",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-validity",
                    "2",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-keystore",
                    keyStore.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    "changeit");
            keytool(
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "gatehouse",
                    "-file",
                    certificate.toString(),
                    "-keystore",
                    keyStore.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    "changeit");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void keytool(String... arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        upstream.registerUrl(registry);
        registry.add("server.ssl.key-store", () -> keyStore.toUri().toString());
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void setUp() {
        upstream.resetAll();
        LegacySiteStubs.formLogin(upstream);
    }

    HttpClient client(HttpClient.Version version) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry(
                    "gatehouse", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .sslContext(tls)
                .version(version)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Test
    void requestWhenHttp2OverTlsThenServedAsHttp2AndForwardedOnce() throws Exception {
        HttpResponse<String> response = client(HttpClient.Version.HTTP_2)
                .send(
                        HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/public/page"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(200);
        upstream.verify(1, getRequestedFor(urlEqualTo("/public/page")));
    }

    @Test
    void loginWhenOverTlsThenHostPrefixedSecureSessionCookieAndPlainNameIgnored() throws Exception {
        HttpClient client = client(HttpClient.Version.HTTP_1_1);
        HttpResponse<String> login = client.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "text/html")
                        .POST(HttpRequest.BodyPublishers.ofString("email=alice%40example.org&password=right"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(login.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(login.statusCode()).isEqualTo(303);
        String cookie = login.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("__Host-gatehouse_session="))
                .findFirst()
                .orElseThrow();
        assertThat(cookie)
                .contains("; Path=/")
                .contains("; Secure")
                .containsIgnoringCase("; HttpOnly")
                .contains("SameSite=Lax")
                .doesNotContainIgnoringCase("Domain=");
        assertThat(login.headers().allValues("Set-Cookie")).noneMatch(value -> value.startsWith("gatehouse_session="));
        String id = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));

        HttpResponse<String> withHostCookie = client.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/_gatehouse/enroll"))
                        .header("Cookie", "__Host-gatehouse_session=" + id)
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> withPlainCookie = client.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/_gatehouse/enroll"))
                        .header("Cookie", "gatehouse_session=" + id)
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(withHostCookie.statusCode()).isEqualTo(200);
        assertThat(withPlainCookie.statusCode())
                .as("a plain-named cookie (plantable over HTTP) is not read over TLS")
                .isEqualTo(303);
    }

    @Test
    void requestWhenOverTlsThenGatehouseSessionCookieNeverReachesTheUpstream() throws Exception {
        HttpResponse<String> response = client(HttpClient.Version.HTTP_1_1)
                .send(
                        HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/public/page"))
                                .header("Cookie", "__Host-gatehouse_session=secret-session-id; theme=dark")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        upstream.verify(
                1,
                getRequestedFor(urlEqualTo("/public/page"))
                        .withHeader("Cookie", com.github.tomakehurst.wiremock.client.WireMock.equalTo("theme=dark")));
    }
}
