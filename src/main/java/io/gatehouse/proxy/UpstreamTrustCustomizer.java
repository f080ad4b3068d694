package io.gatehouse.proxy;

import io.gatehouse.config.CertificateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.tcp.SslProvider;

/**
 * Verifies an {@code https} upstream against the certificates in {@code gatehouse.upstream.trusted-certificates}
 * (and only those) instead of the JVM's trust store. Host names are still checked. Spring Cloud Gateway applies
 * customizers after its own TLS settings, so this one decides. The identity probe's client uses the same trust.
 */
public final class UpstreamTrustCustomizer implements HttpClientCustomizer {

    private final X509Certificate[] trusted;

    UpstreamTrustCustomizer(List<X509Certificate> trusted) {
        this.trusted = trusted.toArray(X509Certificate[]::new);
    }

    /**
     * The trust for {@code gatehouse.upstream.trusted-certificates}: none to add (the JVM's trust store) when
     * {@code files} is empty.
     */
    public static HttpClientCustomizer forCertificates(List<Path> files) {
        if (files.isEmpty()) {
            return client -> client;
        }
        try {
            return new UpstreamTrustCustomizer(CertificateFiles.readAll(files));
        } catch (IOException | CertificateException e) {
            // Validated at start; a file that changed since is a start-up failure, never a silent fallback.
            throw new IllegalStateException("cannot read gatehouse.upstream.trusted-certificates " + files, e);
        }
    }

    @Override
    public HttpClient customize(HttpClient client) {
        boolean http2 = Arrays.asList(client.configuration().protocols()).contains(HttpProtocol.H2);
        SslProvider.ProtocolSslContextSpec spec = http2
                ? Http2SslContextSpec.forClient().configure(builder -> builder.trustManager(trusted))
                : Http11SslContextSpec.forClient().configure(builder -> builder.trustManager(trusted));
        return client.secure(ssl -> ssl.sslContext(spec));
    }
}
